"""The admin's extras pages (/admin/extras): who may use them, adding, changing and deactivating an extra,
bad input, and the audit trail."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from booking.extensions import db
from booking.models import AuditEntry, Extra
from web.helpers import field_errors, form_post, logged_in, notices, page_text, rows


def extra_form(building: int, **overrides) -> dict:
    data = {"building_id": str(building), "name": "Flip-over", "kind": "loan", "stock": "3",
            "note": "In de kast bij de balie", "active": "y"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def named(name: str, building_id: int) -> Extra:
    db.session.rollback()
    return db.session.scalars(select(Extra).where(Extra.name == name, Extra.building_id == building_id)).one()


def extra_count() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(Extra))


@pytest.mark.parametrize("url", ["/admin/extras", "/admin/extras/new", "/admin/extras/{id}"])
def test_only_administrators_see_the_pages(client, app, site, stock, admin, member, frontdesk, url):
    url = url.format(id=stock.beamer.id)
    assert client.get(url).status_code == 302  # to the login page
    assert logged_in(client, admin).get(url).status_code == 200
    for user in (member, frontdesk):
        assert logged_in(app.test_client(), user).get(url).status_code == 403


def test_members_and_the_front_desk_cannot_post_either(app, site, stock, member, frontdesk):
    for user in (member, frontdesk):
        browser = logged_in(app.test_client(), user)
        # With a valid CSRF token (from a page they may see), so that the refusal is the role's.
        assert form_post(browser, "/admin/extras/new", extra_form(site.building.id), source="/").status_code == 403
        assert form_post(browser, f"/admin/extras/{stock.beamer.id}/active", {"deactivate": "x"},
                         source="/").status_code == 403
    assert extra_count() == 5 and named("Beamer", site.building.id).active


def test_the_admin_index_links_to_the_extras(client, site, admin):
    html = logged_in(client, admin).get("/admin").get_data(as_text=True)
    assert 'href="/admin/extras">Extra\'s</a>' in html


def test_add_an_extra_lists_and_audits_it(client, site, stock, admin):
    logged_in(client, admin)
    resp = form_post(client, "/admin/extras/new", extra_form(site.building.id), follow_redirects=True)
    assert notices(resp) == ["Extra Flip-over opgeslagen."]
    flip = named("Flip-over", site.building.id)
    assert (flip.kind.value, flip.stock, flip.note, flip.active) == ("loan", 3, "In de kast bij de balie", True)
    assert ["Flip-over In de kast bij de balie", "De Kiekmure", "3", "actief"] in rows(resp)
    assert ["Koffie en thee", "De Kiekmure", "per persoon, geen grens", "actief"] in rows(resp)
    assert ["Diaprojector", "De Kiekmure", "1", "gedeactiveerd"] in rows(resp)
    assert db.session.scalars(select(AuditEntry.action).where(AuditEntry.subject_type == "extra",
                                                              AuditEntry.subject_id == flip.id)).all() == [
        "extra.create"]


def test_a_consumable_has_no_stock(client, site, admin):
    logged_in(client, admin)
    form_post(client, "/admin/extras/new", extra_form(site.building.id, name="Soep", kind="consumable", stock=""))
    soup = named("Soep", site.building.id)
    assert (soup.kind.value, soup.stock, soup.is_loan) == ("consumable", 0, False)


def test_change_an_extra(client, site, stock, admin):
    logged_in(client, admin)
    url = f"/admin/extras/{stock.beamer.id}"
    page = client.get(url)
    assert 'value="Beamer"' in page.get_data(as_text=True) and 'value="2"' in page.get_data(as_text=True)
    resp = form_post(client, url, extra_form(site.building.id, name="Beamer", stock="4", note=""),
                     follow_redirects=True)
    assert notices(resp) == ["Extra Beamer opgeslagen."]
    assert named("Beamer", site.building.id).stock == 4
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "extra.update")).one()
    assert '"stock": 2' in entry.detail and '"stock": 4' in entry.detail


def test_an_extra_stays_in_its_building(client, site, stock, admin):
    """A posted building_id cannot move an extra to another building."""
    logged_in(client, admin)
    form_post(client, f"/admin/extras/{stock.beamer.id}", extra_form(stock.roef_room.building_id, name="Beamer 2"))
    assert named("Beamer 2", site.building.id).id == stock.beamer.id


def test_deactivate_and_reactivate(client, site, stock, admin):
    logged_in(client, admin)
    url = f"/admin/extras/{stock.microfoon.id}/active"
    resp = form_post(client, url, {"deactivate": "Deze extra deactiveren"}, source=f"/admin/extras/{stock.microfoon.id}",
                     follow_redirects=True)
    assert notices(resp) == ["Microfoon is gedeactiveerd."]
    assert named("Microfoon", site.building.id).active is False
    resp = form_post(client, url, {"reactivate": "Deze extra weer activeren"},
                     source=f"/admin/extras/{stock.microfoon.id}", follow_redirects=True)
    assert notices(resp) == ["Microfoon kan weer worden gevraagd."]
    assert named("Microfoon", site.building.id).active is True
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.subject_id == stock.microfoon.id,
                                                                 AuditEntry.subject_type == "extra")).all()
    assert actions == ["extra.update", "extra.update"]


@pytest.mark.parametrize("overrides, field, message", [
    ({"name": ""}, "name", "Dit veld is vereist."),
    ({"name": "Beamer"}, "name", "Deze naam is al in gebruik."),
    ({"name": "a\x00b"}, "name", None),
    ({"name": "x" * 121}, "name", None),
    ({"kind": "rental"}, "kind", None),
    ({"stock": ""}, "stock", "Geef op hoeveel het gebouw er heeft, van 1 tot 1000."),
    ({"stock": "0"}, "stock", None),
    ({"stock": "-2"}, "stock", None),
    ({"stock": "99999999999"}, "stock", None),
    ({"stock": "twee"}, "stock", None),
    ({"building_id": "999999"}, "building_id", "Ongeldige keuze."),
])
def test_bad_input_is_said_and_writes_nothing(client, site, stock, admin, overrides, field, message):
    logged_in(client, admin)
    resp = form_post(client, "/admin/extras/new", extra_form(site.building.id, **overrides))
    assert resp.status_code == 200, page_text(resp)
    errors = field_errors(resp, field)
    assert errors, page_text(resp)
    if message:
        assert message in errors
    assert extra_count() == 5
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.subject_type == "extra")) == 0


def test_the_same_name_in_another_building_is_fine(client, site, stock, admin):
    logged_in(client, admin)
    resp = form_post(client, "/admin/extras/new", extra_form(stock.roef_room.building_id, name="Beamer", stock="1"))
    assert field_errors(resp, "name") == ["Deze naam is al in gebruik."]  # De Roef has a Beamer already
    assert extra_count() == 5
    form_post(client, "/admin/extras/new", extra_form(stock.roef_room.building_id, name="Microfoon", stock="1"))
    assert named("Microfoon", stock.roef_room.building_id).stock == 1


def test_unknown_extra_is_404(client, site, admin):
    logged_in(client, admin)
    for url in ("/admin/extras/999999", "/admin/extras/0", "/admin/extras/99999999999"):
        assert client.get(url).status_code == 404
