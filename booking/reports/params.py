"""What a report page is asked for, read from its query string (pure Python): building, period, grouping, year.

A value that cannot be read is replaced by its default and named in `problems` (messages to translate),
so the page still shows a report and says what it did instead; an id that is no building's gives a 404.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Mapping

from ..domain.ids import parse_id
from ..domain.messages import N_
from ..domain.text import EARLIEST_YEAR, LATEST_YEAR
from .period import last_full_month, period_problem

GROUPS = ("week", "month")


@dataclass
class Asked:
    """The report asked for; `problems` says which values were replaced by their defaults."""

    building_id: int | None
    first: date
    last: date
    by: str
    year: int
    csv: bool
    problems: list[str] = field(default_factory=list)

    def query(self, **changes) -> dict[str, str]:
        """The query string that asks for this report again (with `changes`), for links and the CSV."""
        values = {"building": self.building_id, "start": self.first.isoformat(), "end": self.last.isoformat(),
                  "by": self.by, "year": self.year}
        values.update(changes)
        return {k: v for k, v in values.items() if v is not None}


def read_day(raw: str | None) -> date | None:
    """A YYYY-MM-DD date within the years the app knows, or None."""
    if not raw or len(raw) != 10:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return None
    return day if EARLIEST_YEAR <= day.year <= LATEST_YEAR else None


def read_args(args: Mapping[str, str], today: date) -> Asked:
    """The report asked for in `args` (building, start, end, by, year, format); defaults: the default
    building, the last full month before `today`, by week, the last full year."""
    problems: list[str] = []
    first, last = last_full_month(today)
    raw_building = args.get("building") or None
    building_id = None if raw_building is None else (parse_id(raw_building) or 0)
    start, end = read_day(args.get("start")), read_day(args.get("end"))
    if (args.get("start") and start is None) or (args.get("end") and end is None):
        problems.append(N_("A date could not be read; use the date picker (YYYY-MM-DD)."))
    elif start or end:  # one date alone: that day
        start, end = start or end, end or start
        problem = period_problem(start, end)
        if problem:
            problems.append(problem)
        else:
            first, last = start, end
    by = args.get("by") or "week"
    if by not in GROUPS:
        by = "week"
    year = today.year - 1
    raw_year = args.get("year")
    if raw_year:
        if raw_year.isascii() and raw_year.isdigit() and EARLIEST_YEAR < int(raw_year) <= LATEST_YEAR:
            year = int(raw_year)
        else:
            problems.append(N_("The year must be between %(first)s and %(last)s.", first=EARLIEST_YEAR + 1,
                               last=LATEST_YEAR))
    return Asked(building_id, first, last, by, year, args.get("format") == "csv", problems)
