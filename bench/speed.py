"""Speed at real size (issue 7): the app under gunicorn on the issue's dataset, at three sizes, on SQLite and PostgreSQL.

    .venv/bin/python bench/speed.py [--sizes 10k,274k,1m] [--databases sqlite,postgres] [--repeat N]
    .venv/bin/python bench/speed.py --sizes 10k --databases sqlite --repeat 20     # smoke run, under a minute

For each database and size it builds the dataset (bench/dataset.py: bulk SQL, no HTTP) or reuses
the one built before, serves the app with `gunicorn -w 2 -k gthread --threads 4` (started as
the tests start it, tests/serverkit.py) and times N sequential requests of each kind, after a
warm-up, over one keep-alive connection from this process (127.0.0.1 only):

    series52      POST /api/v1/bookings, a weekly series of 52 dates, 21:00-22:00 (free in the
                  dataset), a member's token; another room and weekday each time; the series is
                  deleted again after each request (untimed) so the data stays as built
    single        POST /api/v1/bookings, one date 21:00-22:00, deleted likewise
    room-day      GET /api/v1/bookings?room_id&start&end, one room, one day (5 dates)
    availability  GET /api/v1/rooms/ID/availability?start&end, one day
    booking       GET /api/v1/bookings/ID, one of the dataset's longest daily series
    rooms         GET /api/v1/rooms
    page          GET /bookings/ as the admin, logged in through the login form (CSRF token and
                  session cookie as a browser sends them)
    day-page      GET /frontdesk/day?date=D as the admin: the front desk's day of the whole building,
                  one day of the dataset (every room, 150 dates at 274k)
    day-page-again  the same, always the same day (the front desk's screen reloaded while nothing
                  changes): the read cache's case (booking/readcache.py); day-page asks a random day
    week-page     GET /rooms/ID/week?date=D as the admin: one room's week (35 dates), a random room
                  and day (issue 8)
    org-week      GET /organisations/ID/week?date=D as the admin: one organisation's week across
                  every room (about 175 dates at 274k), a random organisation and day (issue 8)
    day-json      GET /api/v1/day?date=D, a member's token: the same day as JSON
    day-json-again  the same, always the same day (a lobby screen asking every minute while nothing
                  changes): the read cache's case (booking/readcache.py); day-json asks a random day each
                  time, which the cache has rarely seen
    floor         GET / (the start page: no database, no login): the cost of HTTP, gunicorn and
                  Flask alone, measured on the same server

Each measurement stops after N requests or after --time-box seconds (at least 5 requests), so a
page that takes seconds at 1M still finishes. Medians and p95 (nearest rank) are in ms.

The same kinds once more inside the app (Flask's test client in this process, same database, no
HTTP): the SQL statements each request sends and the time inside the app.

Memory, on the largest size: a fresh `-w 2` server, 1,000 mixed requests from 4 clients, then
VmRSS (and the peak, VmHWM) of each worker from /proc/PID/status.

Mixed load (on 274k, or the largest size measured): `gunicorn -w 4 -k gthread --threads 4`,
8 client threads on 6 rooms for --mixed-seconds (30): book a free-looking slot (409 when another
client or the dataset has it), read a room's day, availability, cancel one of one's own bookings.
A new connection per request. Prints requests/s, median and p95 per kind, errors (5xx and no
answer), 409s, and then the overlapping holds and active dates in those rooms (must be 0).

Everything is printed as tables and written to docs/benchmarks.md (--output) with the machine,
the versions, the exact command and the issue's targets beside the figures. Every row the run
added is deleted afterwards: the datasets stay as built, for the next run.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import shlex
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import Callable
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import dataset as ds  # noqa: E402  (puts tests/ and the root on sys.path)

kit = ds.kit
from sqlalchemy import create_engine, event, text  # noqa: E402

KINDS = ("series52", "single", "room-day", "availability", "booking", "rooms", "page", "day-page",
         "day-page-again", "week-page", "org-week", "day-json", "day-json-again", "floor")
LABELS = {
    "series52": "52-week series (POST)",
    "single": "single booking (POST)",
    "room-day": "room-day list",
    "availability": "availability, one day",
    "booking": "GET booking (one series)",
    "rooms": "GET rooms",
    "page": "bookings page /bookings/ (admin)",
    "day-page": "front desk's day /frontdesk/day (admin)",
    "day-page-again": "front desk's day, the same day again",
    "week-page": "a room's week /rooms/ID/week (admin)",
    "org-week": "an organisation's week /organisations/ID/week (admin)",
    "day-json": "GET /api/v1/day (one day, every room)",
    "day-json-again": "GET /api/v1/day, the same day again",
    "floor": "floor: GET / (start page)",
}
API_READS = ("room-day", "availability", "booking", "rooms", "day-json")
FIRST_MONDAY = date(2027, 1, 4)
MIXED_ROOMS = 6
MIXED_CLIENTS = 8
# Free in the dataset (its dates are 08:00, 10:00, 13:00, 15:00 and 19:00 for 90 minutes) but
# overlapping each other, so clients collide; 10:00-11:00 always meets a dataset date.
MIXED_SLOTS = (("07:00", "08:00"), ("09:30", "10:00"), ("11:30", "12:30"), ("12:00", "13:00"),
               ("14:30", "15:00"), ("16:30", "17:30"), ("17:00", "18:00"), ("18:00", "19:00"),
               ("20:30", "21:30"), ("21:00", "22:00"), ("21:30", "23:00"), ("10:00", "11:00"))
TARGETS_NOTE = "judged on the median unless a p95 is named"


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


# --- HTTP ------------------------------------------------------------------------------------

@dataclass
class Answer:
    status: int | None
    body: bytes
    seconds: float
    headers: dict[str, str] = field(default_factory=dict)
    error: str = ""

    def json(self) -> dict:
        try:
            data = json.loads(self.body)
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    def text(self) -> str:
        return self.body.decode(errors="replace")


class Http:
    """Requests to the server on one keep-alive connection (or a new one per request), with the
    session cookie kept as a browser keeps it."""

    def __init__(self, base_url: str, keep_alive: bool = True, timeout: float = 120):
        u = urlsplit(base_url)
        self.host, self.port = u.hostname, u.port
        self.keep_alive, self.timeout = keep_alive, timeout
        self.conn: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method: str, path: str, payload: dict | None = None, token: str | None = None,
                form: dict | None = None) -> Answer:
        headers = {"Accept": "application/json" if path.startswith("/api/") else "text/html"}
        body = None
        if payload is not None:
            body, headers["Content-Type"] = json.dumps(payload).encode(), "application/json"
        elif form is not None:
            body, headers["Content-Type"] = urlencode(form).encode(), "application/x-www-form-urlencoded"
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if not self.keep_alive:
            headers["Connection"] = "close"
        for attempt in (1, 2):
            reused = self.conn is not None
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            started = time.perf_counter()
            try:
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                raw = resp.read()
            except (http.client.HTTPException, OSError) as exc:
                self.close()
                if reused and attempt == 1:  # the server closed an idle keep-alive connection: once more
                    continue
                return Answer(None, b"", time.perf_counter() - started, error=repr(exc))
            seconds = time.perf_counter() - started
            for cookie in resp.headers.get_all("Set-Cookie") or []:
                name, _, rest = cookie.partition("=")
                value = rest.split(";", 1)[0]
                if value and "max-age=0" not in cookie.lower():
                    self.cookies[name] = value
                else:
                    self.cookies.pop(name, None)
            if not self.keep_alive or resp.will_close:
                self.close()
            return Answer(resp.status, raw, seconds, dict(resp.headers.items()))
        raise AssertionError("unreachable")


CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*>')


def csrf_token(html: str) -> str:
    tag = CSRF.search(html)
    value = re.search(r'value="([^"]*)"', tag.group(0)) if tag else None
    if not value:
        raise RuntimeError("no csrf_token on the login page")
    return value.group(1)


def log_in(client: Http, email: str, password: str) -> None:
    """Log in through the login form as a browser does: its CSRF token and session cookie."""
    page = client.request("GET", "/login")
    answer = client.request("POST", "/login", form={"email": email, "password": password,
                                                     "csrf_token": csrf_token(page.text())})
    if answer.status != 302 or "/login" in answer.headers.get("Location", ""):
        raise RuntimeError(f"logging in as {email} failed: {answer.status} {answer.text()[:300]}")


# --- what to ask ----------------------------------------------------------------------------

def first_monday() -> date:
    """The first Monday of the series: 2027-01-04, or the next Monday after today once that has passed."""
    today = date.today()
    nxt = today + timedelta(days=7 - today.weekday())
    return max(FIRST_MONDAY, nxt)


class Asker:
    """The requests of each kind, varied by room and day, with the run's tokens and the cleanup."""

    def __init__(self, built: ds.Built, tokens: dict[str, str], seed: int = 7):
        self.built = built
        self.rng = random.Random(seed)
        self.members = [tokens[e] for e in built.users["member"]]
        self.admin = built.users["admin"][0]
        self.monday = first_monday()
        spec = built.spec
        self.read_days = (spec.first, spec.last)
        self.i = 0
        self.engine = kit.engine_for(built.uri)
        self.long_series = built.booking_ids[: max(1, len(built.booking_ids) // 4)]
        with self.engine.connect() as conn:
            self.org_ids = list(conn.execute(text("SELECT id FROM organisation ORDER BY id")).scalars())

    def close(self) -> None:
        self.engine.dispose()

    def token(self) -> str:
        self.i += 1
        return self.members[self.i % len(self.members)]

    def room(self) -> int:
        return self.rng.choice(self.built.room_ids)

    def day(self) -> date:
        a, b = self.read_days
        return a + timedelta(days=self.rng.randrange((b - a).days + 1))

    def cleanup(self) -> None:
        """Delete what a write added (untimed): rows above the dataset's ids."""
        with self.engine.begin() as conn:
            for table in ds.WRITTEN_BY_BOOKING:
                conn.execute(text(f"DELETE FROM {table} WHERE id > :m"), {"m": self.built.marks.get(table, 0)})

    def make(self, kind: str) -> tuple[str, str, dict | None, str | None, int]:
        """(method, path, JSON body, token, expected status) of one request of `kind`."""
        if kind == "series52":
            n = self.i
            start = datetime.combine(self.monday + timedelta(days=n % 7), datetime.min.time()).replace(hour=21)
            room = self.built.room_ids[n % len(self.built.room_ids)]
            body = {"room_id": room, "title": "Bench series", "start": start.isoformat(timespec="minutes"),
                    "end": (start + timedelta(hours=1)).isoformat(timespec="minutes"),
                    "recurrence": {"freq": "weekly", "count": 52}}
            return "POST", "/api/v1/bookings", body, self.token(), 201
        if kind == "single":
            day = self.monday + timedelta(days=self.rng.randrange(300))
            body = {"room_id": self.room(), "title": "Bench single", "start": f"{day}T21:00", "end": f"{day}T22:00"}
            return "POST", "/api/v1/bookings", body, self.token(), 201
        if kind in ("room-day", "availability"):
            day = self.day()
            q = urlencode({"start": f"{day}T00:00", "end": f"{day + timedelta(days=1)}T00:00"})
            if kind == "room-day":
                return "GET", f"/api/v1/bookings?room_id={self.room()}&{q}", None, self.token(), 200
            return "GET", f"/api/v1/rooms/{self.room()}/availability?{q}", None, self.token(), 200
        if kind == "booking":
            return "GET", f"/api/v1/bookings/{self.rng.choice(self.long_series)}", None, self.token(), 200
        if kind == "rooms":
            return "GET", "/api/v1/rooms", None, self.token(), 200
        if kind == "page":
            return "GET", "/bookings/", None, None, 200
        if kind == "day-page":
            return "GET", f"/frontdesk/day?date={self.day()}", None, None, 200
        if kind == "day-page-again":
            return "GET", f"/frontdesk/day?date={self.read_days[0] + timedelta(days=100)}", None, None, 200
        if kind == "week-page":
            return "GET", f"/rooms/{self.room()}/week?date={self.day()}", None, None, 200
        if kind == "org-week":
            return "GET", f"/organisations/{self.rng.choice(self.org_ids)}/week?date={self.day()}", None, None, 200
        if kind == "day-json":
            return "GET", f"/api/v1/day?date={self.day()}", None, self.token(), 200
        if kind == "day-json-again":
            return "GET", f"/api/v1/day?date={self.read_days[0] + timedelta(days=100)}", None, self.members[0], 200
        if kind == "floor":
            return "GET", "/", None, None, 200
        raise ValueError(kind)


# --- sequential timings -----------------------------------------------------------------------

@dataclass
class Timing:
    kind: str
    ms: list[float]
    errors: int = 0
    first_error: str = ""
    statements: tuple[int, int] | None = None  # min, max SQL statements per request (inside the app)
    note: str = ""

    @property
    def n(self) -> int:
        return len(self.ms)

    @property
    def median(self) -> float | None:
        return statistics.median(self.ms) if self.ms else None

    @property
    def p95(self) -> float | None:
        return pct(self.ms, 95) if self.ms else None


def time_kind(kind: str, send: Callable[[str], tuple[int | None, float, str]], asker: Asker, repeat: int,
              time_box: float, warmup: int = 3, min_samples: int = 5) -> Timing:
    """Time up to `repeat` sequential requests of `kind` after `warmup` untimed ones."""
    timing = Timing(kind, [])
    writes = kind in ("series52", "single")
    for _ in range(warmup):
        send(kind)
        if writes:
            asker.cleanup()
    t0 = time.monotonic()
    while len(timing.ms) + timing.errors < repeat:
        status, seconds, err = send(kind)
        if err:
            timing.errors += 1
            timing.first_error = timing.first_error or err
        else:
            timing.ms.append(seconds * 1000)
        if writes:
            asker.cleanup()
        if time.monotonic() - t0 > time_box and len(timing.ms) + timing.errors >= min_samples:
            timing.note = f"time-boxed at {time_box:.0f} s"
            break
    return timing


def http_sender(client: Http, asker: Asker, anonymous: Http | None = None) -> Callable[[str], tuple[int | None, float, str]]:
    """Send a request of a kind on `client` (logged in as the admin); the floor on `anonymous`, which has no
    session cookie, so that it costs no login lookup and no menu count."""
    def send(kind: str):
        method, path, body, token, expected = asker.make(kind)
        on = anonymous if kind == "floor" and anonymous is not None else client
        a = on.request(method, path, payload=body, token=token)
        if a.status != expected:
            return a.status, a.seconds, f"{method} {path} -> {a.status} {a.error} {a.text()[:300]}"
        return a.status, a.seconds, ""
    return send


# --- inside the app ---------------------------------------------------------------------------

class InApp:
    """The app in this process on the same database (Flask's test client: no HTTP, no gunicorn),
    counting the SQL statements each request sends."""

    def __init__(self, built: ds.Built, asker: Asker):
        from booking import create_app
        from booking.extensions import db

        self.app = create_app({"SQLALCHEMY_DATABASE_URI": built.uri, "SECRET_KEY": "bench-in-app",
                               "SESSION_COOKIE_SECURE": False,
                               # No mail thread: its statements would be counted as the request's, and it
                               # would take the CPU from the requests timed (as in tests/serverkit.py).
                               "MAIL_BACKGROUND": False, "LOG_JSON": False}, config_name="production")
        self.client = self.app.test_client()
        self.anonymous = self.app.test_client()  # the floor: no session cookie, so no login lookup
        self.asker = asker
        self.seen: list[str] = []
        with self.app.app_context():
            self.engine = db.engine
        event.listen(self.engine, "before_cursor_execute", self._seen)
        page = self.client.get("/login")
        answer = self.client.post("/login", data={"email": asker.admin, "password": ds.BENCH_PASSWORD,
                                                  "csrf_token": csrf_token(page.get_data(as_text=True))})
        if answer.status_code != 302:
            raise RuntimeError(f"in-app login failed: {answer.status_code}")
        self.last: dict[str, list[str]] = {}

    def _seen(self, conn, cursor, statement, parameters, context, executemany):
        self.seen.append(statement)

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)
        self.engine.dispose()

    def send(self, kind: str):
        method, path, body, token, expected = self.asker.make(kind)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.seen = []
        started = time.perf_counter()
        client = self.anonymous if kind == "floor" else self.client
        resp = client.open(path, method=method, json=body, headers=headers)
        seconds = time.perf_counter() - started
        self.last[kind] = self.seen
        if resp.status_code != expected:
            return resp.status_code, seconds, f"{method} {path} -> {resp.status_code} {resp.get_data(as_text=True)[:300]}"
        return resp.status_code, seconds, ""

    def measure(self, kind: str, repeat: int, time_box: float) -> Timing:
        counts: list[int] = []

        def send(k):
            result = self.send(k)
            counts.append(len(self.seen))
            return result

        timing = time_kind(kind, send, self.asker, repeat, time_box, warmup=1)
        timed = counts[1:] or counts
        timing.statements = (min(timed), max(timed)) if timed else None
        return timing


# --- memory and mixed load --------------------------------------------------------------------

MEMORY_MIX = (("room-day", 30), ("availability", 25), ("booking", 10), ("rooms", 10), ("single", 15),
              ("series52", 5), ("page", 5))


def memory_run(built: ds.Built, tokens: dict[str, str], requests: int, time_box: float, log) -> dict:
    """A fresh -w 2 server; its workers' memory after warm-up and after `requests` mixed requests."""
    with kit.Gunicorn(built.uri, workers=2, threads=4) as server:
        before = {pid: kit.memory_kib(pid) for pid in kit.worker_pids(server)}
        answers: list[tuple[str, int | None]] = []
        lock = threading.Lock()
        deadline = time.monotonic() + time_box
        kinds = [k for k, w in MEMORY_MIX for _ in range(w)]

        def client(n: int) -> None:
            asker = Asker(built, tokens, seed=100 + n)
            http_client = Http(server.base_url)
            log_in(http_client, asker.admin, ds.BENCH_PASSWORD)
            rng = random.Random(n)
            try:
                while time.monotonic() < deadline:
                    with lock:
                        if len(answers) >= requests:
                            return
                        answers.append(("", None))
                        slot = len(answers) - 1
                    kind = rng.choice(kinds)
                    method, path, body, token, _ = asker.make(kind)
                    a = http_client.request(method, path, payload=body, token=token)
                    with lock:
                        answers[slot] = (kind, a.status)
            finally:
                asker.close()

        threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
        t0 = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        seconds = time.monotonic() - t0
        after = {pid: kit.memory_kib(pid) for pid in kit.worker_pids(server)}
    statuses: dict = {}
    for _, s in answers:
        statuses[s] = statuses.get(s, 0) + 1
    result = {"requests": sum(1 for k, _ in answers if k), "seconds": seconds, "statuses": statuses,
              "before": before, "after": after,
              "rss_mb": max((m.get("VmRSS", 0) for m in after.values()), default=0) / 1024,
              "hwm_mb": max((m.get("VmHWM", 0) for m in after.values()), default=0) / 1024}
    log(f"  memory: {result['requests']} mixed requests in {seconds:.1f} s ({statuses}); workers after: "
        + ", ".join(f"{pid}: {m.get('VmRSS', 0) / 1024:.0f} MB (peak {m.get('VmHWM', 0) / 1024:.0f})"
                    for pid, m in after.items()))
    return result


MIXED_WEIGHTS = (("book", 30), ("room-day", 30), ("availability", 25), ("cancel", 15))


def mixed_run(built: ds.Built, tokens: dict[str, str], seconds: float, log) -> dict:
    """8 clients on 6 rooms for `seconds`, gunicorn -w 4 gthread; then the overlaps in those rooms."""
    rooms = built.room_ids[:MIXED_ROOMS]
    monday = first_monday()
    days = [monday + timedelta(days=i) for i in range(14)]
    clients = [tokens[e] for e in built.users["client"]][:MIXED_CLIENTS]
    replies: list[tuple[str, int | None, float]] = []
    lock = threading.Lock()
    with kit.Gunicorn(built.uri, workers=4, threads=4) as server:
        barrier = threading.Barrier(len(clients))
        box: dict[str, float] = {}

        def client(n: int, token: str) -> None:
            rng = random.Random(1000 + n)
            http_client = Http(server.base_url, keep_alive=False)
            own: list[int] = []
            kinds = [k for k, w in MIXED_WEIGHTS for _ in range(w)]
            mine = []
            barrier.wait()
            box.setdefault("start", time.perf_counter())
            end = box["start"] + seconds
            while time.perf_counter() < end:
                kind = rng.choice(kinds)
                if kind == "cancel" and not own:
                    kind = "book"
                room, day = rng.choice(rooms), rng.choice(days)
                if kind == "book":
                    s, e = rng.choice(MIXED_SLOTS)
                    a = http_client.request("POST", "/api/v1/bookings", token=token, payload={
                        "room_id": room, "title": f"Client {n}", "start": f"{day}T{s}", "end": f"{day}T{e}"})
                    if a.status == 201:
                        own.append(a.json()["id"])
                elif kind == "cancel":
                    booking_id = own.pop(rng.randrange(len(own)))
                    a = http_client.request("DELETE", f"/api/v1/bookings/{booking_id}", token=token)
                else:
                    q = urlencode({"start": f"{day}T00:00", "end": f"{day + timedelta(days=1)}T00:00"})
                    path = (f"/api/v1/bookings?room_id={room}&{q}" if kind == "room-day"
                            else f"/api/v1/rooms/{room}/availability?{q}")
                    a = http_client.request("GET", path, token=token)
                mine.append((kind, a.status, a.seconds))
            box[f"end{n}"] = time.perf_counter()
            with lock:
                replies.extend(mine)

        threads = [threading.Thread(target=client, args=(n, t)) for n, t in enumerate(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = max(v for k, v in box.items() if k.startswith("end")) - box["start"]
        served = len(server.served_by())
    engine = kit.engine_for(built.uri)
    try:
        with engine.connect() as conn:
            found = ds.overlaps(conn, rooms)
    finally:
        engine.dispose()
    per_kind = {}
    for kind, _ in MIXED_WEIGHTS:
        mine = [r for r in replies if r[0] == kind]
        ok = [r[2] * 1000 for r in mine if r[1] is not None and r[1] < 500]
        per_kind[kind] = {"n": len(mine), "median": statistics.median(ok) if ok else None,
                          "p95": pct(ok, 95) if ok else None,
                          "statuses": dict(sorted(((str(s), sum(1 for r in mine if r[1] == s))
                                                   for s in {r[1] for r in mine})))}
    errors = sum(1 for r in replies if r[1] is None or r[1] >= 500)
    conflicts = sum(1 for r in replies if r[1] == 409)
    other = sum(1 for r in replies if r[1] is not None and r[1] < 500 and r[1] not in (200, 201, 409))
    result = {"requests": len(replies), "wall": wall, "rate": len(replies) / wall if wall else 0.0,
              "per_kind": per_kind, "errors": errors, "conflicts": conflicts, "other": other,
              "overlaps": found, "rooms": len(rooms), "clients": len(clients), "seconds": seconds,
              "workers_served": served}
    log(f"  mixed: {len(replies)} requests in {wall:.1f} s = {result['rate']:.0f} req/s; errors {errors}, "
        f"409 {conflicts}, other 4xx {other}; overlaps afterwards {found}")
    for kind, v in per_kind.items():
        log(f"    {kind:13s} n={v['n']:5d}  median {fmt(v['median'])}  p95 {fmt(v['p95'])} ms  {v['statuses']}")
    return result


# --- one database and size ----------------------------------------------------------------------

def fmt(v: float | None, digits: int = 1) -> str:
    if v is None:
        return "-"
    if v >= 1000:
        return f"{v:,.0f}"
    if v >= 100:
        return f"{v:.0f}"
    return f"{v:.{digits}f}"


def run_one(database: str, size: str, args, log) -> dict:
    t0 = time.monotonic()
    load = load_average()
    built = ds.ensure(database, size, args.rebuild, args.postgres_url, log=log)
    t_ready = time.monotonic()
    tokens = ds.prepare_run(built)
    asker = Asker(built, tokens)
    result = {"database": database, "size": size, "dates": built.spec.dates, "spec": built.spec.describe(),
              "built": {"seconds": built.build_seconds, "at": built.built_at, "reused": built.reused},
              "http": {}, "in_app": {}}
    try:
        inapp = InApp(built, asker)
        try:
            for kind in KINDS:
                timing = inapp.measure(kind, min(max(5, args.repeat // 2), 30), args.time_box / 2)
                result["in_app"][kind] = timing
                if timing.errors:
                    log(f"  in-app {kind}: {timing.errors} unexpected answers, first: {timing.first_error}")
            result["statements"] = {k: inapp.last.get(k, []) for k in ("single", "series52", "page")}
        finally:
            inapp.close()
        asker.cleanup()
        with kit.Gunicorn(built.uri, workers=2, threads=4) as server:
            client = Http(server.base_url)
            log_in(client, asker.admin, ds.BENCH_PASSWORD)
            log(f"[{database} {size}] gunicorn -w 2 -k gthread --threads 4 up in {sum(server.start_seconds):.1f} s")
            anonymous = Http(server.base_url)
            send = http_sender(client, asker, anonymous)
            for kind in KINDS:
                timing = time_kind(kind, send, asker, args.repeat, args.time_box)
                inside = result["in_app"].get(kind)
                timing.statements = inside.statements if inside else None
                result["http"][kind] = timing
                log(f"  {kind:13s} median {fmt(timing.median):>7s}  p95 {fmt(timing.p95):>7s} ms  n={timing.n:<4d}"
                    + (f" in-app {fmt(inside.median)} ms, {stmts(inside.statements)} SQL" if inside else "")
                    + (f"  ERRORS {timing.errors}: {timing.first_error}" if timing.errors else "")
                    + (f"  ({timing.note})" if timing.note else ""))
            client.close()
            anonymous.close()
        ds.restore(built)
        if size == args.memory_size:
            result["memory"] = memory_run(built, tokens, args.memory_requests, args.memory_time_box, log)
            ds.restore(built)
        if size == args.mixed_size:
            result["mixed"] = mixed_run(built, tokens, args.mixed_seconds, log)
            ds.restore(built)
    finally:
        asker.close()
    result["seconds"] = {"dataset": t_ready - t0, "total": time.monotonic() - t0}
    result["load"] = (load, load_average())
    log(f"[{database} {size}] done in {result['seconds']['total']:.0f} s "
        f"(dataset {'reused' if built.reused else 'built'} {result['seconds']['dataset']:.1f} s)")
    return result


def stmts(s: tuple[int, int] | None) -> str:
    if s is None:
        return "-"
    return str(s[0]) if s[0] == s[1] else f"{s[0]}-{s[1]}"


# --- the report ---------------------------------------------------------------------------------

def machine(databases: list[str], postgres_url: str) -> dict[str, str]:
    import sqlite3

    info = {}
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = ""
    try:
        kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal")))
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    info["CPU"] = cpu
    info["cores (nproc)"] = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    info["memory"] = mem
    info["OS"] = platform.platform()
    info["Python"] = platform.python_version()
    info["Python speed: a reference loop of 10⁶ additions, best of 5"] = f"{python_loop_ms():.1f} ms"
    if "postgres" in databases:
        engine = create_engine(kit.sqlalchemy_url(postgres_url))
        try:
            with engine.connect() as conn:
                info["PostgreSQL"] = conn.execute(text("SHOW server_version")).scalar_one()
                info["PostgreSQL round trip: SELECT 1 over 127.0.0.1, median of 1,000"] = \
                    f"{round_trip_ms(conn):.3f} ms"
        finally:
            engine.dispose()
    info["SQLite"] = sqlite3.sqlite_version
    for dist in ("SQLAlchemy", "Flask", "Flask-SQLAlchemy", "gunicorn", "psycopg", "Werkzeug"):
        try:
            info[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            pass
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "booking", "templates", "config.py", "wsgi.py"],
                           cwd=ROOT, capture_output=True, text=True).stdout.strip()
    info["load average at start (1, 5, 15 min)"] = load_average()
    info["app code"] = (f"commit {commit.stdout.strip()}"
                        + (f", with uncommitted changes in {len(dirty.splitlines())} app files" if dirty else ", clean"))
    return info


def python_loop_ms() -> float:
    """How fast this machine runs plain Python: the best of 5 runs of a loop of 10⁶ additions, in ms. The
    machines these runs are made on differ by up to twice from one session to the next; this and the round
    trip below let figures of different runs be compared."""
    best = float("inf")
    for _ in range(5):
        started, total = time.perf_counter(), 0
        for i in range(1_000_000):
            total += i
        best = min(best, time.perf_counter() - started)
    return best * 1000


def round_trip_ms(conn) -> float:
    """The median time of SELECT 1 on an open connection, in ms: the least any statement costs here."""
    raw = conn.connection.driver_connection
    for _ in range(50):
        raw.execute("SELECT 1").fetchall()
    times = []
    for _ in range(1000):
        started = time.perf_counter()
        raw.execute("SELECT 1").fetchall()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def cpu_times() -> tuple[int, int] | None:
    """(all, stolen) CPU time of the machine so far, in clock ticks, from /proc/stat; None where unreadable.
    Stolen time is time the hypervisor gave this virtual machine's CPUs to others."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError, IndexError):
        return None
    return sum(fields[:8]), (fields[7] if len(fields) > 7 else 0)


def stolen_share(before: tuple[int, int] | None, after: tuple[int, int] | None) -> float | None:
    """The share of the machine's CPU time stolen by the hypervisor between two cpu_times() readings."""
    if before is None or after is None or after[0] <= before[0]:
        return None
    return (after[1] - before[1]) / (after[0] - before[0])


def busy_note(results: list[dict], cores: str, stolen: float | None = None) -> str:
    """What the load average said during the run (when it reached half the cores), and how much CPU time
    the hypervisor took; '' when neither is worth a word."""
    loads = [float(x.split()[0]) for r in results for x in r.get("load", ()) if x != "?"]
    try:
        n = int(cores)
    except ValueError:
        return ""
    words = []
    if loads and max(loads) >= n / 2:
        words.append(
            f"**Load**: the 1-minute load average was {min(loads):.1f} to {max(loads):.1f} on {n} cores during the "
            "run. It counts the benchmark's own processes (its client, the gunicorn workers, the database "
            "server), which take turns on these cores, and anything else running; so compare runs only at a "
            "similar load, and on machines of similar speed (the machine's speed is in the table below).")
    if stolen is not None and stolen >= 0.01:
        words.append(f"**Stolen CPU**: the hypervisor gave {stolen:.0%} of this virtual machine's CPU time to "
                     "others during the run; every figure is slower by about as much.")
    return " ".join(words)


def cell(t: Timing | None) -> str:
    if t is None or not t.ms:
        return "-" if t is None else "errors"
    s = f"{fmt(t.median)} / {fmt(t.p95)}"
    if t.errors:
        s += f" ({t.errors} err)"
    if t.note:
        s += " *"
    return s


def tables(results: list[dict]) -> list[str]:
    out: list[str] = []
    cols = [(r["database"], r["size"]) for r in results]
    by = {(r["database"], r["size"]): r for r in results}
    head = "| request | " + " | ".join(f"{d} {s}" for d, s in cols) + " |"
    sep = "|---|" + "---|" * len(cols)

    out += ["### Through gunicorn (-w 2 gthread), ms: median / p95", "", head, sep]
    for kind in KINDS:
        out.append(f"| {LABELS[kind]} | " + " | ".join(cell(by[c]["http"].get(kind)) for c in cols) + " |")
    out.append("| requests timed (n) | " + " | ".join(
        "/".join(str(by[c]["http"][k].n) for k in KINDS if k in by[c]["http"]) for c in cols) + " |")
    if any(t.note for r in results for t in r["http"].values()):
        out += ["", "\\* time-boxed: fewer requests than asked (see n)."]
    out += ["", "### Inside the app (Flask test client, same database, no HTTP): median ms · SQL statements per request",
            "", head, sep]
    for kind in KINDS:
        out.append(f"| {LABELS[kind]} | " + " | ".join(
            (f"{fmt(by[c]['in_app'][kind].median)} · {stmts(by[c]['in_app'][kind].statements)}"
             if kind in by[c]["in_app"] and by[c]["in_app"][kind].ms else "-") for c in cols) + " |")
    return out


def target_rows(results: list[dict]) -> list[tuple[str, str, str, str]]:
    """(target, figure, database, met/missed) for each of the issue's targets that was measured."""
    by = {(r["database"], r["size"]): r for r in results}
    rows = []
    dbs = sorted({r["database"] for r in results}, key=lambda d: d != "postgres")

    def med(db, size, kind, where="http"):
        r = by.get((db, size))
        t = r[where].get(kind) if r else None
        return t.median if t and t.ms else None

    def verdict(ok):
        return "met" if ok else "**missed**"

    for db in dbs:
        v = med(db, "274k", "series52")
        if v is not None:
            rows.append(("52-week series ≤ 15 ms at 274k", f"{fmt(v)} ms", db, verdict(v <= 15)))
        a, b = med(db, "10k", "series52"), med(db, "1m", "series52")
        if a and b:
            rows.append(("52-week series: 1M ≤ 1.5 × 10k", f"{fmt(b)} / {fmt(a)} = {b / a:.2f}×", db,
                         verdict(b <= 1.5 * a)))
        pages = [(s, med(db, s, "page")) for s in ("274k", "1m") if med(db, s, "page") is not None]
        if pages:
            rows.append(("bookings page ≤ 30 ms at 274k and 1M",
                         ", ".join(f"{s}: {fmt(v)} ms" for s, v in pages), db, verdict(all(v <= 30 for _, v in pages))))
        day = [(k, limit, med(db, "274k", k)) for k, limit in (("day-page", 8), ("day-json", 4))]
        if all(v is not None for _, _, v in day):
            rows.append(("front desk's day ≤ 8 ms, its JSON ≤ 4 ms at 274k",
                         ", ".join(f"{k}: {fmt(v)} ms" for k, _, v in day), db,
                         verdict(all(v <= limit for _, limit, v in day))))
        # Through gunicorn, and the same inside the app: HTTP's and gunicorn's own floor differs by machine.
        for where, named in (("http", ""), ("in_app", ", inside the app")):
            reads = [(med(db, s, k, where), k, s) for (d, s) in by if d == db for k in API_READS
                     if med(db, s, k, where) is not None]
            if reads:
                worst = max(reads)
                rows.append((f"every API read ≤ 5 ms{named}", f"worst {fmt(worst[0])} ms ({LABELS[worst[1]]}, "
                             f"{worst[2]}); {sum(v > 5 for v, _, _ in reads)} of {len(reads)} over", db,
                             verdict(worst[0] <= 5)))
        counts = [(by[(d, s)]["in_app"]["single"].statements[1], s) for (d, s) in by
                  if d == db and "single" in by[(d, s)]["in_app"] and by[(d, s)]["in_app"]["single"].statements]
        if counts:
            worst = max(counts)
            rows.append(("single booking ≤ 10 SQL statements", f"{worst[0]} ({worst[1]})", db, verdict(worst[0] <= 10)))
        inside = [(med(db, s, "single", "in_app"), s) for (d, s) in by if d == db
                  if med(db, s, "single", "in_app") is not None]
        if inside:
            worst = max(inside)
            rows.append(("single booking ≤ 6 ms inside the app", f"worst {fmt(worst[0])} ms ({worst[1]})", db,
                         verdict(worst[0] <= 6)))
        for r in results:
            if r["database"] == db and "mixed" in r:
                m = r["mixed"]
                bp95 = m["per_kind"]["book"]["p95"]
                if db == "postgres":
                    rows.append(("mixed load on PG ≥ 150 req/s", f"{m['rate']:.0f} req/s ({r['size']})", db,
                                 verdict(m["rate"] >= 150)))
                    rows.append(("mixed load: bookings p95 ≤ 60 ms", f"{fmt(bp95)} ms", db,
                                 verdict(bp95 is not None and bp95 <= 60)))
                else:
                    rows.append(("mixed load (for reference; the target is PG's)",
                                 f"{m['rate']:.0f} req/s, bookings p95 {fmt(bp95)} ms ({r['size']})", db, "-"))
                rows.append(("mixed load: 0 errors", str(m["errors"]), db, verdict(m["errors"] == 0)))
                total = m["overlaps"]["holds"] + m["overlaps"]["active dates"]
                rows.append(("mixed load: 0 overlaps", f"holds {m['overlaps']['holds']}, active dates "
                             f"{m['overlaps']['active dates']}", db, verdict(total == 0)))
            if r["database"] == db and "memory" in r:
                rows.append((f"worker ≤ 120 MB after {r['memory']['requests']:,} mixed requests",
                             f"{r['memory']['rss_mb']:.0f} MB ({r['size']}; peak {r['memory']['hwm_mb']:.0f} MB)", db,
                             verdict(r["memory"]["rss_mb"] <= 120)))
    ratios = []
    for (d, s), r in by.items():
        if d != "sqlite" or ("postgres", s) not in by:
            continue
        for k in KINDS:
            a, b = med("sqlite", s, k), med("postgres", s, k)
            if a and b:
                ratios.append((a / b, k, s))
    if ratios:
        worst = max(ratios)
        rows.append(("SQLite within 2× PostgreSQL", f"worst {worst[0]:.2f}× ({LABELS[worst[1]]}, {worst[2]}); "
                     f"{sum(x > 2 for x, _, _ in ratios)} of {len(ratios)} over", "both", verdict(worst[0] <= 2)))
    return rows


def render(results: list[dict], info: dict[str, str], command: str, args, started: datetime,
           seconds: float, stolen: float | None = None) -> str:
    out = ["# Benchmarks: speed at real size (issue 7)", ""]
    if args.smoke:
        out += [f"**A smoke run** (10k only; mixed load {args.mixed_seconds:.0f} s, memory after "
                f"{args.memory_requests} requests): it shows the benchmark works, not what the app does at size.", ""]
    out += [
           f"Written by `bench/speed.py` on {started:%Y-%m-%d %H:%M} UTC; the run took {seconds / 60:.1f} minutes.", "",
           "```sh", command, "```", ""]
    note = busy_note(results, info.get("cores (nproc)", ""), stolen)
    if note:
        out += [note, ""]
    out += ["## Machine and versions", "",
           "| | |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in info.items()]
    out += ["", "## Datasets", "",
            "The issue's dataset and two scalings of it (`bench/dataset.py`): rooms booked five times a day, "
            "every day 08:00, 10:00, 13:00, 15:00 and 19:00 for 90 minutes Amsterdam time, as daily series of at "
            "most 24 months; every date confirmed and holding its room. Built with bulk SQL, not through HTTP, "
            "and reused between runs.", "",
            "| database | size | dataset | build time | measured in | load average before → after |",
            "|---|---|---|---|---|---|"]
    for r in results:
        b = r["built"]
        out.append(f"| {r['database']} | {r['size']} | {r['spec']} | {b['seconds']:.1f} s "
                   f"({'reused, built ' + b['at'] if b['reused'] else 'built in this run'}) | "
                   f"{r['seconds']['total'] - r['seconds']['dataset']:.0f} s | {r['load'][0]} → {r['load'][1]} |")
    out += ["", "## Single requests", "",
            "Sequential requests over one keep-alive connection from the benchmark's own process, after 3 "
            f"warm-up requests of each kind; up to {args.repeat} per kind, time-boxed at {args.time_box:.0f} s. "
            "Writes are deleted again after each request (untimed), so every request meets the dataset as built. "
            "The floor is the start page, which touches neither the database nor a login: HTTP, gunicorn and "
            "Flask alone.", ""]
    out += tables(results)
    mem = [r for r in results if "memory" in r]
    if mem:
        out += ["", "## Memory", "",
                f"A fresh `gunicorn -w 2 -k gthread --threads 4` on the {args.memory_size} dataset; "
                f"{args.memory_requests:,} mixed requests from 4 clients ("
                + ", ".join(f"{k} {w}%" for k, w in MEMORY_MIX) + "); then each worker's VmRSS (peak: VmHWM).", "",
                "| database | size | requests (statuses) | seconds | worker RSS after warm-up | worker RSS after | peak |",
                "|---|---|---|---|---|---|---|"]
        for r in mem:
            m = r["memory"]
            out.append(f"| {r['database']} | {r['size']} | {m['requests']} ({m['statuses']}) | {m['seconds']:.0f} | "
                       + ", ".join(f"{v.get('VmRSS', 0) / 1024:.0f} MB" for v in m["before"].values()) + " | "
                       + ", ".join(f"{v.get('VmRSS', 0) / 1024:.0f} MB" for v in m["after"].values()) + " | "
                       + ", ".join(f"{v.get('VmHWM', 0) / 1024:.0f} MB" for v in m["after"].values()) + " |")
    mixed = [r for r in results if "mixed" in r]
    if mixed:
        out += ["", "## Mixed load", "",
                f"`gunicorn -w 4 -k gthread --threads 4`; {MIXED_CLIENTS} client threads (in the benchmark's "
                f"process, on the same {info.get('cores (nproc)', '?')} cores as the server) on the first "
                f"{MIXED_ROOMS} rooms for {args.mixed_seconds:.0f} s, a new connection per request: book one date "
                "in a slot the dataset leaves free (the slots overlap each other, and one always meets a dataset "
                "date), read a room's day, availability, cancel one of one's own bookings "
                "(" + ", ".join(f"{k} {w}%" for k, w in MIXED_WEIGHTS) + "). Afterwards the database is asked "
                "for overlapping holds and overlapping active dates in those rooms.", "",
                "| database | size | requests | req/s | errors (5xx, none) | 409 | other 4xx | overlaps (holds, dates) |",
                "|---|---|---|---|---|---|---|---|"]
        for r in mixed:
            m = r["mixed"]
            out.append(f"| {r['database']} | {r['size']} | {m['requests']} in {m['wall']:.1f} s | {m['rate']:.0f} | "
                       f"{m['errors']} | {m['conflicts']} | {m['other']} | "
                       f"{m['overlaps']['holds']}, {m['overlaps']['active dates']} |")
        out += ["", "| database | kind | n | median ms | p95 ms | answers |", "|---|---|---|---|---|---|"]
        for r in mixed:
            for kind, v in r["mixed"]["per_kind"].items():
                out.append(f"| {r['database']} | {kind} | {v['n']} | {fmt(v['median'])} | {fmt(v['p95'])} | "
                           + ", ".join(f"{s}: {n}" for s, n in v["statuses"].items()) + " |")
    rows = target_rows(results)
    if rows:
        out += ["", "## The issue's targets", "", f"Figures from the tables above, {TARGETS_NOTE}.", "",
                "| target | measured | database | |", "|---|---|---|---|"]
        out += [f"| {t} | {f} | {d} | {v} |" for t, f, d, v in rows]
    for r in results:
        single = r.get("statements", {}).get("single")
        if single:
            out += ["", f"## The statements of one single booking ({r['database']} {r['size']})", "", "```"]
            out += [" ".join(s.split())[:160] for s in single]
            out += ["```"]
            break
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10k,274k,1m", help="comma-separated: 10k, 274k, 1m")
    parser.add_argument("--databases", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    parser.add_argument("--repeat", type=int, default=100, help="timed requests per kind (100)")
    parser.add_argument("--time-box", type=float, default=20.0, help="seconds per measurement at most (20)")
    parser.add_argument("--mixed-seconds", type=float, default=None,
                        help="length of the mixed-load run (30; 5 in a smoke run)")
    parser.add_argument("--mixed-size", default=None, help="dataset of the mixed load (274k, else the largest)")
    parser.add_argument("--memory-requests", type=int, default=None,
                        help="mixed requests before the workers' memory is read (1000; 100 in a smoke run)")
    parser.add_argument("--memory-time-box", type=float, default=300.0)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the datasets even when built ones exist")
    parser.add_argument("--postgres-url", default=os.environ.get("BOOKING_BENCH_POSTGRES_URL", ds.LOCAL_POSTGRES))
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"),
                        help="where the report goes (docs/benchmarks.md); '-' for nowhere")
    args = parser.parse_args(argv)
    sizes = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    databases = [d.strip().lower() for d in args.databases.split(",") if d.strip()]
    for s in sizes:
        if s not in ds.SPECS:
            parser.error(f"unknown size {s!r}; choose from {', '.join(ds.SPECS)}")
    for d in databases:
        if d not in ("sqlite", "postgres"):
            parser.error(f"unknown database {d!r}")
    order = list(ds.SPECS)
    sizes.sort(key=order.index)
    # Only the small dataset: a smoke run of the instrument (under a minute), not figures to quote.
    args.smoke = sizes == ["10k"]
    if args.mixed_seconds is None:
        args.mixed_seconds = 5.0 if args.smoke else 30.0
    if args.memory_requests is None:
        args.memory_requests = 100 if args.smoke else 1000
    args.memory_size = sizes[-1]
    args.mixed_size = args.mixed_size or ("274k" if "274k" in sizes else sizes[-1])
    if args.mixed_size not in sizes:
        parser.error("--mixed-size must be one of --sizes")
    command = shlex.join([".venv/bin/python", "bench/speed.py", *(sys.argv[1:] if argv is None else argv)])
    started = datetime.now(UTC)
    t0 = time.monotonic()

    def log(msg: str) -> None:
        print(msg, flush=True)

    info = machine(databases, args.postgres_url)
    log(" · ".join(f"{k} {v}" for k, v in info.items()))
    if first_monday() + timedelta(weeks=52) > ds.SPECS[sizes[0]].last:
        log(f"note: the series run from {first_monday()}, past the end of the {sizes[0]} dataset")
    results = []
    ticks = cpu_times()
    for database in databases:
        for size in sizes:
            results.append(run_one(database, size, args, log))
    seconds = time.monotonic() - t0
    stolen = stolen_share(ticks, cpu_times())
    if stolen is not None:
        log(f"CPU time stolen by the hypervisor during the run: {stolen:.1%}")
    report = render(results, info, command, args, started, seconds, stolen)
    print()
    print(report)
    if args.output != "-":
        out = Path(args.output)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(report)
        log(f"written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
