"""A series booked with 'Skip school holidays' keeps the choice: extending it leaves out the school holidays
of the next period too, shown on the extend page; a series booked without it extends over them."""
from __future__ import annotations

from datetime import UTC, date, datetime

from booking.extensions import db
from booking.models import Booking, SchoolHoliday
from web.helpers import booking_form, csrf_tokens, form_post, logged_in, occurrences_of, page_text, parse, utc_iso


def extend_form(client, booking_id: int) -> dict:
    html = client.get(f"/bookings/{booking_id}/extend").get_data(as_text=True)
    body = {c["name"]: c.get("value", "") for c in parse(html).controls
            if c["tag"] == "input" and c.get("type") == "hidden" and c.get("name")}
    assert csrf_tokens(html) and "period_first" in body, body
    return {**body, "extend": "Verlengen"}


def book_mondays(client, site, **extra) -> Booking:
    """Mondays 09:00 from 27 September 2027, four times (to 18 October, in the herfstvakantie), via the form."""
    fields = dict(day="2027-09-27", repeat="weekly", weekdays="MO", count="4", book="Reserveren", **extra)
    resp = form_post(client, "/bookings/new", booking_form(site.zaal, **fields))
    assert resp.status_code == 302, page_text(resp)
    db.session.rollback()
    return db.session.get(Booking, int(resp.headers["Location"].rsplit("/", 1)[1]))


def test_extending_skips_the_next_periods_school_holidays(client, app, site, member, herfst):
    # Kerstvakantie 2027: 18 December 2027 - 2 January 2028 (region midden), Mondays 20 and 27 December.
    db.session.add(SchoolHoliday(building_id=site.building.id, name="Kerstvakantie", start_date=date(2027, 12, 18),
                                 end_date=date(2028, 1, 2), region="midden"))
    db.session.commit()
    anne = logged_in(client, member)
    fields = dict(day="2027-11-22", repeat="weekly", weekdays="MO", count="4", book="Reserveren",
                  skip_school_holidays="y")
    resp = form_post(client, "/bookings/new", booking_form(site.zaal, **fields))
    assert resp.status_code == 302
    db.session.rollback()
    series = db.session.get(Booking, int(resp.headers["Location"].rsplit("/", 1)[1]))
    assert series.skips_school_holidays is True
    assert [utc_iso(o.starts_at)[:10] for o in occurrences_of(series.id)] == [
        "2027-11-22", "2027-11-29", "2027-12-06", "2027-12-13"]
    app.config["NOW"] = datetime(2027, 12, 1, 9, tzinfo=UTC)
    page = page_text(anne.get(f"/bookings/{series.id}/extend"))
    assert "Overgeslagen: ma 20 dec 2027 (Kerstvakantie), ma 27 dec 2027 (Kerstvakantie)" in page
    body = extend_form(anne, series.id)
    assert anne.post(f"/bookings/{series.id}/extend", data=body).status_code == 302
    assert [utc_iso(o.starts_at)[:10] for o in occurrences_of(series.id)] == [
        "2027-11-22", "2027-11-29", "2027-12-06", "2027-12-13", "2028-01-03"]  # as long again: to 3 January
    db.session.rollback()
    assert db.session.get(Booking, series.id).recurrence.endswith("EXDATE:20271220,20271227")


def test_a_series_without_the_choice_extends_over_the_holiday(client, app, site, member, herfst):
    anne = logged_in(client, member)
    series = book_mondays(anne, site)
    assert series.skips_school_holidays is False
    app.config["NOW"] = datetime(2027, 10, 5, 9, tzinfo=UTC)
    assert "Overgeslagen" not in page_text(anne.get(f"/bookings/{series.id}/extend"))


def test_a_series_with_the_choice_skips_holidays_entered_after_it_was_booked(client, app, site, member):
    anne = logged_in(client, member)
    series = book_mondays(anne, site, skip_school_holidays="y")
    assert len(occurrences_of(series.id)) == 4  # no school holidays entered yet: 18 October is booked
    db.session.add(SchoolHoliday(building_id=site.building.id, name="Herfstvakantie", start_date=date(2027, 10, 16),
                                 end_date=date(2027, 10, 24)))
    db.session.add(SchoolHoliday(building_id=site.building.id, name="Studiedag", start_date=date(2027, 11, 8),
                                 end_date=date(2027, 11, 8)))
    db.session.commit()
    app.config["NOW"] = datetime(2027, 10, 5, 9, tzinfo=UTC)
    assert "Overgeslagen: ma 8 nov 2027 (Studiedag)" in page_text(anne.get(f"/bookings/{series.id}/extend"))
    assert anne.post(f"/bookings/{series.id}/extend", data=extend_form(anne, series.id)).status_code == 302
    assert [utc_iso(o.starts_at)[:10] for o in occurrences_of(series.id)] == [
        "2027-09-27", "2027-10-04", "2027-10-11", "2027-10-18", "2027-10-25", "2027-11-01"]  # to 8 November
