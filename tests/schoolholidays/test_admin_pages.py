"""The school holiday pages: who may use them, adding, changing and removing a period (audited), a
region's school year from the holidays package, hostile input."""
from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from booking.extensions import db
from booking.models import AuditEntry, Building, SchoolHoliday
from web.helpers import csrf_tokens, field_errors, form_post, heading, logged_in, notices, page_text, rows

PAGES = ["/admin/school-holidays", "/admin/school-holidays/new", "/admin/school-holidays/import",
         "/admin/school-holidays/import?region=midden&year=2026"]


def stored() -> list[tuple]:
    db.session.rollback()
    return [(h.name, h.start_date, h.end_date, h.region) for h in
            db.session.scalars(select(SchoolHoliday).order_by(SchoolHoliday.start_date, SchoolHoliday.id))]


def audit(action: str) -> list[dict]:
    db.session.rollback()
    return [json.loads(e.detail) for e in db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)
                                                            .order_by(AuditEntry.id))]


def holiday_form(site, **overrides) -> dict:
    data = {"building_id": str(site.building.id), "name": "Herfstvakantie", "start_date": "2027-10-16",
            "end_date": "2027-10-24", "region": "midden", "submit": "Opslaan"}
    data.update(overrides)
    return data


@pytest.mark.parametrize("url", PAGES)
def test_admin_sees_each_page(client, admin, site, url):
    assert logged_in(client, admin).get(url).status_code == 200


@pytest.mark.parametrize("url", [*PAGES, "/admin/school-holidays/1"])
@pytest.mark.parametrize("role", ["member", "frontdesk"])
def test_others_get_403(client, member, frontdesk, herfst, url, role):
    assert logged_in(client, member if role == "member" else frontdesk).get(url).status_code == 403


def test_anonymous_goes_to_login(client, site):
    resp = client.get("/admin/school-holidays")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]


def test_the_admin_index_links_the_page(client, admin):
    assert 'href="/admin/school-holidays"' in logged_in(client, admin).get("/admin").get_data(as_text=True)


def test_posting_as_member_writes_nothing(client, site, member, herfst):
    page_client = logged_in(client, member)
    token = next(iter(csrf_tokens(page_client.get("/bookings/new").get_data(as_text=True)).values()))
    for url in ("/admin/school-holidays/new", f"/admin/school-holidays/{herfst.id}",
                f"/admin/school-holidays/{herfst.id}/delete", "/admin/school-holidays/import"):
        data = {**holiday_form(site, name="Stiekem"), "year": "2026", "days": "2026-10-17", "save": "x",
                "csrf_token": token}
        assert page_client.post(url, data=data).status_code == 403
    assert stored() == [("Herfstvakantie", date(2027, 10, 16), date(2027, 10, 24), "midden")]


def test_add_a_school_holiday(client, site, admin):
    logged_in(client, admin)
    resp = form_post(client, "/admin/school-holidays/new", holiday_form(site), follow_redirects=True)
    assert notices(resp) == ["Schoolvakantie toegevoegd."]
    assert heading(resp) == "Schoolvakanties"
    assert rows(resp) == [["Herfstvakantie", "za 16 okt 2027", "zo 24 okt 2027", "midden",
                          "Verwijderen Herfstvakantie za 16 okt 2027"]]
    holiday_id = db.session.scalars(select(SchoolHoliday.id)).one()
    assert f'<a href="/admin/school-holidays/{holiday_id}">Herfstvakantie</a>' in resp.get_data(as_text=True)
    assert stored() == [("Herfstvakantie", date(2027, 10, 16), date(2027, 10, 24), "midden")]
    [entry] = audit("school_holiday.create")
    assert entry["new"] == {"building_id": site.building.id, "name": "Herfstvakantie", "region": "midden",
                            "start_date": "2027-10-16", "end_date": "2027-10-24"}


def test_a_one_day_period_without_region_is_fine_and_overlaps_are_allowed(client, site, admin, herfst):
    logged_in(client, admin)
    resp = form_post(client, "/admin/school-holidays/new",
                     holiday_form(site, name="Studiedag", start_date="2027-10-22", end_date="2027-10-22", region=""),
                     follow_redirects=True)
    assert notices(resp) == ["Schoolvakantie toegevoegd."]
    assert stored() == [("Herfstvakantie", date(2027, 10, 16), date(2027, 10, 24), "midden"),
                        ("Studiedag", date(2027, 10, 22), date(2027, 10, 22), "")]


