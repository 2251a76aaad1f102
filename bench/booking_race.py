"""How the booking API holds up under simultaneous requests and a mixed load, served by gunicorn (issue 11).

    .venv/bin/python bench/booking_race.py --requests 50 --workers 4 --database sqlite
    .venv/bin/python bench/booking_race.py --database postgres   # BOOKING_TEST_POSTGRES_URL or local
    .venv/bin/python bench/booking_race.py --database postgres --servers 2 --mixed-seconds 60

Rounds on a fresh, seeded database; the script exits 1 when any promise below is broken:
  1. N bookings of N distinct free slots, released together: all 201; wall time, throughput, p50/p95;
  2. N bookings of one and the same slot, released together (with --servers 2, half of them to each of
     two gunicorn servers on the same database): exactly one 201, the rest 409, no 5xx;
  3. (--mixed-seconds S) a mixed load from several processes for S seconds: book, cancel one's own,
     read a room's day, its availability and the building's day; then no 5xx or unanswered request,
     no overlapping holds or active dates (SQL), every booking that got a 201 and was not cancelled
     is confirmed in the database and in its room's iCal feed, every cancelled one is out of it;
  4. five failed logins for one account on the first server, the sixth on the last: 429 there too
     (the throttle's count is the database's, shared by every worker and server).
The servers are started exactly as tests/test_concurrency.py starts them (tests/serverkit.py).
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import re
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from contextlib import ExitStack
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import serverkit as kit  # noqa: E402
import dataset as ds  # noqa: E402  (bench/dataset.py: the overlap check by SQL)

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


# --- round 4: one login throttle for every server -------------------------------------------

def failed_login(base: str, email: str) -> int:
    """One wrong password through the login form (its CSRF token and session cookie); the status."""
    import speed  # bench/speed.py: an HTTP client that keeps the session cookie as a browser does

    client = speed.Http(base)
    try:
        page = client.request("GET", "/login")
        answer = client.request("POST", "/login", form={"email": email, "password": "not the password",
                                                         "csrf_token": speed.csrf_token(page.text())})
        return answer.status
    finally:
        client.close()


def throttle_round(bases: list[str], email: str) -> bool:
    """Five failed logins for one account on the first server, the sixth on the last: 429 there too."""
    first = [failed_login(bases[0], email) for _ in range(5)]
    sixth = failed_login(bases[-1], email)
    print(f"round 4: failed logins for one account: 5 on port {bases[0].rsplit(':', 1)[1]} -> {first}, "
          f"the 6th on port {bases[-1].rsplit(':', 1)[1]} -> {sixth}")
    return first == [200] * 5 and sixth == 429


# --- round 3: the mixed load ------------------------------------------------------------------

MIXED_SLOTS = [("09:00", "10:00"), ("10:00", "11:30"), ("11:00", "12:00"), ("13:00", "14:00"), ("14:30", "16:00"),
               ("19:00", "20:30")]
MIXED_WEIGHTS = [("book", 4), ("cancel", 1), ("room-day", 2), ("availability", 2), ("day", 1)]


def mixed_days() -> list[date]:
    """Two weeks starting next Monday: inside every feed's window (30 days back, 12 months ahead)."""
    today = date.today()
    monday = today + timedelta(days=7 - today.weekday())
    return [monday + timedelta(days=i) for i in range(14)]


def mixed_client(n: int, bases: list[str], token: str, rooms: list[int], seconds: float, start_at: float):
    """One client process: requests of random kinds until the time is up; (replies, kept, cancelled)."""
    rng = random.Random(2000 + n)
    kinds = [k for k, w in MIXED_WEIGHTS for _ in range(w)]
    days = mixed_days()
    kept: dict[int, int] = {}      # booking id -> room id, booked and not cancelled
    cancelled: dict[int, int] = {}
    replies: list[tuple[str, int | None]] = []
    time.sleep(max(0.0, start_at - time.time()))
    end = start_at + seconds
    while time.time() < end:
        base = bases[rng.randrange(len(bases))]
        kind = rng.choice(kinds)
        if kind == "cancel" and not kept:
            kind = "book"
        room, day = rng.choice(rooms), rng.choice(days)
        if kind == "book":
            s, e = rng.choice(MIXED_SLOTS)
            r = kit.call("POST", f"{base}/api/v1/bookings", token, {"room_id": room, "title": f"Load {n}",
                                                                   "start": f"{day}T{s}", "end": f"{day}T{e}"})
            if r.status == 201:
                kept[r.json()["id"]] = room
        elif kind == "cancel":
            booking_id = rng.choice(sorted(kept))
            r = kit.call("DELETE", f"{base}/api/v1/bookings/{booking_id}", token)
            if r.status == 200:
                cancelled[booking_id] = kept.pop(booking_id)
        elif kind == "day":
            r = kit.call("GET", f"{base}/api/v1/day?date={day}", token)
        else:
            window = f"start={day}T00:00&end={day + timedelta(days=1)}T00:00"
            path = (f"/api/v1/bookings?room_id={room}&{window}" if kind == "room-day"
                    else f"/api/v1/rooms/{room}/availability?{window}")
            r = kit.call("GET", base + path, token)
        replies.append((kind, r.status, r.seconds))
    return replies, kept, cancelled


def feed_uids(url: str) -> set[str]:
    """The UIDs of the events of an iCal feed."""
    with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(url, timeout=60) as resp:
        text = resp.read().decode()
    return set(re.findall(r"^UID:(.+?)\r?$", text.replace("\r\n ", ""), flags=re.M))


