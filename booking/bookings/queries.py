"""Reads for the booking pages and the API: a fixed number of statements per page, nothing loaded that is not shown.

Lists come a page at a time (PAGE_SIZE rows): one statement counts the rows, one reads the page,
with what each row shows (booking, organisation, room, building) in the same statement.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from datetime import datetime, timedelta
from typing import Callable, Generic, NamedTuple, TypeVar

from sqlalchemy import Row, Select, and_, bindparam, exists, func, select
from sqlalchemy.orm import Session, aliased, joinedload, raiseload, selectinload

from ..domain.errors import NotFound
from ..domain.ids import is_id
from ..domain.rules import LONGEST_DATE
from ..domain.messages import N_
from ..models import ACTIVE_STATUSES, Booking, Building, Occurrence, Organisation, Room, Status, User
from ..models.types import active_written_out, bare_instant, bare_text
from .loading import PARTS_TWO_DEEP
from .permissions import require_change

# A standing series is flagged on its organisation's page this long before it ends.
ENDING_NOTICE = timedelta(days=31)
ENDING_LOOK_PAST = timedelta(days=7)  # how far past the month series_ending_soon reads the dates at once
# The rows one page of a list shows.
PAGE_SIZE = 50
# A page number longer than this is past the last page of any list ('99999999999').
_LONGEST_PAGE_NUMBER = 9

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: its rows, which page it is (from 1), and how many rows the whole list has."""

    rows: list[T]
    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        """How many pages the list has (an empty list has one, empty, page)."""
        return max(1, -(-self.total // self.size))

    @property
    def first(self) -> int:
        """The position in the whole list of the page's first row (from 1; 0 when the page is empty)."""
        return (self.number - 1) * self.size + 1 if self.rows else 0

    @property
    def last(self) -> int:
        """The position in the whole list of the page's last row (0 when the page is empty)."""
        return self.first + len(self.rows) - 1 if self.rows else 0

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def page_number(raw: str | None) -> int:
    """The page a request asks for: a whole number from 1. Anything else ('', 'x', '-1', '²', '0') is
    page 1; a number beyond the last page is taken as the last page when the page is read."""
    if not raw or not (raw.isascii() and raw.isdigit()):
        return 1
    if len(raw) > _LONGEST_PAGE_NUMBER:
        return 10**_LONGEST_PAGE_NUMBER
    return max(1, int(raw))


def read_page(session: Session, count, rows: Callable[[int, int, bool], list[T]], number: int,
              size: int = PAGE_SIZE) -> Page[T]:
    """Count the list (one statement), then read page `number` of it (one statement).

    `rows(offset, limit, backwards)` reads `limit` rows after skipping `offset`, in the list's order
    or, when `backwards`, in the opposite order. A page beyond the last is the last page, and a page
    in the second half of the list is read from its end: no statement skips more than half the list.
    """
    total = session.scalar(count) or 0
    number = min(max(1, number), max(1, -(-total // size)))
    start = (number - 1) * size
    end = min(start + size, total)
    if start > total - end:
        found = rows(total - end, end - start, True)[::-1]
    else:
        found = rows(start, size, False)
    return Page(found, number, size, total)


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


def occurrence_page(session: Session, actor: User, wanted: OccurrenceFilter, now: datetime,
                    number: int = 1) -> Page[Occurrence]:
    """A page of the dates of 'our bookings': soonest first (latest first for the past), ties by id,
    each with its booking, organisation, room and building; and how many dates the filter finds."""
    # Each 'ends after t' comes with 'starts after t - LONGEST_DATE', and 'ended by now' with 'started
    # before now': the same dates, found by a range of starts.
    if wanted.past:
        conditions = [Occurrence.ends_at <= now, Occurrence.starts_at < now]
    else:
        conditions = [Occurrence.ends_at > now, Occurrence.starts_at > now - LONGEST_DATE]
    org_id = visible_organisation(actor, wanted.organisation_id)
    if org_id is not None:
        conditions.append(Booking.organisation_id == org_id)
    if wanted.room_id is not None:
        conditions.append(Occurrence.room_id == wanted.room_id)
    if wanted.ends_after is not None:
        conditions += [Occurrence.ends_at > wanted.ends_after,
                       Occurrence.starts_at > wanted.ends_after - LONGEST_DATE]
    if wanted.starts_before is not None:
        conditions.append(Occurrence.starts_at < wanted.starts_before)
    # Latest first for the past, soonest first otherwise; dates at one moment by id.
    newest = wanted.past
    count = select(func.count(Occurrence.id))
    ids = select(Occurrence.id)
    if org_id is not None:
        count, ids = count.join(Occurrence.booking), ids.join(Occurrence.booking)

    def order(backwards: bool) -> tuple:
        later_first = newest != backwards
        return (Occurrence.starts_at.desc() if later_first else Occurrence.starts_at,
                Occurrence.id.desc() if backwards else Occurrence.id)

    def rows(offset: int, limit: int, backwards: bool) -> list[Occurrence]:
        # The page's ids first, from the dates alone; then those dates with what they show.
        page = ids.where(*conditions).order_by(*order(backwards)).offset(offset).limit(limit)
        # The building's largest buffer (a subquery over its rooms, for each row) is for the clash check,
        # not for a list: left out (defer).
        q = (select(Occurrence).where(Occurrence.id.in_(page)).order_by(*order(backwards))
             .options(joinedload(Occurrence.booking).joinedload(Booking.organisation),
                      joinedload(Occurrence.room).joinedload(Room.building)
                      .defer(Building.largest_buffer_minutes)))
        return list(session.scalars(q).unique())

    return read_page(session, count.where(*conditions), rows, number)


@dataclass(frozen=True, slots=True)
class EndingSeries:
    """A standing series whose last active date falls within the coming month, as 'our bookings' lists it."""

    booking_id: int
    title: str
    room_name: str
    timezone: str
    last_start: datetime


def series_ending_soon(session: Session, now: datetime, organisation_id: int | None) -> list[EndingSeries]:
    """Active recurring bookings whose last active date falls within the coming month, with that date.

    One statement, which reads the coming month and a week, from the partial index of active dates (no
    table visits): the series with an active date in the month and none after it, each with its last date.
    No series is loaded whole, and no object is built: the list shows a title, a room and a day.
    """
    until = now + ENDING_NOTICE
    # The series' dates are read a week past the month: a series with a date in that week goes on, and only
    # the few left (those ending in the month, and any with a longer gap) are asked for a date further on.
    # Reading the month alone left every running series of the building (574 at 1M dates) to be asked.
    last = (select(Occurrence.booking_id, func.max(Occurrence.starts_at).label("last_start"))
            .where(active_written_out(Occurrence.status), Occurrence.starts_at >= now,
                   Occurrence.starts_at <= until + ENDING_LOOK_PAST)
            .group_by(Occurrence.booking_id)
            .having(func.max(Occurrence.starts_at) <= until).subquery())
    later = aliased(Occurrence)
    q = (select(Booking.id, Booking.title, Room.name, Building.timezone, last.c.last_start)
         .join(last, last.c.booking_id == Booking.id)
         .join(Room, Room.id == Booking.room_id)
         .join(Building, Building.id == Room.building_id)
         .where(Booking.recurrence != "", Booking.status.in_(ACTIVE_STATUSES),
                ~exists().where(later.booking_id == Booking.id, later.status.in_(ACTIVE_STATUSES),
                                later.starts_at > until))
         .order_by(last.c.last_start, Booking.id))
    if organisation_id is not None:
        q = q.where(Booking.organisation_id == organisation_id)
    return [EndingSeries(*row) for row in session.execute(q)]


class ListedDate(NamedTuple):
    """A confirmed or pending date as the API lists it, with what of its booking decides who sees its title
    (permissions.sees_details reads `visibility` and `organisation_id`). Instants as the driver reads them
    (models.types.bare_instant); `title` is the date's own, else its booking's."""

    occurrence_id: int
    booking_id: int
    room_id: int
    starts_at: datetime
    ends_at: datetime
    status: str
    title: str
    visibility: str
    organisation_id: int | None


def active_dates(session: Session, start: datetime, end: datetime, room_id: int | None = None) -> list[ListedDate]:
    """Confirmed and pending dates overlapping [start, end), of one room if given, by start: one statement
    of plain rows (a building's week has a thousand dates; no objects are built for them)."""
    values = {"start": start, "end": end, "earliest": start - LONGEST_DATE}
    if room_id is not None:
        values["room"] = room_id
    # .all(): fetched at once, not one row at a time through the driver's Python (a week's thousand dates)
    return [ListedDate(*row) for row in session.connection().execute(_active_dates_statement(room_id is not None),
                                                                     values).all()]


@cache
def _active_dates_statement(one_room: bool) -> Select:
    dates, bookings = Occurrence.__table__.c, Booking.__table__.c
    q = (select(dates.id, dates.booking_id, dates.room_id, bare_instant(dates.starts_at),
                bare_instant(dates.ends_at), bare_text(dates.status), func.coalesce(dates.title, bookings.title),
                bare_text(bookings.visibility), bookings.organisation_id)
         .join_from(Occurrence.__table__, Booking.__table__, bookings.id == dates.booking_id)
         .where(dates.status.in_(ACTIVE_STATUSES), dates.starts_at < bindparam("end"),
                dates.starts_at > bindparam("earliest"), dates.ends_at > bindparam("start"))
         .order_by(dates.starts_at, dates.id))
    return q.where(dates.room_id == bindparam("room")) if one_room else q


def active_rooms(session: Session) -> list[Room]:
    """Every active room, by building and name, with building and parts loaded."""
    return list(session.scalars(select(Room).where(Room.active).options(
        selectinload(Room.building), selectinload(Room.parts)).order_by(Room.building_id, Room.name)))


def room_choices(session: Session) -> list[Room]:
    """Every active room by name, to filter a list by (their names only: nothing else is loaded)."""
    return list(session.scalars(select(Room).where(Room.active).order_by(Room.name, Room.id)))


def room_with_building(session: Session, room_id: int) -> Room | None:
    """A room by id with its building (for its zone) in one statement, or None."""
    return session.scalars(select(Room).where(Room.id == room_id).options(joinedload(Room.building))
                           ).first() if is_id(room_id) else None


def room_with_parts(session: Session, room_id: int) -> Room | None:
    """A room by id with its building, and its parts and theirs (what a combination holds), or None.

    One statement, the parts joined two levels deep as for a booking (loading.PARTS_TWO_DEEP): a plain
    room finds none without a statement of its own.
    """
    if not is_id(room_id):
        return None
    return session.scalars(select(Room).where(Room.id == room_id).options(
        joinedload(Room.building), PARTS_TWO_DEEP)).unique().first()


def booking_with_dates(session: Session, booking_id: int) -> tuple[Booking, list[Row]]:
    """A booking with its room and building, and all its dates as plain rows (id, starts_at, ends_at,
    status, room_id, title) in time order, in two statements; NotFound when unknown.

    Rows as the driver reads them (models.types.bare_instant: instants in UTC, naive on SQLite; the status
    as text), not objects: a two-year daily series has 730 dates, and building an ORM object, or converting
    each value through the models' types, cost more than the statement.
    """
    booking = session.scalars(select(Booking).where(Booking.id == booking_id).options(
        joinedload(Booking.room).joinedload(Room.building), raiseload(Booking.occurrences))
    ).first() if is_id(booking_id) else None
    if booking is None:
        raise NotFound(N_("No booking with this id."))
    return booking, session.connection().execute(_booking_dates_statement(), {"booking": booking.id}).all()


@cache
def _booking_dates_statement():
    dates = Occurrence.__table__.c  # Core columns: no ORM result handling for hundreds of rows
    return (select(dates.id, bare_instant(dates.starts_at), bare_instant(dates.ends_at), bare_text(dates.status),
                   dates.room_id, dates.title)
            .where(dates.booking_id == bindparam("booking")).order_by(dates.starts_at, dates.id))


def booking_page(session: Session, actor: User, booking_id: int) -> Booking:
    """A booking as its page shows it, in two statements: organisation, creator, room and building,
    and every date with its room and building. NotFound when unknown, Forbidden when `actor` may not
    change it (another organisation's), as the services' booking_for decides."""
    booking = session.scalars(select(Booking).where(Booking.id == booking_id).options(
        joinedload(Booking.room).joinedload(Room.building), joinedload(Booking.organisation),
        joinedload(Booking.creator),
        selectinload(Booking.occurrences).joinedload(Occurrence.room).joinedload(Room.building))
    ).first() if is_id(booking_id) else None
    if booking is None:
        raise NotFound(N_("No booking with this id."))
    require_change(actor, booking)
    return booking


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


@dataclass(frozen=True)
class PendingRequest:
    """A booking waiting for the front desk, with its earliest active date and how many active dates it has."""

    booking: Booking
    first: Occurrence | None
    dates: int


def pending_requests(session: Session, number: int = 1) -> Page[PendingRequest]:
    """A page of the bookings waiting for the front desk's decision, oldest request first.

    Each with its organisation, room, building and creator, its first active date and the number
    of its active dates, in one statement: no series is loaded whole. A booking waits exactly while
    one of its dates waits (domain/status.py): the bookings' status finds them, and the dates confirm it.
    """
    waiting = and_(Booking.status == Status.PENDING,
                   exists().where(Occurrence.booking_id == Booking.id, Occurrence.status == Status.PENDING))
    active = and_(Occurrence.booking_id == Booking.id, Occurrence.status.in_(ACTIVE_STATUSES))
    first_id = (select(Occurrence.id).where(active).order_by(Occurrence.starts_at, Occurrence.id).limit(1)
                .correlate(Booking).scalar_subquery())
    dates = select(func.count(Occurrence.id)).where(active).correlate(Booking).scalar_subquery()
    first = aliased(Occurrence)

    def rows(offset: int, limit: int, backwards: bool) -> list[PendingRequest]:
        order = (Booking.created_at.desc(), Booking.id.desc()) if backwards else (Booking.created_at, Booking.id)
        q = (select(Booking, first, dates).outerjoin(first, first.id == first_id).where(waiting)
             .options(joinedload(Booking.room).joinedload(Room.building), joinedload(Booking.organisation),
                      joinedload(Booking.creator))
             .order_by(*order).offset(offset).limit(limit))
        return [PendingRequest(b, o, n or 0) for b, o, n in session.execute(q).unique()]

    return read_page(session, select(func.count(Booking.id)).where(waiting), rows, number)
