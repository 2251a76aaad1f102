"""SQLite's overlap guard (migration 0006) and the SQLite clash read (schedule.held_in).

Both rest on one fact: the triggers keep the holds of one room apart, so a new hold [s, b)
overlaps iff a hold of the room starts in [s, b), or the last hold to start before s ends after
s. These tests prove the triggers still refuse every overlap (rows written straight into
room_hold of a migrated database, no app code in between), and that neither the triggers nor
the clash read grow with the number of earlier holds in the room: their query plans search
ix_room_hold_room_time with both bounds, and the SQLite VM steps they take (counted with a
progress handler) stay the same with 2,000 holds in the room as with 20.
"""
from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, insert, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from booking.bookings import schedule
from booking.bookings.locking import is_overlap_violation
from booking.extensions import db
from booking.models import Booking, Building, Occurrence, Organisation, OrganisationKind, Room, RoomHold

# The triggers exist on SQLite only (PostgreSQL has its exclusion constraint, tested elsewhere).
pytestmark = pytest.mark.parametrize("database_uri", ["sqlite"], indirect=True)

DAY = datetime(2027, 3, 1, tzinfo=UTC)
HOLDS = RoomHold.__table__


def at(hour: float) -> datetime:
    return DAY + timedelta(minutes=round(hour * 60))


@pytest.fixture
def place(app):
    """Two rooms and one date that owns every hold the tests write."""
    building = Building(name="De Kiekmure")
    building.set_every_day()
    a, b = Room(building=building, name="Zaal A", capacity=20), Room(building=building, name="Zaal B", capacity=20)
    org = Organisation(name="Buurtwerk", kind=OrganisationKind("welfare"))
    booking = Booking(room=a, organisation=org, title="Les")
    occurrence = Occurrence(booking=booking, room=a, starts_at=at(0), ends_at=at(1), blocked_until=at(1))
    db.session.add_all([building, a, b, org, booking, occurrence])
    db.session.commit()
    return {"a": a.id, "b": b.id, "occurrence": occurrence.id}


def put(place, room: str, start: float, end: float) -> int:
    """Insert one hold in its own transaction; its id."""
    with db.engine.begin() as conn:
        return conn.execute(insert(HOLDS).values(occurrence_id=place["occurrence"], room_id=place[room],
                                                 starts_at=at(start), blocked_until=at(end))).inserted_primary_key[0]


def move(hold_id: int, place, room: str, start: float, end: float) -> None:
    with db.engine.begin() as conn:
        conn.execute(update(HOLDS).where(HOLDS.c.id == hold_id).values(
            room_id=place[room], starts_at=at(start), blocked_until=at(end)))


def refused(write) -> bool:
    try:
        write()
    except IntegrityError as exc:
        assert is_overlap_violation(exc), exc
        return True
    return False


