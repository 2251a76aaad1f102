"""The Dutch public holidays of 2027 proposed as whole-day closures, reviewed, then entered once."""
from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import func, select

from booking.extensions import db
from booking.models import AuditEntry, Closure
from web.helpers import form_post, logged_in, notices, page_text

# What the holidays package (country NL) gives for 2027. Bevrijdingsdag (5 May) is in it only in
# lustrum years (2025, 2030): a day off for most only then, so 2027 has no 5 May.
HOLIDAYS_2027 = [
    ("2027-01-01", "Nieuwjaarsdag"), ("2027-03-26", "Goede vrijdag"), ("2027-03-28", "Eerste paasdag"),
    ("2027-03-29", "Tweede paasdag"), ("2027-04-27", "Koningsdag"), ("2027-05-06", "Hemelvaartsdag"),
    ("2027-05-16", "Eerste pinksterdag"), ("2027-05-17", "Tweede pinksterdag"), ("2027-12-25", "Eerste kerstdag"),
    ("2027-12-26", "Tweede kerstdag")]


def stored() -> list[tuple]:
    db.session.rollback()
    return [(c.starts_at, c.ends_at, c.reason, c.room_id) for c in
            db.session.scalars(select(Closure).order_by(Closure.starts_at))]


def proposal_url(site, year=2027):
    return f"/admin/closures/holidays?building_id={site.building.id}&year={year}"


def test_the_proposal_lists_the_2027_holidays_all_ticked(client, site, admin):
    html = logged_in(client, admin).get(proposal_url(site)).get_data(as_text=True)
    for day, name in HOLIDAYS_2027:
        assert f'<input type="checkbox" name="days" value="{day}" id="day-{day}" checked>' in html
        assert name in html
    assert html.count('name="days"') == 10
    assert "2027-05-05" not in html
    assert stored() == []  # proposing writes nothing


def test_saving_the_chosen_days_adds_whole_day_closures(client, site, admin):
    logged_in(client, admin)
    chosen = ["2027-03-28", "2027-04-27", "2027-12-26"]
    resp = form_post(client, "/admin/closures/holidays", {"building_id": str(site.building.id), "year": "2027",
                                                           "days": chosen, "save": "x"},
                     source=proposal_url(site), follow_redirects=True)
    assert notices(resp) == ["3 sluitingen toegevoegd."]
    assert stored() == [
        # 28 March 2027 is the day the clocks go forward: 23 hours, local midnight to midnight.
        (datetime(2027, 3, 27, 23, tzinfo=UTC), datetime(2027, 3, 28, 22, tzinfo=UTC), "Eerste paasdag", None),
        (datetime(2027, 4, 26, 22, tzinfo=UTC), datetime(2027, 4, 27, 22, tzinfo=UTC), "Koningsdag", None),
        (datetime(2027, 12, 25, 23, tzinfo=UTC), datetime(2027, 12, 26, 23, tzinfo=UTC), "Tweede kerstdag", None)]
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == "closure.create")) == 3
    # The next proposal shows those as closed already, without a checkbox to add them again.
    html = client.get(proposal_url(site)).get_data(as_text=True)
    assert html.count('name="days"') == 7
    assert page_text(html).count("(al gesloten)") == 3


def test_existing_identical_closures_are_not_duplicated(client, site, admin):
    db.session.add(Closure(building_id=site.building.id, reason="Koningsdag (eerder ingevoerd)",
                           starts_at=datetime(2027, 4, 26, 22, tzinfo=UTC), ends_at=datetime(2027, 4, 27, 22, tzinfo=UTC)))
    db.session.commit()
    logged_in(client, admin)
    every = [d for d, _ in HOLIDAYS_2027]
    form_post(client, "/admin/closures/holidays", {"building_id": str(site.building.id), "year": "2027",
                                                   "days": every, "save": "x"}, source=proposal_url(site))
    assert len(stored()) == 10
    # Posted again (a double click): nothing more.
    form_post(client, "/admin/closures/holidays", {"building_id": str(site.building.id), "year": "2027",
                                                   "days": every, "save": "x"}, source=proposal_url(site))
    assert len(stored()) == 10


def test_days_that_are_no_holiday_and_odd_values_are_ignored(client, site, admin):
    logged_in(client, admin)
    form_post(client, "/admin/closures/holidays", {"building_id": str(site.building.id), "year": "2027",
                                                   "days": ["2027-05-05", "2027-07-01", "x", "2027-02-30", "\x00"],
                                                   "save": "x"}, source=proposal_url(site))
    assert stored() == []


def test_bad_year_or_building_shows_the_form_again(client, site, admin):
    logged_in(client, admin)
    for query in ("year=99999999999", "year=1500", "year=abc", "year=2027&building_id=424242",
                  "year=2027&building_id=x"):
        resp = client.get(f"/admin/closures/holidays?{query}")
        assert resp.status_code == 200
        assert 'name="days"' not in resp.get_data(as_text=True)
    resp = form_post(client, "/admin/closures/holidays", {"building_id": "424242", "year": "2027",
                                                           "days": ["2027-04-27"], "save": "x"},
                     source=proposal_url(site))
    assert resp.status_code == 200 and stored() == []


def test_holiday_names_follow_the_language(client, site, make_user):
    english = make_user("admin", site.kiekmure, language="en")
    html = logged_in(client, english).get(proposal_url(site)).get_data(as_text=True)
    assert "King&#39;s Day" in html or "King's Day" in html
    assert date(2027, 4, 27).isoformat() in html
