"""Which events a booking becomes in a feed: a series' rule, its excluded and changed dates.

A repeating booking is one event with the rule (cut to the feed's window), an EXDATE for every
date of the rule that does not take place as planned here (cancelled, skipped as a holiday or
closure, moved to another room that this feed does not show), and an override, with the same
UID and a RECURRENCE-ID, for each date that takes place changed (time, room, state or title).
A move Outlook cannot show as an override (onto the day of another date of the series, or past
a neighbouring date) becomes an EXDATE and an event of its own with a UID of its own. Pure.

Rule dates are compared in local wall time (the window's bounds are local midnights), so a
series of hundreds of dates costs a slice of its cached expansion and a dictionary look-up each.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from ..domain.recurrence import WEEKDAY_CODES, Recurrence, expand, parse_rule_text, series_times
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


class Stepped(Sequence):
    """The starts of a rule with one date per step (daily, or weekly on one day), computed when asked:
    a daily series of two years would otherwise be 730 datetimes made, for a window that may hold a few.
    Naive wall times, whole days apart: a DST change does not move them."""

    __slots__ = ("first", "step", "n")

    def __init__(self, first: datetime, step: timedelta, n: int):
        self.first, self.step, self.n = first, step, max(0, n)

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i):
        if isinstance(i, slice):
            start, stop, stride = i.indices(self.n)
            if stride != 1:
                return tuple(self)[i]
            return Stepped(self.first + self.step * start, self.step, stop - start)
        if i < 0:
            i += self.n
        if not 0 <= i < self.n:
            raise IndexError(i)
        return self.first + self.step * i

    def __eq__(self, other) -> bool:
        return isinstance(other, (tuple, Stepped)) and tuple(self) == tuple(other)

    __hash__ = None


@lru_cache(maxsize=4096)
def rule_starts(recurrence: str, first: datetime, last: datetime) -> Sequence[datetime]:
    """Every local start the rule gives, skipped dates included, in order (cached: feeds ask again and again).

    Daily and weekly rules are counted out directly (the same dates as dateutil's, see the tests, at a
    fraction of its cost: a year of five daily series is 1,800 dates), those with one date per step
    not even that (Stepped); monthly ones go through expand().
    """
    rule = parse_rule_text(recurrence)
    if rule.freq in ("daily", "weekly") and len(rule.byweekday) <= 1 and (
            not rule.byweekday or rule.freq == "weekly" and WEEKDAY_CODES.index(rule.byweekday[0]) == first.weekday()):
        return _stepped(rule, first)
    if rule.freq in ("daily", "weekly") and all(len(code) == 2 for code in rule.byweekday):
        return tuple(_periodic(rule, first))
    return tuple(s for s, _e in expand(replace(rule, exdates=frozenset()), first, last, max_months=RULE_REACH_MONTHS))


def _stepped(rule: Recurrence, first: datetime) -> Stepped:
    """The starts of a daily rule, or a weekly one on the first date's own weekday."""
    limit = first.date() + timedelta(days=31 * RULE_REACH_MONTHS)
    until = min(rule.until, limit) if rule.until is not None else limit
    days = rule.interval * (1 if rule.freq == "daily" else 7)
    n = max(0, (until - first.date()).days // days + 1)
    if rule.count is not None:
        n = min(n, rule.count)
    return Stepped(first, timedelta(days=days), n)


def _periodic(rule: Recurrence, first: datetime):
    """The starts of a daily or weekly rule (weeks from Monday, as RFC 5545's default WKST=MO)."""
    limit = first.date() + timedelta(days=31 * RULE_REACH_MONTHS)
    until = min(rule.until, limit) if rule.until is not None else limit
    left = rule.count if rule.count is not None else -1
    if rule.freq == "daily" or not rule.byweekday:
        days = rule.interval * (1 if rule.freq == "daily" else 7)
        n = max(0, (until - first.date()).days // days + 1)
        if left >= 0:
            n = min(n, left)
        step = timedelta(days=days)
        yield from (first + step * i for i in range(n))
        return
    days = sorted(WEEKDAY_CODES.index(code) for code in rule.byweekday)
    monday = first.date() - timedelta(days=first.weekday())
    while left != 0 and monday <= until:
        for wd in days:
            day = monday + timedelta(days=wd)
            if day < first.date():
                continue
            if day > until or left == 0:
                return
            yield datetime.combine(day, first.time())
            left -= 1
        monday += timedelta(weeks=rule.interval)


@lru_cache(maxsize=4096)
def _rule(recurrence: str) -> Recurrence | None:
    return parse_rule_text(recurrence) if recurrence.strip() else None


def _naive(instant: datetime, zone: ZoneInfo) -> datetime:
    return instant.astimezone(zone).replace(tzinfo=None)


def _utc(local: datetime, zone: ZoneInfo) -> datetime:
    return local.replace(tzinfo=zone).astimezone(UTC)


@lru_cache(maxsize=4096)
def _kept_times(recurrence: str) -> tuple[datetime, datetime] | None:
    return series_times(recurrence)


def first_times(booking: FeedBooking, zone: ZoneInfo) -> tuple[datetime, datetime] | None:
    """The series' own first local start and end: from its rule text, else from its first listed date."""
    kept = _kept_times(booking.recurrence)
    if kept:
        return kept
    if not booking.dates:
        return None
    first = min(booking.dates, key=lambda d: (d.original_start, d.id))
    start = _naive(first.original_start, zone)
    return start, start + (_naive(first.end, zone) - _naive(first.start, zone))


def window_starts(booking: FeedBooking, zone: ZoneInfo, window: tuple[datetime, datetime] | None
                  ) -> tuple[Recurrence, tuple[datetime, datetime], Sequence[datetime]] | None:
    """The rule, its first times and its local starts inside the window; None for a single booking."""
    rule = _rule(booking.recurrence)
    times = first_times(booking, zone) if rule else None
    if rule is None or times is None:
        return None
    starts = rule_starts(booking.recurrence, *times)
    if window is not None:
        starts = starts[bisect_left(starts, _naive(window[0], zone)):bisect_left(starts, _naive(window[1], zone))]
    return rule, times, starts


def _sorted_out(rule: Recurrence, starts: Sequence[datetime], by_original: dict[datetime, FeedDate]
                ) -> tuple[list[tuple[datetime, FeedDate | None]], list[datetime]]:
    """The rule dates in order, each with its listed date or None, and the ones the rule itself skips."""
    slots: list[tuple[datetime, FeedDate | None]] = []
    skipped: list[datetime] = []
    exdays = rule.exdates
    for s in starts:
        d = by_original.get(s)
        if d is None and exdays and s.date() in exdays:
            skipped.append(s)
        else:
            slots.append((s, d))
    return slots, skipped


def unlisted_planned(booking: FeedBooking, zone: ZoneInfo, window: tuple[datetime, datetime] | None) -> int:
    """How many rule dates in the window `dates` does not list and the rule does not skip: the number
    of plain dates the database must hold for `plain_count` alone to settle them (0 for a single booking)."""
    found = window_starts(booking, zone, window)
    if found is None:
        return 0
    rule, _times, starts = found
    listed = {_naive(d.original_start, zone) for d in booking.dates if not d.alone}
    exdays = rule.exdates
    if not exdays:
        return len(starts) - sum(1 for s in listed if _among(starts, s))
    return sum(1 for s in starts if s not in listed and s.date() not in exdays)


def _among(starts: Sequence[datetime], s: datetime) -> bool:
    """Whether `s` is one of the sorted `starts`."""
    i = bisect_left(starts, s)
    return i < len(starts) and starts[i] == s


def _breaks_order(date_: FeedDate, before: FeedDate | None, after: FeedDate | None,
                  days: dict[date, int], zone: ZoneInfo) -> bool:
    """Whether a moved date lands on the day of another date of the series, or past a neighbour."""
    if days.get(date_.start.astimezone(zone).date(), 0) > 1:  # it is counted there itself
        return True
    return (before is not None and date_.start <= before.start) or (after is not None and date_.start >= after.start)


def plan(booking: FeedBooking, zone: ZoneInfo, window: tuple[datetime, datetime] | None) -> Plan:
    """The events `booking` becomes in a feed with `window` (None: every date)."""
    alone = sorted((d for d in booking.dates if d.active and d.alone), key=lambda d: (d.start, d.id))
    listed = sorted((d for d in booking.dates if not d.alone), key=lambda d: (d.original_start, d.id))
    found = window_starts(booking, zone, window)
    if found is None:
        return Plan(None, (), tuple([d for d in listed if d.active] + alone))
    rule, times, starts = found
    if not listed and booking.plain is None and not rule.exdates:
        # Nothing changed in the window (the common series): every rule date takes place as planned
        # when the database holds as many plain dates; the general path below gives the same.
        if not starts or booking.plain_count != len(starts):
            return _general(booking, zone, rule, times, starts, listed, alone)
        series = Series(start=starts[0], length=times[1] - times[0], rule=rule, until=_utc(starts[-1], zone),
                        exdates=(), status="confirmed")
        return Plan(series, (), tuple(alone))
    return _general(booking, zone, rule, times, starts, listed, alone)


def _general(booking: FeedBooking, zone: ZoneInfo, rule: Recurrence, times: tuple[datetime, datetime],
             starts: Sequence[datetime], listed: list[FeedDate], alone: list[FeedDate]) -> Plan:
    """plan() of a series with listed dates, skipped dates or plain dates read one by one."""
    by_original: dict[datetime, FeedDate] = {}
    for d in listed:
        by_original.setdefault(_naive(d.original_start, zone), d)
    slots, excluded = _sorted_out(rule, starts, by_original)
    unlisted = sum(1 for _s, d in slots if d is None)
    plain = None if booking.plain is None else {_naive(t, zone) for t in booking.plain}
    settled = booking.plain_count is not None and booking.plain_count == unlisted
    # What takes place at each rule date: as planned (None), a listed date, or nothing (an EXDATE).
    taking: list[tuple[datetime, FeedDate | None]] = []
    for s, d in slots:
        if d is not None:
            (taking.append((s, d)) if d.active else excluded.append(s))
        elif (s in plain) if plain is not None else settled:
            taking.append((s, None))
        else:
            excluded.append(s)
    lone = list(alone)
    in_series = {id(d) for _s, d in taking if d is not None}
    lone += [d for d in listed if d.active and id(d) not in in_series]  # moved in from before the window
    if not taking:
        return Plan(None, (), tuple(sorted(lone, key=lambda d: (d.start, d.id))))
    # Days taken by the series' dates, where they are now: a moved date may not land on one of them.
    days: dict[date, int] = {}
    for s, d in taking:
        day = s.date() if d is None else d.start.astimezone(zone).date()
        days[day] = days.get(day, 0) + 1
    status = "confirmed" if any(d is None or d.status == "confirmed" for _s, d in taking) else "pending"
    length = times[1] - times[0]
    overrides = []
    for i, (s, d) in enumerate(taking):
        if d is None:
            continue
        moved = d.start != d.original_start
        if moved and _breaks_order(d, _neighbour(taking, i, -1, zone), _neighbour(taking, i, 1, zone), days, zone):
            lone.append(d)
            excluded.append(s)
        elif moved or d.end - d.start != _utc(s + length, zone) - _utc(s, zone) or d.status != status \
                or d.location or d.title is not None:
            overrides.append((d, s))
    # The event runs from its first to its last date that takes place: DTSTART is never an EXDATE.
    gone = set(excluded)
    kept = [s for s, _d in taking if s not in gone]
    if not kept:
        return Plan(None, (), tuple(sorted(lone, key=lambda d: (d.start, d.id))))
    series = Series(start=kept[0], length=length, rule=rule, until=_utc(kept[-1], zone),
                    exdates=tuple(sorted(e for e in excluded if kept[0] < e < kept[-1])), status=status)
    return Plan(series, tuple(overrides), tuple(sorted(lone, key=lambda d: (d.start, d.id))))


def _neighbour(taking: list[tuple[datetime, FeedDate | None]], i: int, step: int, zone: ZoneInfo) -> FeedDate | None:
    """The date before or after the i-th rule date that takes place, as a FeedDate (a plain one made up)."""
    j = i + step
    if not 0 <= j < len(taking):
        return None
    s, d = taking[j]
    if d is not None:
        return d
    at = _utc(s, zone)
    return FeedDate(id=0, original_start=at, start=at, end=at, status="confirmed")
