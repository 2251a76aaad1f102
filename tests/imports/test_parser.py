"""The .ics parser alone: bytes in, plain requests (or each event's problem) out; no app, no database."""
from __future__ import annotations

import random
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from booking.domain.recurrence import Recurrence
from booking.imports.events import MAX_EVENTS, UnreadableFile
from booking.imports.ics import parse_calendar

from .conftest import event, ics

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)  # Monday 4 January 2027, 09:00 in Harderwijk


def parse(data: bytes):
    return parse_calendar(data, AMS, NOW)


def only(data: bytes):
    parsed = parse(data)
    assert len(parsed.events) == 1, (parsed.events, parsed.skipped)
    return parsed.events[0]


# --- times ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("start, end, tz, local_start, local_end", [
    ("20270322T090000", "20270322T110000", "Europe/Amsterdam", "09:00", "11:00"),
    ("20270322T080000Z", "20270322T100000Z", "Z", "09:00", "11:00"),        # UTC, winter time: +1
    ("20270601T080000Z", "20270601T100000Z", "Z", "10:00", "12:00"),        # UTC, summer time: +2
    ("20270322T090000", "20270322T110000", "", "09:00", "11:00"),           # floating: the building's clock
    ("20270322T090000", "20270322T100000", "America/New_York", "14:00", "15:00"),  # EDT already, CET still
])
def test_times_are_the_buildings_local_wall_times(start, end, tz, local_start, local_end):
    ev = only(ics(event("a", start, end, tz=tz)))
    assert ev.problem is None
    assert (f"{ev.start:%H:%M}", f"{ev.end:%H:%M}") == (local_start, local_end)
    assert ev.start.tzinfo is None and ev.recurrence is None


WINDOWS_ZONE = """BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
"""


@pytest.mark.parametrize("start, tz, noted", [
    ("20270315T090000", "Europe/Amsterdam", False),
    ("20270315T080000Z", "Z", True),                  # 08:00 UTC is 09:00 in winter, 10:00 in summer
    ("20270301T030000", "America/New_York", True),    # the US changes its clocks two weeks earlier
])
def test_a_series_repeats_at_the_buildings_hour_and_says_so_when_the_file_kept_another_zone(start, tz, noted):
    end = start[:9] + "100000" + ("Z" if tz == "Z" else "")
    ev = only(ics(event("a", start, end, "Reeks", "RRULE:FREQ=WEEKLY;COUNT=6", tz=tz)))
    assert ev.start.hour == 9
    assert any("another time zone" in n for n in ev.notes) == noted


def test_a_zone_the_file_defines_itself_as_outlook_does():
    ev = only(ics(event("a", "20270405T090000", "20270405T100000", tz="W. Europe Standard Time"), extra=WINDOWS_ZONE))
    assert (ev.start, ev.end) == (datetime(2027, 4, 5, 9), datetime(2027, 4, 5, 10))


def test_duration_instead_of_an_end():
    ev = only(ics("UID:a\nSUMMARY:Kort\nDTSTART;TZID=Europe/Amsterdam:20270322T090000\nDURATION:PT45M"))
    assert ev.end == datetime(2027, 3, 22, 9, 45)


def test_summary_and_description_are_cleaned_and_kept():
    ev = only(ics(event("a", "20270322T090000", "20270322T100000", "Spreekuur Dr. Jansen",
                        "DESCRIPTION:Alleen op afspraak\\nBel de assistente")))
    assert ev.title == "Spreekuur Dr. Jansen"
    assert ev.description == "Alleen op afspraak\nBel de assistente"


# --- repetition ----------------------------------------------------------------------------------

@pytest.mark.parametrize("rule, expected", [
    ("FREQ=DAILY;INTERVAL=2;COUNT=5", Recurrence("daily", 2, count=5)),
    ("FREQ=WEEKLY;BYDAY=MO,WE;INTERVAL=2;UNTIL=20270503T215959Z",
     Recurrence("weekly", 2, ("MO", "WE"), until=date(2027, 4, 28))),  # its last date
    ("FREQ=WEEKLY;COUNT=3", Recurrence("weekly", count=3)),
    ("FREQ=MONTHLY;BYDAY=3MO;COUNT=4", Recurrence("monthly", byweekday=("3MO",), count=4)),
    ("FREQ=MONTHLY;BYDAY=-1MO;COUNT=4", Recurrence("monthly", byweekday=("-1MO",), count=4)),
    ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-1;COUNT=2", Recurrence("monthly", byweekday=("-1MO",), count=2)),
    ("FREQ=MONTHLY;BYMONTHDAY=15;COUNT=3", Recurrence("monthly", count=3)),
    ("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=10", Recurrence("weekly", byweekday=("MO", "TU", "WE", "TH", "FR"),
                                                           count=10)),
])
def test_rules_the_app_can_follow(rule, expected):
    # Monday 15 March 2027 is the third Monday of its month, and not its last: the rule picks the first date.
    start = "20270315T090000" if "BYSETPOS" not in rule and "-1MO" not in rule else "20270329T090000"
    if "BYMONTHDAY" in rule:
        start = "20270315T090000"
    ev = only(ics(event("a", start, start[:9] + "110000", "Reeks", f"RRULE:{rule}")))
    assert ev.problem is None, ev.problem
    assert ev.recurrence == expected


