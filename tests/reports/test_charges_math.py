"""The arithmetic of rental charges and day parts (pure, no database): exact euros, DST nights, day-part edges."""
from __future__ import annotations

from datetime import UTC, date, datetime
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest

from booking.domain.charges import (DAYPART_MODE, HOUR_MODE, Line, Rate, cents, deadline_passed, euro_field, euros,
                                    parse_euros, usage)
from booking.domain.dayparts import DAY_PARTS, parts_touched

AMS = ZoneInfo("Europe/Amsterdam")


def at(y, mo, d, h=0, mi=0, fold=0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=AMS, fold=fold).astimezone(UTC)


def test_the_day_parts_are_ochtend_middag_avond():
    assert [(p.name, p.opens.hour, p.closes.hour) for p in DAY_PARTS] == [
        ("ochtend", 8, 12), ("middag", 12, 18), ("avond", 18, 23)]


@pytest.mark.parametrize("start, end, parts", [
    ((8, 0), (12, 0), ["ochtend"]),                       # touching 12:00 is not overlapping the middag
    ((12, 0), (18, 0), ["middag"]),
    ((11, 30), (12, 30), ["ochtend", "middag"]),          # across a boundary: both parts, once each
    ((9, 0), (20, 0), ["ochtend", "middag", "avond"]),
    ((7, 0), (8, 30), ["ochtend"]),                       # before 08:00 counts as ochtend
    ((22, 0), (23, 30), ["avond"]),                       # after 23:00 as avond
    ((17, 59), (18, 1), ["middag", "avond"]),
])
def test_each_day_part_a_date_touches_counts_once(start, end, parts):
    found = parts_touched(at(2027, 3, 1, *start), at(2027, 3, 1, *end), AMS)
    assert found == [(date(2027, 3, 1), p) for p in parts]


def test_a_date_across_midnight_touches_two_days():
    found = parts_touched(at(2027, 3, 7, 21), at(2027, 3, 8, 1), AMS)
    assert found == [(date(2027, 3, 7), "avond"), (date(2027, 3, 8), "ochtend")]


@pytest.mark.parametrize("start, end, hours", [
    (at(2026, 10, 24, 22), at(2026, 10, 25, 4), 7),       # the clocks go back at 03:00: 7 true hours, 6 on the clock
    (at(2027, 10, 30, 22), at(2027, 10, 31, 4), 7),
    (at(2027, 3, 28, 0), at(2027, 3, 28, 4), 3),          # the clocks go forward: 3 true hours
])
def test_a_dst_night_counts_its_true_hours(start, end, hours):
    used = usage(start, end, AMS)
    assert used.seconds == hours * 3600
    line = Line()
    line.add(used, HOUR_MODE, Rate(hour_cents=1250))
    assert line.cents == hours * 1250           # EUR 87,50 for the October nights, EUR 37,50 in March
    assert euros(line.cents) == euros(hours * 1250)


def test_the_dst_night_in_day_parts():
    used = usage(at(2026, 10, 24, 22), at(2026, 10, 25, 4), AMS)
    assert used.dayparts == 2                    # avond of Saturday, ochtend of Sunday
    line = Line()
    line.add(used, DAYPART_MODE, Rate(hour_cents=1250, daypart_cents=4000))
    assert str(euros(line.cents)) == "80.00"


def test_hours_at_euros_12_50():
    line = Line()
    line.add(usage(at(2027, 3, 1, 9), at(2027, 3, 1, 12, 30), AMS), HOUR_MODE, Rate(hour_cents=1250))
    assert str(euros(line.cents)) == "43.75"
    assert line.hours == Fraction(7, 2)


def test_a_line_is_rounded_once_half_a_cent_up():
    # 20 minutes at EUR 12,50 is 416,67 cents: EUR 4,17 alone ...
    one = Line()
    one.add(usage(at(2027, 3, 1, 9), at(2027, 3, 1, 9, 20), AMS), HOUR_MODE, Rate(hour_cents=1250))
    assert one.cents == 417
    # ... but three on one line are EUR 12,50 exactly, not 3 x 4,17.
    three = Line()
    for day in (1, 2, 3):
        three.add(usage(at(2027, 3, day, 9), at(2027, 3, day, 9, 20), AMS), HOUR_MODE, Rate(hour_cents=1250))
    assert three.cents == 1250
    assert cents(Fraction(1, 2)) == 1 and cents(Fraction(3, 2)) == 2 and cents(Fraction(249, 100)) == 2


def test_a_kind_without_a_rate_is_free():
    line = Line()
    line.add(usage(at(2027, 3, 1, 9), at(2027, 3, 1, 12), AMS), HOUR_MODE, Rate())
    assert line.cents == 0 and line.hour_seconds == 3 * 3600 and line.free_dates == 1


@pytest.mark.parametrize("cancelled, deadline, charged", [
    (at(2027, 3, 4, 20), 24, True),      # 14 hours before a 10:00 start
    (at(2027, 3, 4, 20), 12, False),
    (at(2027, 3, 4, 10), 24, False),     # exactly 24 hours before: in time
    (at(2027, 3, 4, 10, 1), 24, True),
    (at(2027, 3, 5, 11), 24, True),      # after it began
    (at(2027, 3, 5, 9), 0, False),       # no deadline: cancelling is always free
    (None, 24, False),                   # no known moment: not charged
])
def test_the_cancellation_deadline(cancelled, deadline, charged):
    assert deadline_passed(cancelled, at(2027, 3, 5, 10), deadline) is charged


@pytest.mark.parametrize("text, amount", [("12,50", 1250), ("12.50", 1250), ("€ 25", 2500), ("1.250,00", 125000),
                                          ("0,5", 50), ("", None), ("  ", None)])
def test_amounts_as_people_type_them(text, amount):
    assert parse_euros(text) == amount


@pytest.mark.parametrize("text", ["-5", "12,505", "abc", "1e3", "١٢", "10000,01", "12,5,0"])
def test_what_is_no_amount(text):
    with pytest.raises(ValueError):
        parse_euros(text)


def test_the_form_shows_cents_as_euros():
    assert euro_field(1250) == "12,50" and euro_field(5) == "0,05" and euro_field(None) == ""


def test_a_date_within_the_repeated_hour():
    """02:30 summer time to 02:15 winter time on 25 October 2026: 45 minutes, in the ochtend."""
    start, end = at(2026, 10, 25, 2, 30), at(2026, 10, 25, 2, 15, fold=1)
    assert (end - start).total_seconds() == 45 * 60
    assert parts_touched(start, end, AMS) == [(date(2026, 10, 25), "ochtend")]
