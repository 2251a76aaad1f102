"""The dataset of issue 7 ("Speed at real size"), built in bulk on SQLite or PostgreSQL.

    .venv/bin/python bench/dataset.py --size 274k --database postgres [--rebuild]

The issue's dataset: 30 rooms booked five times a day, every day at 08:00, 10:00, 13:00, 15:00
and 19:00 for 90 minutes (Europe/Amsterdam wall time), 2024-2028, as daily series of at most
24 months: 30 x 5 x 1,827 days = 274,050 dates. The other sizes keep the density per room and
day (five 90-minute dates) and change the number of rooms or days; 10k still covers the
weeks in which bench/speed.py books its 52-week series (from 2027-01-04):

    10k   5 rooms, 2026-12-01 .. 2028-01-05 (401 days)      10,025 dates
    274k  30 rooms, 2024-01-01 .. 2028-12-31 (1,827 days)  274,050 dates  (the issue's)
    1m    110 rooms, 2024-01-01 .. 2028-12-31              1,004,850 dates

Each room and daily time is one chain of daily series; the chains are cut every 730 days
(24 months at most, as the app allows) and the cuts are staggered by room and time, so that
series end all year round, as they do in a real building. Every date is confirmed, holds its
room (one room_hold row each, buffer 0: blocked_until = ends_at), and has its UTC start and
end computed from the wall time of its own day (so 08:00 is 07:00 UTC in winter and 06:00 UTC
in summer). Series carry the RRULE text the app writes (booking.domain.recurrence.rule_text).

The building is the app's default (config DEFAULT_BUILDING, Europe/Amsterdam, open 07:00-23:00
every day as Building.set_every_day() gives). Six organisations of the five kinds; an admin,
a front-desk worker and two members per organisation (plus eight members for the mixed-load
clients). API tokens are issued afresh by prepare_run() for every benchmark run (ApiToken.issue:
only the SHA-256 is stored); the admin's password is BENCH_PASSWORD (a local benchmark
database, never a real one).

How it is written (no HTTP): the building, rooms, organisations and users through the models;
the series and their audit entries by executemany; the dates and holds by set-based SQL, with
the non-key indexes, the SQLite overlap triggers and the PostgreSQL exclusion constraint
dropped during the load and put back afterwards exactly as the schema had them (their
definitions are read from the database, not retyped), which also proves the dataset free of
overlaps. PostgreSQL: INSERT ... SELECT over generate_series with AT TIME ZONE, then VACUUM
ANALYZE (what autovacuum would do within minutes). SQLite: executemany of precomputed rows
in the exact text form SQLAlchemy writes; no ANALYZE, because the app never runs one.

A built database is reused: PostgreSQL `bench_<size>`, SQLite `instance/bench/bench_<size>.sqlite3`
(BOOKING_BENCH_PREFIX=name gives `name_<size>` instead, so two checkouts can measure side by side).
It is rebuilt when --rebuild is given, when the schema is not at the migrations' head, or when
its 'bench.dataset' audit entry (written with the data) does not describe the wanted dataset.
prepare_run() removes whatever an earlier run left behind (rows above the dataset's own ids).
"""
from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time as dtime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))
import serverkit as kit  # noqa: E402

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

LOCAL_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
CACHE_DIR = ROOT / "instance" / "bench"
DATASET_VERSION = 1  # bump when what build() writes changes: older databases are then rebuilt
ZONE = ZoneInfo("Europe/Amsterdam")
SLOT_TIMES = (dtime(8, 0), dtime(10, 0), dtime(13, 0), dtime(15, 0), dtime(19, 0))
SLOT_MINUTES = 90
CHAIN_DAYS = 730  # a daily series of at most 24 months (2 x 365 days never passes start + 24 months)
BENCH_PASSWORD = "bench-only password 7"
MARK_ACTION = "bench.dataset"

ORGANISATIONS = (
    ("Huisartsenpraktijk Stadsdennen", "care"),
    ("Welzijn Harderwijk", "welfare"),
    ("Wijkteam Stadsdennen", "welfare"),
    ("Vrijwilligerscentrale Noord-Veluwe", "volunteers"),
    ("Bewonersvereniging Stadsdennen", "residents"),
    ("Stichting Buurtsport", "other"),
)
TITLES = ("Spreekuur", "Koffieochtend", "Taalcafé", "Yoga voor 60+", "Overleg wijkteam",
          "Huiswerkbegeleiding", "Repair café", "Bewonersoverleg", "Beweegles", "Inloop")
