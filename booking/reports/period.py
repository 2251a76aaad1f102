"""The period a report covers: checks and the default (pure Python)."""
from __future__ import annotations

from datetime import date, timedelta

from ..domain.messages import N_

# The longest period one report covers, both ends included: two years (a year against the year before).
MAX_DAYS = 731


def period_problem(first: date, last: date) -> str | None:
    """Why first..last cannot be a report's period (a message to translate), or None."""
    if last < first:
        return N_("The end date must not be before the start date.")
    if (last - first).days + 1 > MAX_DAYS:
        return N_("A report covers at most %(days)s days.", days=MAX_DAYS)
    return None


def last_full_month(today: date) -> tuple[date, date]:
    """The first and last day of the month before `today`'s."""
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


def year_bounds(year: int) -> tuple[date, date]:
    """1 January and 31 December of `year`."""
    return date(year, 1, 1), date(year, 12, 31)