def test_the_same_form_posted_twice_adds_one(client, site, admin):
    logged_in(client, admin)
    form_post(client, "/admin/school-holidays/new", holiday_form(site))
    resp = form_post(client, "/admin/school-holidays/new", holiday_form(site), follow_redirects=True)
    assert notices(resp) == ["Deze schoolvakantie was al ingevoerd."]
    assert len(stored()) == 1 and len(audit("school_holiday.create")) == 1


BAD = [
    ({"end_date": "2027-10-15"}, "end_date", "De laatste dag ligt vóór de eerste dag."),
    ({"name": "  "}, "name", "Dit veld is vereist."),
    ({"name": "x" * 121}, "name", "Veld mag niet langer zijn dan 120 karakters."),
    ({"name": "Herfst\x00"}, "name", "Haal de onzichtbare stuurtekens uit deze tekst."),
    ({"start_date": "2027-02-30"}, "start_date", "Ongeldige datum."),
    ({"start_date": ""}, "start_date", "Vul een geldige datum in."),
    ({"end_date": "0001-01-01"}, "end_date", None),
    ({"region": "oost"}, "region", "Ongeldige keuze."),
    ({"building_id": "999"}, "building_id", "Ongeldige keuze."),
    ({"building_id": "x"}, "building_id", None),
]


@pytest.mark.parametrize("overrides, field, message", BAD)
def test_bad_input_is_shown_and_writes_nothing(client, site, admin, overrides, field, message):
    logged_in(client, admin)
    resp = form_post(client, "/admin/school-holidays/new", holiday_form(site, **overrides))
    assert resp.status_code == 200
    errors = field_errors(resp, field)
    assert errors, page_text(resp)
    if message:
        assert any(message in e for e in errors), errors
    assert stored() == [] and audit("school_holiday.create") == []


def test_change_a_school_holiday(client, site, admin, herfst):
    logged_in(client, admin)
    assert 'value="Herfstvakantie"' in client.get(f"/admin/school-holidays/{herfst.id}").get_data(as_text=True)
    resp = form_post(client, f"/admin/school-holidays/{herfst.id}",
                     holiday_form(site, start_date="2027-10-15"), follow_redirects=True)
    assert notices(resp) == ["Schoolvakantie opgeslagen."]
    assert stored() == [("Herfstvakantie", date(2027, 10, 15), date(2027, 10, 24), "midden")]
    [entry] = audit("school_holiday.update")
    assert (entry["old"]["start_date"], entry["new"]["start_date"]) == ("2027-10-16", "2027-10-15")


def test_a_change_that_ends_before_it_starts_is_refused(client, site, admin, herfst):
    logged_in(client, admin)
    resp = form_post(client, f"/admin/school-holidays/{herfst.id}", holiday_form(site, end_date="2027-10-01"))
    assert field_errors(resp, "end_date") == ["De laatste dag ligt vóór de eerste dag."]
    assert stored() == [("Herfstvakantie", date(2027, 10, 16), date(2027, 10, 24), "midden")]
    assert audit("school_holiday.update") == []


def test_remove_a_school_holiday(client, site, admin, herfst):
    logged_in(client, admin)
    holiday_id = herfst.id
    resp = form_post(client, f"/admin/school-holidays/{holiday_id}/delete", {"submit": "Verwijderen"},
                     source="/admin/school-holidays", follow_redirects=True)
    assert notices(resp) == ["Schoolvakantie verwijderd."]
    assert stored() == []
    assert audit("school_holiday.delete")[0]["old"]["name"] == "Herfstvakantie"
    # Removed again (a double click): 404, nothing else happens.
    again = form_post(client, f"/admin/school-holidays/{holiday_id}/delete", {"submit": "Verwijderen"},
                      source="/admin/school-holidays")
    assert again.status_code == 404


@pytest.mark.parametrize("url", ["/admin/school-holidays/999", "/admin/school-holidays/99999999999999999999"])
def test_unknown_ids_are_404(client, site, admin, url):
    assert logged_in(client, admin).get(url).status_code == 404


