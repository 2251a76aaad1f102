"""Reads of the feeds: who a feed URL names, which dates a feed's scope holds, and the keys its 304 is
decided by. The dates themselves are read in feeds/dates.py.

A feed is a scope of dates: the dates of a room, of an organisation's bookings, of the bookings a
user made, or of the public bookings, overlapping the window.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

from sqlalchemy import Select, and_, bindparam, case, func, select
from sqlalchemy.orm import Session

from ..domain.rules import LONGEST_DATE
from ..models import ACTIVE_STATUSES, Booking, Building, Occurrence, Organisation, Role, Room, Status, User, Visibility


@dataclass(frozen=True)
class Scope:
    """Which dates a feed shows: a room's, an organisation's, a user's, or the public ones."""

    kind: str                 # room, organisation, personal or public
    id: int | None = None     # the room, organisation or user


@dataclass(frozen=True)
class Viewer:
    """Who reads a feed, as far as what they may see goes; the defaults are the public's."""

    staff: bool = False
    organisation_id: int | None = None
    busy: str = "Busy"        # the title of a private booking they may not see, in their language

    def sees(self, visibility: Visibility, organisation_id: int) -> bool:
        """Whether this viewer may read a booking's title and description."""
        return (visibility != Visibility.PRIVATE or self.staff
                or (self.organisation_id is not None and self.organisation_id == organisation_id))


@dataclass(frozen=True)
class Subscriber:
    """The user a private feed URL names, as far as serving the feed needs, with the room it asks for."""

    id: int
    active: bool
    generation: int
    organisation_id: int | None
    organisation: str | None
    staff: bool
    language: str | None
    name: str
    room: tuple[str, str, str] | None   # the active room's name, its building's name and zone


