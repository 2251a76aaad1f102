"""Room and building rules a slot must meet: opening hours, closures, length, notice, horizon."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Mapping, Sequence
from zoneinfo import ZoneInfo

from .clock import wall
from .messages import N_, Moment, WeekdayName

DAY_MINUTES = 24 * 60
# How long a date can last, with room to spare: every date lies within one local day's opening hours
# (OpeningHours.admits; the longest local day has 25 hours), and a date written across midnight by
# hand stays well within two days. A read of the dates overlapping a span looks for their starts
# this far before it, so the database reads a range of starts instead of every earlier date.
LONGEST_DATE = timedelta(hours=48)

@dataclass(frozen=True)
class OpeningHours:
    """Per weekday (0 = Monday) the minutes after local midnight the building opens and closes.

    A weekday missing from `days` is a closed day; closes may be 1440 (midnight).
    """

    days: Mapping[int, tuple[int, int]]

    @classmethod
    def every_day(cls, opens: int = 7 * 60, closes: int = 23 * 60) -> "OpeningHours":
        """The same hours on all seven days (the default is 07:00-23:00)."""
        return cls({d: (opens, closes) for d in range(7)})

    def admits(self, start: datetime, end: datetime, zone: ZoneInfo) -> bool:
        """Whether the instants [start, end) lie within one local day's opening hours."""
        ws, we = wall(start, zone), wall(end, zone)
        hours = self.days.get(ws.weekday())
        if hours is None:
            return False
        start_min = ws.hour * 60 + ws.minute
        if we.date() == ws.date():
            end_min = we.hour * 60 + we.minute + (1 if we.second or we.microsecond else 0)
        elif we.date().toordinal() == ws.date().toordinal() + 1 and we.time() == we.time().min:
            end_min = DAY_MINUTES
        else:
            return False
        return hours[0] <= start_min and end_min <= hours[1]


@dataclass(frozen=True)
class ClosurePeriod:
    """A time the building or a room is closed, with the reason people are shown."""

    start: datetime
    end: datetime
    reason: str


@dataclass(frozen=True)
class RoomRules:
    """The limits of one room; None means no limit."""

    min_notice_minutes: int | None = None
    max_advance_days: int | None = None
    max_duration_minutes: int | None = None


@dataclass(frozen=True)
class Problem:
    """Why one slot cannot be booked, as a machine code and a sentence for people."""

    rule: str
    message: str


def format_minutes(minutes: int) -> str:
    """'07:00' for 420 minutes after midnight."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def slot_problems(start: datetime, end: datetime, *, zone: ZoneInfo, hours: OpeningHours,
                  closures: Sequence[ClosurePeriod], rules: RoomRules, now: datetime,
                  bound_by_notice: bool) -> list[Problem]:
    """Every rule the slot [start, end) breaks; an empty list means the rules allow it."""
    problems: list[Problem] = []
    if end <= start:
        return [Problem("invalid", N_("The end must be after the start."))]
    if not hours.admits(start, end, zone):
        day = wall(start, zone)
        h = hours.days.get(day.weekday())
        if h:
            message = N_("%(time)s is outside the opening hours (%(weekday)s: %(opens)s-%(closes)s).",
                         time=Moment(day), weekday=WeekdayName(day.weekday()),
                         opens=format_minutes(h[0]), closes=format_minutes(h[1]))
        else:
            message = N_("%(time)s is outside the opening hours (%(weekday)s: closed all day).",
                         time=Moment(day), weekday=WeekdayName(day.weekday()))
        problems.append(Problem("opening_hours", message))
    for c in closures:
        if c.start < end and start < c.end:
            problems.append(Problem("closure", N_("Closed from %(start)s to %(end)s: %(reason)s",
                                                  start=Moment(wall(c.start, zone)),
                                                  end=Moment(wall(c.end, zone)), reason=c.reason)))
    if rules.max_duration_minutes is not None and end - start > timedelta(minutes=rules.max_duration_minutes):
        problems.append(Problem("too_long", N_("This room may be booked for at most %(minutes)s minutes at a time.",
                                               minutes=rules.max_duration_minutes)))
    if bound_by_notice:
        if start < now:
            problems.append(Problem("in_past", N_("This time has already begun.")))
        elif rules.min_notice_minutes is not None and start - now < timedelta(minutes=rules.min_notice_minutes):
            problems.append(Problem("notice", N_("This room must be booked at least %(minutes)s minutes in advance.",
                                                 minutes=rules.min_notice_minutes)))
        if rules.max_advance_days is not None and start - now > timedelta(days=rules.max_advance_days):
            problems.append(Problem("horizon", N_("This room can be booked at most %(days)s days ahead.",
                                                  days=rules.max_advance_days)))
    return problems
