"""Which events a booking becomes in a feed: a series' rule, its excluded and changed dates.

A repeating booking is one event with the rule (cut to the feed's window), an EXDATE for every
date of the rule that does not take place as planned here (cancelled, skipped as a holiday or
closure, moved to another room that this feed does not show), and an override, with the same
UID and a RECURRENCE-ID, for each date that takes place changed (time, room, state or title).
A move Outlook cannot show as an override (onto the day of another date of the series, or past
a neighbouring date) becomes an EXDATE and an event of its own with a UID of its own. Pure.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from ..domain.recurrence import Recurrence, expand, parse_rule_text, series_times
from .data import FeedBooking, FeedDate

# How far a series' rule is expanded: further than any series may reach, extensions included.
RULE_REACH_MONTHS = 1200


@dataclass(frozen=True)
class Series:
    """The repeating event: first local start and length, the rule until its last date in the window."""

    start: datetime             # naive local
    length: timedelta           # wall-clock length
    rule: Recurrence
    until: datetime             # UTC start of its last date
    exdates: tuple[datetime, ...]   # naive local original starts
    status: str


@dataclass(frozen=True)
class Plan:
    """A booking's events: the series (or None), its overrides (date, original local start), and lone dates."""

    series: Series | None
    overrides: tuple[tuple[FeedDate, datetime], ...]
    lone: tuple[FeedDate, ...]


@lru_cache(maxsize=4096)
def rule_starts(recurrence: str, first: datetime, last: datetime) -> tuple[datetime, ...]:
    """Every local start the rule gives, skipped dates included (cached: a feed asks again and again)."""
    rule = parse_rule_text(recurrence)
    return tuple(s for s, _e in expand(replace(rule, exdates=frozenset()), first, last, max_months=RULE_REACH_MONTHS))


def _first_times(booking: FeedBooking, zone: ZoneInfo) -> tuple[datetime, datetime] | None:
    """The series' own first local start and end: from its rule text, else from its first date."""
    kept = series_times(booking.recurrence)
    if kept:
        return kept
    if not booking.dates:
        return None
    first = min(booking.dates, key=lambda d: (d.original_start, d.id))
    start = first.original_start.astimezone(zone).replace(tzinfo=None)
    return start, start + (first.end.astimezone(zone).replace(tzinfo=None)
                           - first.start.astimezone(zone).replace(tzinfo=None))


def _utc(local: datetime, zone: ZoneInfo) -> datetime:
    return local.replace(tzinfo=zone).astimezone(UTC)


def _breaks_order(date: FeedDate, before: FeedDate | None, after: FeedDate | None,
                  others: list[FeedDate], zone: ZoneInfo) -> bool:
    """Whether a moved date lands on the day of another date of the series, or past a neighbour."""
    day = date.start.astimezone(zone).date()
    if any(o.start.astimezone(zone).date() == day for o in others if o.id != date.id):
        return True
    return (before is not None and date.start <= before.start) or (after is not None and date.start >= after.start)


def plan(booking: FeedBooking, zone: ZoneInfo, window: tuple[datetime, datetime] | None) -> Plan:
    """The events `booking` becomes in a feed with `window` (None: every date)."""
    alone = [d for d in booking.dates if d.active and d.alone]
    active = sorted((d for d in booking.dates if d.active and not d.alone), key=lambda d: (d.original_start, d.id))
    rule = parse_rule_text(booking.recurrence) if booking.recurrence else None
    times = _first_times(booking, zone) if rule else None
    if rule is None or times is None:
        return Plan(None, (), tuple(active + sorted(alone, key=lambda d: (d.start, d.id))))
    starts = [s for s in rule_starts(booking.recurrence, *times)
              if window is None or window[0] <= _utc(s, zone) < window[1]]
    by_original: dict[datetime, FeedDate] = {}
    lone: list[FeedDate] = list(alone)
    planned = {_utc(s, zone): s for s in starts}
    for d in active:
        if d.original_start in planned and d.original_start not in by_original:
            by_original[d.original_start] = d
        else:
            lone.append(d)
    matched = [by_original[t] for t in sorted(by_original)]
    if not matched:
        return Plan(None, (), tuple(lone))
    status = "confirmed" if any(d.status == "confirmed" for d in matched) else "pending"
    overrides = []
    for i, d in enumerate(matched):
        if d.start != d.original_start and _breaks_order(d, matched[i - 1] if i else None,
                                                         matched[i + 1] if i + 1 < len(matched) else None,
                                                         matched, zone):
            lone.append(d)
            del by_original[d.original_start]
        elif (d.start != d.original_start or d.end - d.start != _length(times, d, zone) or d.status != status
              or d.location or d.title is not None):
            overrides.append((d, planned[d.original_start]))
    length = times[1] - times[0]
    series = Series(start=starts[0], length=length, rule=rule, until=_utc(starts[-1], zone),
                    exdates=tuple(s for s in starts if _utc(s, zone) not in by_original), status=status)
    return Plan(series, tuple(overrides), tuple(sorted(lone, key=lambda d: (d.start, d.id))))


def _length(times: tuple[datetime, datetime], date: FeedDate, zone: ZoneInfo) -> timedelta:
    """The length the series' rule gives this date: its wall-clock length, measured in real time."""
    start = date.original_start.astimezone(zone).replace(tzinfo=None)
    return _utc(start + (times[1] - times[0]), zone) - date.original_start
