"""Expanding recurring series in local wall time (RFC 5545 subset)."""
import calendar
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from booking.domain.clock import local_to_utc, zone_of
from booking.domain.errors import InvalidInput, RuleViolation
from booking.domain.recurrence import MAX_COUNT, Recurrence, expand, series_horizon

AMS = zone_of("Europe/Amsterdam")


def dates(slots):
    return [s.date() for s, _ in slots]


def at(d: date, h: int, m: int = 0) -> datetime:
    return datetime.combine(d, time(h, m))


# ---- DST: wall time stays put, UTC moves --------------------------------------------------

def test_weekly_keeps_wall_time_across_march_change():
    start = datetime(2027, 3, 18, 9)  # Thursday
    slots = expand(Recurrence("weekly", until=date(2027, 4, 8)), start, datetime(2027, 3, 18, 11))
    assert dates(slots) == [date(2027, 3, 18), date(2027, 3, 25), date(2027, 4, 1), date(2027, 4, 8)]
    for s, e in slots:
        assert (s.time(), e.time()) == (time(9), time(11))
    assert [local_to_utc(s, AMS).hour for s, _ in slots] == [8, 8, 7, 7]
    assert [local_to_utc(e, AMS).hour for _, e in slots] == [10, 10, 9, 9]


def test_weekly_keeps_wall_time_across_october_change():
    start = datetime(2027, 10, 24, 9)  # Sunday, the week before the change, and the change day
    slots = expand(Recurrence("weekly", count=3), start, datetime(2027, 10, 24, 11))
    assert dates(slots) == [date(2027, 10, 24), date(2027, 10, 31), date(2027, 11, 7)]
    for s, e in slots:
        assert (s.time(), e.time()) == (time(9), time(11))
    assert [local_to_utc(s, AMS) for s, _ in slots] == [
        datetime(2027, 10, 24, 7, tzinfo=UTC),
        datetime(2027, 10, 31, 8, tzinfo=UTC),
        datetime(2027, 11, 7, 8, tzinfo=UTC)]


def test_weekly_through_a_whole_year_goes_8_7_8_utc():
    start = datetime(2027, 1, 4, 9)
    slots = expand(Recurrence("weekly", until=date(2027, 12, 27)), start, datetime(2027, 1, 4, 11))
    hours = [local_to_utc(s, AMS).hour for s, _ in slots]
    first7 = dates(slots)[hours.index(7)]
    last7 = dates(slots)[len(hours) - 1 - hours[::-1].index(7)]
    assert first7 == date(2027, 3, 29) and last7 == date(2027, 10, 25)
    assert all(h == 8 for h, d in zip(hours, dates(slots)) if not first7 <= d <= last7)
    assert all(h == 7 for h, d in zip(hours, dates(slots)) if first7 <= d <= last7)


# ---- exact dates ----------------------------------------------------------------------------

def test_daily_count():
    slots = expand(Recurrence("daily", count=5), datetime(2027, 3, 26, 9), datetime(2027, 3, 26, 10))
    assert dates(slots) == [date(2027, 3, 26) + timedelta(days=i) for i in range(5)]
    assert all(e - s == timedelta(hours=1) for s, e in slots)


def test_daily_interval_3():
    slots = expand(Recurrence("daily", interval=3, count=4), datetime(2027, 2, 25, 9), datetime(2027, 2, 25, 10))
    assert dates(slots) == [date(2027, 2, 25), date(2027, 2, 28), date(2027, 3, 3), date(2027, 3, 6)]


def test_weekly_mo_we_every_two_weeks():
    rule = Recurrence("weekly", interval=2, byweekday=("MO", "WE"), count=6)
    slots = expand(rule, datetime(2027, 1, 4, 9), datetime(2027, 1, 4, 11))
    assert dates(slots) == [date(2027, 1, 4), date(2027, 1, 6), date(2027, 1, 18),
                            date(2027, 1, 20), date(2027, 2, 1), date(2027, 2, 3)]


