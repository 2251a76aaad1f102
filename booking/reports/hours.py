"""The time arithmetic of the reports: periods of local days cut into pieces, open hours, clipping, fractions.

Pure Python (no Flask, no database). Instants are aware UTC datetimes; days are local days of the
building's zone, so a day is as long as it really is (23 hours on the last Sunday of March, 25 on the
last Sunday of October).

A report's period is cut into *pieces*: runs of days inside one week (Monday to Sunday) and one month.
A week that crosses the turn of a month is two pieces, so that every piece belongs to exactly one
week, one month and one year: the database adds up the hours per piece once (one statement), and
the weeks, the months, the years and the whole period are sums of pieces.

Open hours of a room on a day: the building's opening hours of that local day (grid.opening_span),
less the time the building, the room, or a room it shares parts with is closed (the closures are
merged first, so two closures over the same hour take it away once).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Iterable, Mapping, Sequence
from zoneinfo import ZoneInfo

from ..domain.clock import local_day_bounds
from ..domain.grid import opening_span
from ..domain.rules import OpeningHours

HOUR = 3600.0
DAY = timedelta(days=1)
Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class Piece:
    """A run of local days [first, last] within one week and one month, and the UTC instants it spans."""

    index: int
    first: date
    last: date
    start: datetime
    end: datetime

    @property
    def monday(self) -> date:
        """The Monday of the piece's week."""
        return self.first - timedelta(days=self.first.weekday())

    @property
    def month(self) -> tuple[int, int]:
        """(year, month) of the piece."""
        return self.first.year, self.first.month


def days_between(first: date, last: date) -> list[date]:
    """Every date from `first` to `last`, both included."""
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def pieces(first: date, last: date, zone: ZoneInfo) -> list[Piece]:
    """The period's days in pieces, each within one week and one month, in order."""
    out: list[Piece] = []
    start = first
    while start <= last:
        end = start
        while end < last:
            nxt = end + DAY
            if nxt.weekday() == 0 or nxt.day == 1:
                break
            end = nxt
        lo = local_day_bounds(start, zone)[0]
        hi = local_day_bounds(end, zone)[1]
        out.append(Piece(len(out), start, end, lo, hi))
        start = end + DAY
    return out


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """The union of intervals as sorted, non-overlapping intervals (touching ones joined)."""
    out: list[Interval] = []
    for s, e in sorted(i for i in intervals if i[1] > i[0]):
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def overlap_seconds(start: datetime, end: datetime, lo: datetime, hi: datetime) -> float:
    """How many seconds of [start, end) lie within [lo, hi) (0 when they do not meet): clipping."""
    return max(0.0, (min(end, hi) - max(start, lo)).total_seconds())


def open_within(span: Interval | None, closed: Sequence[Interval]) -> float:
    """Seconds of one day's opening `span` (None: closed all day) outside the merged `closed` intervals."""
    if span is None:
        return 0.0
    lo, hi = span
    return max(0.0, (hi - lo).total_seconds() - sum(overlap_seconds(s, e, lo, hi) for s, e in closed))


def open_seconds(day: date, zone: ZoneInfo, hours: OpeningHours, closed: Sequence[Interval]) -> float:
    """Seconds the building is open on local `day`, less the merged `closed` intervals within that time."""
    return open_within(opening_span(day, zone, hours), closed)


def opening_spans(parts: Sequence[Piece], zone: ZoneInfo, hours: OpeningHours) -> list[list[Interval | None]]:
    """For each piece, the opening span of each of its days (None for a day the building is closed)."""
    return [[opening_span(d, zone, hours) for d in days_between(p.first, p.last)] for p in parts]


def open_seconds_per_piece(parts: Sequence[Piece], spans: Sequence[Sequence[Interval | None]],
                           closures: Iterable[Interval]) -> list[float]:
    """For each piece, the seconds open on its days (`spans`, from opening_spans) less the closures (merged)."""
    closed = merge(closures)
    out = []
    for p, days in zip(parts, spans):
        here = [(s, e) for s, e in closed if s < p.end and e > p.start]
        out.append(sum(open_within(span, here) for span in days))
    return out


def rooms_open_seconds(parts: Sequence[Piece], zone: ZoneInfo, hours: OpeningHours,
                       closures: Iterable[tuple[int | None, datetime, datetime]],
                       closing: Mapping[int, frozenset[int]]) -> dict[int, list[float]]:
    """Per room, the open seconds of each piece: the building's closures (room None) and those of the rooms
    in `closing[room]` (the room, its parts, the combinations above them) taken away. The opening hours of
    each day are worked out once, and rooms closed by the same closures share one computation."""
    closures = list(closures)
    spans = opening_spans(parts, zone, hours)
    cache: dict[tuple[Interval, ...], list[float]] = {}
    out: dict[int, list[float]] = {}
    for room_id, closers in closing.items():
        key = tuple(merge((s, e) for r, s, e in closures if r is None or r in closers))
        if key not in cache:
            cache[key] = open_seconds_per_piece(parts, spans, key)
        out[room_id] = cache[key]
    return out


def fraction(part: float, whole: float) -> float:
    """part / whole, 0 when the whole is nothing (nothing open: no occupancy)."""
    return part / whole if whole > 0 else 0.0


def as_hours(seconds: float) -> float:
    """Seconds as hours, to two decimals (a minute is 0.0167 hours; quarter hours stay exact)."""
    return round(round(seconds) / HOUR, 2)
