"""What a feed shows, read as plain data (feeds/data.py) in two statements, a third only when needed.

A series of a year of daily dates is not read date by date: the dates that take place exactly as
the rule planned them (confirmed, never moved, in the booking's own room) are only counted, per
booking; the other dates (moved, cancelled, in another room, waiting, and every date of a single
booking) are read one by one. When the count of a series does not match its rule in the window
(a date moved away beyond the window, dates that were never booked), its plain dates are read too.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from ..models import Booking, Occurrence, Organisation, Status, Visibility
from .data import FeedBooking, FeedDate
from .plan import unlisted_planned
from .queries import Scope, Viewer, booking_where, dates_in_window, scope_where, shown_statuses, window_where


def _plain():
    """A date that takes place exactly as its series' rule planned it."""
    return and_(Occurrence.status == Status.CONFIRMED, Occurrence.original_starts_at.is_(None),
                Occurrence.title.is_(None), Occurrence.room_id == Booking.room_id, Booking.recurrence != "")


def _starting_in(start: datetime, end: datetime):
    return and_(Occurrence.starts_at >= start, Occurrence.starts_at < end)


def _booking_rows(session: Session, scope: Scope, start: datetime, end: datetime):
    """The bookings of the scope with a shown date in the window and the count of their plain dates there."""
    cols = (Booking.id, Booking.title, Booking.description, Booking.visibility, Booking.organisation_id,
            Organisation.name, Booking.room_id, Booking.recurrence, func.coalesce(Booking.changed_at, Booking.created_at))
    if scope.kind == "room":
        return session.execute(
            select(*cols, func.sum(case((and_(_plain(), _starting_in(start, end)), 1), else_=0)))
            .join(Booking, Booking.id == Occurrence.booking_id)
            .join(Organisation, Organisation.id == Booking.organisation_id)
            .where(*scope_where(scope, start, end), Occurrence.status.in_(shown_statuses(scope)))
            .group_by(Booking.id, Organisation.id).order_by(Booking.id)).all()
    # Booking by booking (ix_occurrence_booking_start): the planner would otherwise read the whole window.
    shown = dates_in_window(start, end, Occurrence.status.in_(shown_statuses(scope)))
    plain = (select(func.count(Occurrence.id))
             .where(Occurrence.booking_id == Booking.id, _plain(), _starting_in(start, end)).scalar_subquery())
    return session.execute(
        select(*cols, plain).join(Organisation, Organisation.id == Booking.organisation_id)
        .where(*booking_where(scope), shown > 0).order_by(Booking.id)).all()


def feed_bookings(session: Session, scope: Scope, viewer: Viewer, start: datetime, end: datetime,
                  places: dict[int, str], zone: ZoneInfo) -> tuple[FeedBooking, ...]:
    """The bookings of the scope shown in the window, as the viewer may see them."""
    bookings = _booking_rows(session, scope, start, end)
    listed: dict[int, list[FeedDate]] = {b[0]: [] for b in bookings}
    where = (scope_where(scope, start, end) if scope.kind == "room"
             else [*window_where(start, end), Occurrence.booking_id.in_(sorted(listed))])
    rows = session.execute(
        select(Occurrence.booking_id, Occurrence.id, Occurrence.original_starts_at, Occurrence.starts_at,
               Occurrence.ends_at, Occurrence.status, Occurrence.sequence, Occurrence.room_id, Booking.room_id,
               Occurrence.title)
        .join(Booking, Booking.id == Occurrence.booking_id)
        .where(*where, ~_plain())
        .order_by(Occurrence.booking_id, Occurrence.starts_at, Occurrence.id)) if listed else []
    for row in rows:
        if row[0] in listed:
            listed[row[0]].append(_date(row, scope, places))
    out = [_booking(b, tuple(listed[b[0]]), viewer, places) for b in bookings]
    unsure = [b.id for b in out if b.recurrence and b.plain_count != unlisted_planned(b, zone, (start, end))]
    if unsure:
        plain: dict[int, list[datetime]] = {i: [] for i in unsure}
        for booking_id, at in session.execute(
                select(Occurrence.booking_id, Occurrence.starts_at).join(Booking, Booking.id == Occurrence.booking_id)
                .where(Occurrence.booking_id.in_(unsure), _plain(), _starting_in(start, end),
                       *([Occurrence.room_id == scope.id] if scope.kind == "room" else []))):
            plain[booking_id].append(at)
        out = [FeedBooking(**{**b.__dict__, "plain": tuple(plain[b.id])}) if b.id in plain else b for b in out]
    return tuple(out)


def _date(row, scope: Scope, places: dict[int, str]) -> FeedDate:
    """One listed date; a room feed shows a date moved in from another room as an event of its own."""
    _booking_id, date_id, original, starts, ends, status, sequence, room_id, booking_room, title = row
    status = Status(status).value
    if scope.kind == "public" and status != "confirmed":
        status = "cancelled"  # the public see confirmed dates only
    elsewhere = room_id != booking_room
    return FeedDate(id=date_id, original_start=original or starts, start=starts, end=ends, status=status,
                    sequence=sequence or 0, location=places.get(room_id, "") if elsewhere else "",
                    title=title or None, alone=elsewhere and scope.kind == "room")


def _booking(row, dates: tuple[FeedDate, ...], viewer: Viewer, places: dict[int, str]) -> FeedBooking:
    booking_id, title, description, visibility, organisation_id, organisation, room_id, recurrence, changed, n = row
    sees = viewer.sees(Visibility(visibility), organisation_id)
    if not sees:  # a date's own title is as private as the booking's: 'Busy' for all of them
        dates = tuple(replace(d, title=None) if d.title else d for d in dates)
    return FeedBooking(id=booking_id, title=title if sees else viewer.busy, description=description if sees else "",
                       organisation=organisation if sees else "", location=places.get(room_id, ""),
                       recurrence=recurrence or "", changed=changed, dates=dates, plain_count=int(n or 0))


def booking_data(booking: Booking, viewer: Viewer, places: dict[int, str]) -> FeedBooking:
    """One loaded booking with every date listed: the .ics download of its page."""
    scope = Scope("organisation", booking.organisation_id)
    dates = tuple(_date((booking.id, o.id, o.original_starts_at, o.starts_at, o.ends_at, o.status, o.sequence,
                         o.room_id, booking.room_id, o.title), scope, places) for o in booking.occurrences)
    row = (booking.id, booking.title, booking.description, booking.visibility, booking.organisation_id,
           booking.organisation.name, booking.room_id, booking.recurrence, booking.changed_at or booking.created_at, 0)
    return FeedBooking(**{**_booking(row, dates, viewer, places).__dict__, "plain_count": None})
