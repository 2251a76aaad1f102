"""Weeks and months of local days in Europe/Amsterdam, around the 2027 DST changes
(the clocks go forward on Sunday 28 March, back on Sunday 31 October)."""
from datetime import UTC, date, datetime, timedelta

import pytest

from booking.domain.clock import zone_of
from booking.domain.weeks import (TRACKS_PER_HOUR, day_of, month_days, month_grid, monday_of, next_month,
                                  offset_label, parse_month, place, repeated, rows_of, span_of, tracks, week_days)

AMS = zone_of("Europe/Amsterdam")
H = timedelta(hours=1)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local(*args) -> datetime:
    return datetime(*args, tzinfo=AMS).astimezone(UTC)


# --- the seven days ---------------------------------------------------------------------------------

@pytest.mark.parametrize("any_day", [date(2027, 3, 22), date(2027, 3, 25), date(2027, 3, 28)])
def test_the_march_week_is_monday_22_to_sunday_28_whatever_day_is_asked(any_day):
    days = week_days(any_day, AMS)
    assert [d.date for d in days] == [date(2027, 3, 22) + timedelta(days=i) for i in range(7)]


def test_in_march_every_day_is_24_hours_but_the_sunday_of_23():
    days = week_days(date(2027, 3, 24), AMS)
    assert [d.length_hours for d in days] == [24, 24, 24, 24, 24, 24, 23]
    assert [d.clock_change for d in days] == [None] * 6 + ["forward"]
    # Winter time (+01:00) until the Sunday night, summer time (+02:00) after it.
    assert days[0].start == utc(2027, 3, 21, 23)
    assert days[6].start == utc(2027, 3, 27, 23) and days[6].end == utc(2027, 3, 28, 22)
    assert span_of(days) == (utc(2027, 3, 21, 23), utc(2027, 3, 28, 22))


def test_the_march_sunday_has_no_two_oclock():
    sunday = week_days(date(2027, 3, 28), AMS)[6]
    assert [h.hour for h in sunday.hours] == [0, 1] + list(range(3, 24))
    assert all(h.end - h.start == H for h in sunday.hours)
    # 01:00 is the last hour of winter time; the next real hour is called 03:00.
    assert (sunday.hours[1].start, sunday.hours[2].start) == (utc(2027, 3, 28, 0), utc(2027, 3, 28, 1))


def test_in_october_every_day_is_24_hours_but_the_sunday_of_25():
    days = week_days(date(2027, 10, 27), AMS)
    assert [d.date for d in days] == [date(2027, 10, 25) + timedelta(days=i) for i in range(7)]
    assert [d.length_hours for d in days] == [24, 24, 24, 24, 24, 24, 25]
    assert days[6].clock_change == "back"
    assert (days[6].start, days[6].end) == (utc(2027, 10, 30, 22), utc(2027, 10, 31, 23))


def test_the_october_sunday_has_two_oclock_twice():
    sunday = week_days(date(2027, 10, 31), AMS)[6]
    assert [h.key for h in sunday.hours[:5]] == [(0, 0), (1, 0), (2, 0), (2, 1), (3, 0)]
    assert len(sunday.hours) == 25
    first, second = sunday.hours[2], sunday.hours[3]
    assert (first.start, second.start) == (utc(2027, 10, 31, 0), utc(2027, 10, 31, 1))
    assert offset_label(first.start, AMS) == "UTC+02:00" and offset_label(second.start, AMS) == "UTC+01:00"
    assert repeated(first.start, AMS) and repeated(second.start, AMS) and not repeated(sunday.hours[4].start, AMS)


def test_the_rows_of_a_week_are_every_wall_hour_any_of_its_days_has():
    assert rows_of(week_days(date(2027, 3, 22), AMS)) == [(h, 0) for h in range(24)]
    october = rows_of(week_days(date(2027, 10, 25), AMS))
    assert len(october) == 25 and october[2:4] == [(2, 0), (2, 1)]
    # The Sunday alone lacks 02:00.
    assert rows_of([day_of(date(2027, 3, 28), AMS)]) == [(h, 0) for h in range(24) if h != 2]


def test_monday_of():
    assert monday_of(date(2027, 10, 31)) == date(2027, 10, 25)
    assert monday_of(date(2027, 10, 25)) == date(2027, 10, 25)


# --- placing bookings -------------------------------------------------------------------------------

def test_a_booking_is_placed_on_its_day_only():
    days = week_days(date(2027, 3, 22), AMS)
    placed = place(days, [(local(2027, 3, 28, 9), local(2027, 3, 28, 11), "koffie")])
    assert [len(p) for p in placed] == [0, 0, 0, 0, 0, 0, 1]
    p = placed[6][0]
    assert (p.item, p.start, p.end, p.starts_before, p.ends_after) == (
        "koffie", utc(2027, 3, 28, 7), utc(2027, 3, 28, 9), False, False)


