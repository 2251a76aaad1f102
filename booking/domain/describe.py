"""A series' repetition in words: 'elke dinsdag, 8 keer, tot 26 jan 2027', 'every 2 weeks on Mon and Thu'.

Pure: the stored RRULE text (read with parse_rule_text) and the words of the reader's language in,
a sentence out. The sentence patterns of Dutch and English are here; the names of the weekdays and
the way a date is written come in as `Names`, made by the web layer from Babel (the core imports
no Flask and no catalogue).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Callable, Sequence

from .errors import BookingError
from .recurrence import Recurrence, expand, parse_rule_text, series_times

WEEKDAY_INDEX = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
_CODE = re.compile(r"^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$")
# How far a series is followed to find its last date and number of dates (an extended series may
# run past the 24 months a new one may have).
_REACH_MONTHS = 1200


@dataclass(frozen=True)
class Names:
    """The words Babel knows for one language: weekday names Monday first, in full and short, and a date."""

    days: Sequence[str]          # 'maandag', ... / 'Monday', ...
    short_days: Sequence[str]    # 'ma', ... / 'Mon', ...
    date: Callable[[date], str]  # '26 jan 2027' / '26 Jan 2027'


@dataclass(frozen=True)
class Phrases:
    """The sentence patterns of one language."""

    every_day: str
    every_n_days: str
    every_weekday: str             # one weekday, every week: 'elke {day}'
    every_week: str
    every_week_on: str
    every_n_weeks_on: str
    every_n_weeks: str
    every_month: str
    every_month_on: str
    every_n_months_on: str
    every_n_months: str
    nth_weekday: str               # 'de {nth} {day}'
    day_of_month: str              # 'de {n}e'
    ordinals: Sequence[str]        # 1st..5th
    from_last: Sequence[str]       # last, second-to-last, ...
    and_: str
    once: str
    times: str
    until: str
    skipped_one: str
    skipped: str


DUTCH = Phrases(
    every_day="elke dag", every_n_days="elke {n} dagen", every_weekday="elke {day}",
    every_week="elke week", every_week_on="elke week op {days}", every_n_weeks_on="elke {n} weken op {days}",
    every_n_weeks="elke {n} weken", every_month="elke maand", every_month_on="elke maand op {when}",
    every_n_months_on="elke {n} maanden op {when}", every_n_months="elke {n} maanden",
    nth_weekday="de {nth} {day}", day_of_month="de {n}e",
    ordinals=("eerste", "tweede", "derde", "vierde", "vijfde"),
    from_last=("laatste", "op een na laatste", "op twee na laatste", "op drie na laatste", "op vier na laatste"),
    and_="en", once="1 keer", times="{n} keer", until="tot {date}",
    skipped_one="1 datum overgeslagen", skipped="{n} data overgeslagen")

ENGLISH = Phrases(
    every_day="every day", every_n_days="every {n} days", every_weekday="every {day}",
    every_week="every week", every_week_on="every week on {days}", every_n_weeks_on="every {n} weeks on {days}",
    every_n_weeks="every {n} weeks", every_month="every month", every_month_on="every month on {when}",
    every_n_months_on="every {n} months on {when}", every_n_months="every {n} months",
    nth_weekday="the {nth} {day}", day_of_month="the {n}{suffix}",
    ordinals=("first", "second", "third", "fourth", "fifth"),
    from_last=("last", "second-to-last", "third-to-last", "fourth-to-last", "fifth-to-last"),
    and_="and", once="once", times="{n} times", until="until {date}",
    skipped_one="1 date skipped", skipped="{n} dates skipped")

PHRASES = {"nl": DUTCH, "en": ENGLISH}


def phrases_for(language: str) -> Phrases:
    """The patterns of `language` ('nl', 'en', 'en_GB', ...); Dutch for any other."""
    return PHRASES.get(language.split("_")[0].split("-")[0].lower(), DUTCH)


def _listed(items: Sequence[str], p: Phrases) -> str:
    """'ma', 'ma en do', 'ma, wo en vr'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {p.and_} {items[-1]}"


