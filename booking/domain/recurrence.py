"""Recurring series: a rule expanded in the building's local wall time."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from dateutil import rrule
from dateutil.relativedelta import relativedelta

from .errors import InvalidInput, RuleViolation
from .messages import N_, Day

FREQUENCIES = {"daily": rrule.DAILY, "weekly": rrule.WEEKLY, "monthly": rrule.MONTHLY}
WEEKDAYS = {"MO": rrule.MO, "TU": rrule.TU, "WE": rrule.WE, "TH": rrule.TH,
            "FR": rrule.FR, "SA": rrule.SA, "SU": rrule.SU}
# The weekday codes in Python's order (0 = Monday).
WEEKDAY_CODES = tuple(WEEKDAYS)
_WEEKDAY_CODE = re.compile(r"^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$")

MAX_SERIES_MONTHS = 24
MAX_INTERVAL = 52
# A count beyond what 24 months of daily dates can give is a typo, not a plan.
MAX_COUNT = 800


@dataclass(frozen=True)
class Recurrence:
    """How a series repeats: RFC 5545 semantics for the subset people use in a building."""

    freq: str
    interval: int = 1
    byweekday: tuple[str, ...] = ()
    count: int | None = None
    until: date | None = None
    exdates: frozenset[date] = field(default_factory=frozenset)

    def validate(self) -> None:
        """Raise InvalidInput naming each field at fault."""
        errors: dict[str, list[str]] = {}
        if self.freq not in FREQUENCIES:
            errors["recurrence.freq"] = [N_("Choose daily, weekly or monthly.")]
        if not 1 <= self.interval <= MAX_INTERVAL:
            errors["recurrence.interval"] = [N_("The interval must be between 1 and %(max)s.", max=MAX_INTERVAL)]
        if (self.count is None) == (self.until is None):
            errors["recurrence"] = [N_("Give exactly one of 'count' or 'until'.")]
        if self.count is not None and not 1 <= self.count <= MAX_COUNT:
            errors["recurrence.count"] = [N_("The count must be between 1 and %(max)s.", max=MAX_COUNT)]
        for code in self.byweekday:
            m = _WEEKDAY_CODE.match(code)
            if not m:
                errors.setdefault("recurrence.byweekday", []).append(
                    N_("%(code)s is not a weekday; use MO, TU, WE, TH, FR, SA or SU.", code=repr(code)))
            elif self.freq == "weekly" and m.group(1):
                errors.setdefault("recurrence.byweekday", []).append(
                    N_("%(code)s: a weekly series takes plain weekdays such as TU.", code=repr(code)))
            elif self.freq == "monthly" and not m.group(1):
                errors.setdefault("recurrence.byweekday", []).append(
                    N_("%(code)s: a monthly series takes the nth weekday, such as 2TU or -1FR.", code=repr(code)))
        if self.byweekday and self.freq == "daily":
            errors["recurrence.byweekday"] = [N_("A daily series takes no weekdays; use weekly.")]
        if self.freq == "monthly" and len(self.byweekday) > 1:
            errors["recurrence.byweekday"] = [N_("A monthly series takes one nth weekday.")]
        if errors:
            raise InvalidInput(N_("The repetition is not valid."), errors)

    def weekday_rules(self) -> list[rrule.weekday] | None:
        """The byweekday codes as dateutil weekdays, or None for 'the start's own day'."""
        if not self.byweekday:
            return None
        out = []
        for code in self.byweekday:
            m = _WEEKDAY_CODE.match(code)
            n = int(m.group(1)) if m.group(1) else None
            out.append(WEEKDAYS[m.group(2)](n) if n else WEEKDAYS[m.group(2)])
        return out


def series_horizon(first_start: datetime, months: int = MAX_SERIES_MONTHS) -> date:
    """The last local date a series starting at `first_start` may reach."""
    return (first_start + relativedelta(months=months)).date()


