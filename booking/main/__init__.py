"""The start page, and the template helper that puts a series' repetition in words."""
from __future__ import annotations

from babel.dates import format_date, get_day_names
from flask import Blueprint, render_template
from flask_babel import get_locale

from ..domain.clock import wall, zone_of
from ..domain.describe import Names, describe
from ..models import Booking

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    """The start page: what this is and where to go (book, today's agenda, our bookings)."""
    return render_template("main/index.html")


def names(locale: str) -> Names:
    """The weekday names and the date style of `locale`, from Babel."""
    wide, short = get_day_names("wide", locale=locale), get_day_names("abbreviated", locale=locale)
    return Names(days=[wide[i] for i in range(7)], short_days=[short[i] for i in range(7)],
                 date=lambda d: format_date(d, "d MMM y", locale=locale))


@bp.app_template_global()
def repetition(booking: Booking) -> str | None:
    """'elke dinsdag, 8 keer, tot 26 jan 2027' for a series in the reader's language; None for a single
    booking. Uses the booking's room, building and dates as the page loaded them (no query)."""
    if not booking.recurrence:
        return None
    first = None  # the text's DTSTART/DTEND lines; a series kept without them starts at its first date
    if "DTSTART:" not in booking.recurrence and booking.occurrences:
        zone = zone_of(booking.room.building.timezone)
        first = (wall(booking.occurrences[0].starts_at, zone), wall(booking.occurrences[0].ends_at, zone))
    locale = str(get_locale())
    return describe(booking.recurrence, names(locale), locale, first)
