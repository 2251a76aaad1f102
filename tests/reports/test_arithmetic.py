"""The reports' pure arithmetic: pieces of a period, open hours per local day less closures, clipping,
fractions, when a date was cancelled, CSV cells. No app, no database."""
from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from booking.domain.rules import OpeningHours
from booking.reports.csvfile import BOM, Number, cell, csv_text
from booking.reports.hours import (as_hours, fraction, merge, open_seconds, open_seconds_per_piece, opening_spans,
                                   overlap_seconds,
                                   pieces, rooms_open_seconds)
from booking.reports.lateness import (CancelEntry, CancelledDate, cancel_times, closed_by_building, from_date,
                                      is_late)
from booking.reports.period import last_full_month, period_problem

AMS = ZoneInfo("Europe/Amsterdam")
HOURS = OpeningHours.every_day(8 * 60, 22 * 60)
H = 3600.0


def at(y, mo, d, h=0, mi=0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=AMS).astimezone(UTC)


def test_pieces_break_at_mondays_and_the_first_of_the_month():
    found = [(p.first, p.last) for p in pieces(date(2027, 3, 25), date(2027, 4, 6), AMS)]
    assert found == [(date(2027, 3, 25), date(2027, 3, 28)), (date(2027, 3, 29), date(2027, 3, 31)),
                     (date(2027, 4, 1), date(2027, 4, 4)), (date(2027, 4, 5), date(2027, 4, 6))]
    first = pieces(date(2027, 3, 25), date(2027, 3, 28), AMS)[0]
    assert first.end - first.start == timedelta(hours=4 * 24 - 1)  # 28 March has 23 hours
    assert first.monday == date(2027, 3, 22) and first.month == (2027, 3)


def test_a_single_day_is_one_piece():
    [p] = pieces(date(2027, 10, 31), date(2027, 10, 31), AMS)
    assert (p.start, p.end) == (at(2027, 10, 31), at(2027, 11, 1)) and p.end - p.start == timedelta(hours=25)


@pytest.mark.parametrize("day, hours, expected", [
    (date(2027, 3, 28), HOURS, 14), (date(2027, 10, 31), HOURS, 14),
    (date(2027, 3, 28), OpeningHours.every_day(0, 1440), 23), (date(2027, 10, 31), OpeningHours.every_day(0, 1440), 25),
    (date(2027, 3, 29), OpeningHours({0: (9 * 60, 12 * 60)}), 3), (date(2027, 3, 30), OpeningHours({0: (540, 720)}), 0),
])
def test_open_hours_of_a_local_day(day, hours, expected):
    assert open_seconds(day, AMS, hours, []) == expected * H


def test_closures_are_taken_away_once_and_only_within_the_opening_hours():
    closed = merge([(at(2027, 3, 1, 6), at(2027, 3, 1, 10)), (at(2027, 3, 1, 9), at(2027, 3, 1, 11)),
                    (at(2027, 3, 1, 21), at(2027, 3, 2, 9))])
    assert closed == [(at(2027, 3, 1, 6), at(2027, 3, 1, 11)), (at(2027, 3, 1, 21), at(2027, 3, 2, 9))]
    assert open_seconds(date(2027, 3, 1), AMS, HOURS, closed) == (14 - 3 - 1) * H
    assert open_seconds(date(2027, 3, 2), AMS, HOURS, closed) == 13 * H
    parts = pieces(date(2027, 3, 1), date(2027, 3, 2), AMS)
    assert open_seconds_per_piece(parts, opening_spans(parts, AMS, HOURS), closed) == [23 * H]


def test_rooms_get_the_building_closures_and_those_of_the_rooms_that_close_them():
    parts = pieces(date(2027, 3, 1), date(2027, 3, 1), AMS)
    closures = [(None, at(2027, 3, 1, 8), at(2027, 3, 1, 9)), (1, at(2027, 3, 1, 12), at(2027, 3, 1, 14)),
                (3, at(2027, 3, 1, 13), at(2027, 3, 1, 16))]
    closing = {1: frozenset({1, 3}), 2: frozenset({2, 3}), 3: frozenset({1, 2, 3}), 4: frozenset({4})}
    assert rooms_open_seconds(parts, AMS, HOURS, closures, closing) == {
        1: [(14 - 1 - 4) * H], 2: [(14 - 1 - 3) * H], 3: [(14 - 1 - 4) * H], 4: [13 * H]}


