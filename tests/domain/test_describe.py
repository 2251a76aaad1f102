"""A series' repetition in words, in Dutch and English, from the RRULE text a booking keeps."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from babel.dates import format_date, get_day_names

from booking.domain.describe import Names, describe, describe_rule, phrases_for
from booking.domain.recurrence import Recurrence, rule_text


def names(locale: str) -> Names:
    """As the web layer makes them: Babel's weekday names and short date."""
    wide, short = get_day_names("wide", locale=locale), get_day_names("abbreviated", locale=locale)
    return Names([wide[i] for i in range(7)], [short[i] for i in range(7)],
                 lambda d: format_date(d, "d MMM y", locale=locale))


NL, EN = names("nl"), names("en")


def first(y, m, d, h=19, mi=0, hours=2) -> tuple[datetime, datetime]:
    return datetime(y, m, d, h, mi), datetime(y, m, d, h + hours, mi)


def text(rule: Recurrence, start: tuple[datetime, datetime] | None) -> str:
    return rule_text(rule, start)


def test_every_tuesday_eight_times_with_its_last_date():
    # Tuesday 8 December 2026, eight Tuesdays: the last is 26 January 2027.
    t = text(Recurrence("weekly", byweekday=("TU",), count=8), first(2026, 12, 8))
    assert describe(t, NL, "nl") == "elke dinsdag, 8 keer, tot 26 jan 2027"
    assert describe(t, EN, "en") == "every Tuesday, 8 times, until 26 Jan 2027"


def test_every_two_weeks_on_two_days():
    t = text(Recurrence("weekly", interval=2, byweekday=("TH", "MO"), count=6), first(2027, 1, 4))
    assert describe(t, NL, "nl").startswith("elke 2 weken op ma en do, 6 keer, tot ")
    assert describe(t, EN, "en").startswith("every 2 weeks on Mon and Thu, 6 times, until ")


def test_every_week_on_three_days():
    t = text(Recurrence("weekly", byweekday=("MO", "WE", "FR"), until=date(2027, 1, 31)), first(2027, 1, 4))
    assert describe(t, NL, "nl") == "elke week op ma, wo en vr, 12 keer, tot 29 jan 2027"


def test_monthly_on_the_second_tuesday_and_the_last_friday():
    t = text(Recurrence("monthly", byweekday=("2TU",), count=3), first(2027, 1, 12))
    assert describe(t, NL, "nl") == "elke maand op de tweede dinsdag, 3 keer, tot 9 mrt 2027"
    assert describe(t, EN, "en") == "every month on the second Tuesday, 3 times, until 9 Mar 2027"
    t = text(Recurrence("monthly", byweekday=("-1FR",), count=2), first(2027, 1, 29))
    assert describe(t, NL, "nl") == "elke maand op de laatste vrijdag, 2 keer, tot 26 feb 2027"
    assert describe(t, EN, "en") == "every month on the last Friday, 2 times, until 26 Feb 2027"


def test_monthly_on_the_same_date_and_every_few_months():
    t = text(Recurrence("monthly", interval=3, count=2), first(2027, 1, 15))
    assert describe(t, NL, "nl") == "elke 3 maanden op de 15e, 2 keer, tot 15 apr 2027"
    assert describe(t, EN, "en") == "every 3 months on the 15th, 2 times, until 15 Apr 2027"


def test_every_day_and_every_few_days():
    t = text(Recurrence("daily", count=5), first(2027, 1, 4))
    assert describe(t, NL, "nl") == "elke dag, 5 keer, tot 8 jan 2027"
    assert describe(t, EN, "en") == "every day, 5 times, until 8 Jan 2027"
    t = text(Recurrence("daily", interval=3, count=1), first(2027, 1, 4))
    assert describe(t, NL, "nl") == "elke 3 dagen, 1 keer, tot 4 jan 2027"
    assert describe(t, EN, "en") == "every 3 days, once, until 4 Jan 2027"


def test_skipped_dates_are_not_counted_and_are_said():
    # Eight Tuesdays, the 2nd and 3rd skipped (and a Wednesday, not a date of the rule, changes nothing).
    rule = Recurrence("weekly", byweekday=("TU",), count=8,
                      exdates=frozenset({date(2026, 12, 15), date(2026, 12, 22), date(2026, 12, 23)}))
    assert describe(text(rule, first(2026, 12, 8)), NL, "nl") == \
        "elke dinsdag, 6 keer, tot 26 jan 2027, 2 data overgeslagen"
    one = Recurrence("weekly", byweekday=("TU",), count=8, exdates=frozenset({date(2027, 1, 26)}))
    # The last date skipped: the series ends a week earlier.
    assert describe(text(one, first(2026, 12, 8)), EN, "en") == \
        "every Tuesday, 7 times, until 19 Jan 2027, 1 date skipped"


def test_without_its_first_times_the_rule_alone():
    """Text kept before the series' first times were stored (no DTSTART): the rule's own count and end."""
    assert describe("RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=8", NL, "nl") == "elke dinsdag, 8 keer"
    assert describe("RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20270126", NL, "nl") == "elke dinsdag, tot 26 jan 2027"
    assert describe("RRULE:FREQ=DAILY;COUNT=3", EN, "en") == "every day, 3 times"
    assert describe("RRULE:FREQ=MONTHLY;COUNT=3", NL, "nl") == "elke maand, 3 keer"
    assert describe("RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=3", NL, "nl") == "elke 2 weken, 3 keer"


def test_first_times_given_by_the_caller():
    """A weekly rule without weekdays repeats the first date's weekday."""
    rule = Recurrence("weekly", count=3)
    assert describe_rule(rule, NL, "nl", first(2027, 1, 6)) == "elke woensdag, 3 keer, tot 20 jan 2027"


def test_across_daylight_saving_the_dates_stay():
    # Sundays around the last Sunday of March 2027 (clocks forward): nothing shifts a day.
    t = text(Recurrence("weekly", byweekday=("SU",), count=3), first(2027, 3, 21, 1, 30, 1))
    assert describe(t, NL, "nl") == "elke zondag, 3 keer, tot 4 apr 2027"


@pytest.mark.parametrize("kept", ["", "   ", None, "RRULE:FREQ=YEARLY;COUNT=2", "RRULE:COUNT=2", "garbage"])
def test_a_single_booking_or_unreadable_text_has_no_words(kept):
    assert describe(kept, NL, "nl") is None


def test_english_ordinals_and_languages():
    for day, said in ((1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th"),
                      (21, "21st"), (22, "22nd"), (23, "23rd"), (31, "31st")):
        rule = Recurrence("monthly", count=1)
        assert describe_rule(rule, EN, "en", first(2027, 1, day)).startswith(f"every month on the {said},")
    assert phrases_for("en_GB") is phrases_for("en")
    assert phrases_for("de") is phrases_for("nl")  # Dutch for what we do not speak