def mixed_round(uri: str, bases: list[str], seed: kit.Seed, rooms: list[int], seconds: float,
                processes: int) -> bool:
    """The mixed load from `processes` processes, then its checks; whether every promise held."""
    from booking.feeds.data import uid

    start_at = time.time() + 1.0
    jobs = [(n, bases, seed.tokens[n], rooms, seconds, start_at) for n in range(processes)]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        results = pool.starmap(mixed_client, jobs)
    wall = time.time() - start_at
    replies = [r for rs, _, _ in results for r in rs]
    kept = {b: room for _, k, _ in results for b, room in k.items()}
    cancelled = {b: room for _, _, c in results for b, room in c.items()}
    statuses = Counter(status for _, status, _ in replies)
    failed = sum(v for k, v in statuses.items() if k is None or k >= 500)
    print(f"round 3: mixed load, {processes} client processes on {len(rooms)} rooms for {seconds:.0f} s"
          f" on {len(bases)} server(s)")
    print(f"  requests      {len(replies)} ({len(replies) / wall:.1f} req/s)")
    for kind, _ in MIXED_WEIGHTS:
        ms = [s * 1000 for k, _, s in replies if k == kind]
        if ms:
            print(f"  {kind:13s} n={len(ms):5d}  p50 {percentile(ms, 50):6.0f} ms  p95 {percentile(ms, 95):6.0f} ms")
    print(f"  answers       {dict(sorted(statuses.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)))}")
    print(f"  5xx / none    {failed}")
    engine = kit.engine_for(uri)
    try:
        with engine.connect() as conn:
            found = ds.overlaps(conn, None)
            rows = dict(conn.execute(text("SELECT id, status FROM booking")).all())
    finally:
        engine.dispose()
    print(f"  overlapping   {found['holds']} holds, {found['active dates']} active dates")
    missing = [b for b in kept if rows.get(b) != "confirmed"]
    revived = [b for b in cancelled if rows.get(b) != "cancelled"]
    print(f"  bookings kept {len(kept)}, of which not confirmed in the database: {len(missing)}")
    print(f"  cancelled     {len(cancelled)}, of which not cancelled in the database: {len(revived)}")
    feeds = kit.call("GET", bases[0] + "/api/v1/feeds", seed.tokens[0]).json().get("rooms", {})
    shown: dict[int, set[str]] = {room: feed_uids(feeds[str(room)]) for room in rooms}
    absent = [b for b, room in kept.items() if uid(b) not in shown[room]]
    present = [b for b, room in cancelled.items() if uid(b) in shown[room]]
    print(f"  room feeds    kept bookings missing: {len(absent)}; cancelled ones still shown: {len(present)}")
    return (failed == 0 and found == {"holds": 0, "active dates": 0} and not missing and not revived
            and not absent and not present and len(kept) > 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=50, help="simultaneous requests per round (50)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (4)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (4)")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--servers", type=int, choices=(1, 2), default=1,
                        help="gunicorn servers on the one database (2: the same-slot race and the mixed load "
                             "are sent to both)")
    parser.add_argument("--mixed-seconds", type=float, default=0, help="length of the mixed load (0: none)")
    parser.add_argument("--processes", type=int, default=4, help="client processes of the mixed load (4)")
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
        seed = kit.seed(uri, max(n, args.processes), touch_tokens=True)
        servers = [stack.enter_context(kit.Gunicorn(uri, workers=args.workers, threads=args.threads))
                   for _ in range(args.servers)]
        server = servers[0]
        url = server.base_url + "/api/v1/bookings"
        room = seed.rooms[kit.ROOM]
        for one in servers:
            print(f"database {args.database}; gunicorn -w {args.workers} -k gthread --threads {args.threads} "
                  f"on port {one.port}; started in {sum(one.start_seconds):.1f} s ({one.warmed} workers warm)")

        slots = kit.distinct_slots(n)
        free = kit.fire_together(url, [(kit.slot_payload(room, f"Bench {i}", s, e), seed.tokens[i])
                                       for i, (s, e) in enumerate(slots)])
        report(f"round 1: {n} bookings of distinct free slots", free)

        same = kit.fire_together_to([one.base_url + "/api/v1/bookings" for one in servers],
                                    [(kit.slot_payload(room, f"Race {i}", *ONE_SLOT), seed.tokens[i])
                                     for i in range(n)])
        report(f"round 2: {n} bookings of one slot" + (f", split over {len(servers)} servers" if len(servers) > 1
                                                       else ""), same)
        held = kit.active_occurrences(uri, [room], *ONE_SLOT)
        print(f"  in database   {len(held)} active occurrence(s) for the slot")
        print(f"workers that served bookings: {len(server.served_by('POST', '/api/v1/bookings'))}")

        ok = (free.counts()[201] == n and same.counts()[201] == 1 and same.counts()[409] == n - 1
              and len(held) == 1)
        if args.mixed_seconds > 0:
            rooms = [seed.rooms[name] for name in (kit.ROOM, kit.HALL, kit.HALL_A, kit.HALL_B)]
            ok = mixed_round(uri, [one.base_url for one in servers], seed, rooms, args.mixed_seconds,
                             args.processes) and ok
        ok = throttle_round([one.base_url for one in servers], "member0@example.org") and ok
        print("all promises held" if ok else "A PROMISE WAS BROKEN")
        if not ok:
            print("UNEXPECTED: see the counts above; gunicorn log tail:")
            print(server.log()[-4000:])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