@pytest.mark.parametrize("rule, words", [
    ("FREQ=YEARLY;COUNT=3", "YEARLY"),
    ("FREQ=HOURLY;COUNT=3", "HOURLY"),
    ("FREQ=WEEKLY;BYMONTH=3;COUNT=3", "BYMONTH"),
    ("FREQ=DAILY;BYHOUR=9,14;COUNT=3", "BYHOUR"),
    ("FREQ=MONTHLY;BYMONTHDAY=1,15;COUNT=3", "BYMONTHDAY"),
    ("FREQ=MONTHLY;BYDAY=MO,TU;COUNT=3", "several weekdays"),
    ("FREQ=WEEKLY;BYDAY=2MO;COUNT=3", "plain weekdays"),
    ("FREQ=DAILY;INTERVAL=2;BYDAY=MO;COUNT=3", "every few days"),
    ("FREQ=WEEKLY;INTERVAL=99;COUNT=3", "interval"),
    ("FREQ=WEEKLY;COUNT=3;UNTIL=20270501T000000Z", "both"),
])
def test_rules_the_app_cannot_follow_are_the_events_problem(rule, words):
    parsed = parse(ics(event("a", "20270315T090000", "20270315T100000", "Reeks", f"RRULE:{rule}"),
                       event("b", "20270316T090000", "20270316T100000", "Gewoon")))
    bad, good = parsed.events
    assert bad.problem is not None and words.lower() in bad.problem.lower(), bad.problem
    assert good.problem is None  # one odd event spoils nothing else


@pytest.mark.parametrize("lines, words", [
    (("RRULE:FREQ=WEEKLY;COUNT=3", "RRULE:FREQ=DAILY;COUNT=3"), "more than one"),
    (("RRULE:FREQ=WEEKLY;COUNT=3", "RDATE;TZID=Europe/Amsterdam:20270501T090000"), "RDATE"),
])
def test_more_than_one_rule_or_extra_dates_are_a_problem(lines, words):
    ev = only(ics(event("a", "20270315T090000", "20270315T100000", "Reeks", *lines)))
    assert words in ev.problem


@pytest.mark.parametrize("until, last", [
    ("20270329T070000Z", date(2027, 3, 29)),   # 09:00 summer time on the 29th: included
    ("20270329T065959Z", date(2027, 3, 22)),   # a second earlier: the 29th's date is not reached
    ("20270329", date(2027, 3, 29)),           # a date: the whole day
])
def test_until_is_inclusive_to_the_second(until, last):
    ev = only(ics(event("a", "20270315T090000", "20270315T100000", "Reeks", f"RRULE:FREQ=WEEKLY;UNTIL={until}")))
    assert ev.recurrence.until == last and ev.recurrence.count is None


def test_exdates_in_local_time_and_in_utc_on_several_lines():
    ev = only(ics(event("a", "20270315T090000", "20270315T100000", "Reeks", "RRULE:FREQ=WEEKLY;COUNT=6",
                        "EXDATE;TZID=Europe/Amsterdam:20270322T090000,20270405T090000",
                        "EXDATE:20270412T070000Z")))
    assert ev.recurrence.exdates == {date(2027, 3, 22), date(2027, 4, 5), date(2027, 4, 12)}
    assert ev.recurrence.count == 6  # the count counts the dates before the skipped ones are removed


def test_a_moved_date_is_skipped_in_the_series_and_imported_on_its_own():
    parsed = parse(ics(
        event("gp", "20270315T090000", "20270315T110000", "Spreekuur", "RRULE:FREQ=WEEKLY;COUNT=4"),
        event("gp", "20270323T140000", "20270323T160000", "Spreekuur (verplaatst)",
              "RECURRENCE-ID;TZID=Europe/Amsterdam:20270322T090000"),
        event("gp", "20270329T090000", "20270329T110000", "Spreekuur", "STATUS:CANCELLED",
              "RECURRENCE-ID;TZID=Europe/Amsterdam:20270329T090000")))
    series, moved = parsed.events
    assert series.recurrence.exdates == {date(2027, 3, 22), date(2027, 3, 29)}
    assert moved.recurrence is None and (moved.start, moved.end) == (datetime(2027, 3, 23, 14), datetime(2027, 3, 23, 16))
    assert moved.title == "Spreekuur (verplaatst)"
    assert [s.index for s in parsed.skipped] == [3] and "cancelled" in parsed.skipped[0].reason


def test_a_change_to_this_and_all_later_dates_is_reported():
    parsed = parse(ics(
        event("gp", "20270315T090000", "20270315T110000", "Spreekuur", "RRULE:FREQ=WEEKLY;COUNT=4"),
        event("gp", "20270322T100000", "20270322T120000", "Spreekuur",
              "RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Amsterdam:20270322T090000")))
    assert "later dates" in parsed.events[1].problem


