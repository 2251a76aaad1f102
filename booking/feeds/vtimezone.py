"""A VTIMEZONE in the yearly-rule style (STANDARD and DAYLIGHT, each with an RRULE), from zoneinfo.

Some generators write every transition as a long RDATE list; Outlook misreads those. The
rules are read off the zone's transitions in one year (its current rules): for Europe/Amsterdam
the last Sunday of March at 02:00 and the last Sunday of October at 03:00. Pure: no Flask, no
database.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

_DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# The year every rule is said to start in (DTSTART of STANDARD and DAYLIGHT): before any event.
RULES_FROM_YEAR = 1970


@dataclass(frozen=True)
class Onset:
    """One yearly change of a zone's offset, as a rule: the nth (or last) weekday of a month at a wall time."""

    daylight: bool
    name: str
    offset_from: timedelta
    offset_to: timedelta
    month: int
    nth: int            # 1..4, or -1 for the last
    weekday: int        # 0 = Monday
    at: tuple[int, int, int]  # hour, minute, second of the wall clock before the change

    def first(self, year: int) -> datetime:
        """The change in `year` by this rule, as the naive wall time before it."""
        days = [d for d in range(1, calendar.monthrange(year, self.month)[1] + 1)
                if calendar.weekday(year, self.month, d) == self.weekday]
        day = days[-1] if self.nth == -1 else days[self.nth - 1]
        return datetime(year, self.month, day, *self.at)

    def byday(self) -> str:
        """The RRULE's BYDAY: '-1SU', '2SU'."""
        return f"{self.nth}{_DAY_CODES[self.weekday]}"


def _transitions(zone: ZoneInfo, year: int) -> list[datetime]:
    """The UTC instants in `year` at which the zone's offset changes (to the second)."""
    found = []
    t = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    step = timedelta(hours=1)
    before = t.astimezone(zone).utcoffset()
    while t < end:
        after = (t + step).astimezone(zone).utcoffset()
        if after != before:
            lo, hi = t, t + step  # the change happens in (lo, hi]
            while hi - lo > timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                if mid.astimezone(zone).utcoffset() == before:
                    lo = mid
                else:
                    hi = mid
            found.append(hi.replace(microsecond=0))
        before = after
        t += step
    return found


@lru_cache(maxsize=64)
def onsets(zone_name: str, year: int) -> tuple[Onset, ...]:
    """The zone's yearly changes as rules, read off `year`; empty for a zone without daylight saving."""
    zone = ZoneInfo(zone_name)
    out = []
    for instant in _transitions(zone, year):
        before = instant - timedelta(seconds=1)
        offset_from, offset_to = before.astimezone(zone).utcoffset(), instant.astimezone(zone).utcoffset()
        wall = (instant + offset_from).replace(tzinfo=None)
        last_day = calendar.monthrange(wall.year, wall.month)[1]
        nth = -1 if wall.day + 7 > last_day else (wall.day - 1) // 7 + 1
        local = instant.astimezone(zone)
        out.append(Onset(bool(local.dst()), local.tzname() or zone_name, offset_from, offset_to,
                         wall.month, nth, wall.weekday(), (wall.hour, wall.minute, wall.second)))
    return tuple(out) if len(out) == 2 else ()


def vtimezone(zone_name: str, year: int) -> Timezone:
    """The VTIMEZONE of `zone_name` by its rules of `year`: STANDARD and DAYLIGHT with yearly RRULEs,
    or one STANDARD without a rule for a zone that keeps one offset."""
    zone = ZoneInfo(zone_name)
    tz = Timezone()
    tz.add("tzid", zone_name)
    rules = onsets(zone_name, year)
    if not rules:
        moment = datetime(year, 7, 1, 12, tzinfo=UTC).astimezone(zone)
        part = TimezoneStandard()
        part.add("dtstart", datetime(RULES_FROM_YEAR, 1, 1))
        part.add("tzoffsetfrom", moment.utcoffset())
        part.add("tzoffsetto", moment.utcoffset())
        part.add("tzname", moment.tzname() or zone_name)
        tz.add_component(part)
        return tz
    for onset in sorted(rules, key=lambda o: not o.daylight):
        part = TimezoneDaylight() if onset.daylight else TimezoneStandard()
        part.add("dtstart", onset.first(RULES_FROM_YEAR))
        part.add("rrule", {"FREQ": "YEARLY", "BYMONTH": onset.month, "BYDAY": onset.byday()})
        part.add("tzoffsetfrom", onset.offset_from)
        part.add("tzoffsetto", onset.offset_to)
        part.add("tzname", onset.name)
        tz.add_component(part)
    return tz
