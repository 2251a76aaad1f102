"""The serialiser on its own: plain data in, bytes out; no app, no database."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from booking.domain.recurrence import Recurrence, expand, parse_rule_text, rule_text
from booking.feeds.data import FeedBooking, FeedCalendar, FeedDate
from booking.feeds.ical import render
from booking.feeds.vtimezone import vtimezone

from .engines import with_icaljs, with_python

AMS = ZoneInfo("Europe/Amsterdam")
CHANGED = datetime(2027, 1, 2, 10, 0, tzinfo=UTC)
WINDOW = (datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))


def series(booking_id: int, first: tuple[datetime, datetime], rule: Recurrence, changes=None, **extra) -> FeedBooking:
    """A series' data as the queries would give it; `changes` maps a rule date's index to (start, end, status)."""
    text = rule_text(rule, first)
    dates = []
    for i, (s, e) in enumerate(expand(parse_rule_text(text), *first)):
        su, eu = s.replace(tzinfo=AMS).astimezone(UTC), e.replace(tzinfo=AMS).astimezone(UTC)
        start, end, status, seq = su, eu, "confirmed", 0
        if changes and i in changes:
            start, end, status = changes[i]
            seq = 1
        dates.append(FeedDate(id=booking_id * 1000 + i, original_start=su, start=start, end=end, status=status,
                              sequence=seq))
    return FeedBooking(id=booking_id, title=extra.get("title", "Koffie-uurtje"), description="", organisation="Welzijn",
                       location="Vergaderzaal, De Kiekmure", recurrence=text, changed=CHANGED, dates=tuple(dates))


def calendar(*bookings, window=WINDOW, zone="Europe/Amsterdam") -> FeedCalendar:
    return FeedCalendar("Vergaderzaal", "Reserveringen", zone, tuple(bookings), window, 2027)


def local(y, m, d, h, mi=0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=AMS).astimezone(UTC)


def test_an_empty_feed_still_states_its_zone_by_yearly_rules():
    body = render(calendar())
    cal = icalendar.Calendar.from_ical(body)
    assert cal.walk("VEVENT") == []
    text = body.decode()
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam\r\n" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n" in text and "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n" in text
    assert "RDATE" not in text


@pytest.mark.parametrize("zone, march", [("America/New_York", "BYDAY=2SU;BYMONTH=3"),
                                         ("Australia/Sydney", "BYDAY=1SU;BYMONTH=4")])
def test_other_zones_get_their_own_rules(zone, march):
    text = vtimezone(zone, 2027).to_ical().decode()
    assert march in text and "RDATE" not in text


def test_a_zone_without_daylight_saving_has_one_standard_part():
    tz = vtimezone("Asia/Tokyo", 2027)
    assert [c.name for c in tz.subcomponents] == ["STANDARD"]


def test_rendering_is_deterministic_crlf_and_folded_at_75_octets():
    long = series(1, (datetime(2027, 3, 1, 9), datetime(2027, 3, 1, 10)),
                  Recurrence("weekly", byweekday=("MO", "TH"), count=20), title="Ontmoeting " + "één café ☕ " * 30)
    one, two = render(calendar(long)), render(calendar(long))
    assert one == two
    lines = one.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines) and b"\n" not in b"".join(lines)
    assert max(len(line) for line in lines) > 60
    cal = icalendar.Calendar.from_ical(one)
    assert str(cal.walk("VEVENT")[0]["SUMMARY"]) == long.title
    one.decode("utf-8")  # folding never splits a character


def test_a_cancelled_date_is_an_exdate_and_a_moved_one_an_override():
    first = (datetime(2027, 3, 1, 9), datetime(2027, 3, 1, 10))
    b = series(1, first, Recurrence("weekly", count=10), changes={
        2: (local(2027, 3, 15, 9), local(2027, 3, 15, 10), "cancelled"),
        4: (local(2027, 3, 30, 15), local(2027, 3, 30, 16), "confirmed")})
    body = render(calendar(b))
    text = body.decode()
    assert "EXDATE;TZID=Europe/Amsterdam:20270315T090000\r\n" in text
    assert "RECURRENCE-ID;TZID=Europe/Amsterdam:20270329T090000\r\n" in text
    want = sorted((d.start, d.end, "Koffie-uurtje") for d in b.dates if d.active)
    assert with_python(body, *WINDOW) == want
    assert with_icaljs(body, WINDOW[1]) == want


@pytest.mark.parametrize("moved_to", [(2027, 3, 22, 18), (2027, 3, 23, 9)])
def test_a_move_onto_or_past_a_neighbour_is_an_event_of_its_own(moved_to):
    first = (datetime(2027, 3, 1, 9), datetime(2027, 3, 1, 10))
    b = series(1, first, Recurrence("weekly", count=6), changes={1: (local(*moved_to), local(*moved_to) + timedelta(hours=1),
                                                                     "confirmed")})
    body = render(calendar(b))
    cal = icalendar.Calendar.from_ical(body)
    uids = sorted(str(e["UID"]) for e in cal.walk("VEVENT"))
    assert uids == ["booking-1-date-1001@zaalreservering", "booking-1@zaalreservering"]
    assert "RECURRENCE-ID" not in body.decode()
    assert "EXDATE;TZID=Europe/Amsterdam:20270308T090000" in body.decode()
    want = sorted((d.start, d.end, "Koffie-uurtje") for d in b.dates)
    assert with_python(body, *WINDOW) == want == with_icaljs(body, WINDOW[1])


def test_the_window_cuts_the_rule_and_until_is_utc():
    first = (datetime(2026, 10, 1, 19), datetime(2026, 10, 1, 20))
    b = series(1, first, Recurrence("daily", until=date(2027, 1, 10)))
    text = render(calendar(b)).decode()
    assert "DTSTART;TZID=Europe/Amsterdam:20270101T190000\r\n" in text
    assert "RRULE:FREQ=DAILY;UNTIL=20270110T180000Z\r\n" in text
    b2 = series(2, (datetime(2027, 3, 1, 9), datetime(2027, 3, 1, 10)), Recurrence("daily", count=3))
    assert render(calendar(b, b2, window=None)).count(b"BEGIN:VEVENT") == 2


def test_a_single_booking_is_one_event_and_gone_when_cancelled():
    d = FeedDate(7, local(2027, 5, 1, 10), local(2027, 5, 1, 10), local(2027, 5, 1, 12), "pending")
    b = FeedBooking(3, "Workshop", "Meenemen: schaar", "Welzijn", "Zaal", "", CHANGED, (d,))
    text = render(calendar(b)).decode()
    assert "UID:booking-3@zaalreservering\r\n" in text and "STATUS:TENTATIVE\r\n" in text
    assert "DTSTART;TZID=Europe/Amsterdam:20270501T100000\r\n" in text
    assert "DESCRIPTION:Welzijn\\n\\nMeenemen: schaar\r\n" in text and "CATEGORIES:Welzijn\r\n" in text
    assert "DTSTAMP:20270102T100000Z\r\n" in text and "LAST-MODIFIED:20270102T100000Z\r\n" in text
    gone = FeedBooking(3, "Workshop", "", "Welzijn", "Zaal", "", CHANGED, (FeedDate(7, d.start, d.start, d.end, "cancelled"),))
    assert b"BEGIN:VEVENT" not in render(calendar(gone))


def test_a_busy_booking_carries_no_description_or_organisation():
    d = FeedDate(7, local(2027, 5, 1, 10), local(2027, 5, 1, 10), local(2027, 5, 1, 12), "confirmed")
    text = render(calendar(FeedBooking(3, "Bezet", "", "", "Zaal", "", CHANGED, (d,)))).decode()
    assert "SUMMARY:Bezet" in text and "DESCRIPTION:" not in text.split("BEGIN:VEVENT")[1]
    assert "CATEGORIES" not in text


def test_the_feed_put_together_from_kept_parts_is_what_icalendar_writes_for_the_whole():
    from booking.feeds.ical import booking_events, calendar_head
    first = (datetime(2027, 3, 1, 9), datetime(2027, 3, 1, 10))
    b = series(1, first, Recurrence("weekly", count=10), changes={
        2: (local(2027, 3, 15, 9), local(2027, 3, 15, 10), "cancelled"),
        4: (local(2027, 3, 30, 15), local(2027, 3, 30, 16), "confirmed")})
    d = FeedDate(7, local(2027, 5, 1, 10), local(2027, 5, 1, 10), local(2027, 5, 1, 12), "pending")
    single = FeedBooking(3, "Workshop", "", "Welzijn", "Zaal", "", CHANGED, (d,))
    feed = calendar(single, b)
    whole = calendar_head(feed.name, feed.description, feed.zone, feed.rules_year)
    for booking in (b, single):
        for event in booking_events(booking, AMS, feed.window):
            whole.add_component(event)
    assert render(feed) == whole.to_ical()


def icalendar_writes(feed: FeedCalendar) -> bytes:
    """What icalendar's object model writes for the feed's events: the reference the text writer must match."""
    from booking.feeds.ical import booking_events, calendar_head
    whole = calendar_head(feed.name, feed.description, feed.zone, feed.rules_year)
    for booking in sorted(feed.bookings, key=lambda b: b.id):
        for event in booking_events(booking, ZoneInfo(feed.zone), feed.window):
            whole.add_component(event)
    return whole.to_ical()


AWKWARD = ["Koffie, thee; en \\ meer\nregel", "é" * 80, "☕ " * 40, "a" * 72 + "\\,b" + "c" * 80,
           "x" * 73 + ";" + "y" * 10, "Line\r\nbreak\rand\\N too", "^" * 90, "𝄞" * 30 + "b" * 5]


@pytest.mark.parametrize("awkward", AWKWARD)
def test_the_text_writer_writes_what_icalendar_writes(awkward):
    first = (datetime(2027, 3, 1, 9), datetime(2027, 3, 1, 10))
    b = series(1, first, Recurrence("weekly", interval=2, byweekday=("MO", "TH"), until=date(2027, 9, 30)),
               changes={2: (local(2027, 3, 15, 9), local(2027, 3, 15, 10), "cancelled"),
                        4: (local(2027, 3, 30, 15), local(2027, 3, 30, 16), "confirmed"),
                        5: (local(2027, 4, 1, 9), local(2027, 4, 1, 10), "pending")},
               title=awkward)
    from dataclasses import replace as change
    dates = list(b.dates)
    dates[6] = change(dates[6], title=awkward[::-1])  # a retitled date: an override at its own time
    dates[7] = change(dates[7], location="Spreekkamer, De Kiekmure", sequence=2,
                      start=dates[7].start + timedelta(hours=3), end=dates[7].end + timedelta(hours=3))
    b = change(b, dates=tuple(dates), description=awkward + "\n\nTweede alinea", organisation="Welzijn, " + awkward[:9])
    monthly = series(2, (datetime(2027, 1, 12, 19), datetime(2027, 1, 12, 21)),
                     Recurrence("monthly", byweekday=("2TU",), count=6))
    d = FeedDate(7, local(2027, 5, 1, 10), local(2027, 5, 1, 10), local(2027, 5, 1, 12), "pending", title=awkward)
    single = FeedBooking(3, "Workshop", awkward, "", awkward, "", CHANGED, (d,))
    alone = FeedDate(8, local(2027, 6, 1, 10), local(2027, 6, 1, 10), local(2027, 6, 1, 12), "confirmed",
                     location="Elders", alone=True)
    busy = FeedBooking(4, "Bezet", "", "", "Zaal", "", CHANGED, (alone,))
    feed = calendar(b, monthly, single, busy)
    assert render(feed) == icalendar_writes(feed)
    cal = icalendar.Calendar.from_ical(render(feed))
    assert str(cal.walk("VEVENT")[0]["SUMMARY"]) == awkward.replace("\\N", "\n").replace("\r\n", "\n").replace("\r", "\n")


def test_a_series_counted_but_not_listed_is_planned_only_when_the_count_matches():
    from dataclasses import replace as change
    first = (datetime(2027, 3, 1, 9), datetime(2027, 3, 1, 10))
    full = series(1, first, Recurrence("weekly", count=5))
    counted = change(full, dates=(), plain_count=5)
    assert with_python(render(calendar(counted)), *WINDOW) == with_python(render(calendar(full)), *WINDOW)
    short = change(full, dates=(), plain_count=4)  # one date is not where the rule put it: read them
    assert b"BEGIN:VEVENT" not in render(calendar(short))
    named = change(short, plain=tuple(d.start for d in full.dates if d.start.day != 15))
    assert len(with_python(render(calendar(named)), *WINDOW)) == 4
    assert b"EXDATE;TZID=Europe/Amsterdam:20270315T090000" in render(calendar(named))


@pytest.mark.parametrize("rule", [
    Recurrence("daily", count=40), Recurrence("daily", interval=3, until=date(2027, 12, 31)),
    Recurrence("weekly", until=date(2028, 2, 29)), Recurrence("weekly", interval=2, count=30),
    Recurrence("weekly", byweekday=("MO", "TH"), count=25), Recurrence("weekly", byweekday=("SU", "WE", "MO"),
                                                                      interval=3, until=date(2028, 6, 1)),
    Recurrence("weekly", byweekday=("TU",), interval=2, count=7), Recurrence("weekly", byweekday=("MO",), count=9),
    Recurrence("daily", until=date(2028, 12, 31)), Recurrence("weekly", interval=2, until=date(2027, 12, 1))])
@pytest.mark.parametrize("first", [datetime(2027, 3, 3, 9, 30), datetime(2027, 10, 31, 2, 30), datetime(2027, 1, 4, 19)])
def test_daily_and_weekly_rules_counted_out_give_dateutils_dates(rule, first):
    from booking.feeds.plan import rule_starts
    text = rule_text(rule, (first, first + timedelta(hours=1)))
    want = tuple(s for s, _e in expand(rule, first, first + timedelta(hours=1), max_months=1200))
    assert rule_starts(text, first, first + timedelta(hours=1)) == want
