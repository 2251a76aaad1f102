"""School holiday periods as runs of whole local days, and the dates of a series that fall in them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable

from .errors import InvalidInput
from .messages import N_


@dataclass(frozen=True)
class HolidayPeriod:
    """A named school holiday from `first` to `last`, both days included."""

    name: str
    first: date
    last: date

    def covers(self, day: date) -> bool:
        """Whether `day` is one of the holiday's days (its first and last day included)."""
        return self.first <= day <= self.last


def check_period(first: date, last: date) -> None:
    """A period must not end before it starts (one day, first == last, is fine)."""
    if last < first:
        msg = N_("The last day is before the first day.")
        raise InvalidInput(msg, {"end_date": [msg]})


def days_in_holidays(days: Iterable[date], periods: Iterable[HolidayPeriod]) -> dict[date, str]:
    """The `days` that fall in a school holiday, each with that holiday's name.

    Periods may overlap (a region's break and a building's own extra days): a day in several takes the
    name of the one that starts first, so the same data always gives the same names.
    """
    ordered = sorted(periods, key=lambda p: (p.first, p.last, p.name))
    found: dict[date, str] = {}
    for day in days:
        for period in ordered:
            if period.covers(day):
                found[day] = period.name
                break
    return found