def test_the_list_shows_one_building_at_a_time(client, site, admin, herfst):
    other = Building(name="De Roef")
    db.session.add(other)
    db.session.flush()
    db.session.add(SchoolHoliday(building_id=other.id, name="Krokusvakantie", start_date=date(2027, 2, 13),
                                 end_date=date(2027, 2, 21), region="zuid"))
    db.session.commit()
    logged_in(client, admin)
    kiekmure = page_text(client.get(f"/admin/school-holidays?building_id={site.building.id}"))
    assert "Herfstvakantie" in kiekmure and "Krokusvakantie" not in kiekmure
    roef = page_text(client.get(f"/admin/school-holidays?building_id={other.id}"))
    assert "Krokusvakantie" in roef and "Herfstvakantie" not in roef
    # An unknown or odd building id shows the first building by name (De Kiekmure), not an error.
    assert "Herfstvakantie" in page_text(client.get("/admin/school-holidays?building_id=%00"))


# --- a region's school year from the holidays package -------------------------------------------------------

MIDDEN_2026_2027 = [("Herfstvakantie", "2026-10-17", "2026-10-25"), ("Kerstvakantie", "2026-12-19", "2027-01-03"),
                    ("Voorjaarsvakantie", "2027-02-20", "2027-02-28"), ("Meivakantie", "2027-04-24", "2027-05-02"),
                    ("Zomervakantie", "2027-07-17", "2027-08-29")]


def proposal_url(site, region="midden", year=2026):
    return f"/admin/school-holidays/import?building_id={site.building.id}&region={region}&year={year}"


def test_the_proposal_lists_region_middens_school_year_all_ticked(client, site, admin):
    html = logged_in(client, admin).get(proposal_url(site)).get_data(as_text=True)
    for name, first, _last in MIDDEN_2026_2027:
        assert f'<input type="checkbox" name="days" value="{first}" id="holiday-{first}" checked>' in html
        assert name in html
    assert html.count('name="days"') == 5
    assert "Herfstvakantie: za 17 okt 2026 – zo 25 okt 2026" in page_text(html)
    assert stored() == []


def test_saving_the_chosen_holidays_enters_them_once(client, site, admin):
    logged_in(client, admin)
    data = {"building_id": str(site.building.id), "region": "midden", "year": "2026",
            "days": ["2026-10-17", "2027-07-17", "2027-07-18", "x"], "save": "x"}
    resp = form_post(client, "/admin/school-holidays/import", data, source=proposal_url(site), follow_redirects=True)
    assert notices(resp) == ["2 schoolvakanties toegevoegd."]
    assert stored() == [("Herfstvakantie", date(2026, 10, 17), date(2026, 10, 25), "midden"),
                        ("Zomervakantie", date(2027, 7, 17), date(2027, 8, 29), "midden")]
    assert len(audit("school_holiday.create")) == 2
    form_post(client, "/admin/school-holidays/import", data, source=proposal_url(site))
    assert len(stored()) == 2
    html = client.get(proposal_url(site)).get_data(as_text=True)
    assert html.count('name="days"') == 3 and page_text(html).count("(al ingevoerd)") == 2


def test_regions_differ(client, site, admin):
    html = logged_in(client, admin).get(proposal_url(site, region="zuid")).get_data(as_text=True)
    # Region zuid has its spring break a week earlier and its summer a week later than midden.
    assert "Voorjaarsvakantie: za 13 feb 2027 – zo 21 feb 2027" in page_text(html)
    assert "Zomervakantie: za 24 jul 2027 – zo 5 sep 2027" in page_text(html)


@pytest.mark.parametrize("query, field, message", [
    ("region=oost&year=2026", "region", "Ongeldige keuze."),
    ("region=midden&year=2031", "year", "Het pakket holidays heeft geen schoolvakanties voor dit schooljaar."),
    ("region=midden&year=0", "year", None),
    ("region=midden&year=x", "year", None),
])
def test_a_bad_proposal_request_is_explained(client, site, admin, query, field, message):
    resp = logged_in(client, admin).get(f"/admin/school-holidays/import?building_id={site.building.id}&{query}")
    assert resp.status_code == 200
    errors = field_errors(resp, field)
    assert errors, page_text(resp)
    if message:
        assert any(message in e for e in errors), errors