def test_the_triggers_are_the_index_friendly_ones(app):
    sql = dict(db.session.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")).all())
    for name in ("room_hold_overlap_insert", "room_hold_overlap_update"):
        assert "ORDER BY h.starts_at DESC LIMIT 1" in sql[name]
        assert "RAISE(ABORT, 'room_hold_overlap')" in sql[name]


@pytest.mark.parametrize("start, end, overlaps", [
    (10.5, 11.5, True),    # inside
    (9, 13, True),         # around
    (9, 10.5, True),       # starts before, reaches in
    (11.5, 13, True),      # starts inside, ends after
    (10, 12, True),        # identical
    (10, 11, True),        # same start, ends sooner
    (11, 12, True),        # same end, starts later
    (8, 10, False),        # back to back before
    (12, 14, False),       # back to back after
    (6, 9, False),         # well before
    (13, 15, False),       # well after
])
def test_an_insert_overlapping_a_hold_is_refused(place, start, end, overlaps):
    put(place, "a", 10, 12)
    assert refused(lambda: put(place, "a", start, end)) is overlaps


def test_another_room_at_the_same_time_is_allowed(place):
    put(place, "a", 10, 12)
    assert not refused(lambda: put(place, "b", 10, 12))


def test_a_hold_spanning_several_or_reaching_from_far_back_is_refused(place):
    for start in (8, 10, 12):
        put(place, "a", start, start + 2)
    put(place, "a", 1, 7)                                 # a long hold, the last before 6.5 starts at 1
    assert refused(lambda: put(place, "a", 7, 15))        # covers three
    assert refused(lambda: put(place, "a", 6.5, 7))       # inside the long one
    assert refused(lambda: put(place, "a", 13.99, 15))    # the last minute of 12-14
    assert not refused(lambda: put(place, "a", 14, 15))
    assert not refused(lambda: put(place, "a", 0, 1))


def test_an_update_onto_another_hold_is_refused_and_a_hold_may_move_over_itself(place):
    first = put(place, "a", 10, 12)
    second = put(place, "a", 12, 14)
    assert refused(lambda: move(second, place, "a", 11, 13))     # onto the first
    assert refused(lambda: move(second, place, "a", 9, 10.5))    # reaching into the first from before
    assert refused(lambda: move(first, place, "a", 13, 15))      # onto the second
    assert not refused(lambda: move(second, place, "a", 12.5, 14.5))  # its own old row is the one before
    assert not refused(lambda: move(second, place, "a", 12.5, 13))    # its own old row starts inside
    assert not refused(lambda: move(first, place, "a", 9, 12.5))      # back to back with the moved second
    other = put(place, "b", 10, 11)
    assert refused(lambda: move(other, place, "a", 10, 11))      # into the other room, onto a hold there
    assert not refused(lambda: move(other, place, "a", 14.5, 16))


def test_random_inserts_are_refused_exactly_when_they_overlap(place):
    """A model of the rule (no two accepted holds of a room overlap) against the trigger."""
    rng = random.Random(7)
    accepted: list[tuple[int, int]] = []
    for _ in range(300):
        s = rng.randrange(0, 96)
        e = s + rng.choice([1, 1, 2, 3, 4, 8])
        overlaps = any(a < e and s < b for a, b in accepted)
        assert refused(lambda: put(place, "a", s / 4, e / 4)) is overlaps, (s, e)
        if not overlaps:
            accepted.append((s, e))
    assert len(accepted) > 20


# --- cost -------------------------------------------------------------------------------------

def fill(place, room: str, n: int) -> None:
    """n back-to-back one-hour holds ending at hour 0 of DAY (all earlier than what the tests write)."""
    with db.engine.begin() as conn:
        conn.execute(insert(HOLDS), [{"occurrence_id": place["occurrence"], "room_id": place[room],
                                      "starts_at": at(-n + k), "blocked_until": at(-n + k + 1)} for k in range(n)])


def vm_steps(conn, work) -> int:
    """SQLite VM instructions `work` takes on `conn` (trigger programs included)."""
    raw = conn.connection.driver_connection
    steps = 0

    def tick():
        nonlocal steps
        steps += 1
        return 0

    raw.set_progress_handler(tick, 1)
    try:
        work()
    finally:
        raw.set_progress_handler(None, 1)
    return steps


def insert_steps(place, room: str) -> int:
    with db.engine.connect() as conn:
        def work():
            for hour in (10, 14, 18):
                conn.execute(insert(HOLDS).values(occurrence_id=place["occurrence"], room_id=place[room],
                                                  starts_at=at(hour), blocked_until=at(hour + 1)))
        steps = vm_steps(conn, work)
        conn.rollback()
    return steps


def weekly(hour: float, weeks: int = 52) -> list[tuple[datetime, datetime]]:
    return [(at(hour) + timedelta(weeks=k), at(hour + 1) + timedelta(weeks=k)) for k in range(weeks)]


def clash_read_steps(place, room: str) -> int:
    with db.engine.connect() as conn:
        session = Session(bind=conn)
        room_obj = session.get(Room, place[room])
        room_obj.unit_ids()
        steps = vm_steps(conn, lambda: schedule.held_in(session, room_obj, weekly(10)))
        session.close()
    return steps


def test_the_trigger_does_not_read_the_earlier_holds_of_the_room(place):
    fill(place, "a", 2000)
    fill(place, "b", 20)
    many, few = insert_steps(place, "a"), insert_steps(place, "b")
    assert many < 1.5 * few, (many, few)   # the 0001 triggers: ~100 times as many


def test_the_clash_read_does_not_read_the_earlier_holds_of_the_room(place):
    fill(place, "a", 2000)
    fill(place, "b", 20)
    many, few = clash_read_steps(place, "a"), clash_read_steps(place, "b")
    assert many < 1.5 * few, (many, few)


def plan(sql: str, params=None) -> str:
    with db.engine.connect() as conn:
        return "\n".join(row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params or ()))


