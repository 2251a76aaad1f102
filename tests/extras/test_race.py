"""The last beamer, asked for at the same moment with bookings of different rooms, goes to exactly one of them,
also with several server processes (gunicorn, as in tests/test_concurrency.py).

Different rooms take different room locks, so only the lock on the extra's row (PostgreSQL: SELECT ... FOR
UPDATE; SQLite: BEGIN IMMEDIATE) keeps them apart. The negative control switches the guard off (and widens
the gap between check and write) and must see the beamer promised twice: proof that the harness can catch it.
"""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import serverkit as kit

pytestmark = pytest.mark.slow

ROOMS = 8
UNGUARDED = {"BOOKING_BOOKING_GUARD": "false", "BOOKING_RACE_DELAY": "0.2"}
SLOTS = [(f"2027-06-01T{h:02d}:00", f"2027-06-01T{h + 1:02d}:00") for h in (10, 12, 14, 16, 18, 20)]


def seed(uri: str) -> tuple[list[int], int, list[str]]:
    """The race's building (serverkit.seed) with ROOMS more rooms and one beamer; (room ids, beamer id, tokens)."""
    from booking.models import Building, Extra, ExtraKind, Room

    made = kit.seed(uri, ROOMS)
    engine = kit.engine_for(uri)
    try:
        with Session(engine) as session:
            building = session.scalars(select(Building)).one()
            rooms = [Room(building=building, name=f"Ruimte {i}", capacity=10) for i in range(ROOMS)]
            beamer = Extra(building=building, name="Beamer", kind=ExtraKind.LOAN, stock=1)
            session.add_all([*rooms, beamer])
            session.commit()
            return [r.id for r in rooms], beamer.id, made.tokens
    finally:
        engine.dispose()


def promised(uri: str, beamer_id: int, start: str) -> int:
    """How many active bookings hold the beamer on the slot starting at `start`."""
    from booking.models import ACTIVE_STATUSES, BookingExtra, Occurrence

    engine = kit.engine_for(uri)
    try:
        with engine.connect() as conn:
            at = datetime.fromisoformat(start).replace(tzinfo=kit.ZONE)
            return conn.scalar(select(func.count()).select_from(BookingExtra).join(
                Occurrence, Occurrence.booking_id == BookingExtra.booking_id).where(
                BookingExtra.extra_id == beamer_id, Occurrence.status.in_(ACTIVE_STATUSES),
                Occurrence.starts_at == at))
    finally:
        engine.dispose()


def fire(server: kit.Gunicorn, room_ids: list[int], beamer_id: int, tokens: list[str], start: str, end: str):
    """One request per room, each for the beamer, all released together."""
    requests = [({**kit.slot_payload(room, f"Race {i}", start, end), "extras": [{"extra_id": beamer_id, "quantity": 1}]},
                 tokens[i]) for i, room in enumerate(room_ids)]
    return kit.fire_together(server.base_url + "/api/v1/bookings", requests)


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_the_last_beamer_has_one_winner(backend, tmp_path, sqlite_template):
    """A volley per slot, until one was served by several server processes at once (a quick server may answer
    a small volley from one process): every volley has exactly one winner."""
    with kit.fresh_database(backend, tmp_path / "beamer.sqlite3", sqlite_template) as uri:
        rooms, beamer, tokens = seed(uri)
        with kit.Gunicorn(uri, workers=4, threads=2) as server:
            for start, end in SLOTS:
                since = len(server.access_lines())
                volley = fire(server, rooms, beamer, tokens, start, end)
                workers = server.served_by("POST", "/api/v1/bookings", since=since)
                log = server.log()
                held = promised(uri, beamer, start)
                odd = [(r.status, r.body, r.error) for r in volley.replies if r.status not in (201, 409)]
                assert not odd, f"{volley.describe()}: {odd}\n{log[-4000:]}"
                assert volley.counts()[201] == 1 and volley.counts()[409] == ROOMS - 1, volley.describe()
                for reply in volley.replies:
                    if reply.status == 409:
                        body = reply.json()
                        assert body["error"] == "extras_unavailable", body
                        day = f"{start[8:10]}-{start[5:7]}-{start[:4]}"
                        assert body["message"] == f"Not enough Beamer free on {day}: 0 of 1 free, 1 asked.", body
                assert held == 1
                if len(workers) >= 2:
                    break
    assert len(workers) >= 2, "several server processes must take part in one volley"


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_negative_control_sees_the_beamer_promised_twice(backend, tmp_path, sqlite_template):
    """With the guard off, the same harness catches more than one winner for the one beamer."""
    with kit.fresh_database(backend, tmp_path / "beamer.sqlite3", sqlite_template) as uri:
        rooms, beamer, tokens = seed(uri)
        with kit.Gunicorn(uri, workers=4, threads=2, env=UNGUARDED) as server:
            tried = []
            for start, end in SLOTS:
                winners = fire(server, rooms, beamer, tokens, start, end).counts()[201]
                held = promised(uri, beamer, start)
                tried.append((start, winners, held))
                if held > 1:
                    break
            log = server.log()
    assert held > 1, f"the unguarded path never promised the beamer twice {tried}: the harness proves nothing\n" \
                     f"{log[-3000:]}"