def expand(rule: Recurrence, start: datetime, end: datetime,
           max_months: int = MAX_SERIES_MONTHS) -> list[tuple[datetime, datetime]]:
    """Expand a rule from a naive local (start, end) into naive local slots, first to last.

    Every slot keeps the first one's wall-clock start and its wall-clock length, so a
    weekly 09:00-11:00 stays 09:00-11:00 local across daylight-saving changes. 'count'
    counts the rule's dates before 'exdates' removes some (RFC 5545).
    """
    rule.validate()
    if end <= start:
        msg = N_("The end must be after the start.")
        raise InvalidInput(msg, {"end": [msg]})
    horizon = series_horizon(start, max_months)
    if rule.until is not None:
        if rule.until < start.date():
            raise InvalidInput(N_("The series ends before it starts."),
                               {"recurrence.until": [N_("The end date is before the first date.")]})
        if rule.until > horizon:
            raise _too_long(horizon, max_months)
    length = end - start
    kwargs = dict(dtstart=start, interval=rule.interval, byweekday=rule.weekday_rules())
    if rule.count is not None:
        kwargs["count"] = rule.count
    else:
        kwargs["until"] = datetime.combine(rule.until, time.max)
    starts = list(rrule.rrule(FREQUENCIES[rule.freq], **kwargs))
    if starts and starts[-1].date() > horizon:
        raise _too_long(horizon, max_months)
    slots = [(s, s + length) for s in starts if s.date() not in rule.exdates]
    if not slots:
        raise InvalidInput(N_("The repetition gives no dates."),
                           {"recurrence": [N_("No dates are left: check the rule and the skipped dates.")]})
    return slots


def _too_long(horizon: date, months: int) -> RuleViolation:
    msg = N_("A series may last at most %(months)s months: its last date may be %(last)s.",
             months=months, last=Day(horizon))
    return RuleViolation(msg, {"recurrence": [msg]}, rule="too_long")


_RRULE_FREQ = {"DAILY": "daily", "WEEKLY": "weekly", "MONTHLY": "monthly"}


def parse_rule_text(text: str) -> Recurrence | None:
    """Read back the RRULE/EXDATE text kept on a booking; None for a single booking."""
    if not text.strip():
        return None
    parts: dict[str, str] = {}
    exdates: set[date] = set()
    for line in text.strip().splitlines():
        key, _, value = line.partition(":")
        if key == "RRULE":
            parts = dict(p.split("=", 1) for p in value.split(";") if "=" in p)
        elif key == "EXDATE":
            exdates = {datetime.strptime(d, "%Y%m%d").date() for d in value.split(",") if d}
    until = datetime.strptime(parts["UNTIL"], "%Y%m%d").date() if "UNTIL" in parts else None
    return Recurrence(freq=_RRULE_FREQ[parts["FREQ"]], interval=int(parts.get("INTERVAL", 1)),
                      byweekday=tuple(d for d in parts.get("BYDAY", "").split(",") if d),
                      count=int(parts["COUNT"]) if "COUNT" in parts else None, until=until,
                      exdates=frozenset(exdates))


def series_times(text: str) -> tuple[datetime, datetime] | None:
    """The series' first local start and end from its DTSTART/DTEND lines, if it has them."""
    found = {}
    for line in text.strip().splitlines():
        key, _, value = line.partition(":")
        if key in ("DTSTART", "DTEND"):
            found[key] = datetime.strptime(value, "%Y%m%dT%H%M%S")
    return (found["DTSTART"], found["DTEND"]) if len(found) == 2 else None


def rule_text(rule: Recurrence, first: tuple[datetime, datetime] | None = None) -> str:
    """The rule as RFC 5545 RRULE text, with an EXDATE line for the skipped dates.

    `first`, the series' own first local start and end, is kept as DTSTART/DTEND lines
    (floating local time), so that extending a series repeats its times even after its
    first date was moved or cancelled.
    """
    parts = [f"FREQ={rule.freq.upper()}"]
    if rule.interval != 1:
        parts.append(f"INTERVAL={rule.interval}")
    if rule.byweekday:
        parts.append("BYDAY=" + ",".join(rule.byweekday))
    if rule.count is not None:
        parts.append(f"COUNT={rule.count}")
    if rule.until is not None:
        parts.append(f"UNTIL={rule.until:%Y%m%d}")
    text = "RRULE:" + ";".join(parts)
    if first is not None:
        text = f"DTSTART:{first[0]:%Y%m%dT%H%M%S}\nDTEND:{first[1]:%Y%m%dT%H%M%S}\n" + text
    if rule.exdates:
        text += "\nEXDATE:" + ",".join(f"{d:%Y%m%d}" for d in sorted(rule.exdates))
    return text
