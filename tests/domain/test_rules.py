"""Opening hours, closures, length, notice and horizon, with instants in UTC."""
from datetime import UTC, datetime, timedelta

import pytest

from booking.domain.clock import local_to_utc, zone_of
from booking.domain.rules import ClosurePeriod, OpeningHours, Problem, RoomRules, slot_problems

AMS = zone_of("Europe/Amsterdam")
EVERY_DAY = OpeningHours.every_day()


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local(*args) -> datetime:
    return local_to_utc(datetime(*args), AMS)


# (day, UTC offset in hours at 07:00 and 23:00 local)
DAYS = [((2027, 3, 28), 2), ((2027, 10, 31), 1), ((2027, 3, 26), 1), ((2027, 7, 14), 2)]


@pytest.mark.parametrize("day, offset", DAYS)
def test_every_day_admits_seven_to_eleven(day, offset):
    start = utc(*day, 7 - offset)          # 07:00 local
    end = utc(*day, 23 - offset)           # 23:00 local
    assert EVERY_DAY.admits(start, end, AMS)


@pytest.mark.parametrize("day, offset", DAYS)
def test_every_day_refuses_early_start_and_late_end(day, offset):
    # 06:30-08:00 local
    assert not EVERY_DAY.admits(utc(*day, 6 - offset, 30), utc(*day, 8 - offset), AMS)
    # 22:00-23:30 local
    assert not EVERY_DAY.admits(utc(*day, 22 - offset), utc(*day, 23 - offset, 30), AMS)
    # a minute either side is already too much
    assert not EVERY_DAY.admits(utc(*day, 6 - offset, 59), utc(*day, 8 - offset), AMS)
    assert not EVERY_DAY.admits(utc(*day, 22 - offset), utc(*day, 23 - offset, 1), AMS)


def test_dst_day_uses_local_not_utc_hours():
    # 2027-03-28 05:30-06:30 UTC is 07:30-08:30 local (summer time): open.
    assert EVERY_DAY.admits(utc(2027, 3, 28, 5, 30), utc(2027, 3, 28, 6, 30), AMS)
    # 2027-10-31 05:30-06:30 UTC is 06:30-07:30 local (winter time again): too early.
    assert not EVERY_DAY.admits(utc(2027, 10, 31, 5, 30), utc(2027, 10, 31, 6, 30), AMS)


def test_closed_weekday():
    weekdays_only = OpeningHours({d: (8 * 60, 18 * 60) for d in range(5)})
    assert weekdays_only.admits(local(2027, 5, 7, 9), local(2027, 5, 7, 10), AMS)       # Friday
    assert not weekdays_only.admits(local(2027, 5, 8, 9), local(2027, 5, 8, 10), AMS)   # Saturday
    assert not weekdays_only.admits(local(2027, 5, 9, 9), local(2027, 5, 9, 10), AMS)   # Sunday


def test_end_at_midnight_with_closes_1440():
    late = OpeningHours.every_day(opens=7 * 60, closes=24 * 60)
    assert late.admits(local(2027, 5, 7, 22), local(2027, 5, 8, 0), AMS)
    assert not late.admits(local(2027, 5, 7, 22), local(2027, 5, 8, 0, 30), AMS)
    # with the default 23:00 close, a midnight end is refused
    assert not EVERY_DAY.admits(local(2027, 5, 7, 22), local(2027, 5, 8, 0), AMS)


def test_end_with_seconds_past_close_is_refused():
    assert not EVERY_DAY.admits(local(2027, 5, 7, 22), local(2027, 5, 7, 23, 0) + timedelta(seconds=1), AMS)


def test_slot_spanning_two_days_is_refused():
    always = OpeningHours.every_day(opens=0, closes=24 * 60)
    assert not always.admits(local(2027, 5, 7, 22), local(2027, 5, 8, 1), AMS)


# ---- slot_problems -------------------------------------------------------------------------

NOW = local(2027, 5, 3, 12, 0)          # Monday 3 May 2027, noon local
FINE_START = local(2027, 5, 10, 10, 0)  # a week later, 10:00-11:00 local
FINE_END = local(2027, 5, 10, 11, 0)
RULES = RoomRules(min_notice_minutes=120, max_advance_days=90, max_duration_minutes=240)


def problems(start=FINE_START, end=FINE_END, *, hours=EVERY_DAY, closures=(), rules=RULES, now=NOW,
             bound_by_notice=True) -> list[Problem]:
    return slot_problems(start, end, zone=AMS, hours=hours, closures=list(closures), rules=rules,
                         now=now, bound_by_notice=bound_by_notice)


def rules_of(ps: list[Problem]) -> list[str]:
    return [p.rule for p in ps]


