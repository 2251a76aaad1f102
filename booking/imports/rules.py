"""An event's RRULE and EXDATEs as the app's Recurrence, from its first date still to come.

Pure: no Flask, no database. The app repeats daily, weekly on weekdays, or monthly on the start's
date or one nth weekday, every N, for a count or until a date, with skipped dates; anything else an
iCalendar rule can say is reported as a problem of the event, never guessed at.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from dateutil import rrule

from ..domain.errors import InvalidInput
from ..domain.messages import N_, Day, Msg
from ..domain.recurrence import FREQUENCIES, Recurrence, series_horizon

# The parts of an RRULE the app can follow; any other part makes the event a problem.
KNOWN_PARTS = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYSETPOS", "WKST"}
# How many dates of a rule are followed from its start at most (a daily rule from 1970 is 20,000).
MAX_RULE_STEPS = 40_000


class RuleProblem(Exception):
    """The rule cannot be imported; `message` says why, for people."""

    def __init__(self, message: Msg):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Series:
    """A rule re-anchored at its first date still to come: the request's first start and end, and notes."""

    recurrence: Recurrence
    start: datetime
    end: datetime
    notes: tuple[Msg, ...] = ()


def local_date(value, zone: ZoneInfo) -> date:
    """The building's local date of an iCalendar date or date-time (aware, UTC or floating)."""
    if isinstance(value, datetime):
        return value.astimezone(zone).date() if value.tzinfo is not None else value.date()
    return value


def local_wall(value: datetime, zone: ZoneInfo) -> datetime:
    """The building's naive local wall time of an aware date-time; a floating one is taken as local already."""
    return value.astimezone(zone).replace(tzinfo=None) if value.tzinfo is not None else value


def one(parts: dict, key: str):
    """The single value of an RRULE part, or None."""
    values = parts.get(key) or []
    if len(values) > 1:
        raise RuleProblem(N_("The repetition gives %(part)s more than one value, which cannot be imported.", part=key))
    return values[0] if values else None


def weekday_codes(parts: dict, freq: str, start: datetime) -> tuple[str, ...]:
    """BYDAY (with BYSETPOS, BYMONTHDAY) as the app's weekday codes for `freq`."""
    days = [str(d).upper() for d in parts.get("BYDAY") or []]
    setpos = one(parts, "BYSETPOS")
    monthday = one(parts, "BYMONTHDAY")
    if monthday is not None and (freq != "monthly" or int(monthday) != start.day or days):
        raise RuleProblem(N_("The repetition on a day of the month other than the first date's cannot be imported."))
    if setpos is not None:
        if freq != "monthly" or len(days) != 1 or not days[0].isalpha() or not -5 <= int(setpos) <= 5 or not setpos:
            raise RuleProblem(N_("This choice of dates (BYSETPOS) cannot be imported."))
        return (f"{int(setpos)}{days[0]}",)
    if freq == "monthly" and days and (len(days) > 1 or days[0].isalpha()):
        raise RuleProblem(N_("A monthly repetition on several weekdays cannot be imported; "
                             "the app repeats monthly on one date or one nth weekday."))
    return tuple(days)


