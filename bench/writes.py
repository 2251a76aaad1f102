"""The booking writes inside the app (issue 7): median time and SQL statements of POST /api/v1/bookings.

    BOOKING_BENCH_PREFIX=me .venv/bin/python bench/writes.py [--sizes 274k] [--databases postgres]
                                                           [--kinds single,series52] [--repeat 200]
                                                           [--statements] [--profile N]

The same in-app measurement as bench/speed.py (Flask's test client in this process on the built dataset,
bench/dataset.py; every row a request adds deleted again, untimed), for the write kinds alone and with more
samples, so a change to the write path can be compared before and after in a minute instead of a full run.
--statements prints the SQL of the last request of each kind; --profile N prints the N costliest functions
(cProfile, cumulative) over the timed requests.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import dataset as ds  # noqa: E402
import speed  # noqa: E402
from sqlalchemy import event  # noqa: E402


class CpuClock:
    """The CPU time this process spends per request (Python's share, without the database server's):
    steadier than the wall clock when other processes share the CPU."""

    def __init__(self, inapp):
        self.inapp, self.real, self.times = inapp, inapp.send, []
        inapp.send = self.send

    def send(self, kind: str):
        started = time.process_time()
        try:
            return self.real(kind)
        finally:
            self.times.append(time.process_time() - started)

    def close(self) -> None:
        self.inapp.send = self.real

    def median(self) -> float:
        return statistics.median(self.times) * 1000 if self.times else 0.0


class StatementClock:
    """The time of every statement (by its first words) and every COMMIT the engine sends."""

    def __init__(self, engine):
        self.engine, self.times, self.started = engine, {}, 0.0
        event.listen(engine, "before_cursor_execute", self.before)
        event.listen(engine, "after_cursor_execute", self.after)
        event.listen(engine, "commit", self.commit)

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self.before)
        event.remove(self.engine, "after_cursor_execute", self.after)
        event.remove(self.engine, "commit", self.commit)

    def before(self, *_args) -> None:
        self.started = time.perf_counter()

    def after(self, _conn, _cursor, statement, *_args) -> None:
        self.times.setdefault(" ".join(statement.split())[:60], []).append(time.perf_counter() - self.started)

    def commit(self, conn) -> None:
        raw = conn.connection.dbapi_connection
        started = time.perf_counter()
        raw.commit()  # the COMMIT itself, timed; SQLAlchemy's own commit then finds nothing to do
        self.times.setdefault("COMMIT", []).append(time.perf_counter() - started)

    def report(self) -> None:
        """Print and forget the medians."""
        for name, ts in self.times.items():
            print(f"    {statistics.median(ts) * 1000:7.3f} ms  x{len(ts):<5d} {name}")
        self.times = {}


def main(argv: list[str] | None = None) -> int:
    """Measure the write kinds in-app on each database and size asked for."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="274k", help="comma-separated: 10k, 274k, 1m")
    parser.add_argument("--databases", default="postgres", help="comma-separated: sqlite, postgres")
    parser.add_argument("--kinds", default="single,series52", help="comma-separated kinds of bench/speed.py")
    parser.add_argument("--repeat", type=int, default=200, help="timed requests per kind (200)")
    parser.add_argument("--time-box", type=float, default=60.0, help="seconds per kind at most (60)")
    parser.add_argument("--statements", action="store_true", help="print the SQL of the last request of each kind")
    parser.add_argument("--timings", action="store_true",
                        help="print each statement's median time (driver call to result, ms) and the COMMIT's")
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest functions (cProfile)")
    parser.add_argument("--postgres-url", default=os.environ.get("BOOKING_BENCH_POSTGRES_URL", ds.LOCAL_POSTGRES))
    args = parser.parse_args(argv)
    print(f"load average {speed.load_average()}")
    for database in args.databases.split(","):
        for size in args.sizes.split(","):
            built = ds.ensure(database, size, False, args.postgres_url)
            tokens = ds.prepare_run(built)
            asker = speed.Asker(built, tokens)
            inapp = speed.InApp(built, asker)
            clock = StatementClock(inapp.engine) if args.timings else None
            try:
                for kind in args.kinds.split(","):
                    profiler = cProfile.Profile() if args.profile else None
                    if profiler:
                        profiler.enable()
                    cpu = CpuClock(inapp)
                    timing = inapp.measure(kind, args.repeat, args.time_box)
                    cpu.close()
                    if profiler:
                        profiler.disable()
                    print(f"[{database} {size}] {kind:9s} median {speed.fmt(timing.median)} ms  "
                          f"p95 {speed.fmt(timing.p95)} ms  n={timing.n}  SQL {speed.stmts(timing.statements)}  "
                          f"CPU of this process {cpu.median():.1f} ms"
                          + (f"  ERRORS {timing.errors}: {timing.first_error}" if timing.errors else ""))
                    if clock:
                        clock.report()
                    if args.statements:
                        for sql in inapp.last.get(kind, []):
                            print("    " + " ".join(sql.split())[:int(os.environ.get("WRITES_WIDTH", 220))])
                    if profiler:
                        out = io.StringIO()
                        pstats.Stats(profiler, stream=out).sort_stats(os.environ.get("WRITES_SORT", "cumulative")).print_stats(args.profile)
                        print(out.getvalue())
            finally:
                if clock:
                    clock.close()
                inapp.close()
                asker.close()
                ds.restore(built)
    print(f"load average {speed.load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