MIXED_CLIENTS = 8


@dataclass(frozen=True)
class Spec:
    """One size of the dataset."""

    size: str
    rooms: int
    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def dates(self) -> int:
        return self.rooms * len(SLOT_TIMES) * self.days

    def describe(self) -> str:
        return (f"{self.rooms} rooms x {len(SLOT_TIMES)} a day x {self.days} days "
                f"({self.first} .. {self.last}) = {self.dates:,} dates")


SPECS = {
    "10k": Spec("10k", 5, date(2026, 12, 1), date(2028, 1, 5)),
    "274k": Spec("274k", 30, date(2024, 1, 1), date(2028, 12, 31)),
    "1m": Spec("1m", 110, date(2024, 1, 1), date(2028, 12, 31)),
}


@dataclass
class Built:
    """What a run needs to know of a dataset database."""

    uri: str
    database: str  # sqlite | postgres
    spec: Spec
    marks: dict[str, int]  # highest id of each table the dataset itself wrote
    room_ids: list[int]
    booking_ids: list[int]  # the dataset's series, longest first
    build_seconds: float
    built_at: str
    reused: bool
    users: dict[str, list[str]] = field(default_factory=dict)  # role -> e-mails


# --- where a dataset lives -------------------------------------------------------------------

def sqlite_path(spec: Spec) -> Path:
    return CACHE_DIR / f"bench_{spec.size}.sqlite3"


def database_name(spec: Spec) -> str:
    """The built database's name: bench_<size>, or BOOKING_BENCH_PREFIX's prefix instead of bench."""
    return f"{os.environ.get('BOOKING_BENCH_PREFIX', 'bench')}_{spec.size}"


def postgres_uri(base_url: str, spec: Spec) -> str:
    base = make_url(kit.sqlalchemy_url(base_url))
    return base.set(database=database_name(spec)).render_as_string(hide_password=False)


def _admin_engine(base_url: str):
    return create_engine(kit.sqlalchemy_url(base_url), isolation_level="AUTOCOMMIT")


def postgres_exists(base_url: str, name: str) -> bool:
    engine = _admin_engine(base_url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first() is not None
    finally:
        engine.dispose()


def migration_head() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(ROOT / "booking" / "migrations"))
    heads = ScriptDirectory.from_config(cfg).get_heads()
    return ",".join(sorted(heads))


def read_mark(uri: str) -> dict | None:
    """The dataset's own description, if this database holds one at the schema's head."""
    engine = kit.engine_for(uri)
    try:
        with engine.connect() as conn:
            try:
                version = ",".join(sorted(r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))))
                row = conn.execute(text("SELECT detail FROM audit_entry WHERE action = :a ORDER BY id DESC"),
                                   {"a": MARK_ACTION}).first()
            except Exception:
                return None
    finally:
        engine.dispose()
    if row is None:
        return None
    mark = json.loads(row[0])
    mark["schema"] = version
    return mark


def wanted_mark(spec: Spec) -> dict:
    return {"version": DATASET_VERSION, "spec": {"size": spec.size, "rooms": spec.rooms,
                                                  "first": spec.first.isoformat(), "last": spec.last.isoformat()}}


def ensure(database: str, size: str, rebuild: bool = False, postgres_url: str = LOCAL_POSTGRES,
           log=print) -> Built:
    """The dataset of `size` on `database`, built now or reused."""
    spec = SPECS[size]
    if database == "sqlite":
        path = sqlite_path(spec)
        uri = f"sqlite:///{path}"
        exists = path.exists()
    else:
        uri = postgres_uri(postgres_url, spec)
        exists = postgres_exists(postgres_url, database_name(spec))
    if exists and not rebuild:
        mark = read_mark(uri)
        want = wanted_mark(spec)
        if (mark and mark.get("version") == want["version"] and mark.get("spec") == want["spec"]
                and mark.get("schema") == migration_head()):
            log(f"[{database} {size}] reusing {describe_uri(uri)}: {spec.describe()} "
                f"(built {mark['built_at']} in {mark['build_seconds']:.1f} s)")
            return _built_from_mark(uri, database, spec, mark, reused=True)
        why = "no dataset mark" if not mark else (
            "schema not at head" if mark.get("schema") != migration_head() else "another dataset")
        log(f"[{database} {size}] {describe_uri(uri)} exists but holds {why}: rebuilding")
    return build(database, spec, postgres_url, log=log)


