"""Plain helpers of the API contract tests (fixtures are in conftest.py)."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from booking.extensions import db
from booking.models import AuditEntry, Booking, Building, Occurrence, Organisation, Room, RoomHold

from fixtures.clock import NOW  # noqa: F401  (the suite's pinned 'now', for the tests here)

AMS = ZoneInfo("Europe/Amsterdam")


def counts() -> dict[str, int]:
    """How many rows the booking tables hold, to show a refused request wrote nothing."""
    def n(model):
        return db.session.scalar(select(func.count()).select_from(model))
    db.session.rollback()  # read the committed state
    return {"bookings": n(Booking), "occurrences": n(Occurrence), "holds": n(RoomHold), "rooms": n(Room),
            "audit": n(AuditEntry), "buildings": n(Building)}


def building() -> Building:
    """The one building the tests use (made by the first POST /rooms)."""
    return db.session.scalars(select(Building).order_by(Building.id)).first()


def org_id(name: str) -> int:
    """The id of the organisation called `name`."""
    return db.session.scalars(select(Organisation).where(Organisation.name == name)).one().id


def set_room(room_id: int, **values) -> None:
    """Set columns of a room directly (rules the API does not expose)."""
    room = db.session.get(Room, room_id)
    for k, v in values.items():
        setattr(room, k, v)
    db.session.commit()


def starts(body: dict) -> list[str]:
    """The start times of a booking's occurrences."""
    return [o["start"] for o in body["occurrences"]]


