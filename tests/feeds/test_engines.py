"""The feeds expanded by two independent engines give exactly the dates the database holds.

recurring-ical-events (Python) and ical.js (the parser Thunderbird uses, run by node) each expand
the room feed: a weekly series across both DST changes of 2027 (28 March, 31 October) with one
cancelled date, one date moved a day (an override) and one moved onto the next date's day (an
EXDATE and an event of its own), a monthly series by count, a single booking, a cancelled single
booking (absent), and another organisation's private series ('Bezet').
"""
from __future__ import annotations

from datetime import UTC, datetime

import icalendar
import pytest

from .conftest import active_dates, feed_url
from .engines import with_icaljs, with_python

WINDOW = (datetime(2026, 12, 1, tzinfo=UTC), datetime(2028, 2, 1, tzinfo=UTC))
# The titles of the GP practice's private series and of its retitled date: 'Bezet' to Welzijn.
PRIVATE = {"Spreekuur dr. Geheim", "Consult mevrouw X"}


def expected(site, room, busy: set[str] = frozenset(), label: str = "Bezet"):
    """The database's active dates of the room, titled as the subscriber sees them."""
    return [(s, e, label if t in busy else t) for s, e, t in active_dates(room=room)]


@pytest.fixture
def room_feed(client, site, story) -> bytes:
    resp = client.get(feed_url(site.anne, "room", site.zaal))
    assert resp.status_code == 200
    return resp.get_data()


def test_recurring_ical_events_sees_the_databases_dates(site, story, room_feed):
    found = with_python(room_feed, *WINDOW)
    assert found == expected(site, site.zaal, busy=PRIVATE)
    assert len(found) == 40 - 2 + 1 + 6 + 1 + 4  # 40 Mondays, cancelled and moved-away, moved-alone


def test_icaljs_sees_the_databases_dates(site, story, room_feed):
    assert with_icaljs(room_feed, WINDOW[1]) == expected(site, site.zaal, busy=PRIVATE)


def test_a_weekly_series_stays_at_nine_across_both_dst_changes(site, story, room_feed):
    from zoneinfo import ZoneInfo
    ams = ZoneInfo("Europe/Amsterdam")
    mondays = [s for s, _e, t in with_python(room_feed, *WINDOW) if t == "Koffie-uurtje" and s.weekday() == 0]
    around = [s for s in mondays if datetime(2027, 3, 20, tzinfo=UTC) < s < datetime(2027, 4, 20, tzinfo=UTC)
              or datetime(2027, 10, 20, tzinfo=UTC) < s < datetime(2027, 11, 10, tzinfo=UTC)]
    assert {s.astimezone(ams).hour for s in around} == {9}
    assert sorted({s.hour for s in around}) == [7, 8]  # 08:00 UTC in winter, 07:00 UTC in summer
    assert len(around) == 4 + 3  # 22 and 29 March, (5 April cancelled), 12 and 19 April; 25 Oct, 1 and 8 Nov


def test_the_series_has_its_exceptions_in_the_forms_clients_need(site, story, room_feed):
    cal = icalendar.Calendar.from_ical(room_feed)
    events = [e for e in cal.walk("VEVENT") if str(e["UID"]) == f"booking-{story.weekly}@zaalreservering"]
    master = next(e for e in events if "RRULE" in e)
    override = next(e for e in events if "RECURRENCE-ID" in e)
    assert [x.dts[0].dt.isoformat() for x in master["EXDATE"]] == ["2027-04-05T09:00:00+02:00",
                                                                   "2027-06-07T09:00:00+02:00"]
    assert override["RECURRENCE-ID"].dt.isoformat() == "2027-05-10T09:00:00+02:00"
    assert override["SEQUENCE"] == 1
    alone = [e for e in cal.walk("VEVENT") if str(e["UID"]).startswith(f"booking-{story.weekly}-date-")]
    assert [e["DTSTART"].dt.isoformat() for e in alone] == ["2027-06-14T18:00:00+02:00"]
    text = room_feed.decode()
    assert "EXDATE;TZID=Europe/Amsterdam:20270405T090000\r\n" in text
    assert "RECURRENCE-ID;TZID=Europe/Amsterdam:20270510T090000\r\n" in text
    assert "RRULE:FREQ=WEEKLY;UNTIL=20271129T080000Z;BYDAY=MO\r\n" in text


