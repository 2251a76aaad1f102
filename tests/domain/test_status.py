"""The one rule that gives a series its status from its dates."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from booking.domain.status import CANCELLED, CONFIRMED, PENDING, REJECTED, DateState, series_status

NOW = datetime(2027, 3, 10, 12, tzinfo=UTC)
PAST, FUTURE = NOW - timedelta(days=7), NOW + timedelta(days=7)


def dates(*pairs):
    return [DateState(status, ends) for status, ends in pairs]


@pytest.mark.parametrize("current, pairs, expected", [
    # A date waiting for the front desk makes the whole series wait.
    (CONFIRMED, [(CONFIRMED, FUTURE), (PENDING, FUTURE)], PENDING),
    (CONFIRMED, [(CONFIRMED, PAST), (PENDING, PAST)], PENDING),
    # Dates still to come keep it confirmed, whatever happened to single dates.
    (CONFIRMED, [(CANCELLED, FUTURE), (CONFIRMED, FUTURE)], CONFIRMED),
    (PENDING, [(REJECTED, FUTURE), (CONFIRMED, FUTURE)], CONFIRMED),
    # A series that ran its course stays confirmed (honest history), even with a date skipped on the way.
    (CONFIRMED, [(CONFIRMED, PAST), (CANCELLED, PAST), (CONFIRMED, PAST)], CONFIRMED),
    # Called off before its time: cancelled, the dates already held stay as history.
    (CONFIRMED, [(CONFIRMED, PAST), (CANCELLED, FUTURE)], CANCELLED),
    (CONFIRMED, [(CANCELLED, FUTURE)], CANCELLED),
    (CONFIRMED, [(CANCELLED, PAST)], CANCELLED),
    # A refused request is rejected ...
    (PENDING, [(REJECTED, FUTURE), (REJECTED, FUTURE)], REJECTED),
    (PENDING, [(CANCELLED, FUTURE), (REJECTED, FUTURE)], REJECTED),
    # ... and stays rejected when it is cancelled later (DELETE of a refused request).
    (REJECTED, [(REJECTED, FUTURE), (REJECTED, FUTURE)], REJECTED),
    (REJECTED, [(REJECTED, FUTURE), (CANCELLED, FUTURE)], REJECTED),
    # A confirmed series whose last dates were moved, refused, and are gone: cut short, not 'rejected'.
    (PENDING, [(CONFIRMED, PAST), (REJECTED, FUTURE)], CANCELLED),
])
def test_series_status(current, pairs, expected):
    assert series_status(current, dates(*pairs), NOW) == expected


def test_a_date_ending_exactly_now_is_over():
    assert series_status(CONFIRMED, dates((CONFIRMED, NOW), (CANCELLED, FUTURE)), NOW) == CANCELLED
