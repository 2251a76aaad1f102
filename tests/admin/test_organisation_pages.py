"""The admin's organisation pages: permissions, adding and changing one, deactivating it (it books nothing new)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from booking.extensions import db
from booking.models import AuditEntry, Organisation
from web.helpers import booking_form, field_errors, form_post, logged_in, notices, page_text, rows


def org_form(**overrides) -> dict:
    data = {"name": "Buurtvereniging Stadsdennen", "kind": "residents", "contact": "Piet, 0341 123456",
            "colour": "#1F6FEB", "active": "y"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def named(name: str) -> Organisation:
    db.session.rollback()
    return db.session.scalars(select(Organisation).where(Organisation.name == name)).one()


@pytest.mark.parametrize("url", ["/admin/organisations", "/admin/organisations/new", "/admin/organisations/{id}"])
def test_permissions(client, app, site, admin, member, frontdesk, url):
    url = url.format(id=site.welzijn.id)
    assert client.get(url).status_code == 302
    assert logged_in(client, admin).get(url).status_code == 200
    for user in (member, frontdesk):
        assert logged_in(app.test_client(), user).get(url).status_code == 403


def test_add_and_list_an_organisation(client, site, admin):
    logged_in(client, admin)
    resp = form_post(client, "/admin/organisations/new", org_form(), follow_redirects=True)
    assert notices(resp) == ["Organisatie Buurtvereniging Stadsdennen opgeslagen."]
    org = named("Buurtvereniging Stadsdennen")
    assert (org.kind.value, org.contact, org.colour, org.active) == ("residents", "Piet, 0341 123456", "#1f6feb", True)
    assert ["Buurtvereniging Stadsdennen", "Bewoners", "Piet, 0341 123456", "actief"] in rows(resp)
    assert db.session.scalars(select(AuditEntry.action).where(AuditEntry.subject_id == org.id,
                                                              AuditEntry.subject_type == "organisation")).all() == [
        "organisation.create"]


@pytest.mark.parametrize("overrides, field", [
    ({"name": ""}, "name"), ({"name": "Welzijn Harderwijk"}, "name"), ({"kind": "aliens"}, "kind"),
    ({"colour": "red"}, "colour"), ({"colour": "#12345"}, "colour"), ({"colour": "#1234567"}, "colour"),
    ({"contact": "x" * 251}, "contact"), ({"name": "a\x00b"}, "name"),
])
def test_bad_input_writes_nothing(client, site, admin, overrides, field):
    logged_in(client, admin)
    resp = form_post(client, "/admin/organisations/new", org_form(**overrides))
    assert resp.status_code == 200 and field_errors(resp, field), page_text(resp)
    db.session.rollback()
    assert len(db.session.scalars(select(Organisation)).all()) == 3


def test_a_deactivated_organisation_keeps_its_history_and_books_nothing_new(client, app, site, admin, member):
    logged_in(client, admin)
    form_post(client, f"/admin/organisations/{site.welzijn.id}",
              org_form(name="Welzijn Harderwijk", kind="welfare", contact="", colour="", active=None))
    org = named("Welzijn Harderwijk")
    assert org.active is False and org.kind.value == "welfare"
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "organisation.update")).one()
    assert '"active": true' in entry.detail and '"active": false' in entry.detail
    booker = logged_in(app.test_client(), member)
    resp = form_post(booker, "/bookings/new", booking_form(site.zaal, book="x"), source="/bookings/new")
    assert "Welzijn Harderwijk is gedeactiveerd en kan niet reserveren." in page_text(resp)
    # Reactivated, it books again.
    form_post(client, f"/admin/organisations/{site.welzijn.id}",
              org_form(name="Welzijn Harderwijk", kind="welfare", contact="", colour=""))
    assert named("Welzijn Harderwijk").active is True


def test_unknown_organisation_is_404(client, site, admin):
    logged_in(client, admin)
    assert client.get("/admin/organisations/424242").status_code == 404
    assert client.get("/admin/organisations/99999999999").status_code == 404