def test_a_retitled_date_is_an_override_with_its_own_title_at_its_own_time(site, story, room_feed):
    cal = icalendar.Calendar.from_ical(room_feed)
    events = [e for e in cal.walk("VEVENT") if str(e["UID"]) == f"booking-{story.weekly}@zaalreservering"]
    retitled = [e for e in events if str(e["SUMMARY"]) == "Lezing over de Stadsdennen"]
    assert len(retitled) == 1
    event = retitled[0]
    assert event["RECURRENCE-ID"].dt.isoformat() == "2027-09-06T09:00:00+02:00"
    assert event["DTSTART"].dt.isoformat() == "2027-09-06T09:00:00+02:00"
    assert event["DTEND"].dt.isoformat() == "2027-09-06T10:30:00+02:00"
    assert event["SEQUENCE"] == 0  # RFC 5545: a new SUMMARY is no significant change, the time stayed
    master = next(e for e in events if "RRULE" in e)
    assert all(d.dt.date().isoformat() != "2027-09-06" for x in master["EXDATE"] for d in x.dts)
    # Both engines show the new title on that day and the series' title on the days around it.
    for found in (with_python(room_feed, *WINDOW), with_icaljs(room_feed, WINDOW[1])):
        titles = {s.date().isoformat(): t for s, _e, t in found if s.weekday() == 0 and s.month == 9}
        assert titles == {"2027-09-06": "Lezing over de Stadsdennen", "2027-09-13": "Koffie-uurtje",
                          "2027-09-20": "Koffie-uurtje", "2027-09-27": "Koffie-uurtje"}


def test_a_cancelled_single_booking_is_absent(site, story, room_feed):
    assert f"booking-{story.cancelled_single}@" not in room_feed.decode()
    assert "Afgelast" not in room_feed.decode()


def test_another_organisations_private_booking_shows_busy_only(site, story, room_feed):
    text = room_feed.decode()
    assert "Geheim" not in text and "Patiënten" not in text and "Huisartsenpraktijk" not in text
    assert "mevrouw X" not in text  # nor the title of one of its dates
    assert "SUMMARY:Bezet" in text


def test_the_front_desk_sees_the_private_title(client, site, story):
    text = client.get(feed_url(site.desk, "room", site.zaal)).get_data(as_text=True)
    assert "Spreekuur dr. Geheim" in text and "SUMMARY:Consult mevrouw X" in text


def test_the_subscriber_sees_their_own_private_booking_and_reads_busy_in_their_language(client, site, story):
    from booking.extensions import db
    text = client.get(feed_url(site.bart, "room", site.zaal)).get_data(as_text=True)
    assert "Spreekuur dr. Geheim" in text and "Bezet" not in text and "Busy" not in text
    site.anne.language = "en"
    db.session.commit()
    text = client.get(feed_url(site.anne, "room", site.zaal)).get_data(as_text=True)
    assert "SUMMARY:Busy" in text and "Geheim" not in text


def test_an_empty_room_has_a_calendar_with_its_zone_and_nothing_else(client, site, story):
    body = client.get(feed_url(site.anne, "room", site.kamer)).get_data()
    cal = icalendar.Calendar.from_ical(body)
    assert cal.walk("VEVENT") == []
    assert len(cal.walk("VTIMEZONE")) == 1
    assert with_python(body, *WINDOW) == [] and with_icaljs(body, WINDOW[1]) == []


def test_the_organisation_and_personal_feeds_match_too(client, site, story):
    for url in (feed_url(site.anne, "organisation"), feed_url(site.anne, "personal")):
        body = client.get(url).get_data()
        want = active_dates(organisation=site.welzijn)
        assert with_python(body, *WINDOW) == want
        assert with_icaljs(body, WINDOW[1]) == want


def test_a_date_moved_to_another_room_is_right_in_every_feed(client, site, story):
    from datetime import date, timedelta
    from booking.bookings.services import move_occurrence
    from fixtures.clock import NOW
    from sqlcount import counting
    from .conftest import ctx, date_id

    move_occurrence(ctx(site.anne, NOW + timedelta(hours=1)), story.weekly, date_id(story.weekly, date(2027, 8, 2)),
                    datetime(2027, 8, 2, 9), datetime(2027, 8, 2, 10, 30), room_id=site.kamer.id)
    url = feed_url(site.anne, "room", site.zaal)
    with counting() as seen:
        zaal = client.get(url).get_data()
    assert len([s for s in seen.seen if not s.startswith("BEGIN")]) == 6  # its plain dates read: one left the room
    kamer = client.get(feed_url(site.anne, "room", site.kamer)).get_data()
    org = client.get(feed_url(site.anne, "organisation")).get_data()
    assert b"EXDATE;TZID=Europe/Amsterdam:20270802T090000" in zaal
    assert b"RECURRENCE-ID;TZID=Europe/Amsterdam:20270802T090000" in org and b"LOCATION:Spreekkamer" in org
    busy = PRIVATE
    for body, want in ((zaal, expected(site, site.zaal, busy)), (kamer, expected(site, site.kamer, busy)),
                       (org, active_dates(organisation=site.welzijn))):
        assert with_python(body, *WINDOW) == want
        assert with_icaljs(body, WINDOW[1]) == want
