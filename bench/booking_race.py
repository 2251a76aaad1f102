"""How the booking API holds up under simultaneous requests, served by gunicorn.

    .venv/bin/python bench/booking_race.py --requests 50 --workers 4 --database sqlite
    .venv/bin/python bench/booking_race.py --database postgres   # BOOKING_TEST_POSTGRES_URL or local

Two rounds on a fresh, seeded database, each of N requests released together:
  1. N bookings of N distinct free slots: wall time, throughput, p50/p95 latency;
  2. N bookings of one and the same slot: winners (must be 1), 409s, 5xx.
The server is started exactly as tests/test_concurrency.py starts it (tests/serverkit.py).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import serverkit as kit  # noqa: E402

LOCAL_POSTGRES = "postgresql://postgres@127.0.0.1/postgres"
ONE_SLOT = ("2027-06-01T10:00", "2027-06-01T11:00")


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def report(name: str, volley: kit.Volley) -> None:
    counts = volley.counts()
    fivexx = sum(v for k, v in counts.items() if k is None or k >= 500)
    ms = [r.seconds * 1000 for r in volley.replies]
    print(f"{name}")
    print(f"  requests      {len(volley.replies)}")
    print(f"  wall time     {volley.wall:.3f} s")
    rate = len(volley.replies) / volley.wall if volley.wall else float("nan")
    print(f"  throughput    {rate:.1f} req/s")
    print(f"  latency p50   {percentile(ms, 50):.0f} ms")
    print(f"  latency p95   {percentile(ms, 95):.0f} ms")
    print(f"  latency max   {max(ms):.0f} ms")
    print(f"  201 created   {counts[201]}")
    print(f"  409 conflict  {counts[409]}")
    print(f"  5xx / none    {fivexx}")
    other = {k: v for k, v in counts.items() if k not in (201, 409) and not (k is None or k >= 500)}
    if other:
        print(f"  other         {other}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=50, help="simultaneous requests per round (50)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (4)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (4)")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--postgres-url",
                        default=os.environ.get("BOOKING_TEST_POSTGRES_URL", LOCAL_POSTGRES),
                        help="server URL; a throw-away database is made next to it")
    args = parser.parse_args(argv)
    n = args.requests
    if n < 2:
        parser.error("--requests must be at least 2")

    with ExitStack() as stack:
        if args.database == "sqlite":
            tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="booking-race-"))
            uri = kit.sqlite_database(Path(tmp) / "race.sqlite3")
        else:
            uri = stack.enter_context(kit.postgres_database(args.postgres_url))
        seed = kit.seed(uri, n, touch_tokens=True)
        server = stack.enter_context(kit.Gunicorn(uri, workers=args.workers, threads=args.threads))
        url = server.base_url + "/api/v1/bookings"
        room = seed.rooms[kit.ROOM]
        print(f"database {args.database}; gunicorn -w {args.workers} -k gthread --threads {args.threads}; "
              f"started in {sum(server.start_seconds):.1f} s ({server.warmed} workers warm)")

        slots = kit.distinct_slots(n)
        free = kit.fire_together(url, [(kit.slot_payload(room, f"Bench {i}", s, e), seed.tokens[i])
                                       for i, (s, e) in enumerate(slots)])
        report(f"round 1: {n} bookings of distinct free slots", free)

        same = kit.fire_together(url, [(kit.slot_payload(room, f"Race {i}", *ONE_SLOT), seed.tokens[i])
                                       for i in range(n)])
        report(f"round 2: {n} bookings of one slot", same)
        held = kit.active_occurrences(uri, [room], *ONE_SLOT)
        print(f"  in database   {len(held)} active occurrence(s) for the slot")
        print(f"workers that served bookings: {len(server.served_by('POST', '/api/v1/bookings'))}")

        ok = (free.counts()[201] == n and same.counts()[201] == 1 and same.counts()[409] == n - 1
              and len(held) == 1)
        if not ok:
            print("UNEXPECTED: see the counts above; gunicorn log tail:")
            print(server.log()[-4000:])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
