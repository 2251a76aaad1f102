"""Benchmark of the calendar feeds (issue 9) on the 274k dataset (bench/dataset.py), in process.

    .venv/bin/python bench/feeds.py [--size 274k] [--database postgres] [--repeat 30] [--output docs/benchmarks-feeds.md]

Measures, through the app's own request handling (Flask's test client, no network, 'now' pinned
to 2027-06-01 so the window of 30 days back and 12 months ahead lies inside the dataset):

- a room feed rendered fresh: one room's five daily series over the window (~2,000 dates), with
  the cache of rendered feeds emptied before every request (target: at most 50 ms);
- the same feed answered 304 on If-None-Match: one statement decides it (target: at most 2 ms);
- the feed of an organisation with 100 series in the window, rendered fresh (target: at most 100 ms).
  The dataset's organisation with the most series gets weekly series added through the booking
  service (17:00-18:00 and 21:00-22:00, free in the dataset) until it has 100 in the window.

"Fresh" empties every cache of the feeds first (rendered bodies, each booking's rendered events, the
expanded series rules); "fresh body, kept events" empties only the bodies, as after a change to one
booking of the feed in a running server: the other bookings' events are kept by their data.
Every run starts and ends with bench/dataset.restore(), which deletes what a run added.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))
import dataset as ds  # noqa: E402

NOW = datetime(2027, 6, 1, 8, 0, tzinfo=UTC)
TARGETS = {"room feed, fresh": 50.0, "room feed, 304": 2.0, "organisation feed (100 series), fresh": 100.0}
SERIES_WANTED = 100


def make_app(uri: str):
    """The app on the benchmark database, production settings, 'now' pinned, no mail sender thread (the
    series added for the organisation feed would have it send their mail while the feeds are timed)."""
    import booking
    return booking.create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": "bench-feeds", "NOW": NOW,
                               "MAIL_BACKGROUND": False, "LOG_JSON": False}, config_name="production")


def series_in_window(session, org_id: int, start: datetime, end: datetime) -> int:
    from sqlalchemy import func, select
    from booking.models import Booking, Occurrence
    return session.scalar(select(func.count(func.distinct(Booking.id))).join(Occurrence)
                          .where(Booking.organisation_id == org_id, Occurrence.starts_at < end,
                                 Occurrence.ends_at > start))


def add_series(app, log) -> tuple[int, int]:
    """Weekly series for the organisation with the most series in the window, up to SERIES_WANTED; (org id, added)."""
    from sqlalchemy import select
    from booking.bookings.context import Context
    from booking.bookings.services import BookingRequest, create_booking
    from booking.domain.recurrence import Recurrence
    from booking.extensions import db
    from booking.feeds.reading import Settings, window
    from booking.models import Organisation, Role, Room, User

    start, end = window(Settings("", NOW, app.config["FEED_DAYS_BACK"], app.config["FEED_MONTHS_AHEAD"],
                                 app.config["DEFAULT_TIMEZONE"]), app.config["DEFAULT_TIMEZONE"])
    orgs = db.session.scalars(select(Organisation).order_by(Organisation.id)).all()
    org = max(orgs, key=lambda o: series_in_window(db.session, o.id, start, end))
    have = series_in_window(db.session, org.id, start, end)
    admin = db.session.scalars(select(User).where(User.role == Role.ADMIN)).first()
    rooms = db.session.scalars(select(Room).where(Room.active).order_by(Room.id)).all()
    added = 0
    slots = [(r, wd, h) for h in (17, 21) for wd in range(7) for r in rooms]
    first_monday = date(2027, 6, 7)
    for room, wd, hour in slots:
        if have + added >= SERIES_WANTED:
            break
        day = first_monday + timedelta(days=wd)
        req = BookingRequest(room_id=room.id, title=f"Wekelijks {added + 1}", organisation_id=org.id,
                             start=datetime(day.year, day.month, day.day, hour), end=datetime(day.year, day.month, day.day, hour + 1),
                             recurrence=Recurrence("weekly", until=date(2028, 5, 28)))
        create_booking(Context(session=db.session, actor=admin, now=NOW), req)
        added += 1
    log(f"organisation {org.name!r}: {have} series in the window, {added} weekly series added")
    return org.id, added


def timed(client, url: str, repeat: int, before=None, headers=None, status=200) -> tuple[list[float], list[float]]:
    """Milliseconds of `repeat` GETs of `url` (after `before()` each time, outside the timing): wall-clock
    time, and the CPU time of this process (the app's own work, without waiting for PostgreSQL or for
    the other processes of a busy machine)."""
    wall, cpu = [], []
    for _ in range(repeat):
        if before:
            before()
        t, c = time.perf_counter(), time.process_time()
        resp = client.get(url, headers=headers or {})
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        assert resp.status_code == status, (url, resp.status_code)
    return wall, cpu


def statements(app, client, url: str, headers=None) -> int:
    from sqlcount import counting
    with app.app_context(), counting() as seen:
        client.get(url, headers=headers or {})
    # Only the feed's reads: other threads on the engine (the outbox's delivery of the added bookings' mail) write.
    return len([s for s in seen.seen if s.startswith("SELECT")])


def run(args, log=print) -> list[dict]:
    from booking.extensions import db
    from booking.feeds.cache import feeds
    from booking.feeds.reading import forget_everything
    from booking.feeds.tokens import feed_token
    from booking.models import Role, User
    from sqlalchemy import select

    built = ds.ensure(args.database, args.size, postgres_url=args.postgres_url, log=log)
    ds.restore(built)
    app = make_app(built.uri)
    rows = []
    try:
        with app.app_context():
            org_id, _added = add_series(app, log)
            member = db.session.scalars(select(User).where(User.role == Role.MEMBER, User.organisation_id == org_id)
                                        .order_by(User.id)).first()
            room_id = built.room_ids[0]
            secret = app.config["SECRET_KEY"]
            room_url = f"/feeds/{member.id}/{feed_token(secret, member.id, 0, f'room:{room_id}')}/rooms/{room_id}.ics"
            org_url = f"/feeds/{member.id}/{feed_token(secret, member.id, 0, 'organisation')}/organisation.ics"
            db.session.remove()
        client = app.test_client()
        for url in (room_url, org_url):  # warm the connection pool and the rule expansions
            client.get(url)
        room = client.get(room_url)
        org = client.get(org_url)
        etag = room.headers["ETag"]

        cases = [
            ("room feed, fresh", room_url, forget_everything, None, 200, args.repeat, room),
            ("room feed, fresh body, kept events", room_url, feeds.clear, None, 200, args.repeat, room),
            ("room feed, 304", room_url, None, {"If-None-Match": etag}, 304, args.repeat * 10, room),
            ("organisation feed (100 series), fresh", org_url, forget_everything, None, 200, args.repeat, org),
            ("organisation feed (100 series), fresh body, kept events", org_url, feeds.clear, None, 200, args.repeat,
             org),
        ]
        for name, url, before, headers, status, n, sample in cases:
            ms, cpu = timed(client, url, n, before, headers, status)
            if before:
                before()
            count = statements(app, client, url, headers)
            body = sample.get_data()
            rows.append({"case": name, "n": n, "median": statistics.median(ms), "cpu": statistics.median(cpu),
                         "p95": sorted(ms)[int(len(ms) * 0.95) - 1], "target": TARGETS.get(name),
                         "statements": count, "events": body.count(b"BEGIN:VEVENT"), "kb": len(body) / 1024})
            log(f"{name:56} median {rows[-1]['median']:7.2f} ms  p95 {rows[-1]['p95']:7.2f} ms  "
                f"cpu {rows[-1]['cpu']:6.2f} ms  {count} statements")
    finally:
        with app.app_context():
            db.engine.dispose()
        ds.restore(built)
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| request | runs | median ms | p95 ms | app CPU ms (median) | target ms | met | statements | events | size kB |",
             "|---|---:|---:|---:|---:|---:|:-:|---:|---:|---:|"]
    for r in rows:
        met = "" if r["target"] is None else ("yes" if r["median"] <= r["target"] else "**no**")
        lines.append(f"| {r['case']} | {r['n']} | {r['median']:.2f} | {r['p95']:.2f} | {r['cpu']:.2f} | "
                     f"{'' if r['target'] is None else r['target']:} | {met} | {r['statements']} | {r['events']} | "
                     f"{r['kb']:.1f} |")
    return "\n".join(lines)


def machine() -> str:
    load = os.getloadavg()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return (f"commit {commit}{' (working tree has uncommitted changes of others)' if dirty else ''}, "
            f"Python {platform.python_version()}, {os.cpu_count()} cores, load {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} "
            f"(1/5/15 min), {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=tuple(ds.SPECS), default="274k")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="postgres")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--postgres-url", default=os.environ.get("BOOKING_BENCH_POSTGRES_URL", ds.LOCAL_POSTGRES))
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks-feeds.md"), help="'-' for none")
    args = parser.parse_args(argv)
    rows = run(args)
    text = table(rows)
    print(text)
    if args.output != "-":
        Path(args.output).write_text(
            "# Benchmark of the calendar feeds (issue 9)\n\n"
            f"`.venv/bin/python bench/feeds.py --size {args.size} --database {args.database} --repeat {args.repeat}`"
            f" on {machine()}.\n\n"
            f"{ds.SPECS[args.size].describe()} on {args.database}; in process (Flask's test client, no network), "
            f"'now' pinned to {NOW:%Y-%m-%d}. The room feed is one room's five daily series over the window "
            "(30 days back, 12 months ahead); the organisation feed is that of the dataset's organisation with the "
            "most series, topped up with weekly series to 100 in the window. 'Fresh' empties every cache of the feeds "
            "before each request (bodies, events, expanded rules); 'fresh body, kept events' only the bodies. "
            "Statements: the SELECTs of one request.\n\n" + text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
