"""The admin's building pages: permissions, adding and changing a building, its zone and opening hours."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from booking.extensions import db
from booking.models import AuditEntry, Building
from web.helpers import book, field_errors, form_post, local, logged_in, notices, page_text

CLOSED = {f"{k}_{d}": "" for d in range(7) for k in ("opens", "closes")}


def building_form(**overrides) -> dict:
    data = {"name": "Het Anker", "address": "Havenstraat 1, Harderwijk", "timezone": "Europe/Amsterdam",
            **{f"opens_{d}": "08:30" for d in range(5)}, **{f"closes_{d}": "22:00" for d in range(5)},
            "opens_5": "", "closes_5": "", "opens_6": "10:00", "closes_6": "00:00"}
    data.update(overrides)
    return data


def hours(name: str) -> dict:
    db.session.rollback()
    b = db.session.scalars(select(Building).where(Building.name == name)).one()
    return {h.weekday: (h.opens_minute, h.closes_minute) for h in b.opening_hours}


@pytest.mark.parametrize("url", ["/admin/buildings", "/admin/buildings/new", "/admin/buildings/{id}"])
def test_permissions(client, app, site, admin, member, frontdesk, url):
    url = url.format(id=site.building.id)
    assert client.get(url).status_code == 302
    assert logged_in(client, admin).get(url).status_code == 200
    for user in (member, frontdesk):
        assert logged_in(app.test_client(), user).get(url).status_code == 403


def test_add_a_building_with_its_hours(client, site, admin):
    logged_in(client, admin)
    resp = form_post(client, "/admin/buildings/new", building_form(), follow_redirects=True)
    assert notices(resp) == ["Gebouw Het Anker opgeslagen."]
    assert hours("Het Anker") == {**{d: (510, 1320) for d in range(5)}, 6: (600, 1440)}
    text = page_text(resp)
    assert "Het Anker Havenstraat 1, Harderwijk Tijdzone: Europe/Amsterdam" in text
    assert "Zaterdag gesloten Zondag 10:00–00:00" in text
    assert db.session.scalars(select(AuditEntry.action).where(AuditEntry.subject_type == "building")).all() == [
        "building.create"]


def test_the_new_building_form_starts_open_every_day(client, admin):
    html = logged_in(client, admin).get("/admin/buildings/new").get_data(as_text=True)
    assert html.count('value="07:00"') == 7 and html.count('value="23:00"') == 7


def test_change_hours_and_address(client, site, admin):
    logged_in(client, admin)
    url = f"/admin/buildings/{site.building.id}"
    assert 'value="07:00"' in client.get(url).get_data(as_text=True)
    form_post(client, url, building_form(**{**CLOSED, "name": "De Kiekmure", "opens_0": "09:00", "closes_0": "17:00"}))
    assert hours("De Kiekmure") == {0: (540, 1020)}
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "building.update")).one()
    assert entry.actor_id == admin.id and '"address": "Havenstraat 1, Harderwijk"' in entry.detail


@pytest.mark.parametrize("overrides, field, message", [
    ({"name": ""}, "name", "Dit veld is vereist."),
    ({"name": "De Kiekmure"}, "name", "Deze naam is al in gebruik."),
    ({"timezone": "Europe/Harderwijk"}, "timezone", "Onbekende tijdzone; gebruik een naam zoals Europe/Amsterdam."),
    ({"timezone": "../../etc/passwd"}, "timezone", None),
    ({"timezone": "Europe/Amsterdam\x00"}, "timezone", None),
    ({"timezone": "x" * 300}, "timezone", None),
    ({"opens_0": "22:00", "closes_0": "08:00"}, "closes_0", "Het gebouw moet opengaan voordat het sluit."),
    ({"opens_0": "08:00", "closes_0": ""}, "closes_0", "Geef beide tijden, of geen voor een gesloten dag."),
    ({"opens_1": "25:00"}, "opens_1", None),
    ({"address": "a\x01"}, "address", None),
])
def test_bad_input_writes_nothing(client, site, admin, overrides, field, message):
    logged_in(client, admin)
    resp = form_post(client, "/admin/buildings/new", building_form(**overrides))
    assert resp.status_code == 200
    assert field_errors(resp, field), page_text(resp)
    if message:
        assert message in field_errors(resp, field)
    db.session.rollback()
    assert len(db.session.scalars(select(Building)).all()) == 1


def test_the_zone_of_a_building_with_bookings_to_come_stays(client, site, admin, member):
    book(member, site.zaal, local(2027, 3, 1, 9), local(2027, 3, 1, 10))
    logged_in(client, admin)
    url = f"/admin/buildings/{site.building.id}"
    resp = form_post(client, url, building_form(name="De Kiekmure", timezone="Europe/London"))
    assert "Dit gebouw heeft komende reserveringen" in " ".join(field_errors(resp, "timezone"))
    db.session.rollback()
    assert db.session.get(Building, site.building.id).timezone == "Europe/Amsterdam"


def test_unknown_building_is_404(client, site, admin):
    logged_in(client, admin)
    assert client.get("/admin/buildings/424242").status_code == 404
    assert client.get("/admin/buildings/99999999999").status_code == 404