def test_fine_slot_has_no_problems():
    assert problems() == []


def test_outside_opening_hours():
    ps = problems(local(2027, 5, 10, 6, 30), local(2027, 5, 10, 8, 0))
    assert rules_of(ps) == ["opening_hours"]
    assert "2027-05-10 06:30" in ps[0].message
    assert "07:00-23:00" in ps[0].message
    assert "Monday" in ps[0].message


def test_closed_day_message():
    weekdays_only = OpeningHours({d: (8 * 60, 18 * 60) for d in range(5)})
    ps = problems(local(2027, 5, 8, 10), local(2027, 5, 8, 11), hours=weekdays_only)
    assert rules_of(ps) == ["opening_hours"]
    assert "Saturday" in ps[0].message and "closed all day" in ps[0].message


def test_closure_overlapping_is_a_problem_with_its_reason():
    closure = ClosurePeriod(local(2027, 5, 10, 10, 30), local(2027, 5, 10, 17, 0), "Schoonmaak vloeren")
    ps = problems(closures=[closure])
    assert rules_of(ps) == ["closure"]
    assert "Schoonmaak vloeren" in ps[0].message
    assert "2027-05-10 10:30" in ps[0].message  # shown in local time


def test_closure_touching_the_slot_is_not_a_problem():
    before = ClosurePeriod(local(2027, 5, 10, 8, 0), FINE_START, "ochtend")
    after = ClosurePeriod(FINE_END, local(2027, 5, 10, 13, 0), "middag")
    elsewhere = ClosurePeriod(local(2027, 5, 11, 0, 0), local(2027, 5, 12, 0, 0), "dinsdag")
    assert problems(closures=[before, after, elsewhere]) == []


def test_two_closures_give_two_problems():
    a = ClosurePeriod(local(2027, 5, 10, 9, 0), local(2027, 5, 10, 10, 15), "Koningsdag-opruiming")
    b = ClosurePeriod(local(2027, 5, 10, 10, 45), local(2027, 5, 10, 12, 0), "Storing verwarming")
    ps = problems(closures=[a, b])
    assert rules_of(ps) == ["closure", "closure"]
    assert "Koningsdag-opruiming" in ps[0].message and "Storing verwarming" in ps[1].message


def test_too_long():
    assert rules_of(problems(FINE_START, FINE_START + timedelta(minutes=241))) == ["too_long"]
    assert problems(FINE_START, FINE_START + timedelta(minutes=240)) == []
    assert problems(FINE_START, FINE_START + timedelta(minutes=600),
                    rules=RoomRules(max_duration_minutes=None)) == []


def test_in_past():
    start = NOW - timedelta(minutes=30)
    ps = problems(start, start + timedelta(hours=1))
    assert rules_of(ps) == ["in_past"]  # not also 'notice'


def test_notice():
    start = NOW + timedelta(minutes=119)
    assert rules_of(problems(start, start + timedelta(hours=1))) == ["notice"]
    start = NOW + timedelta(minutes=120)
    assert problems(start, start + timedelta(hours=1)) == []


def test_starting_exactly_now_is_not_in_the_past():
    ps = problems(NOW, NOW + timedelta(hours=1), rules=RoomRules())
    assert ps == []


def test_horizon():
    start = NOW + timedelta(days=90, minutes=1)
    assert rules_of(problems(start, start + timedelta(hours=1))) == ["horizon"]
    start = NOW + timedelta(days=90)
    assert problems(start, start + timedelta(hours=1)) == []


def test_not_bound_by_notice_skips_past_notice_and_horizon():
    for start in (NOW - timedelta(days=1), NOW + timedelta(minutes=10), NOW + timedelta(days=200)):
        assert rules_of(problems(start, start + timedelta(hours=1))) != []
        assert problems(start, start + timedelta(hours=1), bound_by_notice=False) == []


def test_not_bound_by_notice_still_checks_hours_closures_and_length():
    closure = ClosurePeriod(local(2027, 4, 30, 0, 0), local(2027, 5, 1, 0, 0), "Verbouwing")
    start = local(2027, 4, 30, 6, 0)  # in the past, too early, closed, too long
    ps = problems(start, start + timedelta(hours=5), closures=[closure], bound_by_notice=False)
    assert rules_of(ps) == ["opening_hours", "closure", "too_long"]


def test_several_problems_at_once():
    start = NOW + timedelta(minutes=30)   # 12:30 local today, 5 h long
    ps = problems(start, start + timedelta(hours=5))
    assert rules_of(ps) == ["too_long", "notice"]


def test_end_before_start_is_invalid():
    assert rules_of(problems(FINE_END, FINE_START)) == ["invalid"]
    assert rules_of(problems(FINE_START, FINE_START)) == ["invalid"]
