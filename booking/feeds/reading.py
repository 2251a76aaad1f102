"""Serving one feed: who asks (token or public), the key of what it shows, and its body when needed.

open_*() check the URL and read the feed's change key (a fixed handful of statements); the
returned FeedAnswer renders the body only when the cache has none for that key, so a 304 costs
no rendering and no reading of dates.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Callable, Hashable

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Building, Room, User
from . import queries
from .cache import Rendered, feeds
from .data import FeedCalendar
from .ical import render
from .queries import Scope, Viewer
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


@dataclass
class FeedAnswer:
    """A feed about to be answered: its key and last change now, its body on demand."""

    key: Hashable
    last_modified: datetime
    private: bool
    filename: str
    make: Callable[[], bytes] = field(repr=False)

    def cached(self) -> Rendered | None:
        """The body rendered earlier for this key, if this process kept it."""
        return feeds.get(self.key)

    def rendered(self) -> Rendered:
        """The body, from the cache or rendered now (and kept)."""
        found = feeds.get(self.key)
        if found is None:
            found = Rendered.of(self.make())
            feeds.put(self.key, found)
        return found


def window(settings: Settings, zone_name: str) -> tuple[datetime, datetime]:
    """The feed's window: local midnight `days_back` days ago to `months_ahead` months from today (UTC)."""
    from zoneinfo import ZoneInfo
    zone = ZoneInfo(zone_name)
    today = settings.now.astimezone(zone).date()
    first = today - timedelta(days=settings.days_back)
    last = today + relativedelta(months=settings.months_ahead)
    return _midnight(first, zone), _midnight(last, zone)


def _midnight(day: date, zone) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def subscriber(session: Session, settings: Settings, user_id: int, token: str, feed: str) -> User | None:
    """The active user whose token for `feed` the URL carries, or None (the URL answers 404)."""
    user = queries.feed_user(session, user_id) if user_id else None
    if user is None or not user.active:
        return None
    return user if token_matches(settings.secret, user.id, user.feed_generation or 0, feed, token) else None


def _answer(session: Session, settings: Settings, scope: Scope, viewer: Viewer, zone: str,
            labels: Labels, private: bool, extra: Hashable = ()) -> FeedAnswer:
    """Read the scope's change key (one statement) and prepare its rendering."""
    start, end = window(settings, zone)
    count, last = queries.change_key(session, scope, start, end)
    key = (scope, viewer, zone, labels, start, count, last, extra)
    # The window moves once a day: the body may change at that midnight without any booking changing.
    moved = _midnight(settings.now.astimezone(UTC).date(), UTC)
    last_modified = max(last or moved, moved) if last else moved

    def make() -> bytes:
        places = queries.locations(session)
        bookings = queries.feed_bookings(session, scope, viewer, start, end, places)
        return render(FeedCalendar(labels.name, labels.description, zone, bookings, (start, end),
                                   settings.now.astimezone(UTC).year))
    return FeedAnswer(key, last_modified.replace(microsecond=0), private, labels.filename, make)


def room_feed(session: Session, settings: Settings, user_id: int, token: str, room_id: int,
              labels_for: Callable[[User | None, str, str], Labels]) -> FeedAnswer | None:
    """A room's feed for the user of the token, as they may see it; None for a bad URL."""
    user = subscriber(session, settings, user_id, token, f"room:{room_id}")
    found = session.execute(select(Room.name, Building.name, Building.timezone)
                            .join(Building, Building.id == Room.building_id)
                            .where(Room.id == room_id, Room.active)).first() if user else None
    if found is None:
        return None
    labels = labels_for(user, "room", f"{found[0]} ({found[1]})")
    return _answer(session, settings, Scope("room", room_id), _viewer(user, labels), found[2], labels, True)


def organisation_feed(session: Session, settings: Settings, user_id: int, token: str,
                      labels_for: Callable[[User | None, str, str], Labels]) -> FeedAnswer | None:
    """The feed of the bookings of the token user's organisation, in every room; None for a bad URL."""
    user = subscriber(session, settings, user_id, token, "organisation")
    if user is None or user.organisation is None:
        return None
    labels = labels_for(user, "organisation", user.organisation.name)
    return _answer(session, settings, Scope("organisation", user.organisation_id), _viewer(user, labels),
                   settings.zone, labels, True)


def personal_feed(session: Session, settings: Settings, user_id: int, token: str,
                  labels_for: Callable[[User | None, str, str], Labels]) -> FeedAnswer | None:
    """The feed of what the token's user booked; None for a bad URL."""
    user = subscriber(session, settings, user_id, token, "personal")
    if user is None:
        return None
    labels = labels_for(user, "personal", user.name)
    return _answer(session, settings, Scope("personal", user.id), _viewer(user, labels), settings.zone,
                   labels, True)


def public_feed(session: Session, settings: Settings,
                labels_for: Callable[[User | None, str, str], Labels]) -> FeedAnswer:
    """The building's public agenda as a feed: confirmed dates of public bookings, no token."""
    labels = labels_for(None, "public", "")
    return _answer(session, settings, Scope("public"), Viewer(busy=labels.busy), settings.zone, labels, False)


def _viewer(user: User, labels: Labels) -> Viewer:
    return Viewer(staff=user.is_staff, organisation_id=user.organisation_id, busy=labels.busy)