def test_cancelled_events_are_left_out():
    parsed = parse(ics(event("a", "20270322T090000", "20270322T100000", "Afgelast", "STATUS:CANCELLED"),
                       event("b", "20270323T090000", "20270323T100000", "Gaat door")))
    assert [e.title for e in parsed.events] == ["Gaat door"]
    assert [(s.title, s.reason) for s in parsed.skipped] == [("Afgelast", "cancelled in the calendar")]


def test_what_is_over_is_left_out_and_a_series_continues_from_its_next_date():
    parsed = parse(ics(
        event("old", "20250322T090000", "20250322T100000", "Vorig jaar"),
        event("past-series", "20250106T090000", "20250106T100000", "Oud", "RRULE:FREQ=WEEKLY;COUNT=10"),
        event("running", "20261207T090000", "20261207T100000", "Loopt", "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=10")))
    assert [(s.title, s.reason) for s in parsed.skipped] == [("Vorig jaar", "already over"),
                                                            ("Oud", "every date is over")]
    (running,) = parsed.events
    # 7, 14, 21, 28 December are over; 4 January 09:00-10:00 is now (not over): from there, 6 dates left.
    assert running.start == datetime(2027, 1, 4, 9) and running.recurrence.count == 6
    assert any("over" in n for n in running.notes)


def test_a_rule_without_end_stops_at_the_longest_series_with_a_note():
    ev = only(ics(event("a", "20270111T090000", "20270111T100000", "Altijd", "RRULE:FREQ=WEEKLY")))
    assert ev.recurrence.count is None and ev.recurrence.until == date(2029, 1, 8)  # the last Monday in 24 months
    assert any("without end" in n for n in ev.notes)


@pytest.mark.parametrize("body, words", [
    ("UID:a\nSUMMARY:Dag\nDTSTART;VALUE=DATE:20270322\nDTEND;VALUE=DATE:20270323", "all-day"),
    ("UID:a\nSUMMARY:Dag\nDTSTART;VALUE=DATE:20270322", "all-day"),
    ("UID:a\nSUMMARY:x\nDTSTART;TZID=Mars/Olympus:20270322T090000\nDTEND;TZID=Mars/Olympus:20270322T100000",
     "Mars/Olympus"),
    ("UID:a\nSUMMARY:x\nDTSTART:20270322T090000", "no end"),
    ("UID:a\nSUMMARY:x\nDTEND:20270322T090000", "no start"),
    ("UID:a\nSUMMARY:x\nDTSTART:20270322T100000\nDTEND:20270322T090000", "ends before"),
    ("UID:a\nSUMMARY:x\nDTSTART:2027XX22T090000\nDTEND:20270322T100000", "DTSTART"),
    ("UID:a\nSUMMARY:x\nDTSTART:99991231T090000\nDTEND:99991231T100000", "after the year 2100"),
])
def test_events_that_cannot_be_booked_say_why(body, words):
    ev = only(ics(body))
    assert ev.problem is not None and words in ev.problem, ev.problem


# --- files that cannot be read -------------------------------------------------------------------

@pytest.mark.parametrize("data, words", [
    (b"", "empty"),
    (b"  \r\n\r\n", "empty"),
    (random.Random(233).randbytes(64) + b"\xff\xfe", "not UTF-8"),  # the same bytes in every process (xdist)
    ("BEGIN:VCALENDAR\r\nSUMMARY:Caf\xe9\r\nEND:VCALENDAR\r\n".encode("latin-1"), "not UTF-8"),
    (b"hello world", "not an iCalendar"),
    (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jan\r\nEND:VCARD\r\n", "not an iCalendar"),
    (b"%PDF-1.4\n%\xc3\xa4\xc3\xbc\n1 0 obj", "not an iCalendar"),
    (ics(event("a", "20270322T090000", "20270322T100000"))[:120], "incomplete"),
    (b"BEGIN:VCALENDAR\r\nthis is not a line\r\nEND:VCALENDAR\r\n", "could not be read"),
    (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "no events"),
    (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n", "could not be read"),
    (b"BEGIN:VCALENDAR\r\n" + b"X-PAD:" + b"x" * 1_000_000 + b"\r\nEND:VCALENDAR\r\n", "larger than 1 MB"),
])
def test_a_file_that_cannot_be_read_gives_one_clear_message(data, words):
    with pytest.raises(UnreadableFile) as caught:
        parse(data)
    assert words in caught.value.message, caught.value.message
    assert caught.value.fields == {"file": [caught.value.message]}


def test_too_many_events_are_refused():
    many = [event(f"e{i}", "20270322T090000", "20270322T100000") for i in range(MAX_EVENTS + 1)]
    with pytest.raises(UnreadableFile) as caught:
        parse(ics(*many))
    assert f"at most {MAX_EVENTS}" in caught.value.message


def test_a_byte_order_mark_and_bare_newlines_are_read():
    data = b"\xef\xbb\xbf" + ics(event("a", "20270322T090000", "20270322T100000")).replace(b"\r\n", b"\n")
    assert only(data).start == datetime(2027, 3, 22, 9)