def _english_suffix(n: int) -> str:
    if n % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _weekly(rule: Recurrence, first: date | None, p: Phrases, names: Names) -> str:
    codes = [c for c in rule.byweekday if c in WEEKDAY_INDEX]
    if not codes and first is not None:
        codes = [next(c for c, i in WEEKDAY_INDEX.items() if i == first.weekday())]
    codes.sort(key=WEEKDAY_INDEX.get)
    if not codes:
        return p.every_week if rule.interval == 1 else p.every_n_weeks.format(n=rule.interval)
    if rule.interval == 1 and len(codes) == 1:
        return p.every_weekday.format(day=names.days[WEEKDAY_INDEX[codes[0]]])
    days = _listed([(names.days if len(codes) == 1 else names.short_days)[WEEKDAY_INDEX[c]] for c in codes], p)
    if rule.interval == 1:
        return p.every_week_on.format(days=days)
    return p.every_n_weeks_on.format(n=rule.interval, days=days)


def _monthly(rule: Recurrence, first: date | None, p: Phrases, names: Names) -> str:
    when = None
    m = _CODE.match(rule.byweekday[0]) if rule.byweekday else None
    if m and m.group(1):
        n = int(m.group(1))
        nth = p.ordinals[n - 1] if n > 0 else p.from_last[-n - 1]
        when = p.nth_weekday.format(nth=nth, day=names.days[WEEKDAY_INDEX[m.group(2)]])
    elif first is not None:
        when = p.day_of_month.format(n=first.day, suffix=_english_suffix(first.day))
    if when is None:
        return p.every_month if rule.interval == 1 else p.every_n_months.format(n=rule.interval)
    if rule.interval == 1:
        return p.every_month_on.format(when=when)
    return p.every_n_months_on.format(n=rule.interval, when=when)


def rule_dates(rule: Recurrence, first: tuple[datetime, datetime]) -> list[date] | None:
    """The local days the rule gives from its first local (start, end), skipped dates left out; None if it gives none."""
    try:
        return [s.date() for s, _e in expand(rule, *first, max_months=_REACH_MONTHS)]
    except BookingError:
        return None


def describe_rule(rule: Recurrence, names: Names, language: str = "nl",
                  first: tuple[datetime, datetime] | None = None) -> str:
    """The repetition of `rule` in words, in `language`.

    With `first`, the series' first local start and end, the sentence says how many dates the
    rule gives and the last of them ('elke dinsdag, 8 keer, tot 26 jan 2027'); without it, the
    rule's own count or end date.
    """
    p = phrases_for(language)
    first_day = first[0].date() if first else None
    if rule.freq == "daily":
        what = p.every_day if rule.interval == 1 else p.every_n_days.format(n=rule.interval)
    elif rule.freq == "weekly":
        what = _weekly(rule, first_day, p, names)
    else:
        what = _monthly(rule, first_day, p, names)
    parts = [what]
    days = rule_dates(rule, first) if first else None
    count = len(days) if days else rule.count
    last = days[-1] if days else rule.until
    if count is not None:
        parts.append(p.once if count == 1 else p.times.format(n=count))
    if last is not None:
        parts.append(p.until.format(date=names.date(last)))
    if rule.exdates:
        skipped = len(rule.exdates) if days is None else len(_skipped_days(rule, first))
        if skipped:
            parts.append(p.skipped_one if skipped == 1 else p.skipped.format(n=skipped))
    return ", ".join(parts)


def _skipped_days(rule: Recurrence, first: tuple[datetime, datetime]) -> set[date]:
    """The skipped dates the rule would have given (an EXDATE off the rule skips nothing)."""
    every = rule_dates(replace(rule, exdates=frozenset()), first) or []
    return rule.exdates & set(every)


def describe(text: str, names: Names, language: str = "nl",
             first: tuple[datetime, datetime] | None = None) -> str | None:
    """The repetition kept on a booking (its RRULE/EXDATE text) in words; None for a single booking
    or a text this cannot read. The series' first local times are its DTSTART/DTEND lines, else `first`."""
    try:
        rule = parse_rule_text(text or "")
        first = series_times(text or "") or first
    except (KeyError, ValueError):
        return None
    if rule is None:
        return None
    return describe_rule(rule, names, language, first)