def test_a_booking_across_midnight_is_split_over_both_days():
    days = week_days(date(2027, 3, 22), AMS)
    placed = place(days, [(local(2027, 3, 27, 22), local(2027, 3, 28, 4), "nacht")])
    saturday, sunday = placed[5][0], placed[6][0]
    assert (saturday.start, saturday.end, saturday.ends_after) == (utc(2027, 3, 27, 21), utc(2027, 3, 27, 23), True)
    assert (sunday.start, sunday.end, sunday.starts_before) == (utc(2027, 3, 27, 23), utc(2027, 3, 28, 2), True)
    # 00:00-04:00 on the short Sunday is three real hours.
    assert sunday.end - sunday.start == 3 * H


def test_a_booking_beyond_the_week_is_clipped_to_it():
    days = week_days(date(2027, 10, 25), AMS)
    placed = place(days, [(local(2027, 10, 20, 9), local(2027, 11, 2, 9), "lang")])
    assert all(len(p) == 1 for p in placed)
    assert placed[0][0].start == days[0].start and placed[6][0].end == days[6].end
    assert placed[6][0].end - placed[6][0].start == 25 * H


def test_bookings_that_overlap_get_lanes_side_by_side():
    days = [day_of(date(2027, 3, 23), AMS)]
    items = [(local(2027, 3, 23, h), local(2027, 3, 23, h + 2), name)
             for h, name in ((9, "a"), (10, "b"), (11, "c"))] + [(local(2027, 3, 23, 14), local(2027, 3, 23, 15), "d")]
    placed = place(days, items)[0]
    assert [(p.item, p.lane, p.lanes) for p in placed] == [("a", 0, 2), ("b", 1, 2), ("c", 0, 2), ("d", 0, 1)]


def test_grid_tracks_follow_the_wall_hours_of_the_week():
    march = week_days(date(2027, 3, 22), AMS)
    rows = rows_of(march)
    # 09:00-10:30 on Monday and on the short Sunday take the same rows: the 09:00 row is the tenth.
    for day in (march[0], march[6]):
        start = datetime.combine(day.date, datetime.min.time()).replace(hour=9, tzinfo=AMS)
        expected = (9 * TRACKS_PER_HOUR, 10 * TRACKS_PER_HOUR + 6)
        assert tracks(day, rows, start, start + 90 * timedelta(minutes=1)) == expected
    # 01:00-04:00 on the short Sunday runs from the 01:00 row to the 04:00 row, over the missing 02:00 row.
    sunday = march[6]
    assert tracks(sunday, rows, local(2027, 3, 28, 1), local(2027, 3, 28, 4)) == (12, 48)

    october = week_days(date(2027, 10, 25), AMS)
    rows = rows_of(october)
    sunday = october[6]
    # 01:00-04:00 on the long Sunday is four hours: rows 01, 02, 02 again, 03.
    assert tracks(sunday, rows, local(2027, 10, 31, 1), local(2027, 10, 31, 4)) == (12, 60)
    # The second 02:30 (winter time) is in the second 02:00 row; 09:00 is in the same row on every day.
    assert tracks(sunday, rows, utc(2027, 10, 31, 1, 30), utc(2027, 10, 31, 2, 30)) == (3 * 12 + 6, 4 * 12 + 6)
    assert tracks(october[0], rows, local(2027, 10, 25, 9), local(2027, 10, 25, 10)) == (10 * 12, 11 * 12)
    assert tracks(sunday, rows, local(2027, 10, 31, 9), local(2027, 10, 31, 10)) == (10 * 12, 11 * 12)
    # The end of the day is the line after its last row; a few minutes take at least one track.
    assert tracks(sunday, rows, local(2027, 10, 31, 23), sunday.end) == (24 * 12, 25 * 12)
    assert tracks(sunday, rows, local(2027, 10, 31, 9), local(2027, 10, 31, 9, 1)) == (120, 121)


# --- months ----------------------------------------------------------------------------------------

def test_the_march_2027_grid_runs_from_monday_1_march_to_sunday_4_april():
    weeks = month_grid(2027, 3)
    assert len(weeks) == 5 and all(len(w) == 7 for w in weeks)
    assert weeks[0][0] == date(2027, 3, 1) and weeks[-1][-1] == date(2027, 4, 4)


def test_the_october_2027_grid_has_the_last_days_of_september_first():
    weeks = month_grid(2027, 10)
    assert weeks[0][:5] == [date(2027, 9, d) for d in (27, 28, 29, 30)] + [date(2027, 10, 1)]
    assert weeks[-1][-1] == date(2027, 10, 31)
    days = month_days(2027, 10, AMS)
    assert days[-1][-1].length_hours == 25 and sum(d.length_hours for w in days for d in w) == 35 * 24 + 1


def test_february_2027_is_exactly_four_weeks():
    assert [w[0] for w in month_grid(2027, 2)] == [date(2027, 2, d) for d in (1, 8, 15, 22)]


@pytest.mark.parametrize("raw, expected", [("2027-03", (2027, 3)), ("2027-12", (2027, 12)), ("2027-13", None),
                                           ("2027-00", None), ("2027-3", None), ("x", None), ("", None), (None, None)])
def test_parse_month(raw, expected):
    assert parse_month(raw) == expected


def test_next_month():
    assert next_month(2027, 12) == (2028, 1)
    assert next_month(2027, 1, -1) == (2026, 12)
    assert next_month(2027, 3) == (2027, 4)