def _utc(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _newest_change():
    """The newest change of any booking: one read of the end of ix_booking_changed_at."""
    return select(func.max(Booking.changed_at)).scalar_subquery()


def _renames() -> tuple:
    """The newest change of any room, building and organisation: their names and the address are in
    every feed's LOCATION, CATEGORIES and DESCRIPTION. Three reads of small tables, not per feed:
    a rename is rare, and then every feed is looked at again once."""
    return tuple(select(func.max(model.changed_at)).scalar_subquery() for model in (Room, Building, Organisation))


def renamed(values) -> tuple[datetime | None, ...]:
    """The three values of _renames() as read, in UTC."""
    return tuple(_utc(v) for v in values)


@cache
def _newest_change_statement() -> Select:
    return select(func.max(Booking.changed_at), *_renames())


def newest_change(session: Session) -> tuple:
    """When any booking, room, building or organisation last changed (one statement): while it stays,
    no feed has changed."""
    row = session.connection().execute(_newest_change_statement()).one()
    return (_utc(row[0]), *renamed(row[1:]))


@cache
def _subscriber_statement(with_room: bool) -> Select:
    """The statement of subscriber(), built once: building it (and its cache key) cost more than running it."""
    q = (select(User.id, User.active, User.feed_generation, User.organisation_id, Organisation.name, User.role,
                User.language, User.name, _newest_change(), *_renames())
         .outerjoin(Organisation, Organisation.id == User.organisation_id).where(User.id == bindparam("user")))
    if with_room:
        q = (q.add_columns(Room.name, Building.name, Building.timezone)
             .outerjoin(Room, and_(Room.id == bindparam("room"), Room.active.is_(True)))
             .outerjoin(Building, Building.id == Room.building_id))
    return q


def subscriber(session: Session, user_id: int, room_id: int | None = None) -> tuple[Subscriber | None, tuple | None]:
    """The user (and the active room, when asked) of a feed URL and the newest change of any booking,
    room, building and organisation (newest_change's): one statement, run by the Core (no ORM entities)."""
    params = {"user": user_id} if room_id is None else {"user": user_id, "room": room_id}
    row = session.connection().execute(_subscriber_statement(room_id is not None), params).first()
    if row is None:
        return None, None
    room = tuple(row[12:15]) if room_id is not None and row[12] is not None else None
    return Subscriber(id=row[0], active=bool(row[1]), generation=row[2] or 0, organisation_id=row[3],
                      organisation=row[4], staff=Role(row[5]) in (Role.ADMIN, Role.FRONTDESK), language=row[6],
                      name=row[7], room=room), (_utc(row[8]), *renamed(row[9:12]))


def window_where(start: datetime, end: datetime) -> list:
    """Dates overlapping [start, end): a range of starts (no date lasts longer than LONGEST_DATE)."""
    return [Occurrence.starts_at < end, Occurrence.ends_at > start, Occurrence.starts_at > start - LONGEST_DATE]


def booking_where(scope: Scope) -> list:
    """The conditions on the bookings of a scope other than a room's."""
    if scope.kind == "organisation":
        return [Booking.organisation_id == scope.id]
    if scope.kind == "personal":
        return [Booking.creator_id == scope.id]
    return [Booking.visibility == Visibility.PUBLIC, Booking.status == Status.CONFIRMED]


def scope_where(scope: Scope, start: datetime, end: datetime) -> list:
    """The conditions of the scope's dates overlapping [start, end), on occurrence joined with booking."""
    if scope.kind == "room":
        return [*window_where(start, end), Occurrence.room_id == scope.id]
    return [*window_where(start, end), *booking_where(scope)]


def shown_statuses(scope: Scope) -> tuple[Status, ...]:
    """The states of the dates a feed shows: the public see only confirmed ones."""
    return (Status.CONFIRMED,) if scope.kind == "public" else ACTIVE_STATUSES


def dates_in_window(start: datetime, end: datetime, *conditions):
    """The number of a booking's dates overlapping the window (and meeting `conditions`), per booking row:
    a correlated count that reads ix_occurrence_booking_start for each booking of the scope."""
    return (select(func.count(Occurrence.id))
            .where(Occurrence.booking_id == Booking.id, *window_where(start, end), *conditions)
            .scalar_subquery())


def change_key(session: Session, scope: Scope, start: datetime, end: datetime) -> tuple:
    """How many dates of the scope the window holds (any state), the last change of their bookings, and
    the newest change of any room, building and organisation: one statement. A change anywhere in the
    feed moves one of them: every change stamps its booking, a date that leaves the scope (moved to
    another room) lowers the count, and a rename stamps the room, building or organisation."""
    changed = func.coalesce(Booking.changed_at, Booking.created_at)
    if scope.kind == "room":
        count, last, *names = session.execute(
            select(func.count(Occurrence.id), func.max(changed), *_renames())
            .join(Booking, Booking.id == Occurrence.booking_id)
            .where(*scope_where(scope, start, end))).one()
    else:
        # Booking by booking: the planner would otherwise read every date of the window and join.
        per = (select(changed.label("changed"), dates_in_window(start, end).label("n"))
               .where(*booking_where(scope)).subquery())
        count, last, *names = session.execute(
            select(func.coalesce(func.sum(per.c.n), 0), func.max(case((per.c.n > 0, per.c.changed))),
                   *_renames())).one()
    return (int(count), _utc(last), *renamed(names))


def locations(session: Session) -> dict[int, str]:
    """Every room's 'room, building, address' by id: one statement (a building has tens of rooms)."""
    rows = session.execute(select(Room.id, Room.name, Building.name, Building.address)
                           .join(Building, Building.id == Room.building_id))
    return {rid: ", ".join(p for p in (room, building, address) if p) for rid, room, building, address in rows}


def visible_rooms(session: Session) -> list[Room]:
    """Every active room, by name: the rooms anyone logged in may see (as GET /api/v1/rooms lists them)."""
    return list(session.scalars(select(Room).where(Room.active).order_by(Room.name, Room.id)))
