"""Reads of the feeds: what one feed shows, as plain data, and the cheap key its 304 is decided by.

A feed is a scope of dates: the active dates of a room, of an organisation's bookings, of the
bookings a user made, or the confirmed dates of public bookings, overlapping the window. Each
read is a fixed number of statements whatever the feed's size: the dates with their bookings in
one, the rooms with their buildings in another.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.rules import LONGEST_DATE
from ..models import (ACTIVE_STATUSES, Booking, Building, Occurrence, Organisation, Room, Status, User,
                      Visibility)
from .data import FeedBooking, FeedDate


@dataclass(frozen=True)
class Scope:
    """Which dates a feed shows: a room's, an organisation's, a user's, or the public ones."""

    kind: str                 # room, organisation, personal or public
    id: int | None = None     # the room, organisation or user


@dataclass(frozen=True)
class Viewer:
    """Who reads a feed, as far as what they may see goes; None fields for the public."""

    staff: bool = False
    organisation_id: int | None = None
    busy: str = "Busy"        # the title of a private booking they may not see, in their language

    def sees(self, visibility: Visibility, organisation_id: int) -> bool:
        """Whether this viewer may read a booking's title and description."""
        return (visibility != Visibility.PRIVATE or self.staff
                or (self.organisation_id is not None and self.organisation_id == organisation_id))


def _where(scope: Scope, start: datetime, end: datetime) -> list:
    """The conditions of the scope's dates overlapping [start, end) (a range of starts, not all history)."""
    conditions = [Occurrence.starts_at < end, Occurrence.ends_at > start, Occurrence.starts_at > start - LONGEST_DATE]
    if scope.kind == "room":
        conditions.append(Occurrence.room_id == scope.id)
    elif scope.kind == "organisation":
        conditions.append(Booking.organisation_id == scope.id)
    elif scope.kind == "personal":
        conditions.append(Booking.creator_id == scope.id)
    else:
        conditions += [Booking.visibility == Visibility.PUBLIC, Booking.status == Status.CONFIRMED]
    return conditions


def _shown(scope: Scope) -> tuple[Status, ...]:
    """The states of the dates a feed shows: the public see only confirmed ones."""
    return (Status.CONFIRMED,) if scope.kind == "public" else ACTIVE_STATUSES


def change_key(session: Session, scope: Scope, start: datetime, end: datetime) -> tuple[int, datetime | None]:
    """How many dates of the scope the window holds (any state) and the last change of their bookings:
    one statement. A change anywhere in the feed moves one of the two: every change stamps its
    booking, and a date that leaves the scope (moved to another room) lowers the count."""
    changed = func.coalesce(Booking.changed_at, Booking.created_at)
    count, last = session.execute(
        select(func.count(Occurrence.id), func.max(changed))
        .join(Booking, Booking.id == Occurrence.booking_id)
        .where(*_where(scope, start, end))).one()
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=UTC)
    return int(count), last


def locations(session: Session) -> dict[int, str]:
    """Every room's 'room, building, address' by id: one statement (a building has tens of rooms)."""
    rows = session.execute(select(Room.id, Room.name, Building.name, Building.address)
                           .join(Building, Building.id == Room.building_id))
    return {rid: ", ".join(p for p in (room, building, address) if p) for rid, room, building, address in rows}


def feed_bookings(session: Session, scope: Scope, viewer: Viewer, start: datetime, end: datetime,
                  places: dict[int, str]) -> tuple[FeedBooking, ...]:
    """The bookings of the scope with their shown dates overlapping the window, as the viewer may see them:
    one statement."""
    rows = session.execute(
        select(Booking.id, Booking.title, Booking.description, Booking.visibility, Booking.organisation_id,
               Organisation.name, Booking.room_id, Booking.recurrence,
               func.coalesce(Booking.changed_at, Booking.created_at),
               Occurrence.id, Occurrence.original_starts_at, Occurrence.starts_at, Occurrence.ends_at,
               Occurrence.status, Occurrence.sequence, Occurrence.room_id)
        .join(Booking, Booking.id == Occurrence.booking_id)
        .join(Organisation, Organisation.id == Booking.organisation_id)
        .where(*_where(scope, start, end), Occurrence.status.in_(_shown(scope)))
        .order_by(Booking.id, Occurrence.starts_at, Occurrence.id)).all()
    return tuple(_bookings(rows, scope, viewer, places))


def booking_data(booking: Booking, viewer: Viewer, places: dict[int, str]) -> FeedBooking:
    """One loaded booking (with its dates) as feed data: the .ics download of its page."""
    rows = [(booking.id, booking.title, booking.description, booking.visibility, booking.organisation_id,
             booking.organisation.name, booking.room_id, booking.recurrence, booking.changed_at or booking.created_at,
             o.id, o.original_starts_at, o.starts_at, o.ends_at, o.status, o.sequence, o.room_id)
            for o in booking.occurrences]
    return _bookings(rows, Scope("organisation", booking.organisation_id), viewer, places)[0]


def _bookings(rows, scope: Scope, viewer: Viewer, places: dict[int, str]) -> list[FeedBooking]:
    out: list[FeedBooking] = []
    current, dates = None, []
    for row in rows + [None]:
        if current is not None and (row is None or row[0] != current[0]):
            out.append(_booking(current, tuple(dates), viewer, places))
            dates = []
        if row is None:
            break
        current = row
        in_other_room = row[15] != row[6]
        dates.append(FeedDate(id=row[9], original_start=row[10] or row[11], start=row[11], end=row[12],
                              status=Status(row[13]).value, sequence=row[14] or 0,
                              location=places.get(row[15], "") if in_other_room else "",
                              alone=in_other_room and scope.kind == "room"))
    return out


def _booking(row, dates: tuple[FeedDate, ...], viewer: Viewer, places: dict[int, str]) -> FeedBooking:
    sees = viewer.sees(Visibility(row[3]), row[4])
    return FeedBooking(id=row[0], title=row[1] if sees else viewer.busy, description=row[2] if sees else "",
                       organisation=row[5] if sees else "", location=places.get(row[6], ""),
                       recurrence=row[7] or "", changed=row[8], dates=dates)


def feed_user(session: Session, user_id: int) -> User | None:
    """The user a feed URL names, with their organisation: one statement."""
    return session.get(User, user_id)


def room_of_feed(session: Session, room_id: int) -> Room | None:
    """An active room, with its building, for a room feed."""
    room = session.get(Room, room_id)
    return room if room is not None and room.active else None


def visible_rooms(session: Session) -> list[Room]:
    """Every active room, by name: the rooms anyone logged in may see (as GET /api/v1/rooms lists them)."""
    return list(session.scalars(select(Room).where(Room.active).order_by(Room.name, Room.id)))
