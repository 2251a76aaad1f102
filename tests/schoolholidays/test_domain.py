"""The pure part: which dates of a series fall in a school holiday (no database, no app)."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from booking.domain.errors import InvalidInput
from booking.domain.recurrence import Recurrence, expand
from booking.domain.schoolholidays import HolidayPeriod, check_period, days_in_holidays

HERFST_2026 = HolidayPeriod("Herfstvakantie", date(2026, 10, 17), date(2026, 10, 25))  # region midden, Sat-Sun
KERST_2026 = HolidayPeriod("Kerstvakantie", date(2026, 12, 19), date(2027, 1, 3))


def days_of(rule: Recurrence, first: datetime) -> list[date]:
    return [s.date() for s, _e in expand(rule, first, first + timedelta(hours=2))]


def test_a_weekly_series_across_the_autumn_holiday_skips_exactly_those_weeks():
    # Tuesdays 09:00 from 29 September 2026, eight weeks: 20 October is in the herfstvakantie.
    days = days_of(Recurrence("weekly", byweekday=("TU",), count=8), datetime(2026, 9, 29, 9))
    assert days_in_holidays(days, [HERFST_2026]) == {date(2026, 10, 20): "Herfstvakantie"}
    kept = [d for d in days if d not in days_in_holidays(days, [HERFST_2026])]
    assert kept == [date(2026, 9, 29), date(2026, 10, 6), date(2026, 10, 13), date(2026, 10, 27),
                    date(2026, 11, 3), date(2026, 11, 10), date(2026, 11, 17)]


def test_the_first_and_the_last_day_of_a_holiday_are_both_skipped():
    # Saturdays and Sundays: the holiday starts on a Saturday and ends on a Sunday.
    days = days_of(Recurrence("weekly", byweekday=("SA", "SU"), count=8), datetime(2026, 10, 10, 10))
    assert sorted(days_in_holidays(days, [HERFST_2026])) == [date(2026, 10, 17), date(2026, 10, 18),
                                                             date(2026, 10, 24), date(2026, 10, 25)]
    # The days just outside are not.
    assert days_in_holidays([date(2026, 10, 16), date(2026, 10, 26)], [HERFST_2026]) == {}


def test_a_holiday_across_new_year_and_a_one_day_period():
    days = [date(2026, 12, 18), date(2026, 12, 19), date(2027, 1, 1), date(2027, 1, 3), date(2027, 1, 4)]
    one_day = HolidayPeriod("Studiedag", date(2027, 1, 4), date(2027, 1, 4))
    assert days_in_holidays(days, [KERST_2026, one_day]) == {
        date(2026, 12, 19): "Kerstvakantie", date(2027, 1, 1): "Kerstvakantie", date(2027, 1, 3): "Kerstvakantie",
        date(2027, 1, 4): "Studiedag"}


def test_overlapping_periods_name_a_day_after_the_one_that_starts_first():
    extra = HolidayPeriod("Extra vrije dagen", date(2026, 10, 23), date(2026, 10, 27))
    found = days_in_holidays([date(2026, 10, 24), date(2026, 10, 26)], [extra, HERFST_2026])
    assert found == {date(2026, 10, 24): "Herfstvakantie", date(2026, 10, 26): "Extra vrije dagen"}


def test_no_periods_or_no_days_skip_nothing():
    assert days_in_holidays([date(2026, 10, 20)], []) == {}
    assert days_in_holidays([], [HERFST_2026]) == {}


def test_a_period_that_ends_before_it_starts_is_refused():
    check_period(date(2027, 1, 4), date(2027, 1, 4))  # one day is a period
    with pytest.raises(InvalidInput) as caught:
        check_period(date(2027, 1, 5), date(2027, 1, 4))
    assert caught.value.fields == {"end_date": ["The last day is before the first day."]}
