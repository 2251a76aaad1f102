"""'Skip school holidays' in the booking form (preview and book) and in the API: exactly the dates of the
building's school holidays are left out, first and last day included, and become the series' EXDATEs."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from booking.extensions import db
from booking.models import Booking, Building, SchoolHoliday
from web.helpers import booking_form, counts, form_post, logged_in, occurrences_of, page_text, rows, utc_iso

NEW = "/bookings/new"
# Saturdays and Sundays 10:00-12:00 from 9 October 2027, six weeks: the herfstvakantie (Sat 16 - Sun 24
# October, region midden) takes its first and its last day, and the weekend between.
WEEKENDS = dict(day="2027-10-09", start_time="10:00", end_time="12:00", repeat="weekly", weekdays=["SA", "SU"],
                count="12")


def new(client, room, **fields):
    if not {"book", "book_free"} & fields.keys():
        fields.setdefault("preview", "Kijk of het vrij is")
    return form_post(client, NEW, booking_form(room, **fields))


def only_booking() -> Booking:
    db.session.rollback()
    return db.session.scalars(select(Booking)).one()


def local_days(booking_id: int) -> list[str]:
    return [utc_iso(o.starts_at)[:10] for o in occurrences_of(booking_id)]


def test_the_checkbox_is_beside_the_other_skip_checkboxes(client, member):
    html = logged_in(client, member).get(NEW).get_data(as_text=True)
    # The line after 'skip closures', in the block shown only when the booking repeats.
    block = html.split('<div data-repeat="daily weekly monthly">')[-1].split("</div>\n  </fieldset>")[0]
    assert [line.strip() for line in block.splitlines() if "choice" in line] == [
        '<div class="field choice"><input id="skip_holidays" name="skip_holidays" type="checkbox" value="y"> '
        '<label for="skip_holidays">Nederlandse feestdagen overslaan</label></div>',
        '<div class="field choice"><input id="skip_closures" name="skip_closures" type="checkbox" value="y"> '
        '<label for="skip_closures">Dagen overslaan waarop het gebouw of de ruimte gesloten is</label></div>',
        '<div class="field choice"><input id="skip_school_holidays" name="skip_school_holidays" type="checkbox" '
        'value="y"> <label for="skip_school_holidays">Schoolvakanties overslaan</label></div>']


def test_the_preview_lists_the_skipped_days_with_the_holidays_name(client, site, member, herfst):
    resp = new(logged_in(client, member), site.zaal, skip_school_holidays="y", **WEEKENDS)
    text = page_text(resp)
    assert "Controle: 8 data" in text
    assert ("Overgeslagen: za 16 okt 2027 (Herfstvakantie), zo 17 okt 2027 (Herfstvakantie), "
            "za 23 okt 2027 (Herfstvakantie), zo 24 okt 2027 (Herfstvakantie)") in text
    assert [r[0][:14] for r in rows(resp)] == ["za 9 okt 2027,", "zo 10 okt 2027", "za 30 okt 2027", "zo 31 okt 2027",
                                              "za 6 nov 2027,", "zo 7 nov 2027,", "za 13 nov 2027", "zo 14 nov 2027"]
    assert counts()["bookings"] == 0  # a preview writes nothing


def test_without_the_tick_nothing_is_skipped(client, site, member, herfst):
    resp = new(logged_in(client, member), site.zaal, **WEEKENDS)
    assert "Controle: 12 data" in page_text(resp) and "Overgeslagen" not in page_text(resp)


def test_booking_leaves_out_exactly_those_days(client, site, member, herfst):
    resp = new(logged_in(client, member), site.zaal, skip_school_holidays="y", book="Reserveren", **WEEKENDS)
    assert resp.status_code == 302
    booking = only_booking()
    assert local_days(booking.id) == ["2027-10-09", "2027-10-10", "2027-10-30", "2027-10-31",
                                      "2027-11-06", "2027-11-07", "2027-11-13", "2027-11-14"]
    assert booking.recurrence.endswith("RRULE:FREQ=WEEKLY;BYDAY=SA,SU;COUNT=12\n"
                                       "EXDATE:20271016,20271017,20271023,20271024")


def test_a_weekly_monday_series_skips_the_one_monday_of_the_holiday(client, site, member, herfst):
    fields = dict(day="2027-10-04", repeat="weekly", weekdays="MO", count="5", skip_school_holidays="y")
    resp = new(logged_in(client, member), site.zaal, **fields)
    assert "Overgeslagen: ma 18 okt 2027 (Herfstvakantie)" in page_text(resp)
    new(client, site.zaal, book="Reserveren", **fields)
    assert local_days(only_booking().id) == ["2027-10-04", "2027-10-11", "2027-10-25", "2027-11-01"]


def test_public_holidays_and_school_holidays_together(client, site, member):
    # Kerstvakantie 2027 (midden): 18 December 2027 - 2 January 2028; the Mondays 27 December is no public
    # holiday, Monday 3 January is school again. Tweede kerstdag is a Sunday in 2027.
    db.session.add(SchoolHoliday(building_id=site.building.id, name="Kerstvakantie", start_date=date(2027, 12, 18),
                                 end_date=date(2028, 1, 2), region="midden"))
    db.session.commit()
    fields = dict(day="2027-12-13", repeat="daily", count="22", skip_school_holidays="y", skip_holidays="y")
    resp = new(logged_in(client, member), site.zaal, **fields)
    text = page_text(resp)
    # 13-17 Dec and 3 Jan remain; 18 Dec - 2 Jan are skipped, Christmas under the public holiday's name.
    assert "Controle: 6 data" in text
    assert "za 25 dec 2027 (Eerste kerstdag)" in text and "zo 26 dec 2027 (Tweede kerstdag)" in text
    assert "ma 27 dec 2027 (Kerstvakantie)" in text and "zo 2 jan 2028 (Kerstvakantie)" in text


def test_another_buildings_holidays_do_not_count(client, site, member):
    other = Building(name="De Roef")
    db.session.add(other)
    db.session.flush()
    db.session.add(SchoolHoliday(building_id=other.id, name="Herfstvakantie", start_date=date(2027, 10, 16),
                                 end_date=date(2027, 10, 24)))
    db.session.commit()
    resp = new(logged_in(client, member), site.zaal, skip_school_holidays="y", **WEEKENDS)
    assert "Controle: 12 data" in page_text(resp) and "Overgeslagen" not in page_text(resp)


def test_a_series_entirely_in_the_holiday_gives_a_clear_message(client, site, member, herfst):
    fields = dict(day="2027-10-16", repeat="daily", count="9", skip_school_holidays="y")
    resp = new(logged_in(client, member), site.zaal, **fields)
    assert resp.status_code == 200
    assert "Er blijven geen data over" in page_text(resp)
    resp = new(client, site.zaal, book="Reserveren", **fields)
    assert resp.status_code == 200 and counts()["bookings"] == 0


def test_a_single_booking_in_the_holiday_is_not_skipped(client, site, member, herfst):
    resp = new(logged_in(client, member), site.zaal, day="2027-10-18", skip_school_holidays="y", book="Reserveren")
    assert resp.status_code == 302
    assert local_days(only_booking().id) == ["2027-10-18"]


# --- the API ------------------------------------------------------------------------------------------------

def api_series(**extra) -> dict:
    return {"room_id": None, "title": "Taalcafé", "start": "2027-10-09T10:00", "end": "2027-10-09T12:00",
            "recurrence": {"freq": "weekly", "byweekday": ["SA", "SU"], "count": 12}, **extra}


def test_the_api_skips_school_holidays_when_asked(client, site, member, herfst, token_of):
    body = {**api_series(skip_school_holidays=True), "room_id": site.zaal.id}
    resp = client.post("/api/v1/bookings", json=body, headers=token_of(member))
    assert resp.status_code == 201, resp.get_json()
    data = resp.get_json()
    assert [o["start"][:10] for o in data["occurrences"]] == ["2027-10-09", "2027-10-10", "2027-10-30", "2027-10-31",
                                                            "2027-11-06", "2027-11-07", "2027-11-13", "2027-11-14"]
    assert data["recurrence"].endswith("EXDATE:20271016,20271017,20271023,20271024")


@pytest.mark.parametrize("extra", [{}, {"skip_school_holidays": False}])
def test_the_api_keeps_every_date_by_default(client, site, member, herfst, token_of, extra):
    body = {**api_series(**extra), "room_id": site.zaal.id}
    resp = client.post("/api/v1/bookings", json=body, headers=token_of(member))
    assert resp.status_code == 201
    assert len(resp.get_json()["occurrences"]) == 12


@pytest.mark.parametrize("value", ["yes", 1, 0, [], {"a": 1}, "true"])
def test_the_api_refuses_a_flag_that_is_not_a_boolean(client, site, member, herfst, token_of, value):
    body = {**api_series(skip_school_holidays=value), "room_id": site.zaal.id}
    before = counts()
    resp = client.post("/api/v1/bookings", json=body, headers=token_of(member))
    assert resp.status_code == 422
    assert resp.get_json()["fields"] == {"skip_school_holidays": ["Must be true or false."]}
    assert counts() == before


def test_the_api_with_every_date_in_the_holiday_is_422(client, site, member, herfst, token_of):
    body = {"room_id": site.zaal.id, "title": "Taalcafé", "start": "2027-10-16T10:00", "end": "2027-10-16T12:00",
            "recurrence": {"freq": "daily", "count": 9}, "skip_school_holidays": True}
    before = counts()
    resp = client.post("/api/v1/bookings", json=body, headers=token_of(member))
    assert resp.status_code == 422
    assert resp.get_json()["fields"] == {"recurrence": ["No dates are left: check the rule and the skipped dates."]}
    assert counts() == before
