"""The public agenda and the lobby screen: for residents, without logging in.

Both show only the confirmed dates of public bookings (public/queries.py), with title, times,
room and organisation: never an internal or private booking, a request or a cancelled date.
"""
from __future__ import annotations

from datetime import date, timedelta
from itertools import groupby

from flask import current_app, render_template, request
from flask_babel import format_date

from ..domain.clock import zone_of
from ..domain.text import LATEST_YEAR
from ..extensions import db
from ..web import now
from . import bp
from .queries import PublicEvent, public_events

# The days one page of the agenda shows, today included.
AGENDA_DAYS = 28
# How often the lobby screen fetches itself again, in seconds.
LOBBY_REFRESH_SECONDS = 60


def _zone():
    return zone_of(current_app.config["DEFAULT_TIMEZONE"])


def _by_day(events: list[PublicEvent], first: date) -> list[tuple[date, list[PublicEvent]]]:
    """The events grouped by their local start day (one that began before `first` under `first`)."""
    def day_of(e: PublicEvent) -> date:
        return max(first, e.start.astimezone(e.zone).date())
    return [(d, list(group)) for d, group in groupby(events, key=day_of)]


def day_name(day: date, this_year: int | None = None) -> str:
    """'dinsdag 5 januari' in the reader's language; with the year when it is not `this_year`."""
    return format_date(day, "EEEE d MMMM" if day.year == (this_year or day.year) else "EEEE d MMMM y")


def _first_day(raw: str | None, today: date) -> date:
    """The day the agenda starts: ?from=YYYY-MM-DD when it is today or later (and plausible), else today."""
    try:
        asked = date.fromisoformat(raw) if raw and len(raw) == 10 else None
    except ValueError:
        asked = None
    if asked is None or asked < today or asked.year > LATEST_YEAR - 1:
        return today
    return asked


@bp.get("/agenda")
def agenda():
    """The public activities of the coming four weeks, by day, with a link to the four weeks after."""
    zone, t = _zone(), now()
    today = t.astimezone(zone).date()
    first = _first_day(request.args.get("from"), today)
    last = first + timedelta(days=AGENDA_DAYS - 1)
    # From today on only what has not ended yet: 'coming' activities.
    events = public_events(db.session, first, last, zone, ending_after=t)
    previous = None
    if first > today:
        previous = max(today, first - timedelta(days=AGENDA_DAYS))
    return render_template("public/agenda.html", days=_by_day(events, first), first=first, last=last,
                           next_first=last + timedelta(days=1), previous_first=previous, today=today,
                           day_name=lambda d: day_name(d, today.year))


@bp.get("/lobby")
def lobby():
    """The screen in the hall: today's public activities from now on, in large type; it refreshes itself."""
    zone, t = _zone(), now()
    today = t.astimezone(zone).date()
    events = public_events(db.session, today, today, zone, ending_after=t)
    return render_template("public/lobby.html", events=events, now=t, today=today,
                           refresh_seconds=LOBBY_REFRESH_SECONDS, day_name=day_name)