def test_weekly_mo_we_every_two_weeks_starting_on_wednesday():
    # Weeks start on Monday (WKST=MO): the Monday after is in the skipped week.
    rule = Recurrence("weekly", interval=2, byweekday=("MO", "WE"), count=4)
    slots = expand(rule, datetime(2027, 1, 6, 9), datetime(2027, 1, 6, 11))
    assert dates(slots) == [date(2027, 1, 6), date(2027, 1, 18), date(2027, 1, 20), date(2027, 2, 1)]


def test_weekly_start_day_not_in_byweekday_is_not_a_slot():
    rule = Recurrence("weekly", byweekday=("TU",), count=3)
    slots = expand(rule, datetime(2027, 1, 4, 9), datetime(2027, 1, 4, 11))
    assert dates(slots) == [date(2027, 1, 5), date(2027, 1, 12), date(2027, 1, 19)]


def test_monthly_on_the_31st_skips_short_months():
    slots = expand(Recurrence("monthly", count=4), datetime(2027, 1, 31, 19), datetime(2027, 1, 31, 20))
    assert dates(slots) == [date(2027, 1, 31), date(2027, 3, 31), date(2027, 5, 31), date(2027, 7, 31)]


def test_monthly_on_the_29th_until_includes_leap_february():
    slots = expand(Recurrence("monthly", until=date(2028, 3, 1)), datetime(2027, 12, 29, 19),
                   datetime(2027, 12, 29, 20))
    assert dates(slots) == [date(2027, 12, 29), date(2028, 1, 29), date(2028, 2, 29)]


def test_monthly_second_tuesday():
    rule = Recurrence("monthly", byweekday=("2TU",), count=4)
    slots = expand(rule, datetime(2027, 1, 1, 14), datetime(2027, 1, 1, 15))
    assert dates(slots) == [date(2027, 1, 12), date(2027, 2, 9), date(2027, 3, 9), date(2027, 4, 13)]
    assert all(s.time() == time(14) for s, _ in slots)


def test_monthly_last_friday():
    rule = Recurrence("monthly", byweekday=("-1FR",), count=4)
    slots = expand(rule, datetime(2027, 1, 1, 14), datetime(2027, 1, 1, 15))
    assert dates(slots) == [date(2027, 1, 29), date(2027, 2, 26), date(2027, 3, 26), date(2027, 4, 30)]


def test_until_is_inclusive():
    rule = Recurrence("weekly", until=date(2027, 1, 25))
    slots = expand(rule, datetime(2027, 1, 4, 20), datetime(2027, 1, 4, 22))
    assert dates(slots)[-1] == date(2027, 1, 25)
    assert len(slots) == 4


def test_until_on_the_start_date_gives_one_slot():
    slots = expand(Recurrence("daily", until=date(2027, 1, 4)), datetime(2027, 1, 4, 20), datetime(2027, 1, 4, 22))
    assert slots == [(datetime(2027, 1, 4, 20), datetime(2027, 1, 4, 22))]


def test_count_counts_before_exdates():
    rule = Recurrence("weekly", count=5, exdates=frozenset({date(2027, 1, 11)}))
    slots = expand(rule, datetime(2027, 1, 4, 9), datetime(2027, 1, 4, 11))
    assert len(slots) == 4
    assert date(2027, 1, 11) not in dates(slots)
    assert dates(slots) == [date(2027, 1, 4), date(2027, 1, 18), date(2027, 1, 25), date(2027, 2, 1)]


def test_exdate_not_on_a_rule_date_changes_nothing():
    rule = Recurrence("weekly", count=3, exdates=frozenset({date(2027, 1, 5)}))
    assert len(expand(rule, datetime(2027, 1, 4, 9), datetime(2027, 1, 4, 11))) == 3


def test_slot_may_end_after_midnight():
    slots = expand(Recurrence("daily", count=2), datetime(2027, 1, 4, 22), datetime(2027, 1, 5, 1))
    assert slots[1] == (datetime(2027, 1, 5, 22), datetime(2027, 1, 6, 1))


# ---- refused rules --------------------------------------------------------------------------

S, E = datetime(2027, 1, 4, 9), datetime(2027, 1, 4, 11)