def test_clipping_and_fractions():
    assert overlap_seconds(at(2027, 3, 7, 21), at(2027, 3, 8, 1), at(2027, 3, 1), at(2027, 3, 8)) == 3 * H
    assert overlap_seconds(at(2027, 3, 9), at(2027, 3, 10), at(2027, 3, 1), at(2027, 3, 8)) == 0
    assert fraction(3, 0) == 0 and fraction(1, 4) == 0.25
    assert as_hours(5400) == 1.5 and as_hours(60) == 0.02 and as_hours(3599.9999) == 1.0


def test_periods():
    assert period_problem(date(2027, 3, 2), date(2027, 3, 1)) is not None
    assert period_problem(date(2027, 1, 1), date(2028, 12, 31)) is None
    assert period_problem(date(2027, 1, 1), date(2029, 1, 1)) is not None
    assert last_full_month(date(2027, 1, 4)) == (date(2026, 12, 1), date(2026, 12, 31))
    assert last_full_month(date(2027, 3, 31)) == (date(2027, 2, 1), date(2027, 2, 28))


def dated(i, booking, start) -> CancelledDate:
    return CancelledDate(i, booking, 1, start, start + timedelta(hours=2))


def entry(at_, action, subject_type, subject_id, **detail) -> CancelEntry:
    return CancelEntry(at_, action, subject_type, subject_id, json.dumps(detail))


def test_the_time_a_date_was_cancelled_comes_from_its_own_entry_or_the_first_series_entry_that_covered_it():
    mon, tue, wed = at(2027, 3, 1, 10), at(2027, 3, 2, 10), at(2027, 3, 3, 10)
    dates = [dated(1, 7, mon), dated(2, 7, tue), dated(3, 7, wed), dated(4, 8, mon), dated(5, 9, mon)]
    entries = [
        entry(at(2027, 2, 1), "series.cancel_from", "booking", 7, occurrence_id=2),   # tue and wed
        entry(at(2027, 2, 28, 12), "booking.cancel", "booking", 7),                    # mon (the rest was done)
        entry(at(2027, 2, 28, 20), "occurrence.cancel", "occurrence", 4, booking_id=8),
        entry(at(2027, 3, 2, 9), "booking.cancel", "booking", 8),                      # nothing left of 8 by then
    ]
    times = cancel_times(dates, entries)
    assert times == {1: at(2027, 2, 28, 12), 2: at(2027, 2, 1), 3: at(2027, 2, 1), 4: at(2027, 2, 28, 20), 5: None}
    assert [is_late(times[i], d.starts_at) for i, d in zip(range(1, 6), dates)] == [True, False, False, True, False]


def test_late_means_within_24_hours_before_the_start_or_after():
    start = at(2027, 3, 5, 10)
    assert is_late(start - timedelta(hours=24), start) and is_late(start + timedelta(minutes=5), start)
    assert not is_late(start - timedelta(hours=24, seconds=1), start) and not is_late(None, start)
    assert from_date(CancelEntry(start, "series.cancel_from", "booking", 1, "not json")) is None
    assert from_date(CancelEntry(start, "series.cancel_from", "booking", 1, "[1]")) is None


def test_dates_called_off_for_a_closure_are_the_buildings_doing():
    entries = [entry(at(2027, 3, 5, 9), "occurrence.cancel", "occurrence", 1, booking_id=7, closure_id=3),
               entry(at(2027, 3, 5, 9), "occurrence.cancel", "occurrence", 2, booking_id=7, reason=""),
               entry(at(2027, 3, 5, 9), "booking.cancel", "booking", 8, closure_id=3)]
    assert closed_by_building(entries) == {1}


def test_csv_cells_and_sections():
    assert [str(Number(12.5)), str(Number(-0.001)), str(Number(1 / 3, 4)), str(Number(-2.25))] == [
        "12,50", "0,00", "0,3333", "-2,25"]
    assert [cell(3), cell("=1+1"), cell("-5"), cell("@x"), cell("Zaal; A"), cell(None)] == [
        "3", "'=1+1", "'-5", "'@x", "Zaal; A", ""]
    assert csv_text([[("a", "b"), (1, Number(0.5))], [("c",), ("Zaal; A",)]]) == (
        BOM + "a;b\r\n1;0,50\r\n\r\nc\r\n\"Zaal; A\"\r\n")
