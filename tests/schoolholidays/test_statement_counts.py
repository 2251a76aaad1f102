"""The school holiday list and a preview that skips school holidays read at a fixed number of SQL statements."""
from __future__ import annotations

from datetime import date, timedelta

from booking.extensions import db
from booking.models import Building, SchoolHoliday
from sqlcount import counting
from web.helpers import booking_form, form_post, logged_in


def add_holidays(site, first: int, last: int) -> None:
    """Periods number first..last-1 of three days each, a week apart, over two buildings."""
    other = db.session.query(Building).filter_by(name="Het Anker").first()
    if other is None:
        other = Building(name="Het Anker")
        db.session.add(other)
        db.session.flush()
    for i in range(first, last):
        start = date(2027, 1, 2) + timedelta(weeks=i)
        db.session.add(SchoolHoliday(building_id=other.id if i % 4 == 3 else site.building.id,
                                     name=f"Vakantie {i}", start_date=start, end_date=start + timedelta(days=2),
                                     region=("", "noord", "midden", "zuid")[i % 4]))
    db.session.commit()


def count_get(client, url: str) -> int:
    client.get(url)
    with counting() as seen:
        resp = client.get(url)
    assert resp.status_code == 200
    return len(seen)


def test_the_school_holiday_list(client, site, admin):
    logged_in(client, admin)
    url = f"/admin/school-holidays?building_id={site.building.id}"
    add_holidays(site, 0, 2)
    small = count_get(client, url)
    add_holidays(site, 2, 200)
    large = count_get(client, url)
    assert client.get(url).get_data(as_text=True).count('<tr role="row">') == 1 + 50  # the head and a page of 50
    assert small == large <= 6


def test_a_preview_that_skips_school_holidays(client, site, member):
    logged_in(client, member)
    data = booking_form(site.zaal, day="2027-01-04", repeat="daily", count="200", skip_school_holidays="y",
                        preview="x")
    add_holidays(site, 0, 2)
    form_post(client, "/bookings/new", data)
    with counting() as few:
        form_post(client, "/bookings/new", data)
    add_holidays(site, 2, 100)
    with counting() as many:
        resp = form_post(client, "/bookings/new", data)
    assert "Overgeslagen" in resp.get_data(as_text=True)
    assert len(few) == len(many), many