def invalid_fields(rule, start=S, end=E) -> dict:
    with pytest.raises(InvalidInput) as exc:
        expand(rule, start, end)
    assert not isinstance(exc.value, RuleViolation)
    return exc.value.fields


@pytest.mark.parametrize("rule", [
    Recurrence("weekly"),
    Recurrence("weekly", count=3, until=date(2027, 2, 1)),
])
def test_exactly_one_of_count_or_until(rule):
    assert "recurrence" in invalid_fields(rule)


@pytest.mark.parametrize("rule, key", [
    (Recurrence("weekly", byweekday=("XX",), count=3), "recurrence.byweekday"),
    (Recurrence("weekly", byweekday=("mon",), count=3), "recurrence.byweekday"),
    (Recurrence("weekly", byweekday=("MO", "FRI"), count=3), "recurrence.byweekday"),
    (Recurrence("monthly", byweekday=("6TU",), count=3), "recurrence.byweekday"),
    (Recurrence("monthly", byweekday=("0TU",), count=3), "recurrence.byweekday"),
    (Recurrence("weekly", interval=0, count=3), "recurrence.interval"),
    (Recurrence("weekly", interval=-1, count=3), "recurrence.interval"),
    (Recurrence("weekly", interval=53, count=3), "recurrence.interval"),
    (Recurrence("weekly", count=0), "recurrence.count"),
    (Recurrence("weekly", count=-2), "recurrence.count"),
    (Recurrence("daily", count=MAX_COUNT + 1), "recurrence.count"),
    (Recurrence("daily", count=10 ** 9), "recurrence.count"),
    (Recurrence("daily", byweekday=("MO",), count=3), "recurrence.byweekday"),
    (Recurrence("weekly", byweekday=("2TU",), count=3), "recurrence.byweekday"),
    (Recurrence("monthly", byweekday=("TU",), count=3), "recurrence.byweekday"),
    (Recurrence("monthly", byweekday=("1TU", "3TU"), count=3), "recurrence.byweekday"),
    (Recurrence("yearly", count=3), "recurrence.freq"),
])
def test_invalid_rule_names_the_field(rule, key):
    assert key in invalid_fields(rule)


def test_until_before_start():
    assert "recurrence.until" in invalid_fields(Recurrence("weekly", until=date(2027, 1, 3)))


def test_all_dates_excluded():
    rule = Recurrence("weekly", count=2, exdates=frozenset({date(2027, 1, 4), date(2027, 1, 11)}))
    assert "recurrence" in invalid_fields(rule)


@pytest.mark.parametrize("end", [S, S - timedelta(minutes=1)])
def test_end_not_after_start(end):
    assert "end" in invalid_fields(Recurrence("weekly", count=3), S, end)


def too_long(rule, start=S, end=E) -> RuleViolation:
    with pytest.raises(RuleViolation) as exc:
        expand(rule, start, end)
    assert exc.value.extra["rule"] == "too_long"
    return exc.value


def test_until_beyond_24_months():
    assert series_horizon(S) == date(2029, 1, 4)
    err = too_long(Recurrence("weekly", until=date(2029, 1, 5)))
    assert "2029-01-04" in err.message
    assert "recurrence" in err.fields
    # the last allowed date itself is fine
    assert dates(expand(Recurrence("daily", until=date(2029, 1, 4)), S, E))[-1] == date(2029, 1, 4)


def test_count_beyond_24_months():
    err = too_long(Recurrence("weekly", count=106))  # 2027-01-04 + 105 weeks = 2029-01-08
    assert "2029-01-04" in err.message
    assert len(expand(Recurrence("weekly", count=105), S, E)) == 105  # last one 2029-01-01


def test_daily_count_within_limit_but_beyond_24_months():
    err = too_long(Recurrence("daily", count=MAX_COUNT))
    assert "2029-01-04" in err.message


def test_horizon_from_the_31st():
    start = datetime(2027, 8, 31, 9)
    assert series_horizon(start) == date(2029, 8, 31)
    err = too_long(Recurrence("monthly", count=26), start, start + timedelta(hours=1))
    assert "2029-08-31" in err.message


# ---- properties -----------------------------------------------------------------------------

CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def oracle_dates(rule: Recurrence, start: datetime, horizon: date) -> list[date]:
    """The rule's dates (before exdates) by brute force over every calendar day."""
    first = start.date()
    week0 = first - timedelta(days=first.weekday())
    out = []
    d = first
    while d <= horizon + timedelta(days=400):
        if rule.freq == "daily":
            ok = (d - first).days % rule.interval == 0
        elif rule.freq == "weekly":
            wanted = {CODES.index(c) for c in rule.byweekday} or {first.weekday()}
            weeks = (d - week0).days // 7
            ok = weeks % rule.interval == 0 and d.weekday() in wanted
        else:
            months = (d.year - first.year) * 12 + d.month - first.month
            ok = months % rule.interval == 0
            if not rule.byweekday:
                ok = ok and d.day == first.day
            else:
                code = rule.byweekday[0]
                n, wd = int(code[:-2]), CODES.index(code[-2:])
                last_day = calendar.monthrange(d.year, d.month)[1]
                nth = (d.day - 1) // 7 + 1 if n > 0 else -((last_day - d.day) // 7 + 1)
                ok = ok and d.weekday() == wd and nth == n
        if ok:
            out.append(d)
            if rule.count is not None and len(out) == rule.count:
                break
        if rule.until is not None and d >= rule.until:
            break
        d += timedelta(days=1)
    return out


@st.composite
def series(draw):
    freq = draw(st.sampled_from(["daily", "weekly", "monthly"]))
    start = at(draw(st.dates(date(2026, 1, 1), date(2029, 12, 31))),
               draw(st.integers(6, 21)), draw(st.sampled_from([0, 15, 30, 45])))
    length = timedelta(minutes=draw(st.integers(15, 300)))
    interval = draw(st.integers(1, 3))
    byweekday: tuple[str, ...] = ()
    if freq == "weekly":
        byweekday = tuple(draw(st.lists(st.sampled_from(CODES), unique=True, max_size=3)))
    elif freq == "monthly" and draw(st.booleans()):
        byweekday = (f"{draw(st.sampled_from([1, 2, 3, 4, -1, -2]))}{draw(st.sampled_from(CODES))}",)
    if draw(st.booleans()):
        count, until = draw(st.integers(1, 40)), None
    else:
        count, until = None, start.date() + timedelta(days=draw(st.integers(0, 800)))
    exdates = frozenset(start.date() + timedelta(days=n)
                        for n in draw(st.lists(st.integers(0, 120), max_size=8)))
    return Recurrence(freq, interval, byweekday, count, until, exdates), start, start + length


@settings(max_examples=80, deadline=None)
@given(series())
def test_expand_properties(case):
    rule, start, end = case
    horizon = series_horizon(start)
    expected = oracle_dates(rule, start, horizon)
    kept = [d for d in expected if d not in rule.exdates]

    beyond = (rule.until is not None and rule.until > horizon) or (expected and expected[-1] > horizon)
    if beyond:
        with pytest.raises(RuleViolation) as exc:
            expand(rule, start, end)
        assert exc.value.extra["rule"] == "too_long"
        assert horizon.isoformat() in exc.value.message
        return
    if not kept:
        with pytest.raises(InvalidInput) as exc:
            expand(rule, start, end)
        assert "recurrence" in exc.value.fields
        return

    slots = expand(rule, start, end)
    got = dates(slots)
    assert got == kept
    starts = [s for s, _ in slots]
    assert all(a < b for a, b in zip(starts, starts[1:]))
    first_time, length = slots[0][0].time(), slots[0][1] - slots[0][0]
    assert length == end - start
    for s, e in slots:
        assert s.time() == first_time == start.time()
        assert e - s == length
        assert s.date() not in rule.exdates
        assert start.date() <= s.date() <= horizon
    if rule.count is not None:
        hit = sum(1 for d in expected if d in rule.exdates)
        assert len(expected) == rule.count
        assert len(slots) == rule.count - hit
    else:
        assert all(d <= rule.until for d in got)
    if rule.freq == "weekly":
        wanted = set(rule.byweekday) or {CODES[start.weekday()]}
        assert all(CODES[d.weekday()] in wanted for d in got)
