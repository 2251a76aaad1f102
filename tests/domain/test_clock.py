"""Local wall time <-> UTC in Europe/Amsterdam, around the 2027 DST changes."""
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from booking.domain.clock import (is_ambiguous, exists_locally, local_day_bounds, local_to_utc,
                                  utc_to_local, wall, zone_of)
from booking.domain.errors import InvalidInput, RuleViolation

AMS = zone_of("Europe/Amsterdam")


def test_skipped_time_in_march_is_refused():
    with pytest.raises(RuleViolation) as exc:
        local_to_utc(datetime(2027, 3, 28, 2, 30), AMS)
    err = exc.value
    assert err.extra["rule"] == "nonexistent_time"
    assert "2027-03-28 02:30" in err.message
    assert "Europe/Amsterdam" in err.message
    assert err.fields == {"start": [err.message]}


def test_skipped_time_names_the_given_field():
    with pytest.raises(RuleViolation) as exc:
        local_to_utc(datetime(2027, 3, 28, 2, 0), AMS, field="end")
    assert list(exc.value.fields) == ["end"]


@pytest.mark.parametrize("wall_time, utc_time", [
    (datetime(2027, 3, 28, 1, 59), datetime(2027, 3, 28, 0, 59)),   # last minute of winter time
    (datetime(2027, 3, 28, 3, 0), datetime(2027, 3, 28, 1, 0)),     # first minute of summer time
])
def test_times_either_side_of_the_march_gap_exist(wall_time, utc_time):
    assert exists_locally(wall_time, AMS)
    assert local_to_utc(wall_time, AMS) == utc_time.replace(tzinfo=UTC)


def test_repeated_time_in_october_is_the_first_one():
    wall_time = datetime(2027, 10, 31, 2, 30)
    assert is_ambiguous(wall_time, AMS)
    utc = local_to_utc(wall_time, AMS)
    assert utc == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert utc_to_local(utc, AMS).utcoffset() == timedelta(hours=2)


def test_ordinary_time_is_not_ambiguous():
    assert not is_ambiguous(datetime(2027, 10, 31, 3, 30), AMS)
    assert not is_ambiguous(datetime(2027, 3, 28, 2, 30), AMS)  # skipped, not repeated


@pytest.mark.parametrize("wall_time, utc_time", [
    (datetime(2027, 3, 29, 9, 0), datetime(2027, 3, 29, 7, 0)),    # summer time, +02:00
    (datetime(2027, 3, 26, 9, 0), datetime(2027, 3, 26, 8, 0)),    # winter time, +01:00
    (datetime(2027, 11, 1, 9, 0), datetime(2027, 11, 1, 8, 0)),    # winter again
])
def test_normal_conversions(wall_time, utc_time):
    utc = local_to_utc(wall_time, AMS)
    assert utc == utc_time.replace(tzinfo=UTC)
    assert utc.utcoffset() == timedelta(0)
    assert wall(utc, AMS) == wall_time


def test_aware_input_passes_through_as_utc():
    aware = datetime(2027, 3, 28, 2, 30, tzinfo=timezone(timedelta(hours=2)))
    utc = local_to_utc(aware, AMS)  # an explicit offset is never refused
    assert utc == datetime(2027, 3, 28, 0, 30, tzinfo=UTC)
    assert utc.tzinfo is UTC


def test_naive_instant_is_read_as_utc():
    assert wall(datetime(2027, 7, 1, 10, 0), AMS) == datetime(2027, 7, 1, 12, 0)


@pytest.mark.parametrize("day, hours, start_utc", [
    (date(2027, 3, 28), 23, datetime(2027, 3, 27, 23, 0)),
    (date(2027, 10, 31), 25, datetime(2027, 10, 30, 22, 0)),
    (date(2027, 6, 15), 24, datetime(2027, 6, 14, 22, 0)),
    (date(2027, 1, 15), 24, datetime(2027, 1, 14, 23, 0)),
])
def test_local_day_bounds(day, hours, start_utc):
    start, end = local_day_bounds(day, AMS)
    assert start == start_utc.replace(tzinfo=UTC)
    assert end - start == timedelta(hours=hours)
    assert wall(start, AMS) == datetime.combine(day, datetime.min.time())
    assert wall(end, AMS) == datetime.combine(day + timedelta(days=1), datetime.min.time())


def test_unknown_zone_is_invalid_input():
    with pytest.raises(InvalidInput) as exc:
        zone_of("Europe/Harderwijk")
    assert "timezone" in exc.value.fields
