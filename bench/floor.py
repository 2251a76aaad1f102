"""What GET /api/v1/day can cost at the least on this machine and stack, beside what the app takes (issue 8).

    .venv/bin/python bench/floor.py [--rounds 5] [--repeat 60]

On the 274k PostgreSQL dataset (bench/dataset.py), two servers run side by side, each
`gunicorn -w 2 -k gthread --threads 4` as bench/speed.py serves the app:

    the app             wsgi:app, as deployed
    the bare stack      bench/bare_day.py: bare Flask, psycopg and orjson writing the same JSON day in
                        three statements; no ORM, login manager, translations, limiter, headers or log

First the bare stack's answer is checked to be the app's, key for key, on 20 random days. Then, in
--rounds rounds taken in turns (so that both meet the machine in the same state), --repeat sequential
requests of each kind over one keep-alive connection from this process (bench/speed.py's client):

    gunicorn alone      a WSGI callable without Flask ('hello')
    Flask alone         the bare stack's GET / ('hello')
    app floor           the app's GET / (its start page: no database, no login)
    app without token   the app's GET /api/v1/day without a token: 401, no statement
    bare JSON day       the bare stack's GET /api/v1/day?date=D, random days, a member's token
    app JSON day        the app's GET /api/v1/day?date=D, the same days and token

And the day's dates statement alone, from this process on a psycopg connection (prepared, as the app's
driver runs it), for the same days: what PostgreSQL and the driver take before any Python of the app.
Medians in ms; the spread of the rounds shows how much the machine moved.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, time as clock, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
import dataset as ds  # noqa: E402  (puts tests/ and the root on sys.path)
import serverkit as kit  # noqa: E402
import speed  # noqa: E402

import bare_day  # noqa: E402

FIRST, LAST = date(2024, 1, 1), date(2028, 12, 31)


class BareServer(kit.Gunicorn):
    """bench/bare_day.py under gunicorn, with the app's flags; `target` 'bare_day:app' or 'bare_day:plain'."""

    def __init__(self, database_uri: str, target: str):
        super().__init__(database_uri, workers=2, threads=4)
        self.target = target

    def command(self) -> list[str]:
        command = super().command()
        return command[:-1] + ["--chdir", str(Path(__file__).resolve().parent), self.target]

    def environment(self) -> dict[str, str]:
        env = super().environment()
        env["BARE_DAY_DSN"] = ds_dsn(self.database_uri)
        return env


def ds_dsn(uri: str) -> str:
    """A plain libpq URL from the app's SQLAlchemy one."""
    return "postgresql://" + uri.split("://", 1)[1]


def days(n: int, seed: int) -> list[date]:
    rng = random.Random(seed)
    return [FIRST + timedelta(days=rng.randrange((LAST - FIRST).days + 1)) for _ in range(n)]


def timed(client: speed.Http, paths: list[str], token: str | None, expected: int) -> list[float]:
    """Each path once, in order; the times in ms. Fails on an unexpected status."""
    out = []
    for path in paths:
        answer = client.request("GET", path, token=token)
        if answer.status != expected:
            raise RuntimeError(f"GET {path} -> {answer.status}: {answer.text()[:200]}")
        out.append(answer.seconds * 1000)
    return out


def statement_ms(dsn: str, asked: list[date]) -> list[float]:
    """The dates statement of bare_day (the app's, with the JSON's columns) for each day, prepared, in ms."""
    import psycopg

    zone = ZoneInfo("Europe/Amsterdam")
    out = []
    with psycopg.connect(dsn, autocommit=True, prepare_threshold=0) as conn:
        building = conn.execute(bare_day.BUILDING).fetchone()[0]
        for i, d in enumerate([asked[0]] * 5 + asked):
            start = datetime.combine(d, clock(), zone).astimezone(UTC)
            end = datetime.combine(d + timedelta(days=1), clock(), zone).astimezone(UTC)
            started = time.perf_counter()
            conn.execute(bare_day.DATES, {"b": building, "start": start, "end": end,
                                          "earliest": start - timedelta(hours=48)}).fetchall()
            if i >= 5:
                out.append((time.perf_counter() - started) * 1000)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=60, help="requests of each kind per round (60)")
    parser.add_argument("--postgres-url", default=ds.LOCAL_POSTGRES)
    args = parser.parse_args(argv)
    built = ds.ensure("postgres", "274k", False, args.postgres_url)
    tokens = ds.prepare_run(built)
    member = next(t for email, t in tokens.items() if email.startswith("member"))
    print(f"load average {speed.load_average()}; reference loop {speed.python_loop_ms():.1f} ms")
    results: dict[str, list[float]] = {}
    rounds: dict[str, list[float]] = {}
    with kit.Gunicorn(built.uri, workers=2, threads=4) as app, BareServer(built.uri, "bare_day:app") as bare, \
            BareServer(built.uri, "bare_day:plain") as plain:
        clients = {name: speed.Http(s.base_url) for name, s in (("app", app), ("bare", bare), ("plain", plain))}
        for d in days(20, 1):  # the same work: the same answer
            path = f"/api/v1/day?date={d}"
            ours = json.loads(clients["app"].request("GET", path, token=member).text())
            theirs = json.loads(clients["bare"].request("GET", path, token=member).text())
            if ours != theirs:
                raise SystemExit(f"bare_day answers {path} otherwise than the app: not the same work")
        print("the bare stack answers 20 random days as the app does")
        for r in range(args.rounds):
            asked = [f"/api/v1/day?date={d}" for d in days(args.repeat, 100 + r)]
            hello = ["/"] * args.repeat
            kinds = (("gunicorn alone", "plain", hello, None, 200), ("Flask alone", "bare", hello, None, 200),
                     ("app floor (GET /)", "app", hello, None, 200),
                     ("app without token (401)", "app", asked, None, 401),
                     ("bare JSON day", "bare", asked, member, 200), ("app JSON day", "app", asked, member, 200))
            for name, server, paths, token, expected in kinds:
                timed(clients[server], paths[:3], token, expected)  # warm: this round's connection and days
                ms = timed(clients[server], paths, token, expected)
                results.setdefault(name, []).extend(ms)
                rounds.setdefault(name, []).append(statistics.median(ms))
            ms = statement_ms(ds_dsn(built.uri), days(args.repeat, 100 + r))
            results.setdefault("dates statement alone", []).extend(ms)
            rounds.setdefault("dates statement alone", []).append(statistics.median(ms))
        for c in clients.values():
            c.close()
    print("\n| what | median ms | per round | n |\n|---|---|---|---|")
    for name, ms in results.items():
        print(f"| {name} | {statistics.median(ms):.2f} | {' '.join(f'{m:.2f}' for m in rounds[name])} | {len(ms)} |")
    print(f"\nload average {speed.load_average()}; reference loop {speed.python_loop_ms():.1f} ms")
    ds.restore(built)
    return 0


if __name__ == "__main__":
    sys.exit(main())
