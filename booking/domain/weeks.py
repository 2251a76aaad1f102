"""Weeks and months of local days: the arithmetic of the week and month pages (no Flask, no database).

A week is the seven local days from Monday; each day runs from local midnight to the next local
midnight, so its length is its true length: 23 hours on the Sunday the clocks go forward, 25 on
the Sunday they go back. A day's hours are stepped in real (UTC) time from its midnight: on the
last Sunday of March 2027 in Europe/Amsterdam they are 00, 01, 03, 04 ... 23 (no 02:00); on the
last Sunday of October 00, 01, 02, 02 (again, one hour later), 03 ... 23.

The rows of a week page are the union of its days' wall hours, keyed (hour, fold): fold 1 is the
repeated hour after the clocks go back. A day that lacks a row (the skipped 02:00 in spring, the
second 02:00 on every other day of an autumn week) draws that row as not existing.

Items (bookings) are placed on the days they touch: clipped to each day, so one that runs past
midnight is split over both days; items that overlap on one day get lanes side by side.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Generic, Iterable, Sequence, TypeVar
from zoneinfo import ZoneInfo

from .clock import is_ambiguous, local_day_bounds, wall

T = TypeVar("T")
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
# A grid row (one hour) is this many tracks high: a booking is drawn to the nearest 5 minutes.
TRACKS_PER_HOUR = 12
_MONTH = re.compile(r"(\d{4})-(\d{2})")

RowKey = tuple[int, int]  # (wall hour 0-23, fold)


@dataclass(frozen=True)
class HourSlot:
    """One hour of a local day, in UTC, with the wall hour it is called by."""

    start: datetime
    end: datetime
    hour: int
    fold: int = 0

    @property
    def key(self) -> RowKey:
        return (self.hour, self.fold)


@dataclass(frozen=True)
class Day:
    """One local day: its UTC bounds and its hours."""

    date: date
    start: datetime
    end: datetime
    hours: tuple[HourSlot, ...]

    @property
    def length(self) -> timedelta:
        """The true length: 24 hours, or 23 or 25 on the days the clocks change."""
        return self.end - self.start

    @property
    def length_hours(self) -> float:
        return self.length / HOUR

    @property
    def clock_change(self) -> str | None:
        """'forward' on the short day, 'back' on the long day, None on an ordinary day."""
        if self.length < DAY:
            return "forward"
        if self.length > DAY:
            return "back"
        return None

    @cached_property  # asked for every hour row of the week; a frozen dataclass keeps it in __dict__
    def keys(self) -> frozenset[RowKey]:
        """The (hour, fold) of each of the day's hours."""
        return frozenset(h.key for h in self.hours)

    def slot(self, instant: datetime) -> HourSlot | None:
        """The hour of this day that `instant` falls in, or None outside the day."""
        for h in self.hours:
            if h.start <= instant < h.end:
                return h
        return None


def monday_of(day: date) -> date:
    """The Monday of the week `day` is in."""
    return day - timedelta(days=day.weekday())


def day_of(day: date, zone: ZoneInfo) -> Day:
    """The local day `day` in `zone`: its UTC bounds and its hours, stepped in real time."""
    start, end = local_day_bounds(day, zone)
    hours, at, seen = [], start, set()
    while at < end:
        local = wall(at, zone)
        # The same wall hour a second time (clocks back): the later one has fold 1.
        fold = 1 if local.hour in seen else 0
        seen.add(local.hour)
        hours.append(HourSlot(at, min(at + HOUR, end), local.hour, fold))
        at += HOUR
    return Day(day, start, end, tuple(hours))


def week_days(any_day: date, zone: ZoneInfo) -> list[Day]:
    """The seven local days, Monday first, of the week holding `any_day`."""
    first = monday_of(any_day)
    return [day_of(first + timedelta(days=i), zone) for i in range(7)]


def span_of(days: Sequence[Day]) -> tuple[datetime, datetime]:
    """The UTC instants the days run from and to."""
    return days[0].start, days[-1].end


def rows_of(days: Iterable[Day]) -> list[RowKey]:
    """The hour rows of a page of days: every (hour, fold) any day has, in order of the clock."""
    keys: set[RowKey] = set()
    for d in days:
        keys |= d.keys
    return sorted(keys)


@dataclass(frozen=True)
class Placed(Generic[T]):
    """An item as drawn on one day: clipped to the day, in lane `lane` of `lanes` side by side."""

    item: T
    start: datetime
    end: datetime
    starts_before: bool  # it began on an earlier day
    ends_after: bool     # it goes on into the next day
    lane: int = 0
    lanes: int = 1


