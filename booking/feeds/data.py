"""The plain data a calendar feed is made of: what the serialiser (feeds/ical.py) is a function of.

Frozen dataclasses, no database and no Flask: the feeds' queries fill them in, already cut to
what the subscriber may see (a private booking of another organisation arrives titled 'Busy',
without description or organisation).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# The host part of every UID: the same in every feed and every download, whatever the server is called.
UID_DOMAIN = "zaalreservering"
ACTIVE = ("confirmed", "pending")


@dataclass(frozen=True)
class FeedDate:
    """One date of a booking: where the series' rule put it, where it is now, its state and sequence (UTC)."""

    id: int
    original_start: datetime
    start: datetime
    end: datetime
    status: str                 # confirmed, pending, cancelled or rejected
    sequence: int = 0
    location: str = ""          # the room it is in, when not the booking's own
    title: str | None = None    # this date's own title, when it has one
    alone: bool = False         # shown as an event of its own, not as part of its series (a room
                                # feed's date moved in from another room: the series is not shown there)

    @property
    def active(self) -> bool:
        """Confirmed and pending dates take place."""
        return self.status in ACTIVE


@dataclass(frozen=True)
class FeedBooking:
    """A booking as a feed shows it: one event, or one repeating event with its exceptions.

    `dates` lists the dates known one by one: every date of a single booking; of a series at least
    those that differ from its rule (moved, in another room, cancelled, waiting for approval). A date
    of the rule that `dates` does not list takes place as the rule planned it when it is among
    `plain` (UTC starts), or, without `plain`, when `plain_count` (the number of such dates in the
    window) says every unlisted date of the rule does; otherwise it is excluded. Without either,
    only listed dates take place. A feed of a few changes then never reads hundreds of plain dates.
    """

    id: int
    title: str
    description: str            # what the subscriber may read; '' for none
    organisation: str           # '' where the subscriber may not see who booked
    location: str               # room, building, address
    recurrence: str             # the rule text kept on the booking (domain/recurrence.py); '' for a single booking
    changed: datetime           # its last change (UTC): DTSTAMP and LAST-MODIFIED
    dates: tuple[FeedDate, ...]
    plain_count: int | None = None
    plain: tuple[datetime, ...] | None = None


@dataclass(frozen=True)
class FeedCalendar:
    """A whole feed: its name and description, the building's zone, the bookings and the window.

    `window` (UTC start, end) cuts repeating events to the dates inside it; None keeps every date
    (the .ics download of one booking). `rules_year` is the year whose daylight-saving rules the
    VTIMEZONE states.
    """

    name: str
    description: str
    zone: str
    bookings: tuple[FeedBooking, ...]
    window: tuple[datetime, datetime] | None
    rules_year: int


def uid(booking_id: int, date_id: int | None = None) -> str:
    """The stable UID of a booking (its one event or series), or of one date shown as an event of its own."""
    if date_id is None:
        return f"booking-{booking_id}@{UID_DOMAIN}"
    return f"booking-{booking_id}-date-{date_id}@{UID_DOMAIN}"
