"""A feed kept under 1 MB: Outlook and Google Calendar refuse or cut off larger subscriptions.

Deterministic, so the same data still gives the same bytes: first every description is cut to
SHORT_DESCRIPTION characters; if the feed is still too large, the window's far end comes nearer,
to the furthest local midnight at which the feed fits (the dates soonest to come are the ones a
subscriber needs). Pure: no database, no Flask.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .data import FeedBooking, FeedCalendar
from .ical import render

# Under 1 MB, with room to spare for a proxy's headers (bytes of the body).
MAX_BYTES = 1_000_000
# What is left of a description in a feed that would be too large with all of them.
SHORT_DESCRIPTION = 200


def shortened(booking: FeedBooking, length: int = SHORT_DESCRIPTION) -> FeedBooking:
    """The booking with its description cut to `length` characters (an ellipsis where cut)."""
    if len(booking.description) <= length:
        return booking
    return replace(booking, description=booking.description[:length - 1].rstrip() + "…")


def _until(calendar: FeedCalendar, days: int) -> FeedCalendar:
    """The calendar with its window ending `days` local days after it starts."""
    zone = ZoneInfo(calendar.zone)
    start, _end = calendar.window
    last = start.astimezone(zone).date() + timedelta(days=days)
    return replace(calendar, window=(start, datetime.combine(last, time(0), tzinfo=zone).astimezone(UTC)))


def render_within(calendar: FeedCalendar, limit: int = MAX_BYTES) -> bytes:
    """The feed's bytes, at most `limit` of them where cutting descriptions and the window's far end can
    make it so (a window of one day that is still too large is given as it is)."""
    body = render(calendar)
    if len(body) <= limit or calendar.window is None:
        return body
    calendar = replace(calendar, bookings=tuple(shortened(b) for b in calendar.bookings))
    body = render(calendar)
    if len(body) <= limit:
        return body
    zone = ZoneInfo(calendar.zone)
    start, end = calendar.window
    # The most days that fit: more days, more events, never fewer bytes. lo fits (or is 1), hi does not.
    lo, hi = 1, (end.astimezone(zone).date() - start.astimezone(zone).date()).days
    fitting = None  # the body of lo days, once rendered
    while lo < hi:
        mid = (lo + hi + 1) // 2
        candidate = render(_until(calendar, mid))
        if len(candidate) <= limit:
            lo, fitting = mid, candidate
        else:
            hi = mid - 1
    return fitting if fitting is not None else render(_until(calendar, lo))
