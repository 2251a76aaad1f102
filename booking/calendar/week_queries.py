"""Reads of the week and month pages: a fixed number of statements, whatever the rooms and bookings.

A room's page: one statement for every room of the building with its parts (what shares an
indivisible room with it, and the rooms to switch to), one for its building with its opening
hours, one for the dates overlapping the span with their booking, organisation and room, and one for
the closures (schedule.building_closures). An organisation's page: one for the organisation and
one for its dates with booking and room.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from ..bookings.schedule import building_closures
from ..domain.ids import is_id
from ..domain.rules import LONGEST_DATE, ClosurePeriod
from ..models import ACTIVE_STATUSES, Booking, Building, Occurrence, Organisation, Room


@dataclass(frozen=True)
class RoomPlace:
    """A room with the other rooms of its building, and those it shares an indivisible room with."""

    room: Room
    rooms: list[Room]          # the building's active rooms by name (and this one, if inactive)
    sharing: list[Room]        # this room, its parts, and the combinations that hold any of its parts

    @property
    def sharing_ids(self) -> list[int]:
        return sorted(r.id for r in self.sharing)


def room_place(session: Session, room_id: int) -> RoomPlace | None:
    """Every room of the room's building with its parts, then the building with its opening hours:
    two statements; None for an unknown room."""
    if not is_id(room_id):
        return None
    building = select(Room.building_id).where(Room.id == room_id).scalar_subquery()
    # Two statements, not one: joining the opening hours to every room multiplied the rows by seven,
    # and turning those rows into objects cost more than the round trip saved.
    rooms = list(session.scalars(
        select(Room).where(Room.building_id == building).options(joinedload(Room.parts))
        .order_by(Room.name, Room.id)).unique())
    room = next((r for r in rooms if r.id == room_id), None)
    if room is None:
        return None
    home = session.scalars(select(Building).where(Building.id == room.building_id)
                           .options(joinedload(Building.opening_hours))).unique().one()
    for r in rooms:  # every room of the page is in this building
        set_committed_value(r, "building", home)
    units = room.unit_ids()
    sharing = [r for r in rooms if r.unit_ids() & units]
    return RoomPlace(room, [r for r in rooms if r.active or r.id == room_id], sharing)


def room_dates(session: Session, place: RoomPlace, start: datetime, end: datetime) -> list[Occurrence]:
    """The confirmed and pending dates overlapping [start, end) that hold the room: its own, and those
    of the rooms it shares an indivisible room with; each with its booking, organisation and room."""
    q = (select(Occurrence).join(Occurrence.booking).join(Booking.organisation)
         .where(Occurrence.room_id.in_(place.sharing_ids), Occurrence.status.in_(ACTIVE_STATUSES),
                Occurrence.starts_at < end, Occurrence.ends_at > start,
                Occurrence.starts_at > start - LONGEST_DATE)  # a range of starts, not all history
         .options(contains_eager(Occurrence.booking).contains_eager(Booking.organisation),
                  joinedload(Occurrence.room))
         .order_by(Occurrence.starts_at, Occurrence.id))
    return list(session.scalars(q).unique())


def room_closures(session: Session, place: RoomPlace, start: datetime, end: datetime) -> list[ClosurePeriod]:
    """The closures of the building, the room, its parts or a combination holding it, in [start, end): one statement."""
    return building_closures(session, place.room, start, end)


def organisation_by_id(session: Session, organisation_id: int) -> Organisation | None:
    """The organisation with this id, or None."""
    return session.get(Organisation, organisation_id) if is_id(organisation_id) else None


def organisation_dates(session: Session, organisation_id: int, start: datetime, end: datetime) -> list[Occurrence]:
    """Every date of the organisation's bookings overlapping [start, end), whatever its state (cancelled
    and rejected ones too), with its booking and room: one statement."""
    q = (select(Occurrence).join(Occurrence.booking)
         .where(Booking.organisation_id == organisation_id, Occurrence.starts_at < end, Occurrence.ends_at > start,
                Occurrence.starts_at > start - LONGEST_DATE)  # a range of starts, not all history
         .options(contains_eager(Occurrence.booking), joinedload(Occurrence.room))
         .order_by(Occurrence.starts_at, Occurrence.id))
    return list(session.scalars(q).unique())


def organisations(session: Session) -> list[Organisation]:
    """Every organisation by name, for the front desk to switch between."""
    return list(session.scalars(select(Organisation).order_by(Organisation.name)))