def describe_uri(uri: str) -> str:
    if uri.startswith("sqlite:///"):
        return os.path.relpath(uri[len("sqlite:///"):], ROOT)
    return "PostgreSQL database " + (make_url(kit.sqlalchemy_url(uri)).database or "")


def _built_from_mark(uri: str, database: str, spec: Spec, mark: dict, reused: bool) -> Built:
    return Built(uri=uri, database=database, spec=spec, marks=mark["marks"], room_ids=mark["room_ids"],
                 booking_ids=mark["booking_ids"], build_seconds=mark["build_seconds"],
                 built_at=mark["built_at"], reused=reused, users=mark["users"])


# --- building --------------------------------------------------------------------------------

def _fresh_database(database: str, spec: Spec, postgres_url: str) -> str:
    """An empty database at the schema's head, replacing any earlier one of this size."""
    if database == "sqlite":
        path = sqlite_path(spec)
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            p.unlink(missing_ok=True)
        return kit.sqlite_database(path)
    name = database_name(spec)
    engine = _admin_engine(postgres_url)
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    uri = postgres_uri(postgres_url, spec)
    kit.migrate(uri)
    return uri


def chains(spec: Spec, room_index: int, slot_index: int) -> list[tuple[date, date]]:
    """The (first, last) days of the daily series of one room and time: cut every CHAIN_DAYS,
    the first cut staggered by room and time."""
    offset = (room_index * 37 + slot_index * 11) % CHAIN_DAYS
    cuts = [spec.first]
    nxt = spec.first + timedelta(days=offset or CHAIN_DAYS)
    while nxt <= spec.last:
        cuts.append(nxt)
        nxt += timedelta(days=CHAIN_DAYS)
    return [(a, (cuts[i + 1] - timedelta(days=1)) if i + 1 < len(cuts) else spec.last) for i, a in enumerate(cuts)]


def _people(session, orgs):
    """The admin, the front desk and the members, with their e-mails by role."""
    from booking.models import Role, User

    admin = User(email="bench-admin@example.org", name="Bench Admin", role=Role.ADMIN)
    admin.set_password(BENCH_PASSWORD)
    desk = User(email="bench-desk@example.org", name="Bench Balie", role=Role.FRONTDESK)
    members = []
    for i, org in enumerate(orgs):
        for j in range(2):
            members.append(User(email=f"member{i}-{j}@example.org", name=f"Lid {i}-{j}", role=Role.MEMBER,
                                organisation=org))
    clients = [User(email=f"client{i}@example.org", name=f"Client {i}", role=Role.MEMBER,
                    organisation=orgs[i % len(orgs)]) for i in range(MIXED_CLIENTS)]
    session.add_all([admin, desk, *members, *clients])
    return admin, desk, members, clients


