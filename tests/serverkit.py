"""Run the app under gunicorn on a real database and fire simultaneous requests at it.

Shared by tests/test_concurrency.py and bench/booking_race.py: seeding a database, starting
and stopping gunicorn, and releasing many requests at once. Making and migrating the database
is tests/dbkit.py's, the same code the suite's fixtures use; its helpers are re-exported here.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from contextlib import contextmanager
from typing import Iterator, Sequence
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from dbkit import database_name, migrate, postgres_database, sqlalchemy_url, sqlite_database  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
ZONE = ZoneInfo("Europe/Amsterdam")  # the default building's zone, in which the API reads naive times
ROOM, HALL, HALL_A, HALL_B = "Vergaderzaal", "Grote zaal", "Zaal A", "Zaal B"
# No proxy from the environment may stand between us and 127.0.0.1.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


# --- databases -------------------------------------------------------------------------------

def engine_for(uri: str) -> Engine:
    """A plain SQLAlchemy engine on `uri`; dispose of it after use."""
    return create_engine(sqlalchemy_url(uri))


def drop_overlap_guard(uri: str) -> None:
    """Remove the database's own no-overlap guard (negative control only)."""
    engine = engine_for(uri)
    try:
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                conn.execute(text("ALTER TABLE room_hold DROP CONSTRAINT ex_room_hold_overlap"))
            else:
                conn.execute(text("DROP TRIGGER room_hold_overlap_insert"))
                conn.execute(text("DROP TRIGGER room_hold_overlap_update"))
    finally:
        engine.dispose()


@dataclass
class Seed:
    """What seed() made: room ids by name and one bearer token per user."""

    rooms: dict[str, int]
    tokens: list[str]


def seed(uri: str, users: int, touch_tokens: bool = False) -> Seed:
    """A building open 07:00-23:00 every day with a meeting room and the large hall (= hall A + hall B),
    one organisation and `users` members of it, each with an API token.

    touch_tokens marks the tokens as just used, so that requests skip the hourly last_used_at write.
    """
    from booking.models import ApiToken, Building, Organisation, OrganisationKind, Role, Room, User

    engine = engine_for(uri)
    try:
        with Session(engine) as session:
            building = Building(name="De Kiekmure", address="", timezone=ZONE.key)
            building.set_every_day()
            room = Room(building=building, name=ROOM, capacity=12)
            hall_a = Room(building=building, name=HALL_A, capacity=40)
            hall_b = Room(building=building, name=HALL_B, capacity=40)
            hall = Room(building=building, name=HALL, capacity=80, parts=[hall_a, hall_b])
            org = Organisation(name="Buurtwerk Kiekmure", kind=OrganisationKind.WELFARE)
            session.add_all([building, room, hall_a, hall_b, hall, org])
            tokens = []
            for i in range(users):
                user = User(email=f"member{i}@example.org", name=f"Member {i}", role=Role.MEMBER,
                            organisation=org)
                token, plain = ApiToken.issue(user)
                if touch_tokens:
                    token.last_used_at = datetime.now(ZONE)
                session.add_all([user, token])
                tokens.append(plain)
            session.commit()
            rooms = {r.name: r.id for r in (room, hall_a, hall_b, hall)}
    finally:
        engine.dispose()
    return Seed(rooms, tokens)


@dataclass(frozen=True)
class Held:
    """An active occurrence found in the database."""

    occurrence_id: int
    booking_id: int
    room_id: int


def active_occurrences(uri: str, room_ids: Sequence[int], start: str, end: str) -> list[Held]:
    """The active occurrences in `room_ids` overlapping [start, end) (local ISO times of the building)."""
    from booking.models import ACTIVE_STATUSES, Occurrence

    lo = datetime.fromisoformat(start).replace(tzinfo=ZONE)
    hi = datetime.fromisoformat(end).replace(tzinfo=ZONE)
    engine = engine_for(uri)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(Occurrence.id, Occurrence.booking_id, Occurrence.room_id).where(
                Occurrence.room_id.in_(room_ids), Occurrence.status.in_(ACTIVE_STATUSES),
                Occurrence.starts_at < hi, Occurrence.ends_at > lo).order_by(Occurrence.id)).all()
    finally:
        engine.dispose()
    return [Held(*r) for r in rows]


@contextmanager
def fresh_database(backend: str, sqlite_path: Path, sqlite_template: str) -> Iterator[str]:
    """A fresh, migrated database for a server: a copy of the SQLite template at `sqlite_path`, or a new
    PostgreSQL database next to BOOKING_TEST_POSTGRES_URL (the test is skipped when none is set)."""
    if backend == "sqlite":
        yield sqlite_database(sqlite_path, sqlite_template)
        return
    url = os.environ.get("BOOKING_TEST_POSTGRES_URL")
    if not url:
        import pytest

        pytest.skip("BOOKING_TEST_POSTGRES_URL is not set: PostgreSQL tests skipped")
    with postgres_database(url) as uri:
        yield uri


# --- the server ------------------------------------------------------------------------------

