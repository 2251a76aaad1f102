"""Fixtures of the API contract tests: callers by role, a booking poster, building rules.

The app, client, database and people fixtures are the suite's own (tests/fixtures/).
"""
from __future__ import annotations

from datetime import datetime

import pytest

from booking.extensions import db
from booking.models import Closure, OpeningHours

from .helpers import AMS, building


@pytest.fixture
def caller(people):
    """Headers of a user with `role` in organisation `org` (None: no organisation), one per (role, org, tag)."""
    made: dict[tuple, dict[str, str]] = {}

    def make(role: str = "member", org: str | None = "Welzijn Harderwijk", tag: str = "") -> dict[str, str]:
        key = (role, org, tag)
        if key not in made:
            made[key] = people.token(people.user(role, org=org))
        return made[key]
    return make


@pytest.fixture
def member(caller):
    """A member of Welzijn Harderwijk."""
    return caller("member", "Welzijn Harderwijk")


@pytest.fixture
def other_member(caller):
    """A member of another organisation, the GP practice."""
    return caller("member", "Huisartsenpraktijk Stadsdennen")


@pytest.fixture
def frontdesk(caller):
    """A front-desk worker of the centre."""
    return caller("frontdesk", "De Kiekmure")


@pytest.fixture
def room(make_room):
    """A meeting room for 12 without changeover buffer."""
    return make_room("Vergaderzaal", 12)


@pytest.fixture
def book(client):
    """POST /api/v1/bookings with a sensible body; returns the response."""
    def post(headers, room, start, end, title="Overleg", **extra):
        room_id = room["id"] if isinstance(room, dict) else room
        body = {"room_id": room_id, "title": title, "start": start, "end": end, **extra}
        return client.post("/api/v1/bookings", json=body, headers=headers)
    return post


@pytest.fixture
def booked(book):
    """Like `book`, but asserts 201 and returns the JSON."""
    def post(*args, **kwargs):
        resp = book(*args, **kwargs)
        assert resp.status_code == 201, resp.get_json()
        return resp.get_json()
    return post


@pytest.fixture
def set_hours(room):
    """Set the building's opening hours: {weekday: (opens_minute, closes_minute)}; absent days closed."""
    def set_(days: dict[int, tuple[int, int]]) -> None:
        b = building()
        b.opening_hours.clear()
        db.session.flush()
        b.opening_hours = [OpeningHours(weekday=d, opens_minute=o, closes_minute=c) for d, (o, c) in days.items()]
        db.session.commit()
    return set_


@pytest.fixture
def open_all_day(set_hours):
    """The building open around the clock (to reach the hours of the DST nights)."""
    set_hours({d: (0, 24 * 60) for d in range(7)})


@pytest.fixture
def close(room):
    """Add a closure between two naive local times, of the building or of one room."""
    def add(start: str, end: str, reason: str, room_id: int | None = None) -> None:
        db.session.add(Closure(building_id=building().id, room_id=room_id, reason=reason,
                               starts_at=datetime.fromisoformat(start).replace(tzinfo=AMS),
                               ends_at=datetime.fromisoformat(end).replace(tzinfo=AMS)))
        db.session.commit()
    return add
