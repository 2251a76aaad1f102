"""The day grid's arithmetic (booking/domain/grid.py): columns of a local day, DST days included,
blocks placed on them, rooms grouped, closures and combinations, the now line, colours."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from booking.domain import grid
from booking.domain.grid import Closed, Placed, RoomNode
from booking.domain.rules import OpeningHours

AMS = ZoneInfo("Europe/Amsterdam")
DAY = OpeningHours.every_day()               # 07:00-23:00
ROUND_THE_CLOCK = OpeningHours.every_day(0, 24 * 60)
SPRING = date(2027, 3, 28)                   # last Sunday of March: 02:00 -> 03:00, 23 hours
AUTUMN = date(2027, 10, 31)                  # last Sunday of October: 03:00 -> 02:00, 25 hours


def at(d: date, h: int, m: int = 0, fold: int = 0) -> datetime:
    """An aware UTC instant of an Amsterdam wall time."""
    return datetime(d.year, d.month, d.day, h, m, tzinfo=AMS, fold=fold).astimezone(UTC)


def labels(columns) -> list[str]:
    return [c.label for c in columns]


# --- columns ----------------------------------------------------------------------------------------

def test_an_ordinary_day_has_a_column_per_half_hour_of_the_opening_hours():
    cols = grid.day_columns(date(2027, 3, 29), AMS, DAY)
    assert len(cols) == 32
    assert cols[0].label == "07:00" and cols[-1].label == "22:30"
    assert cols[0].start == datetime(2027, 3, 29, 5, 0, tzinfo=UTC)       # summer time, +02:00
    assert cols[-1].end == at(date(2027, 3, 29), 23)
    assert [c.index for c in cols] == list(range(32))
    assert all(b.start == a.end for a, b in zip(cols, cols[1:]))
    assert not any(c.repeated for c in cols)


def test_the_spring_sunday_has_23_hours_and_no_half_hours_from_two_to_three():
    cols = grid.day_columns(SPRING, AMS, ROUND_THE_CLOCK)
    assert len(cols) == 46
    assert cols[-1].end - cols[0].start == timedelta(hours=23)
    assert "02:00" not in labels(cols) and "02:30" not in labels(cols)
    assert labels(cols)[3:6] == ["01:30", "03:00", "03:30"]
    assert cols[4].start == datetime(2027, 3, 28, 1, 0, tzinfo=UTC) == cols[3].end
    assert cols[3].offset_label == "+01:00" and cols[4].offset_label == "+02:00"


def test_the_autumn_sunday_has_25_hours_and_the_hour_from_two_twice():
    cols = grid.day_columns(AUTUMN, AMS, ROUND_THE_CLOCK)
    assert len(cols) == 50
    assert cols[-1].end - cols[0].start == timedelta(hours=25)
    assert labels(cols)[3:9] == ["01:30", "02:00", "02:30", "02:00", "02:30", "03:00"]
    repeated = [c for c in cols if c.repeated]
    assert [(c.label, c.offset_label) for c in repeated] == [
        ("02:00", "+02:00"), ("02:30", "+02:00"), ("02:00", "+01:00"), ("02:30", "+01:00")]
    assert repeated[2].start - repeated[0].start == timedelta(hours=1)


@pytest.mark.parametrize("day", [SPRING, AUTUMN])
def test_the_dst_sundays_with_daytime_hours_have_the_usual_columns_at_their_own_instants(day):
    cols = grid.day_columns(day, AMS, DAY)
    assert len(cols) == 32 and cols[0].label == "07:00" and cols[-1].label == "22:30"
    assert cols[0].start == at(day, 7)


def test_a_day_the_building_is_closed_has_no_columns_unless_something_is_booked():
    hours = OpeningHours({d: (420, 1380) for d in range(6)})              # closed on Sundays
    sunday = date(2027, 4, 4)
    assert grid.day_columns(sunday, AMS, hours) == []
    cols = grid.day_columns(sunday, AMS, hours, [(at(sunday, 10, 15), at(sunday, 11))])
    assert labels(cols) == ["10:00", "10:30"]


def test_a_booking_outside_the_opening_hours_widens_the_grid_never_past_midnight():
    day = date(2027, 3, 29)
    cols = grid.day_columns(day, AMS, DAY, [(at(day, 6, 10), at(day, 7, 30)),
                                            (at(day, 22, 45), at(day + timedelta(days=1), 1))])
    assert cols[0].label == "06:00" and cols[-1].label == "23:30"
    assert cols[-1].end == at(day + timedelta(days=1), 0)
    assert len(cols) == 36


def test_bookings_of_other_days_do_not_widen_the_grid():
    day = date(2027, 3, 29)
    cols = grid.day_columns(day, AMS, DAY, [(at(day, 1) - timedelta(days=1), at(day, 2) - timedelta(days=1))])
    assert len(cols) == 32


def test_half_hours_follow_the_local_clock():
    t = at(date(2027, 3, 29), 9, 47)
    assert grid.floor_slot(t, AMS) == at(date(2027, 3, 29), 9, 30)
    assert grid.ceil_slot(t, AMS) == at(date(2027, 3, 29), 10)
    assert grid.ceil_slot(at(date(2027, 3, 29), 10), AMS) == at(date(2027, 3, 29), 10)
    kolkata = ZoneInfo("Asia/Kolkata")                                      # +05:30
    t = datetime(2027, 3, 29, 4, 0, tzinfo=UTC)                              # 09:30 there
    assert grid.floor_slot(t, kolkata) == t


# --- placing ----------------------------------------------------------------------------------------

def test_a_block_covers_each_half_hour_it_touches():
    day = date(2027, 3, 29)
    cols = grid.day_columns(day, AMS, DAY)
    assert grid.place(at(day, 9), at(day, 11), cols) == grid.Span(4, 4)
    assert grid.place(at(day, 9, 15), at(day, 10), cols) == grid.Span(4, 2)
    assert grid.place(at(day, 9, 15), at(day, 9, 20), cols) == grid.Span(4, 1)
    assert grid.place(at(day, 22, 30), at(day, 23), cols) == grid.Span(31, 1)


def test_a_block_outside_the_grid_is_not_placed_and_one_reaching_past_it_is_clipped():
    day = date(2027, 3, 29)
    cols = grid.day_columns(day, AMS, DAY)
    assert grid.place(at(day, 5), at(day, 7), cols) is None
    assert grid.place(at(day, 23), at(day, 23, 30), cols) is None
    assert grid.place(at(day, 6), at(day, 8), cols) == grid.Span(0, 2, before=True)
    assert grid.place(at(day, 22), at(day, 23, 30), cols) == grid.Span(30, 2, after=True)


def test_a_booking_across_midnight_shows_on_both_days_where_the_hours_allow():
    friday, saturday = date(2027, 4, 2), date(2027, 4, 3)
    start, end = at(friday, 22), at(saturday, 2)
    hours = OpeningHours({4: (7 * 60, 24 * 60), 5: (0, 23 * 60)})          # open through Friday night
    fri = grid.day_columns(friday, AMS, hours, [(start, end)])
    assert fri[-1].end == at(saturday, 0) and len(fri) == 34
    assert grid.place(start, end, fri) == grid.Span(30, 4, after=True)
    sat = grid.day_columns(saturday, AMS, hours, [(start, end)])
    assert sat[0].label == "00:00" and len(sat) == 46
    assert grid.place(start, end, sat) == grid.Span(0, 4, before=True)
    # Hours from 07:00 on Saturday: the grid still opens at midnight for what is booked.
    late = OpeningHours({4: (7 * 60, 24 * 60), 5: (7 * 60, 23 * 60)})
    sat = grid.day_columns(saturday, AMS, late, [(start, end)])
    assert sat[0].label == "00:00" and grid.place(start, end, sat) == grid.Span(0, 4, before=True)


def test_a_booking_in_the_repeated_hour_lands_in_the_right_one():
    cols = grid.day_columns(AUTUMN, AMS, ROUND_THE_CLOCK)
    first = grid.place(at(AUTUMN, 2, 0, fold=0), at(AUTUMN, 2, 30, fold=0), cols)
    second = grid.place(at(AUTUMN, 2, 0, fold=1), at(AUTUMN, 2, 30, fold=1), cols)
    assert (first.first, second.first) == (4, 6)
    assert cols[second.first].offset_label == "+01:00"


def test_the_now_line_stands_where_the_clock_is():
    day = date(2027, 3, 29)
    cols = grid.day_columns(day, AMS, DAY)
    assert grid.now_position(at(day, 9, 15), cols) == 4.5
    assert grid.now_position(at(day, 7), cols) == 0
    assert grid.now_position(at(day, 6, 59), cols) is None
    assert grid.now_position(at(day, 23), cols) is None
    assert grid.now_position(at(day, 9), []) is None
    autumn = grid.day_columns(AUTUMN, AMS, ROUND_THE_CLOCK)
    assert grid.now_position(at(AUTUMN, 2, 15, fold=1), autumn) == 6.5   # the second 02:15


# --- rooms ------------------------------------------------------------------------------------------

HALL = RoomNode(10, "Grote zaal", (11, 12))
A, B = RoomNode(11, "Zaal A"), RoomNode(12, "Zaal B")
KEUKEN, ATELIER = RoomNode(20, "Keuken"), RoomNode(21, "atelier")


def test_combined_rooms_stand_beside_their_parts_and_the_rest_by_name():
    groups = grid.group_rooms([B, KEUKEN, A, HALL, ATELIER])
    assert [[r.name for r in g] for g in groups] == [["atelier"], ["Grote zaal", "Zaal A", "Zaal B"], ["Keuken"]]


def test_nested_combinations_go_depth_first_and_rooms_in_a_circle_still_show():
    whole = RoomNode(1, "Heel gebouw", (10, 20))
    groups = grid.group_rooms([A, B, HALL, KEUKEN, whole])
    assert [r.name for r in groups[0]] == ["Heel gebouw", "Grote zaal", "Zaal A", "Zaal B", "Keuken"]
    x, y = RoomNode(5, "X", (6,)), RoomNode(6, "Y", (5,))
    assert sorted(r.name for g in grid.group_rooms([x, y]) for r in g) == ["X", "Y"]


def test_units_and_the_rooms_whose_closures_close_a_room():
    parts = {10: (11, 12), 11: (), 12: (), 20: ()}
    assert grid.units(10, parts) == {11, 12}
    assert grid.units(11, parts) == {11}
    assert grid.closing_rooms(11, parts) == {11, 10}          # its own, and the hall it is part of
    assert grid.closing_rooms(10, parts) == {10, 11, 12}      # its own, and its parts'
    assert grid.closing_rooms(20, parts) == {20}


def _day_and_columns():
    day = date(2027, 3, 29)
    return day, grid.day_columns(day, AMS, DAY)


def test_rows_show_blocks_and_free_half_hours():
    day, cols = _day_and_columns()
    rows = grid.lay_out(cols, [KEUKEN], [Placed(20, at(day, 9), at(day, 10, 30), "koken")], [])
    (row,) = rows
    (lane,) = row.lanes
    assert [(c.kind, c.column.label, c.count) for c in lane] == [("free", "07:00", 4), ("block", "09:00", 3),
                                                                  ("free", "10:30", 25)]
    assert lane[1].item == "koken" and lane[1].span == grid.Span(4, 3)
    assert [p.item for p in row.items] == ["koken"]


def test_a_booking_of_the_hall_holds_its_parts_and_a_part_holds_the_hall():
    day, cols = _day_and_columns()
    rows = {r.room.name: r for r in grid.lay_out(
        cols, [HALL, A, B],
        [Placed(10, at(day, 9), at(day, 10), "feest"), Placed(11, at(day, 14), at(day, 15), "yoga")], [])}
    assert [r for r in rows] == ["Grote zaal", "Zaal A", "Zaal B"]
    assert rows["Grote zaal"].combines == ("Zaal A", "Zaal B") and rows["Zaal A"].part_of == ("Grote zaal",)
    held = lambda row: [(c.column.label, c.count, c.label) for c in row.lanes[0] if c.kind == "held"]  # noqa: E731
    assert held(rows["Zaal A"]) == [("09:00", 2, "Grote zaal")]
    assert held(rows["Zaal B"]) == [("09:00", 2, "Grote zaal")]
    assert held(rows["Grote zaal"]) == [("14:00", 2, "Zaal A")]
    assert rows["Grote zaal"].first_in_group and not rows["Zaal A"].first_in_group


def test_closures_shade_the_building_the_room_and_rooms_that_share_it():
    day, cols = _day_and_columns()
    closures = [Closed(None, at(day, 7), at(day, 8), "schoonmaak"), Closed(11, at(day, 12), at(day, 13), "lekkage")]
    rows = {r.room.name: r for r in grid.lay_out(cols, [HALL, A, B, KEUKEN], [], closures)}
    closed = lambda row: [(c.column.label, c.count, c.label) for c in row.lanes[0] if c.kind == "closed"]  # noqa: E731
    assert closed(rows["Keuken"]) == [("07:00", 2, "schoonmaak")]
    assert closed(rows["Zaal A"]) == [("07:00", 2, "schoonmaak"), ("12:00", 2, "lekkage")]
    assert closed(rows["Grote zaal"]) == [("07:00", 2, "schoonmaak"), ("12:00", 2, "lekkage")]
    assert closed(rows["Zaal B"]) == [("07:00", 2, "schoonmaak")]


def test_a_closure_of_an_inactive_part_still_closes_the_hall():
    day, cols = _day_and_columns()
    parts = {10: (11, 12), 11: (), 12: ()}
    rows = grid.lay_out(cols, [HALL, B], [], [Closed(11, at(day, 12), at(day, 13), "dicht")], parts)
    assert [c.kind for c in rows[0].lanes[0] if c.kind != "free"] == ["closed"]
    assert [c.kind for c in rows[1].lanes[0] if c.kind != "free"] == []


def test_two_blocks_in_one_half_hour_take_two_lanes():
    day, cols = _day_and_columns()
    rows = grid.lay_out(cols, [KEUKEN], [Placed(20, at(day, 9), at(day, 9, 15), "a"),
                                          Placed(20, at(day, 9, 15), at(day, 10), "b"),
                                          Placed(20, at(day, 11), at(day, 12), "c")], [])
    first, second = rows[0].lanes
    assert [(c.item, c.column.label) for c in first if c.kind == "block"] == [("a", "09:00"), ("c", "11:00")]
    assert [(c.item, c.column.label) for c in second if c.kind == "block"] == [("b", "09:00")]
    assert {c.kind for c in second} == {"block", "empty"}           # the second lane offers no free half hours
    assert sum(c.count for c in second) == 32


def test_colours_are_stable_spread_and_within_the_palette():
    assert [grid.colour_index(i) for i in range(1, 9)] == [grid.colour_index(i) for i in range(1, 9)]
    assert all(0 <= grid.colour_index(i) < grid.PALETTE_SIZE for i in range(1, 2000))
    assert len({grid.colour_index(i) for i in range(1, 9)}) >= 6
    assert grid.colour_index(7, 3) in (0, 1, 2)
