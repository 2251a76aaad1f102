"""The booking form filled in from a finder result's link: room, date, times, weekly repetition, people.

/bookings/new?room=..&day=YYYY-MM-DD&start=HH:MM&end=HH:MM[&repeat=weekly&count=N][&people=N]

The booking page reads `room` itself, and `day` and `start` for the front desk's day links (which
give no end: an hour is assumed there); this adds what a finder link carries beyond those: the end,
every week on the date's weekday N times, and the expected people. The date and start are read here
as well when the page has not set them. Anything that is not valid is left out: the form keeps its
defaults (an end not after the start, a count that is no number, ...).
"""
from __future__ import annotations

from datetime import date, datetime, time
from typing import Mapping

from ..domain.recurrence import MAX_COUNT
from ..domain.text import EARLIEST_YEAR, LATEST_YEAR
from .views import WEEKDAY_CODES


def _number(raw: str | None, low: int, high: int) -> int | None:
    if raw and raw.isascii() and raw.isdigit() and len(raw) <= 6 and low <= int(raw) <= high:
        return int(raw)
    return None


def _day(raw: str | None) -> date | None:
    try:
        day = date.fromisoformat(raw) if raw and len(raw) == 10 else None
    except ValueError:
        return None
    return day if day and EARLIEST_YEAR <= day.year <= LATEST_YEAR else None


def _time(raw: str | None) -> time | None:
    try:
        return datetime.strptime(raw, "%H:%M").time() if raw and len(raw) == 5 else None
    except ValueError:
        return None


def prefill_from_finder(form, args: Mapping[str, str]) -> None:
    """Set what a finder link carries: the date and start (unless the page set them), the end, the
    weekly repetition and the expected people."""
    if form.day.data is None:
        form.day.data = _day(args.get("day"))
    if form.start_time.data is None:
        form.start_time.data = _time(args.get("start"))
    end = _time(args.get("end"))
    if end and (form.start_time.data is None or end > form.start_time.data):
        form.end_time.data = end
    count = _number(args.get("count"), 1, MAX_COUNT)
    if args.get("repeat") == "weekly" and count and form.day.data:
        form.repeat.data = "weekly"
        form.weekdays.data = [WEEKDAY_CODES[form.day.data.weekday()]]
        form.ends.data, form.count.data = "count", count
    people = _number(args.get("people"), 1, 10000)
    if people:
        form.expected_people.data = people