def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _no_control_socket() -> list[str]:
    """gunicorn >= 25 opens a control socket at one fixed path; parallel servers must not share it."""
    from gunicorn.config import KNOWN_SETTINGS

    supported = any(s.name == "control_socket_disable" for s in KNOWN_SETTINGS)
    return ["--no-control-socket"] if supported else []


class ServerFailed(RuntimeError):
    """gunicorn did not start, or died; the message carries its log."""


class Gunicorn:
    """`gunicorn -w W -k gthread --threads T wsgi:app` on a free port, as a context manager.

    The access log records the worker pid of every request, so a test can show that several
    processes served it. Leaving the block always stops the server.
    """

    ACCESS_FORMAT = "%(p)s %(m)s %(U)s %(s)s"

    def __init__(self, database_uri: str, workers: int = 4, threads: int = 4,
                 env: dict[str, str] | None = None, start_timeout: float = 30.0):
        self.database_uri = database_uri
        self.workers, self.threads = workers, threads
        self.extra_env = dict(env or {})
        self.start_timeout = start_timeout
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self._dir = Path(tempfile.mkdtemp(prefix="gunicorn-"))
        self.error_log = self._dir / "error.log"
        self.access_log = self._dir / "access.log"
        self.final_log = ""
        self.start_seconds = (0.0, 0.0)  # until answering, then until every worker has answered
        self.warmed = 0

    def command(self) -> list[str]:
        return [sys.executable, "-m", "gunicorn", "-w", str(self.workers), "-k", "gthread",
                "--threads", str(self.threads), "-b", f"127.0.0.1:{self.port}",
                "--graceful-timeout", "5", "--access-logfile", str(self.access_log),
                "--access-logformat", self.ACCESS_FORMAT, *_no_control_socket(), "wsgi:app"]

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("BOOKING_") and k != "GUNICORN_CMD_ARGS"}
        # No mail thread: the mail notices are still written in each booking's transaction, but no worker
        # sends them (as .eml files into the checkout's instance/outbox) while requests are timed or raced.
        env.update(BOOKING_SQLALCHEMY_DATABASE_URI=self.database_uri, BOOKING_CONFIG="production",
                   BOOKING_SECRET_KEY=secrets.token_hex(16), BOOKING_MAIL_BACKGROUND="false")
        env.update(self.extra_env)
        return env

    def __enter__(self) -> "Gunicorn":
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        with open(self.error_log, "wb") as err:
            self.proc = subprocess.Popen(self.command(), cwd=ROOT, env=self.environment(),
                                         stdin=subprocess.DEVNULL, stdout=err, stderr=err)
        t0 = time.perf_counter()
        self.wait_ready()
        t1 = time.perf_counter()
        self.warmed = self.warm_up()
        self.start_seconds = (t1 - t0, time.perf_counter() - t1)

    def log(self) -> str:
        """What gunicorn wrote to stderr so far."""
        try:
            return self.error_log.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def _fail(self, why: str) -> ServerFailed:
        return ServerFailed(f"{why}\n$ {' '.join(self.command())}\n--- gunicorn stderr ---\n{self.log()}")

    def wait_ready(self) -> None:
        """Poll GET / until it answers below 500; fail with gunicorn's log if it dies or times out."""
        deadline = time.monotonic() + self.start_timeout
        while True:
            if self.proc.poll() is not None:
                raise self._fail(f"gunicorn exited with {self.proc.returncode} before answering")
            status = get_status(self.base_url + "/", timeout=2)
            if status is not None and status < 500:
                return
            if status is not None:
                raise self._fail(f"GET / answered {status} while starting")
            if time.monotonic() > deadline:
                raise self._fail(f"gunicorn did not answer GET / within {self.start_timeout:.0f} s")
            time.sleep(0.1)

    def warm_up(self, timeout: float = 30.0) -> int:
        """Send rounds of simultaneous GET / until every worker has answered one (best effort).

        Workers load the app after forking, so right after the first answer some may still be
        importing. Returns how many distinct workers answered. Up to 30 s: on 2 cores with the rest of the
        suite running beside it, 4 workers once took more than 10 s to import the app, and a race
        then ran on one worker alone (test_concurrency asks for two or more). It stops as soon as all
        have answered.
        """
        deadline = time.monotonic() + timeout
        while len(self.served_by()) < self.workers and time.monotonic() < deadline:
            threads = [threading.Thread(target=get_status, args=(self.base_url + "/", 5))
                       for _ in range(2 * self.workers * self.threads)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        return len(self.served_by())

    def access_lines(self) -> list[list[str]]:
        try:
            return [line.split() for line in self.access_log.read_text().splitlines() if line.strip()]
        except FileNotFoundError:
            return []

    def served_by(self, method: str | None = None, path: str | None = None, since: int = 0) -> set[str]:
        """The pids of the workers that answered requests (of `method` on `path`, if given),
        counting from access-log line `since` (see access_lines())."""
        return {p[0].strip("<>") for p in self.access_lines()[since:] if len(p) >= 4
                and (method is None or p[1] == method) and (path is None or p[2] == path)}

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if gunicorn has not stopped within 10 s; remove the logs."""
        proc, self.proc = self.proc, None
        if proc is not None:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            self.final_log = self.log()
        shutil.rmtree(self._dir, ignore_errors=True)


# --- requests --------------------------------------------------------------------------------

def get_status(url: str, timeout: float = 5) -> int | None:
    """The status of GET `url`, or None when nothing answers."""
    try:
        with _OPENER.open(url, timeout=timeout) as resp:
            resp.read()
            return resp.status
    except urllib.error.HTTPError as exc:
        exc.close()
        return exc.code
    except (OSError, ValueError):
        return None


@dataclass
class Reply:
    """One answer: status None when no HTTP answer came (refused, reset, timed out)."""

    status: int | None
    body: object
    started: float
    finished: float
    error: str = ""

    @property
    def seconds(self) -> float:
        return self.finished - self.started

    def json(self) -> dict:
        return self.body if isinstance(self.body, dict) else {}


def post_json(url: str, payload: dict, token: str, timeout: float = 60) -> Reply:
    """POST `payload` as JSON with a bearer token."""
    return call("POST", url, token, payload, timeout)


def call(method: str, url: str, token: str, payload: dict | None = None, timeout: float = 60) -> Reply:
    """One request with a bearer token (a JSON body when `payload` is given), on a new connection."""
    headers = {"Accept": "application/json", "Authorization": f"Bearer {token}"}
    data = None
    if payload is not None:
        data, headers["Content-Type"] = json.dumps(payload).encode(), "application/json"
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    started = time.perf_counter()
    try:
        with _OPENER.open(req, timeout=timeout) as resp:
            status, raw = resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read()
        exc.close()
    except (OSError, ValueError) as exc:
        return Reply(None, None, started, time.perf_counter(), error=repr(exc))
    finished = time.perf_counter()
    try:
        body: object = json.loads(raw)
    except ValueError:
        body = raw.decode(errors="replace")
    return Reply(status, body, started, finished)


@dataclass
class Volley:
    """The answers of requests released together, in the order they were given."""

    replies: list[Reply]
    wall: float = field(init=False)

    def __post_init__(self) -> None:
        if self.replies:
            self.wall = max(r.finished for r in self.replies) - min(r.started for r in self.replies)
        else:
            self.wall = 0.0

    def counts(self) -> Counter:
        """How many answers of each status (None: no answer)."""
        return Counter(r.status for r in self.replies)

    def failures(self) -> list[Reply]:
        """Answers that are 5xx or missing."""
        return [r for r in self.replies if r.status is None or r.status >= 500]

    def describe(self) -> str:
        """Status counts, e.g. '201: 1, 409: 23'."""
        return ", ".join(f"{k}: {v}" for k, v in sorted(self.counts().items(), key=lambda kv: str(kv[0])))


def fire_together(url: str, requests: Sequence[tuple[dict, str]], timeout: float = 60) -> Volley:
    """POST every (payload, token) from its own thread, all released at once by a barrier."""
    return fire_together_to([url], requests, timeout)


def fire_together_to(urls: Sequence[str], requests: Sequence[tuple[dict, str]], timeout: float = 60) -> Volley:
    """As fire_together, the i-th request to urls[i % len(urls)]: one race over several servers."""
    barrier = threading.Barrier(len(requests))
    replies: list[Reply | None] = [None] * len(requests)

    def one(i: int, payload: dict, token: str) -> None:
        try:
            barrier.wait(timeout=30)
        except threading.BrokenBarrierError:
            pass
        replies[i] = post_json(urls[i % len(urls)], payload, token, timeout)

    threads = [threading.Thread(target=one, args=(i, p, t)) for i, (p, t) in enumerate(requests)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Volley([r for r in replies if r is not None])


def slot_payload(room_id: int, title: str, start: str, end: str) -> dict:
    """The JSON of POST /api/v1/bookings for one slot (naive local times)."""
    return {"room_id": room_id, "title": title, "start": start, "end": end}


def distinct_slots(n: int, first_day: str = "2027-06-02") -> list[tuple[str, str]]:
    """`n` different one-hour slots between 07:00 and 23:00, day after day."""
    day0 = datetime.fromisoformat(first_day)
    out = []
    for i in range(n):
        start = day0 + timedelta(days=i // 16, hours=7 + i % 16)
        end = start + timedelta(hours=1)
        out.append((start.isoformat(timespec="minutes"), end.isoformat(timespec="minutes")))
    return out


# --- the server's processes (bench/speed.py) ---------------------------------------------------

def worker_pids(server: Gunicorn) -> list[int]:
    """The pids of the gunicorn master's worker processes (its children), in pid order."""
    if server.proc is None:
        return []
    master = server.proc.pid
    found = set()
    for task in Path(f"/proc/{master}/task").glob("*"):
        try:
            found.update(int(p) for p in (task / "children").read_text().split())
        except (OSError, ValueError):
            pass
    return sorted(found)


def memory_kib(pid: int) -> dict[str, int]:
    """VmRSS (resident now) and VmHWM (peak resident) of a process in KiB, from /proc/PID/status."""
    out = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0])
    except OSError:
        pass
    return out