def recurrence_of(parts: dict, start: datetime, zone: ZoneInfo) -> tuple[Recurrence, datetime | None]:
    """The app's rule for an RRULE's parts (a vRecur) and its last local start allowed (UNTIL); RuleProblem if none."""
    unknown = sorted(set(parts) - KNOWN_PARTS)
    if unknown:
        raise RuleProblem(N_("The repetition uses %(part)s, which cannot be imported.", part=", ".join(unknown)))
    freq = str(one(parts, "FREQ") or "").lower()
    if freq not in FREQUENCIES:
        raise RuleProblem(N_("Only daily, weekly and monthly repetitions can be imported, not %(freq)s.",
                             freq=freq.upper() or "?"))
    interval = int(one(parts, "INTERVAL") or 1)
    days = weekday_codes(parts, freq, start)
    if freq == "daily" and days:
        if interval != 1:
            raise RuleProblem(N_("A repetition every few days on chosen weekdays cannot be imported."))
        freq = "weekly"  # every day, but only on these weekdays: the same dates
    wkst = str(one(parts, "WKST") or "MO").upper()
    if wkst != "MO" and freq == "weekly" and interval > 1 and len(days) > 1:
        raise RuleProblem(N_("A repetition whose weeks start on another day than Monday cannot be imported."))
    count, until = one(parts, "COUNT"), one(parts, "UNTIL")
    if count is not None and until is not None:
        raise RuleProblem(N_("The repetition gives both a count and an end date."))
    last = None
    if until is not None:
        last = local_wall(until, zone) if isinstance(until, datetime) else datetime.combine(until, time.max)
    rule = Recurrence(freq=freq, interval=interval, byweekday=days, count=int(count) if count is not None else None,
                      until=last.date() if last else None)
    try:  # the app's own check; until may be empty here (no end), so check with a count standing in
        replace(rule, count=rule.count or (1 if rule.until is None else None)).validate()
    except InvalidInput as exc:  # the first particular reason says more than 'not valid'
        raise RuleProblem(next((m for ms in exc.fields.values() for m in ms), exc.message)) from None
    return replace(rule, until=None) if last else rule, last


def rule_starts(rule: Recurrence, start: datetime, last: datetime | None):
    """The rule's local starts from `start`, skipped dates included, up to `last` or the count (or without end)."""
    kwargs = dict(dtstart=start, interval=rule.interval, byweekday=rule.weekday_rules())
    if rule.count is not None:
        kwargs["count"] = rule.count
    elif last is not None:
        kwargs["until"] = last
    for step, s in enumerate(rrule.rrule(FREQUENCIES[rule.freq], **kwargs)):
        if step >= MAX_RULE_STEPS:
            raise RuleProblem(N_("The repetition started too long ago to be imported."))
        yield s


def series_from(parts: dict, start: datetime, end: datetime, exdates: set[date], zone: ZoneInfo,
                now: datetime, max_months: int) -> Series | None:
    """The event's series from its first date that is not over, at most `max_months` long; None if every date is over.

    COUNT counts the rule's dates before the skipped ones are removed (RFC 5545, as the app does), so
    the dates that are over are taken off the count. A rule without an end, or one running past the
    longest series, ends at the last date the app allows, with a note.
    """
    rule, last = recurrence_of(parts, start, zone)
    length = end - start
    now_local = local_wall(now, zone)
    over, dates, capped = 0, [], False
    for s in rule_starts(rule, start, last):
        if not dates and s + length <= now_local:
            over += 1
            continue
        if dates and s.date() > series_horizon(dates[0], max_months):
            capped = True
            break
        dates.append(s)
    if not dates:
        return None
    notes: list[Msg] = []
    if over:
        notes.append(N_("Dates of this series that are over, left out: %(n)s.", n=over))
    if capped and rule.count is None and last is None:
        notes.append(N_("This series repeats without end: imported up to %(last)s, the %(months)s months a "
                        "series may last; extend it later.", months=max_months, last=Day(dates[-1].date())))
    elif capped:
        notes.append(N_("This series runs past the %(months)s months a series may last: imported up to "
                        "%(last)s; extend it later.", months=max_months, last=Day(dates[-1].date())))
    ahead = frozenset(d for d in exdates if dates[0].date() <= d <= dates[-1].date())
    if all(d.date() in ahead for d in dates):
        raise RuleProblem(N_("Every date of this series still to come is skipped."))
    if rule.count is not None and not capped:
        final = replace(rule, count=rule.count - over, until=None, exdates=ahead)
    else:
        final = replace(rule, count=None, until=dates[-1].date(), exdates=ahead)
    return Series(final, dates[0], dates[0] + length, tuple(notes))


