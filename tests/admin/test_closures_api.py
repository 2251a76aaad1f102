"""The closures contract: POST, GET and DELETE /api/v1/closures, administrators only; a closure refuses bookings."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from booking.extensions import db
from booking.models import AuditEntry, Closure

CLOSED = {"start": "2027-03-29T00:00", "end": "2027-03-30T00:00", "reason": "Schilderwerk"}


def closures_count() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(Closure))


def test_admin_adds_a_closure_and_a_booking_over_it_is_refused(client, site, admin, member, token_of):
    resp = client.post("/api/v1/closures", json={**CLOSED, "room_id": site.zaal.id}, headers=token_of(admin))
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    assert body == {"id": body["id"], "start": "2027-03-29T00:00:00+02:00", "end": "2027-03-30T00:00:00+02:00",
                    "reason": "Schilderwerk", "room_id": site.zaal.id, "building_id": site.building.id}
    booking = client.post("/api/v1/bookings", headers=token_of(member), json={
        "room_id": site.zaal.id, "title": "Overleg", "start": "2027-03-29T14:00", "end": "2027-03-29T15:00"})
    assert booking.status_code == 422
    assert booking.get_json()["error"] == "invalid"
    assert booking.get_json()["rule"] == "closure"
    # The other rooms stay open.
    other = client.post("/api/v1/bookings", headers=token_of(member), json={
        "room_id": site.kamer.id, "title": "Overleg", "start": "2027-03-29T14:00", "end": "2027-03-29T15:00"})
    assert other.status_code == 201


def test_a_building_closure_closes_every_room_and_is_audited(client, site, admin, member, token_of):
    resp = client.post("/api/v1/closures", json={**CLOSED, "building_id": site.building.id}, headers=token_of(admin))
    assert resp.status_code == 201
    assert resp.get_json()["room_id"] is None
    for room in (site.zaal, site.kamer):
        refused = client.post("/api/v1/bookings", headers=token_of(member), json={
            "room_id": room.id, "title": "Overleg", "start": "2027-03-29T09:00", "end": "2027-03-29T10:00"})
        assert refused.status_code == 422
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "closure.create")).one()
    assert entry.actor_id == admin.id and entry.subject_id == resp.get_json()["id"]


def test_without_building_or_room_the_first_building_is_closed(client, site, admin, token_of):
    resp = client.post("/api/v1/closures", json=CLOSED, headers=token_of(admin))
    assert resp.status_code == 201
    assert resp.get_json()["building_id"] == site.building.id


def test_the_same_closure_twice_is_stored_once(client, site, admin, token_of):
    headers = token_of(admin)
    first = client.post("/api/v1/closures", json=CLOSED, headers=headers).get_json()
    second = client.post("/api/v1/closures", json=CLOSED, headers=headers)
    assert second.status_code == 201 and second.get_json() == first
    assert closures_count() == 1


def test_dst_local_times_become_the_right_utc_instants(client, site, admin, token_of):
    # Sunday 28 March 2027: the clocks go from 02:00 to 03:00; the day has 23 hours.
    resp = client.post("/api/v1/closures", headers=token_of(admin), json={
        "start": "2027-03-28T00:00", "end": "2027-03-29T00:00", "reason": "Zomertijd"})
    assert resp.status_code == 201
    assert resp.get_json()["start"] == "2027-03-28T00:00:00+01:00"
    assert resp.get_json()["end"] == "2027-03-29T00:00:00+02:00"
    db.session.rollback()
    closure = db.session.get(Closure, resp.get_json()["id"])
    assert closure.starts_at == datetime(2027, 3, 27, 23, 0, tzinfo=UTC)
    assert closure.ends_at == datetime(2027, 3, 28, 22, 0, tzinfo=UTC)
    skipped = client.post("/api/v1/closures", headers=token_of(admin), json={
        "start": "2027-03-28T02:30", "end": "2027-03-28T04:00", "reason": "Zomertijd"})
    assert skipped.status_code == 422
    assert skipped.get_json()["rule"] == "nonexistent_time"


@pytest.mark.parametrize("body, field", [
    ({"end": "2027-03-30T00:00", "reason": "x"}, "start"),
    ({"start": "2027-03-29T00:00", "reason": "x"}, "end"),
    ({"start": "2027-03-29T00:00", "end": "2027-03-30T00:00"}, "reason"),
    ({"start": "2027-03-29T00:00", "end": "2027-03-30T00:00", "reason": "  "}, "reason"),
    ({"start": "2027-03-29T00:00", "end": "2027-03-28T00:00", "reason": "x"}, "end"),
    ({"start": "2027-03-29T00:00", "end": "2027-03-30T00:00", "reason": "x", "room_id": 999999}, "room_id"),
    ({"start": "2027-03-29T00:00", "end": "2027-03-30T00:00", "reason": "x", "room_id": 99999999999}, "room_id"),
    ({"start": "2027-03-29T00:00", "end": "2027-03-30T00:00", "reason": "x", "building_id": 999999}, "building_id"),
    ({"start": "2027-03-29T00:00", "end": "2027-03-30T00:00", "reason": "x", "building_id": "1"}, "building_id"),
    ({"start": "2027-03-29T00:00", "end": "2027-03-30T00:00", "reason": "x\x00"}, "reason"),
    ({"start": "9999-03-29T00:00", "end": "2027-03-30T00:00", "reason": "x"}, "start"),
    ({"start": "2027-03-29T00:00+01:00", "end": "2027-03-30T00:00", "reason": "x"}, "end"),
])
def test_bad_values_are_422_with_the_field(client, site, admin, token_of, body, field):
    resp = client.post("/api/v1/closures", json=body, headers=token_of(admin))
    assert resp.status_code == 422, resp.get_json()
    assert field in resp.get_json()["fields"]
    assert closures_count() == 0


def test_a_room_of_another_building_is_refused(client, site, admin, token_of):
    from booking.models import Building
    other = Building(name="Het Anker")
    db.session.add(other)
    db.session.commit()
    resp = client.post("/api/v1/closures", json={**CLOSED, "room_id": site.zaal.id, "building_id": other.id},
                       headers=token_of(admin))
    assert resp.status_code == 422 and list(resp.get_json()["fields"]) == ["room_id"]


def test_not_a_json_object_is_400(client, site, admin, token_of):
    resp = client.post("/api/v1/closures", data="[1]", content_type="application/json", headers=token_of(admin))
    assert resp.status_code == 400


def test_list_the_closures_of_a_window(client, site, admin, token_of):
    headers = token_of(admin)
    ids = [client.post("/api/v1/closures", headers=headers, json={
        "start": s, "end": e, "reason": r, **extra}).get_json()["id"] for s, e, r, extra in [
        ("2027-04-27T00:00", "2027-04-28T00:00", "Koningsdag", {}),
        ("2027-03-29T09:00", "2027-03-29T12:00", "Schilderwerk", {"room_id": site.kamer.id}),
        ("2027-06-01T00:00", "2027-06-02T00:00", "Later", {})]]
    resp = client.get("/api/v1/closures?start=2027-03-01T00:00&end=2027-05-01T00:00", headers=headers)
    assert resp.status_code == 200
    assert resp.get_json() == {"closures": [
        {"id": ids[1], "start": "2027-03-29T09:00:00+02:00", "end": "2027-03-29T12:00:00+02:00",
         "reason": "Schilderwerk", "room_id": site.kamer.id, "building_id": site.building.id},
        {"id": ids[0], "start": "2027-04-27T00:00:00+02:00", "end": "2027-04-28T00:00:00+02:00",
         "reason": "Koningsdag", "room_id": None, "building_id": site.building.id}]}
    assert client.get("/api/v1/closures?start=2027-03-01T00:00", headers=headers).status_code == 422
    assert client.get("/api/v1/closures?start=2027-03-02T00:00&end=2027-03-01T00:00",
                      headers=headers).status_code == 422


def test_delete_a_closure_opens_the_room_again(client, site, admin, member, token_of):
    headers = token_of(admin)
    made = client.post("/api/v1/closures", json=CLOSED, headers=headers).get_json()
    resp = client.delete(f"/api/v1/closures/{made['id']}", headers=headers)
    assert resp.status_code == 200 and resp.get_json() == made
    assert closures_count() == 0
    assert client.delete(f"/api/v1/closures/{made['id']}", headers=headers).status_code == 404
    assert client.delete("/api/v1/closures/99999999999", headers=headers).status_code == 404
    booking = client.post("/api/v1/bookings", headers=token_of(member), json={
        "room_id": site.zaal.id, "title": "Overleg", "start": "2027-03-29T14:00", "end": "2027-03-29T15:00"})
    assert booking.status_code == 201
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[:2] == ["closure.create", "closure.delete"]


@pytest.mark.parametrize("role", ["member", "frontdesk"])
def test_others_get_403(client, site, admin, member, frontdesk, token_of, role):
    headers = token_of(member if role == "member" else frontdesk)
    closure = Closure(building_id=site.building.id, reason="x", starts_at=datetime(2027, 3, 29, tzinfo=UTC),
                      ends_at=datetime(2027, 3, 30, tzinfo=UTC))
    db.session.add(closure)
    db.session.commit()
    assert client.post("/api/v1/closures", json=CLOSED, headers=headers).status_code == 403
    assert client.get("/api/v1/closures?start=2027-03-01T00:00&end=2027-05-01T00:00",
                      headers=headers).status_code == 403
    resp = client.delete(f"/api/v1/closures/{closure.id}", headers=headers)
    assert resp.status_code == 403 and resp.get_json()["error"] == "forbidden"
    assert closures_count() == 1


def test_without_a_token_401(client, site):
    assert client.post("/api/v1/closures", json=CLOSED).status_code == 401
    assert client.get("/api/v1/closures?start=2027-03-01T00:00&end=2027-05-01T00:00").status_code == 401