BOTH_BOUNDS = r"USING (COVERING )?INDEX ix_room_hold_room_time \(room_id=\? AND starts_at>\? AND starts_at<\?\)"
LAST_BEFORE = r"USING (COVERING )?INDEX ix_room_hold_room_time \(room_id=\? AND starts_at<\?\)"


def test_the_trigger_conditions_search_the_index(place):
    for name in ("room_hold_overlap_insert", "room_hold_overlap_update"):
        sql = db.session.execute(text("SELECT sql FROM sqlite_master WHERE name = :n"), {"n": name}).scalar_one()
        condition = re.search(r"\bWHEN\b(.*)\bBEGIN\b", sql, re.S).group(1)
        query = re.sub(r"\bNEW\.(\w+)", r":\1", condition)
        shown = plan(f"SELECT {query}", {"room_id": 1, "id": 1, "starts_at": "x", "blocked_until": "y"})
        assert re.search(r"SEARCH h " + BOTH_BOUNDS, shown), shown
        assert re.search(r"SEARCH h " + LAST_BEFORE, shown), shown
        assert not re.search(r"SCAN (h|room_hold)\b", shown) and "TEMP B-TREE" not in shown, shown


@pytest.mark.parametrize("exclude", [(), (1, 2, 3)])
def test_the_clash_read_searches_the_index_with_both_bounds(place, exclude):
    fill(place, "a", 50)
    seen: list[tuple[str, object]] = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    room = db.session.get(Room, place["a"])
    room.unit_ids()
    with _listening(keep):
        schedule.held_in(db.session, room, weekly(10), exclude)
    [(sql, params)] = [(s, p) for s, p in seen if "room_hold" in s]
    shown = plan(sql, params)
    assert re.search(r"SEARCH inside " + BOTH_BOUNDS, shown), shown
    assert re.search(r"SEARCH earlier " + LAST_BEFORE, shown), shown
    assert not re.search(r"SCAN (inside|earlier|last_before|room_hold)\b", shown), shown
    assert "TEMP B-TREE" not in shown, shown


class _listening:
    def __init__(self, fn):
        self.fn = fn

    def __enter__(self):
        event.listen(db.engine, "before_cursor_execute", self.fn)

    def __exit__(self, *exc):
        event.remove(db.engine, "before_cursor_execute", self.fn)


def test_the_clash_read_finds_what_overlaps_and_honours_exclude(place):
    """held_in finds every hold reaching into a window, also past excluded ones, and nothing else."""
    booking_id = db.session.get(Occurrence, place["occurrence"]).booking_id
    db.session.commit()
    with db.engine.begin() as conn:
        other = conn.execute(insert(Occurrence.__table__).values(
            booking_id=booking_id, room_id=place["a"],
            starts_at=at(0), ends_at=at(1), blocked_until=at(1), status="confirmed", cancel_reason="")
        ).inserted_primary_key[0]
    rng = random.Random(3)
    holds: list[tuple[int, int, int, int]] = []  # id, start, end (quarters), occurrence
    t = 0
    while t < 4 * 24 * 3:
        t += rng.choice([0, 0, 1, 4])
        length = rng.choice([1, 2, 4, 12, 40])
        occ = rng.choice([place["occurrence"], other])
        with db.engine.begin() as conn:
            hid = conn.execute(insert(HOLDS).values(occurrence_id=occ, room_id=place["a"], starts_at=at(t / 4),
                                                    blocked_until=at((t + length) / 4))).inserted_primary_key[0]
        holds.append((hid, t, t + length, occ))
        t += length
    room = db.session.get(Room, place["a"])
    for trial in range(200):
        windows = []
        for _ in range(rng.choice([1, 3, 30])):
            s = rng.randrange(-8, 4 * 24 * 3 + 8)
            windows.append((s, s + rng.choice([1, 2, 5, 20])))
        exclude = [other] if trial % 2 else []
        want = {hid for hid, a, b, occ in holds if occ not in exclude and any(a < e and s < b for s, e in windows)}
        got = schedule.held_in(db.session, room, [(at(s / 4), at(e / 4)) for s, e in windows], exclude)
        assert {h.id for h in got} == want, (trial, windows)
        assert all(h.occurrence is not None and h.occurrence.booking is not None for h in got)