def place(days: Sequence[Day], items: Iterable[tuple[datetime, datetime, T]]) -> list[list[Placed[T]]]:
    """For each day, the items that overlap it, clipped to it, by start; lanes for those that overlap.

    An item is (start, end, payload) in aware instants; one that crosses midnight shows on each day it touches.
    """
    items = sorted(items, key=lambda it: (it[0], it[1]))
    out: list[list[Placed[T]]] = []
    for d in days:
        clipped = [(max(s, d.start), min(e, d.end), s < d.start, e > d.end, x)
                   for s, e, x in items if s < d.end and e > d.start]
        out.append(_lanes(clipped))
    return out


def _lanes(clipped: list[tuple[datetime, datetime, bool, bool, T]]) -> list[Placed[T]]:
    """Give overlapping items lanes: each group of items that overlap one another, directly or
    through others, shares a number of lanes; each item takes the first lane free at its start."""
    placed: list[Placed[T]] = []
    group: list[tuple[int, datetime]] = []  # (lane, end) of the current group's items
    group_first = 0
    for s, e, before, after, x in clipped:
        if group and s >= max(end for _, end in group):
            _close(placed, group_first, max(lane for lane, _ in group) + 1)
            group, group_first = [], len(placed)
        busy = {lane for lane, end in group if end > s}
        lane = next(i for i in range(len(group) + 1) if i not in busy)
        group.append((lane, e))
        placed.append(Placed(x, s, e, before, after, lane, 1))
    if group:
        _close(placed, group_first, max(lane for lane, _ in group) + 1)
    return placed


def _close(placed: list[Placed[T]], first: int, lanes: int) -> None:
    for i in range(first, len(placed)):
        p = placed[i]
        placed[i] = Placed(p.item, p.start, p.end, p.starts_before, p.ends_after, p.lane, lanes)


def track(day: Day, rows: Sequence[RowKey], instant: datetime, *, end: bool = False) -> int:
    """The grid line (from 0) of `instant` on `day`, in rows of TRACKS_PER_HOUR tracks.

    A start is rounded down to its 5 minutes, an end up; the end of the day is the line after its last hour.
    """
    if instant >= day.end:
        return rows.index(day.hours[-1].key) * TRACKS_PER_HOUR + TRACKS_PER_HOUR
    slot = day.slot(max(instant, day.start))
    minutes = (max(instant, day.start) - slot.start) / timedelta(minutes=60 // TRACKS_PER_HOUR)
    part = int(minutes) if not end or minutes == int(minutes) else int(minutes) + 1
    return rows.index(slot.key) * TRACKS_PER_HOUR + min(part, TRACKS_PER_HOUR)


def tracks(day: Day, rows: Sequence[RowKey], start: datetime, end: datetime) -> tuple[int, int]:
    """The first grid line and the line after the last of an item placed on `day` (at least one track)."""
    first = track(day, rows, start)
    last = track(day, rows, end, end=True)
    return first, max(last, first + 1)


def repeated(instant: datetime, zone: ZoneInfo) -> bool:
    """Whether the wall time of `instant` happens twice that night (the hour the clocks go back):
    then the time alone does not say which one, and a page adds the UTC offset."""
    return is_ambiguous(wall(instant, zone), zone)


def offset_label(instant: datetime, zone: ZoneInfo) -> str:
    """'UTC+02:00': the offset from UTC in `zone` at `instant`."""
    minutes = int(instant.astimezone(zone).utcoffset() / timedelta(minutes=1))
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


# --- months ---------------------------------------------------------------------------------------

def parse_month(raw: str | None) -> tuple[int, int] | None:
    """'2027-03' as (2027, 3); None for anything else."""
    m = _MONTH.fullmatch(raw or "")
    if not m or not 1 <= int(m[2]) <= 12:
        return None
    return int(m[1]), int(m[2])


def month_grid(year: int, month: int) -> list[list[date]]:
    """The weeks (Monday first) that hold the month, each of seven dates; the first week starts with
    the last days of the previous month and the last week ends with the first days of the next."""
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    start, weeks = monday_of(first), []
    while start <= last:
        weeks.append([start + timedelta(days=i) for i in range(7)])
        start += timedelta(days=7)
    return weeks


def month_days(year: int, month: int, zone: ZoneInfo) -> list[list[Day]]:
    """The month grid as local days with their UTC bounds."""
    return [[day_of(d, zone) for d in week] for week in month_grid(year, month)]


def next_month(year: int, month: int, step: int = 1) -> tuple[int, int]:
    """The month `step` months after (year, month); negative steps go back."""
    index = year * 12 + (month - 1) + step
    return index // 12, index % 12 + 1
