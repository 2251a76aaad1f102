"""Serving one feed: who asks (token or public), whether it changed, and its body when needed.

Every request reads the newest change of any booking (with the user of a private URL, in one
statement). While it is what this process saw when it last served the feed, the feed has not
changed: a 304, or the kept body, needs nothing more. Otherwise the feed's own change key is read
(the count of its dates in the window and their bookings' last change, one statement); only when
that moved too are its dates read and rendered.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Callable, Hashable
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from sqlalchemy.orm import Session

from . import queries
from .cache import Entry, Rendered, feeds
from .data import FeedCalendar
from .dates import feed_bookings
from .fitting import render_within
from .queries import Scope, Subscriber, Viewer
from .tokens import token_matches


@dataclass(frozen=True)
class Settings:
    """What every feed is served with: the secret, the clock, the window, the default zone."""

    secret: str
    now: datetime
    days_back: int
    months_ahead: int
    zone: str


@dataclass(frozen=True)
class Labels:
    """The texts of a feed in its reader's language."""

    name: str
    description: str
    busy: str
    filename: str


# labels_for(language, kind, subject): the feed's texts in that language (feeds/web.py).
LabelsFor = Callable[[str | None, str, str], Labels]


@dataclass
class FeedAnswer:
    """A feed about to be answered: what is known of it, its body on demand."""

    identity: Hashable
    entry: Entry
    private: bool
    filename: str
    make: Callable[[], bytes] = field(repr=False)

    @property
    def last_modified(self) -> datetime:
        """When the feed last changed (a booking in it, or the window's first day)."""
        return self.entry.last_modified

    def cached(self) -> Rendered | None:
        """The body this process rendered for the feed as it is now, if any."""
        return self.entry.rendered

    def rendered(self) -> Rendered:
        """The body, kept or rendered now (and kept)."""
        if self.entry.rendered is None:
            self.entry = Entry(self.entry.stamp, self.entry.key, self.entry.last_modified, Rendered.of(self.make()))
            feeds.put(self.identity, self.entry)
        return self.entry.rendered


def forget_everything() -> None:
    """Empty every cache of the feeds in this process: bodies, events, heads, expanded rules (tests, benchmarks)."""
    from .ical import events_of, head
    from .plan import rule_starts
    feeds.clear()
    events_of.cache_clear()
    head.cache_clear()
    rule_starts.cache_clear()


def window(settings: Settings, zone_name: str) -> tuple[datetime, datetime]:
    """The feed's window: local midnight `days_back` days ago to `months_ahead` months from today (UTC)."""
    zone = ZoneInfo(zone_name)
    today = settings.now.astimezone(zone).date()
    return (_midnight(today - timedelta(days=settings.days_back), zone),
            _midnight(today + relativedelta(months=settings.months_ahead), zone))


def _midnight(day: date, zone) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def _subscriber(session: Session, settings: Settings, user_id: int, token: str, feed: str,
                room_id: int | None = None) -> tuple[Subscriber | None, tuple | None]:
    """The active user whose token for `feed` the URL carries (None: the URL answers 404), and the
    newest change of any booking."""
    if not user_id or not token or len(token) > 64:
        return None, None
    user, stamp = queries.subscriber(session, user_id, room_id)
    if user is None or not user.active or not token_matches(settings.secret, user.id, user.generation, feed, token):
        return None, None
    return user, stamp


def _answer(session: Session, settings: Settings, scope: Scope, viewer: Viewer, zone: str, labels: Labels,
            private: bool, stamp: tuple | None) -> FeedAnswer:
    """What is known of the feed now: from the kept entry while nothing changed, else from its change key."""
    start, end = window(settings, zone)
    identity = (scope, viewer, zone, labels, start)
    entry = feeds.get(identity)
    if entry is None or entry.stamp != stamp:
        key = queries.change_key(session, scope, start, end)
        if entry is not None and entry.key == key:
            entry = Entry(stamp, key, entry.last_modified, entry.rendered)
        else:
            # The window moves once a day: the body may change at that midnight without any booking changing.
            moved = _midnight(settings.now.astimezone(UTC).date(), UTC)
            last = max(t for t in (moved, *key[1:]) if t is not None)
            entry = Entry(stamp, key, last.replace(microsecond=0))
        feeds.put(identity, entry)

    def make() -> bytes:
        places = queries.locations(session)
        bookings = feed_bookings(session, scope, viewer, start, end, places, ZoneInfo(zone))
        return render_within(FeedCalendar(labels.name, labels.description, zone, bookings, (start, end),
                                          settings.now.astimezone(UTC).year))
    return FeedAnswer(identity, entry, private, labels.filename, make)


def _viewer(user: Subscriber, labels: Labels) -> Viewer:
    return Viewer(staff=user.staff, organisation_id=user.organisation_id, busy=labels.busy)


def room_feed(session: Session, settings: Settings, user_id: int, token: str, room_id: int,
              labels_for: LabelsFor) -> FeedAnswer | None:
    """A room's feed for the user of the token, as they may see it; None for a bad URL or room."""
    user, stamp = _subscriber(session, settings, user_id, token, f"room:{room_id}", room_id)
    if user is None or user.room is None:
        return None
    room, building, zone = user.room
    labels = labels_for(user.language, "room", f"{room} ({building})")
    return _answer(session, settings, Scope("room", room_id), _viewer(user, labels), zone, labels, True, stamp)


def organisation_feed(session: Session, settings: Settings, user_id: int, token: str,
                      labels_for: LabelsFor) -> FeedAnswer | None:
    """The feed of the bookings of the token user's organisation, in every room; None for a bad URL."""
    user, stamp = _subscriber(session, settings, user_id, token, "organisation")
    if user is None or user.organisation_id is None:
        return None
    labels = labels_for(user.language, "organisation", user.organisation)
    return _answer(session, settings, Scope("organisation", user.organisation_id), _viewer(user, labels),
                   settings.zone, labels, True, stamp)


def personal_feed(session: Session, settings: Settings, user_id: int, token: str,
                  labels_for: LabelsFor) -> FeedAnswer | None:
    """The feed of what the token's user booked; None for a bad URL."""
    user, stamp = _subscriber(session, settings, user_id, token, "personal")
    if user is None:
        return None
    labels = labels_for(user.language, "personal", user.name)
    return _answer(session, settings, Scope("personal", user.id), _viewer(user, labels), settings.zone,
                   labels, True, stamp)


def public_feed(session: Session, settings: Settings, labels_for: LabelsFor) -> FeedAnswer:
    """The building's public agenda as a feed: confirmed dates of public bookings, no token."""
    labels = labels_for(None, "public", "")
    return _answer(session, settings, Scope("public"), Viewer(busy=labels.busy), settings.zone, labels, False,
                   queries.newest_change(session))