def build(database: str, spec: Spec, postgres_url: str = LOCAL_POSTGRES, log=print) -> Built:
    """Write the dataset of `spec` into a fresh database; print and return how long it took."""
    from sqlalchemy.orm import Session

    from booking.domain.recurrence import Recurrence, rule_text
    from booking.models import (AuditEntry, Booking, Building, Organisation, OrganisationKind, Room, Status,
                                Visibility)
    from config import Config

    t0 = time.perf_counter()
    log(f"[{database} {spec.size}] building {spec.describe()}")
    uri = _fresh_database(database, spec, postgres_url)
    t_schema = time.perf_counter()

    # Building, rooms, organisations and people through the models.
    engine = kit.engine_for(uri)
    try:
        with Session(engine) as session:
            building = Building(name=Config.DEFAULT_BUILDING, address="Stadsdennen, Harderwijk", timezone=ZONE.key)
            building.set_every_day()
            rooms = [Room(building=building, name=f"Zaal {i + 1:03d}", capacity=(8, 12, 20, 40)[i % 4],
                          facilities=("beamer", "whiteboard", "keuken", "")[i % 4]) for i in range(spec.rooms)]
            orgs = [Organisation(name=n, kind=OrganisationKind(k)) for n, k in ORGANISATIONS]
            session.add_all([building, *rooms, *orgs])
            admin, desk, members, clients = _people(session, orgs)
            session.commit()
            room_ids = [r.id for r in rooms]
            org_ids = [o.id for o in orgs]
            creators = {}  # organisation id -> the members who book for it
            for m in members:
                creators.setdefault(m.organisation_id, []).append(m.id)
            users = {"admin": [admin.email], "frontdesk": [desk.email], "member": [m.email for m in members],
                     "client": [c.email for c in clients]}
    finally:
        engine.dispose()

    # The series: one per chain, with the RRULE text the app writes.
    bookings, audits, plan = [], [], []
    bid = 0
    for ri, room_id in enumerate(room_ids):
        for si, t in enumerate(SLOT_TIMES):
            org_id = org_ids[(ri + si) % len(org_ids)]
            for first, last in chains(spec, ri, si):
                bid += 1
                start = datetime.combine(first, t)
                end = start + timedelta(minutes=SLOT_MINUTES)
                created = datetime.combine(first - timedelta(days=21), dtime(9, 30), tzinfo=UTC)
                care = org_id == org_ids[0]
                bookings.append(dict(
                    id=bid, room_id=room_id, organisation_id=org_id,
                    creator_id=creators[org_id][bid % len(creators[org_id])],
                    title=f"{TITLES[(ri * 5 + si) % len(TITLES)]} ({ORGANISATIONS[org_ids.index(org_id)][0].split()[0]})",
                    description="", setup_notes="", expected_people=None, decision_note="",
                    visibility=Visibility.PRIVATE if care else (Visibility.PUBLIC, Visibility.INTERNAL)[bid % 2],
                    status=Status.CONFIRMED, created_at=created,
                    recurrence=rule_text(Recurrence(freq="daily", until=last), (start, end))))
                audits.append(dict(at=created, actor_id=bookings[-1]["creator_id"], action="booking.create",
                                   subject_type="booking", subject_id=bid,
                                   detail=json.dumps({"occurrences": (last - first).days + 1, "room_id": room_id,
                                                      "status": "confirmed"}, sort_keys=True)))
                plan.append((bid, room_id, t, first, last))
    engine = kit.engine_for(uri)
    try:
        with engine.begin() as conn:
            conn.execute(Booking.__table__.insert(), bookings)
            conn.execute(AuditEntry.__table__.insert(), audits)
            if database == "postgres":  # the ids were given: move the sequence past them
                conn.execute(text("SELECT setval(pg_get_serial_sequence('booking', 'id'), (SELECT MAX(id) FROM booking))"))
    finally:
        engine.dispose()
    t_series = time.perf_counter()
    log(f"  schema {t_schema - t0:.1f} s; people, rooms and {len(bookings):,} series {t_series - t_schema:.1f} s")

    if database == "postgres":
        _dates_postgres(uri, plan, log)
    else:
        _dates_sqlite(uri, plan, log)
    t_dates = time.perf_counter()

    counts = check(uri, spec, room_ids, log)
    seconds = time.perf_counter() - t0
    marks = _max_ids(uri)
    longest = sorted(bookings, key=lambda b: (-_series_days(b["recurrence"], spec), b["id"]))
    mark = {**wanted_mark(spec), "built_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "build_seconds": round(seconds, 1), "dates_seconds": round(t_dates - t_series, 1),
            "marks": marks, "room_ids": room_ids, "booking_ids": [b["id"] for b in longest], "users": users,
            "counts": counts}
    engine = kit.engine_for(uri)
    try:
        with engine.begin() as conn:
            conn.execute(AuditEntry.__table__.insert(), [dict(
                at=datetime.now(UTC), actor_id=None, action=MARK_ACTION, subject_type="dataset", subject_id=None,
                detail="")])
            mark["marks"]["audit_entry"] = conn.execute(text(
                "SELECT MAX(id) FROM audit_entry WHERE action = :a"), {"a": MARK_ACTION}).scalar_one()
            conn.execute(text("UPDATE audit_entry SET detail = :d WHERE id = :i"),
                         {"d": json.dumps(mark, sort_keys=True), "i": mark["marks"]["audit_entry"]})
    finally:
        engine.dispose()
    log(f"[{database} {spec.size}] built in {seconds:.1f} s ({counts['occurrence']:,} dates, "
        f"{counts['room_hold']:,} holds, {counts['booking']:,} series)")
    return _built_from_mark(uri, database, spec, mark, reused=False)


