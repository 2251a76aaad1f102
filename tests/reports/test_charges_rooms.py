"""A room's rental charges on the room admin screen and through PATCH /api/v1/rooms/ID: stored in cents, audited,
refused clearly when wrong (and then nothing written)."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from booking.extensions import db
from booking.models import AuditEntry, Role, Room
from web.helpers import field_errors, form_post, notices

from .conftest import browser_as


def stored(room_id: int) -> Room:
    db.session.rollback()
    return db.session.get(Room, room_id)


def rates(room: Room) -> dict:
    return {r.kind.value: (r.hour_cents, r.daypart_cents) for r in room.rates}


@pytest.fixture
def admin_browser(app):
    return browser_as(app, Role.ADMIN, "beheer@kiekmure.example", "Beheer")


def room_form(room: Room, **overrides) -> dict:
    data = {"name": room.name, "capacity": str(room.capacity), "facilities": "", "buffer_minutes": "0",
            "charge_mode": "hour", "cancel_deadline_hours": "0"}
    data.update(overrides)
    return data


def test_the_form_stores_the_rates_in_cents_and_audits_them(scene, admin_browser):
    url = f"/admin/rooms/{scene.a.id}"
    resp = form_post(admin_browser, url, room_form(scene.a, charge_mode="daypart", cancel_deadline_hours="24",
                                                   hour_welfare="12,50", daypart_welfare="40", hour_care="€ 25.00",
                                                   hour_residents=""), follow_redirects=True)
    assert notices(resp) == ["Ruimte Zaal A opgeslagen."]
    room = stored(scene.a.id)
    assert (room.charge_mode, room.cancel_deadline_hours) == ("daypart", 24)
    assert rates(room) == {"welfare": (1250, 4000), "care": (2500, None)}
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "room.update")).one()
    detail = json.loads(entry.detail)
    assert detail["old"] == {"charge_mode": "hour", "cancel_deadline_hours": 0, "rates": {}}
    assert detail["new"]["rates"] == {"care": {"hour_cents": 2500, "daypart_cents": None},
                                      "welfare": {"hour_cents": 1250, "daypart_cents": 4000}}
    # The form shows them again as euros; emptying a rate makes the kind free.
    html = admin_browser.get(url).get_data(as_text=True)
    assert 'value="12,50"' in html and 'value="40,00"' in html and 'value="25,00"' in html
    form_post(admin_browser, url, room_form(scene.a, charge_mode="daypart", cancel_deadline_hours="24",
                                            hour_welfare="12,50", daypart_welfare="40"))
    assert rates(stored(scene.a.id)) == {"welfare": (1250, 4000)}


@pytest.mark.parametrize("field, value", [("hour_care", "abc"), ("hour_care", "-5"), ("daypart_welfare", "12,505"),
                                          ("hour_other", "99999999"), ("cancel_deadline_hours", "-1"),
                                          ("cancel_deadline_hours", "100000"), ("charge_mode", "week")])
def test_wrong_values_are_said_and_nothing_is_written(scene, admin_browser, field, value):
    resp = form_post(admin_browser, f"/admin/rooms/{scene.a.id}", room_form(scene.a, **{field: value}))
    assert resp.status_code == 200
    assert field_errors(resp, field), resp.get_data(as_text=True)[:300]
    room = stored(scene.a.id)
    assert (room.charge_mode, room.cancel_deadline_hours, rates(room)) == ("hour", 0, {})
    assert not db.session.scalars(select(AuditEntry).where(AuditEntry.action == "room.update")).all()


def test_a_new_room_with_rates(scene, admin_browser):
    resp = form_post(admin_browser, "/admin/rooms/new", {
        "building_id": str(scene.building.id), "name": "Atelier", "capacity": "12", "facilities": "",
        "buffer_minutes": "0", "charge_mode": "hour", "cancel_deadline_hours": "48", "hour_welfare": "12,50"},
        follow_redirects=True)
    assert notices(resp) == ["Ruimte Atelier toegevoegd."]
    room = db.session.scalars(select(Room).where(Room.name == "Atelier")).one()
    assert rates(room) == {"welfare": (1250, None)} and room.cancel_deadline_hours == 48
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "room.create")).one()
    assert json.loads(entry.detail)["new"]["rates"] == {"welfare": {"hour_cents": 1250, "daypart_cents": None}}


def test_patch_takes_the_charges_as_extra_fields(client, scene, staff):
    headers = staff("admin")
    url = f"/api/v1/rooms/{scene.b.id}"
    before = client.patch(url, json={"capacity": 21}, headers=headers).get_json()
    resp = client.patch(url, json={"charge_mode": "daypart", "cancel_deadline_hours": 24,
                                   "rates": {"welfare": {"hour_cents": 1250, "daypart_cents": 4000},
                                             "care": {"hour_cents": 2500}}}, headers=headers)
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json() == before  # the answer keeps the shape of GET /rooms
    room = stored(scene.b.id)
    assert (room.charge_mode, room.cancel_deadline_hours) == ("daypart", 24)
    assert rates(room) == {"welfare": (1250, 4000), "care": (2500, None)}
    # Kinds left out keep their rates; a key left out keeps its value; both null: free.
    client.patch(url, json={"rates": {"care": {"daypart_cents": 7500}}}, headers=headers)
    assert rates(stored(scene.b.id)) == {"welfare": (1250, 4000), "care": (2500, 7500)}
    client.patch(url, json={"rates": {"welfare": {"hour_cents": None, "daypart_cents": None}}}, headers=headers)
    assert rates(stored(scene.b.id)) == {"care": (2500, 7500)}
    updates = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "room.update")).all()
    assert len(updates) == 4


@pytest.mark.parametrize("body, field", [
    ({"charge_mode": "week"}, "charge_mode"), ({"charge_mode": None}, "charge_mode"),
    ({"cancel_deadline_hours": -1}, "cancel_deadline_hours"), ({"cancel_deadline_hours": "24"}, "cancel_deadline_hours"),
    ({"cancel_deadline_hours": True}, "cancel_deadline_hours"), ({"rates": []}, "rates"), ({"rates": {}}, "rates"),
    ({"rates": {"friends": {"hour_cents": 1}}}, "rates"), ({"rates": {"care": 2500}}, "rates.care"),
    ({"rates": {"care": {"euros": 25}}}, "rates.care"), ({"rates": {"care": {"hour_cents": 12.5}}}, "rates.care.hour_cents"),
    ({"rates": {"care": {"hour_cents": -1}}}, "rates.care.hour_cents"),
    ({"rates": {"care": {"hour_cents": 10**12}}}, "rates.care.hour_cents"),
    ({"rates": {"care": {"hour_cents": False}}}, "rates.care.hour_cents"),
])
def test_patch_refuses_wrong_charges_with_422(client, scene, staff, body, field):
    resp = client.patch(f"/api/v1/rooms/{scene.b.id}", json={"capacity": 33, **body}, headers=staff("admin"))
    assert resp.status_code == 422, resp.get_json()
    assert field in resp.get_json()["fields"], resp.get_json()
    room = stored(scene.b.id)
    assert (room.capacity, room.charge_mode, rates(room)) == (20, "hour", {})


def test_only_administrators_change_the_charges(client, scene, staff):
    resp = client.patch(f"/api/v1/rooms/{scene.b.id}", json={"rates": {"care": {"hour_cents": 1}}},
                        headers=staff("frontdesk"))
    assert resp.status_code == 403
    assert rates(stored(scene.b.id)) == {}
