"""Reads for the booking pages and the API: one statement per list, nothing loaded that is not shown."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from ..domain.ids import is_id
from ..models import ACTIVE_STATUSES, Booking, Occurrence, Organisation, Room, Status, User

# A standing series is flagged on its organisation's page this long before it ends.
ENDING_NOTICE = timedelta(days=31)
# The most dates one list shows.
LIST_LIMIT = 500


@dataclass(frozen=True)
class OccurrenceFilter:
    """What 'our bookings' is asked to show: past or upcoming, and optionally one organisation, room, span."""

    past: bool = False
    organisation_id: int | None = None
    room_id: int | None = None
    starts_before: datetime | None = None
    ends_after: datetime | None = None


def visible_organisation(actor: User, asked: int | None) -> int | None:
    """The organisation whose bookings a list shows: members only their own (-1 for none), staff choose."""
    if actor.is_staff:
        return asked
    return actor.organisation_id if actor.organisation_id is not None else -1


def occurrence_list(session: Session, actor: User, wanted: OccurrenceFilter, now: datetime) -> list[Occurrence]:
    """The dates of 'our bookings', soonest first (latest first for the past), with booking, organisation, room."""
    q = (select(Occurrence).join(Occurrence.booking)
         .options(joinedload(Occurrence.booking).joinedload(Booking.organisation), joinedload(Occurrence.room)))
    org_id = visible_organisation(actor, wanted.organisation_id)
    if org_id is not None:
        q = q.where(Booking.organisation_id == org_id)
    if wanted.room_id is not None:
        q = q.where(Occurrence.room_id == wanted.room_id)
    if wanted.ends_after is not None:
        q = q.where(Occurrence.ends_at > wanted.ends_after)
    if wanted.starts_before is not None:
        q = q.where(Occurrence.starts_at < wanted.starts_before)
    if wanted.past:
        q = q.where(Occurrence.ends_at <= now).order_by(Occurrence.starts_at.desc(), Occurrence.id)
    else:
        q = q.where(Occurrence.ends_at > now).order_by(Occurrence.starts_at, Occurrence.id)
    return list(session.scalars(q.limit(LIST_LIMIT)).unique())


def series_ending_soon(session: Session, now: datetime, organisation_id: int | None) -> list[tuple[Booking, Occurrence]]:
    """Active recurring bookings whose last active date falls within the coming month, with that date.

    One aggregate statement finds each series' last active date; no series is loaded whole.
    """
    last = (select(Occurrence.booking_id, func.max(Occurrence.starts_at).label("last_start"))
            .where(Occurrence.status.in_(ACTIVE_STATUSES)).group_by(Occurrence.booking_id).subquery())
    q = (select(Booking, Occurrence)
         .join(last, last.c.booking_id == Booking.id)
         .join(Occurrence, and_(Occurrence.booking_id == Booking.id, Occurrence.starts_at == last.c.last_start,
                                Occurrence.status.in_(ACTIVE_STATUSES)))
         .options(joinedload(Booking.room))
         .where(Booking.recurrence != "", Booking.status.in_(ACTIVE_STATUSES),
                last.c.last_start >= now, last.c.last_start <= now + ENDING_NOTICE)
         .order_by(last.c.last_start, Booking.id))
    if organisation_id is not None:
        q = q.where(Booking.organisation_id == organisation_id)
    seen, out = set(), []
    for booking, occ in session.execute(q):
        if booking.id not in seen:  # two dates of one series at the same instant (in two rooms) show once
            seen.add(booking.id)
            out.append((booking, occ))
    return out


def active_occurrences(session: Session, start: datetime, end: datetime, room_id: int | None = None) -> list[Occurrence]:
    """Confirmed and pending dates overlapping [start, end), of one room if given, with their bookings."""
    q = (select(Occurrence).options(joinedload(Occurrence.booking))
         .where(Occurrence.status.in_(ACTIVE_STATUSES), Occurrence.starts_at < end, Occurrence.ends_at > start)
         .order_by(Occurrence.starts_at, Occurrence.id))
    if room_id is not None:
        q = q.where(Occurrence.room_id == room_id)
    return list(session.scalars(q))


def active_rooms(session: Session) -> list[Room]:
    """Every active room, by building and name, with building and parts loaded."""
    return list(session.scalars(select(Room).where(Room.active).options(
        selectinload(Room.building), selectinload(Room.parts)).order_by(Room.building_id, Room.name)))


def room_by_id(session: Session, room_id: int) -> Room | None:
    """A room by id, or None (also for numbers no id can have)."""
    return session.get(Room, room_id) if is_id(room_id) else None


def organisations(session: Session) -> list[Organisation]:
    """Every organisation by name."""
    return list(session.scalars(select(Organisation).order_by(Organisation.name)))


def bookable_rooms(session: Session, user: User, organisation: Organisation | None) -> list[Room]:
    """Active rooms the organisation may book, by name; staff see every room."""
    rooms = session.scalars(select(Room).where(Room.active).options(
        selectinload(Room.allowed_organisations), selectinload(Room.parts)).order_by(Room.name)).all()
    if user.is_staff:
        return list(rooms)
    return [r for r in rooms if r.admits(organisation, user.role)]


def pending_requests(session: Session) -> list[Booking]:
    """Bookings waiting for the front desk's decision, oldest request first."""
    return list(session.scalars(
        select(Booking).where(Booking.occurrences.any(Occurrence.status == Status.PENDING))
        .options(selectinload(Booking.occurrences), selectinload(Booking.room),
                 selectinload(Booking.organisation), selectinload(Booking.creator))
        .order_by(Booking.created_at, Booking.id)))