def _series_days(rule: str, spec: Spec) -> int:
    first = datetime.strptime(rule.split("DTSTART:")[1][:8], "%Y%m%d").date()
    last = datetime.strptime(rule.split("UNTIL=")[1][:8], "%Y%m%d").date()
    return (last - first).days + 1


def _dates_postgres(uri: str, plan: list[tuple], log) -> None:
    """Dates and holds by INSERT ... SELECT, the indexes and the overlap guard dropped meanwhile."""
    engine = kit.engine_for(uri)
    try:
        with engine.begin() as conn:
            indexes = conn.execute(text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
                "AND tablename IN ('occurrence', 'room_hold') AND indexname NOT LIKE 'pk\\_%' "
                "AND indexname NOT IN (SELECT conname FROM pg_constraint)")).all()
            constraints = conn.execute(text(
                "SELECT conname, conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = 'room_hold'::regclass AND contype = 'x'")).all()
            for name, table, _ in constraints:
                conn.execute(text(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"'))
            for name, _ in indexes:
                conn.execute(text(f'DROP INDEX "{name}"'))
            conn.execute(text("CREATE TEMP TABLE bench_plan (booking_id int, room_id int, t time, "
                              "first_day date, last_day date) ON COMMIT DROP"))
            conn.execute(text("INSERT INTO bench_plan VALUES (:b, :r, :t, :f, :l)"),
                         [dict(b=b, r=r, t=t, f=f, l=l) for b, r, t, f, l in plan])
            t0 = time.perf_counter()
            conn.execute(text(
                "INSERT INTO occurrence (booking_id, room_id, starts_at, ends_at, blocked_until, status, cancel_reason) "
                "SELECT p.booking_id, p.room_id, (d.day + p.t) AT TIME ZONE :zone, "
                "       (d.day + p.t + make_interval(mins => :minutes)) AT TIME ZONE :zone, "
                "       (d.day + p.t + make_interval(mins => :minutes)) AT TIME ZONE :zone, 'confirmed', '' "
                "FROM bench_plan p CROSS JOIN LATERAL "
                "     generate_series(p.first_day::timestamp, p.last_day::timestamp, interval '1 day') AS d(day) "
                "ORDER BY p.booking_id, d.day"), {"zone": ZONE.key, "minutes": SLOT_MINUTES})
            t1 = time.perf_counter()
            conn.execute(text("INSERT INTO room_hold (occurrence_id, room_id, starts_at, blocked_until) "
                              "SELECT id, room_id, starts_at, blocked_until FROM occurrence ORDER BY id"))
            t2 = time.perf_counter()
            for _, definition in indexes:
                conn.execute(text(definition))
            t3 = time.perf_counter()
            for name, table, definition in constraints:
                conn.execute(text(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'))
            t4 = time.perf_counter()
        log(f"  dates {t1 - t0:.1f} s, holds {t2 - t1:.1f} s, {len(indexes)} indexes {t3 - t2:.1f} s, "
            f"exclusion constraint back (checks every hold) {t4 - t3:.1f} s")
        t5 = time.perf_counter()
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
        log(f"  VACUUM ANALYZE {time.perf_counter() - t5:.1f} s")
    finally:
        engine.dispose()


def _sqlite_datetime():
    """How SQLAlchemy writes an aware UTC instant into the app's columns on SQLite."""
    from sqlalchemy.dialects import sqlite

    from booking.models import Occurrence

    dialect = sqlite.dialect()
    proc = Occurrence.__table__.c.starts_at.type.dialect_impl(dialect).bind_processor(dialect)
    sample = proc(datetime(2027, 3, 29, 7, 0, tzinfo=UTC))
    assert isinstance(sample, str) and sample.startswith("2027-03-29 07:00:00"), sample
    return proc


def _dates_sqlite(uri: str, plan: list[tuple], log) -> None:
    """Dates by executemany and holds by INSERT ... SELECT, the indexes and triggers dropped meanwhile."""
    as_text = _sqlite_datetime()
    path = uri[len("sqlite:///"):]
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous=OFF")  # this connection only; the file stays as the app made it
        schema = conn.execute("SELECT type, name, sql FROM sqlite_master WHERE tbl_name IN ('occurrence', 'room_hold') "
                              "AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name").fetchall()
        conn.execute("BEGIN")
        for kind, name, _ in schema:
            conn.execute(f'DROP {kind.upper()} "{name}"')
        t0 = time.perf_counter()
        cache: dict[tuple[date, dtime], tuple[str, str]] = {}

        def utc_pair(day: date, t: dtime) -> tuple[str, str]:
            key = (day, t)
            if key not in cache:
                start = datetime.combine(day, t)
                end = start + timedelta(minutes=SLOT_MINUTES)
                cache[key] = (as_text(start.replace(tzinfo=ZONE).astimezone(UTC)),
                              as_text(end.replace(tzinfo=ZONE).astimezone(UTC)))
            return cache[key]

        def rows():
            for b, r, t, first, last in plan:
                for n in range((last - first).days + 1):
                    s, e = utc_pair(first + timedelta(days=n), t)
                    yield (b, r, s, e, e)

        conn.executemany("INSERT INTO occurrence (booking_id, room_id, starts_at, ends_at, blocked_until, status, "
                         "cancel_reason) VALUES (?, ?, ?, ?, ?, 'confirmed', '')", rows())
        t1 = time.perf_counter()
        conn.execute("INSERT INTO room_hold (occurrence_id, room_id, starts_at, blocked_until) "
                     "SELECT id, room_id, starts_at, blocked_until FROM occurrence ORDER BY id")
        t2 = time.perf_counter()
        for kind, _, sql in schema:
            if kind == "index":
                conn.execute(sql)
        t3 = time.perf_counter()
        for kind, _, sql in schema:
            if kind == "trigger":
                conn.execute(sql)
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        log(f"  dates {t1 - t0:.1f} s, holds {t2 - t1:.1f} s, "
            f"{sum(k == 'index' for k, _, _ in schema)} indexes {t3 - t2:.1f} s, "
            f"{sum(k == 'trigger' for k, _, _ in schema)} overlap triggers back")
    finally:
        conn.close()


# --- checks ----------------------------------------------------------------------------------

OVERLAPS = """
SELECT COUNT(*) FROM (
  SELECT starts_at,
         MAX(blocked_until) OVER (PARTITION BY room_id ORDER BY starts_at, id
                                  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS earlier_until
  FROM {table} {where}) x
WHERE starts_at < earlier_until
"""


def overlaps(conn, room_ids: list[int] | None = None) -> dict[str, int]:
    """How many holds overlap an earlier hold of the same room, and how many active dates overlap an
    earlier active date of the same room (both must be 0). One sorted pass per table, any size."""
    rooms = f"room_id IN ({','.join(str(int(r)) for r in room_ids)})" if room_ids else ""
    holds = OVERLAPS.format(table="room_hold", where=f"WHERE {rooms}" if rooms else "")
    dates = OVERLAPS.format(table="occurrence", where="WHERE status IN ('confirmed', 'pending')"
                            + (f" AND {rooms}" if rooms else ""))
    return {"holds": conn.execute(text(holds)).scalar_one(), "active dates": conn.execute(text(dates)).scalar_one()}


def check(uri: str, spec: Spec, room_ids: list[int], log=print) -> dict[str, int]:
    """Counts as expected, DST handled as the app does, every date holding its room, no overlap."""
    from booking.domain.clock import local_to_utc
    from booking.models import Occurrence

    engine = kit.engine_for(uri)
    try:
        with engine.connect() as conn:
            counts = {t: conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one()
                      for t in ("booking", "occurrence", "room_hold")}
            assert counts["occurrence"] == spec.dates == counts["room_hold"], counts
            # Summer and winter, and the two DST days of each year, against the app's own conversion.
            t = Occurrence.__table__
            samples = []
            for day in (spec.first, spec.last, date(2027, 3, 28), date(2027, 3, 27), date(2027, 10, 31),
                        date(2024, 10, 27), date(2028, 3, 26), date(2027, 7, 1)):
                if not spec.first <= day <= spec.last:
                    continue
                for slot in SLOT_TIMES:
                    want = local_to_utc(datetime.combine(day, slot), ZONE)
                    some = sorted({room_ids[0], room_ids[len(room_ids) // 2], room_ids[-1]})
                    got = conn.execute(t.select().with_only_columns(t.c.starts_at, t.c.ends_at).where(
                        t.c.room_id.in_(some), t.c.starts_at == want)).all()
                    assert len(got) == len(some), (day, slot, want, len(got))
                    assert all(e - s == timedelta(minutes=SLOT_MINUTES) for s, e in got), got[:2]
                    samples.append(want)
            found = overlaps(conn)
            assert found == {"holds": 0, "active dates": 0}, found
            orphans = conn.execute(text("SELECT COUNT(*) FROM occurrence o WHERE NOT EXISTS "
                                        "(SELECT 1 FROM room_hold h WHERE h.occurrence_id = o.id)")).scalar_one()
            assert orphans == 0, orphans
    finally:
        engine.dispose()
    log(f"  checked: counts, {len(samples)} UTC times against the app's conversion (DST days included), "
        f"no overlapping holds or dates, every date holds its room")
    return counts


TABLES_BY_ID = ("outbox_message", "mail_notice", "room_hold", "occurrence", "booking", "audit_entry", "user_session")
WRITTEN_BY_BOOKING = ("outbox_message", "mail_notice", "room_hold", "occurrence", "booking", "audit_entry")  # what a booking request adds


def _max_ids(uri: str) -> dict[str, int]:
    engine = kit.engine_for(uri)
    try:
        with engine.connect() as conn:
            return {t: conn.execute(text(f"SELECT COALESCE(MAX(id), 0) FROM {t}")).scalar_one() for t in TABLES_BY_ID}
    finally:
        engine.dispose()


# --- runs ------------------------------------------------------------------------------------

def restore(built: Built) -> dict[str, int]:
    """Delete every row a benchmark added after the dataset (rows above its ids): what is left is
    the dataset as built. Returns the number of rows deleted per table."""
    engine = kit.engine_for(built.uri)
    deleted = {}
    try:
        with engine.begin() as conn:
            for table in TABLES_BY_ID:  # mail and holds before dates before series: no foreign key is left dangling; a table newer than the dataset has no mark (0: the build wrote none)
                n = conn.execute(text(f"DELETE FROM {table} WHERE id > :m"), {"m": built.marks.get(table, 0)}).rowcount
                if n:
                    deleted[table] = n
            # No run changes a dataset date; make sure of it.
            changed = conn.execute(text("SELECT COUNT(*) FROM occurrence WHERE status <> 'confirmed'")).scalar_one()
            assert changed == 0, f"{changed} dataset dates are no longer confirmed"
    finally:
        engine.dispose()
    return deleted


def prepare_run(built: Built) -> dict[str, str]:
    """Restore the dataset and issue a fresh API token to every user (marked as just used, so that a
    request does not write last_used_at); returns the plain tokens by e-mail."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from booking.models import ApiToken, User

    restore(built)
    engine = kit.engine_for(built.uri)
    tokens = {}
    try:
        with Session(engine) as session:
            session.execute(ApiToken.__table__.delete())
            for user in session.scalars(select(User)):
                token, plain = ApiToken.issue(user)
                token.last_used_at = datetime.now(UTC)
                session.add(token)
                tokens[user.email] = plain
            session.commit()
    finally:
        engine.dispose()
    return tokens


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=tuple(SPECS), default="10k")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--rebuild", action="store_true", help="build afresh even when a built one exists")
    parser.add_argument("--postgres-url", default=os.environ.get("BOOKING_BENCH_POSTGRES_URL", LOCAL_POSTGRES))
    args = parser.parse_args(argv)
    built = ensure(args.database, args.size, args.rebuild, args.postgres_url)
    print(f"{built.uri}: {len(built.booking_ids):,} series in {len(built.room_ids)} rooms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
