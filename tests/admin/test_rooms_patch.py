"""PATCH /api/v1/rooms/ID (administrators): each field, bad values, deactivation with dates to come,
and a changed changeover buffer that keeps the no-double-booking guarantee."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from booking.extensions import db
from booking.models import AuditEntry, Occurrence, Room, RoomHold
from web.helpers import book, local


def room_json(client, headers, room_id):
    return next(r for r in client.get("/api/v1/rooms", headers=headers).get_json()["rooms"] if r["id"] == room_id)


@pytest.mark.parametrize("change, shown", [
    ({"name": "Grote vergaderzaal"}, {"name": "Grote vergaderzaal"}),
    ({"capacity": 20}, {"capacity": 20}),
    ({"capacity": 0}, {"capacity": 0}),
    ({"buffer_minutes": 15}, {"buffer_minutes": 15}),
    ({"requires_approval": True}, {"requires_approval": True}),
    ({"facilities": ["beamer", "koffie"]}, {"facilities": ["beamer", "koffie"]}),
    ({"facilities": "beamer, flip-over"}, {"facilities": ["beamer", "flip-over"]}),
    ({"facilities": []}, {"facilities": []}),
])
def test_each_field(client, site, admin, token_of, change, shown):
    headers = token_of(admin)
    resp = client.patch(f"/api/v1/rooms/{site.zaal.id}", json=change, headers=headers)
    assert resp.status_code == 200, resp.get_json()
    listed = room_json(client, headers, site.zaal.id)
    assert resp.get_json() == listed
    assert {k: listed[k] for k in shown} == shown
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "room.update")).one()
    assert entry.subject_id == site.zaal.id and entry.actor_id == admin.id


def test_deactivate_and_reactivate_a_room_without_dates(client, site, admin, token_of):
    headers = token_of(admin)
    resp = client.patch(f"/api/v1/rooms/{site.kamer.id}", json={"active": False}, headers=headers)
    assert resp.status_code == 200
    assert site.kamer.id not in [r["id"] for r in client.get("/api/v1/rooms", headers=headers).get_json()["rooms"]]
    assert client.patch(f"/api/v1/rooms/{site.kamer.id}", json={"active": True}, headers=headers).status_code == 200
    assert site.kamer.id in [r["id"] for r in client.get("/api/v1/rooms", headers=headers).get_json()["rooms"]]


@pytest.mark.parametrize("body, field", [
    ({"capacity": -1}, "capacity"), ({"capacity": 10001}, "capacity"), ({"capacity": "12"}, "capacity"),
    ({"capacity": 1.5}, "capacity"), ({"capacity": True}, "capacity"), ({"capacity": 99999999999999}, "capacity"),
    ({"buffer_minutes": 1441}, "buffer_minutes"), ({"buffer_minutes": -5}, "buffer_minutes"),
    ({"name": ""}, "name"), ({"name": "x" * 121}, "name"), ({"name": None}, "name"), ({"name": 5}, "name"),
    ({"name": "Zaal\x00"}, "name"), ({"requires_approval": "yes"}, "requires_approval"),
    ({"active": 0}, "active"), ({"active": None}, "active"), ({"facilities": [1]}, "facilities"),
    ({"facilities": "x" * 501}, "facilities"), ({}, "name"), ({"colour": "red"}, "name"),
    ({"name": "Spreekkamer"}, "name"),
])
def test_bad_values_are_422(client, site, admin, token_of, body, field):
    resp = client.patch(f"/api/v1/rooms/{site.zaal.id}", json=body, headers=token_of(admin))
    assert resp.status_code == 422, resp.get_json()
    assert field in resp.get_json()["fields"]
    db.session.rollback()
    assert db.session.get(Room, site.zaal.id).name == "Vergaderzaal"
    assert db.session.get(Room, site.zaal.id).capacity == 12


def test_unknown_room_404_and_not_an_object_400(client, site, admin, token_of):
    headers = token_of(admin)
    assert client.patch("/api/v1/rooms/999999", json={"capacity": 3}, headers=headers).status_code == 404
    assert client.patch("/api/v1/rooms/99999999999", json={"capacity": 3}, headers=headers).status_code == 404
    assert client.patch(f"/api/v1/rooms/{site.zaal.id}", data="nee", headers=headers).status_code == 400


@pytest.mark.parametrize("role", ["member", "frontdesk"])
def test_others_get_403(client, site, member, frontdesk, token_of, role):
    headers = token_of(member if role == "member" else frontdesk)
    resp = client.patch(f"/api/v1/rooms/{site.zaal.id}", json={"capacity": 3}, headers=headers)
    assert resp.status_code == 403 and resp.get_json()["error"] == "forbidden"
    assert client.patch(f"/api/v1/rooms/{site.zaal.id}", json={"capacity": -3}, headers=headers).status_code == 403


def test_deactivating_a_room_with_dates_to_come_is_409_with_those_bookings(client, site, admin, member, token_of,
                                                                           other_member):
    past = book(member, site.zaal, local(2026, 12, 1, 9), local(2026, 12, 1, 10), "Voorbij",
                now=local(2026, 11, 1))
    private = book(other_member, site.zaal, local(2027, 2, 1, 9), local(2027, 2, 1, 10), "Spreekuur",
                   visibility="private")
    coming = book(member, site.zaal, local(2027, 3, 1, 9), local(2027, 3, 1, 10), "Koffieochtend")
    elsewhere = book(member, site.kamer, local(2027, 3, 1, 9), local(2027, 3, 1, 10), "Elders")
    assert past and elsewhere
    resp = client.patch(f"/api/v1/rooms/{site.zaal.id}", json={"active": False, "capacity": 3},
                        headers=token_of(admin))
    assert resp.status_code == 409
    assert resp.get_json() == {
        "error": "conflict", "message": "This room still has bookings to come; cancel or move them first.",
        "bookings": [
            {"id": private.id, "title": "Spreekuur", "organisation": "Huisartsenpraktijk Stadsdennen",
             "start": "2027-02-01T09:00:00+01:00", "end": "2027-02-01T10:00:00+01:00", "dates": 1},
            {"id": coming.id, "title": "Koffieochtend", "organisation": "Welzijn Harderwijk",
             "start": "2027-03-01T09:00:00+01:00", "end": "2027-03-01T10:00:00+01:00", "dates": 1}]}
    db.session.rollback()
    room = db.session.get(Room, site.zaal.id)
    assert room.active and room.capacity == 12
    # Once those are cancelled, it can go.
    for b in (private, coming):
        assert client.delete(f"/api/v1/bookings/{b.id}", headers=token_of(admin)).status_code == 200
    assert client.patch(f"/api/v1/rooms/{site.zaal.id}", json={"active": False},
                        headers=token_of(admin)).status_code == 200


def holds_of(booking_id):
    db.session.rollback()
    return [(o.blocked_until, [h.blocked_until for h in o.holds]) for o in db.session.scalars(
        select(Occurrence).where(Occurrence.booking_id == booking_id).order_by(Occurrence.starts_at))]


def test_raising_the_buffer_re_holds_the_dates_to_come(client, site, admin, member, token_of):
    first = book(member, site.zaal, local(2027, 3, 1, 9), local(2027, 3, 1, 10))
    second = book(member, site.zaal, local(2027, 3, 1, 11), local(2027, 3, 1, 12))
    resp = client.patch(f"/api/v1/rooms/{site.zaal.id}", json={"buffer_minutes": 60}, headers=token_of(admin))
    assert resp.status_code == 200
    for b, end in ((first, local(2027, 3, 1, 11)), (second, local(2027, 3, 1, 13))):
        assert holds_of(b.id) == [(end, [end])]
    # A new booking now keeps the new buffer from the old dates.
    resp = client.post("/api/v1/bookings", headers=token_of(member), json={
        "room_id": site.zaal.id, "title": "Te dichtbij", "start": "2027-03-01T12:30", "end": "2027-03-01T13:00"})
    assert resp.status_code == 409


def test_a_raise_that_would_make_existing_dates_clash_is_409(client, site, admin, member, token_of):
    first = book(member, site.zaal, local(2027, 3, 1, 9), local(2027, 3, 1, 10), "Eerste")
    second = book(member, site.zaal, local(2027, 3, 1, 10, 30), local(2027, 3, 1, 12), "Tweede")
    resp = client.patch(f"/api/v1/rooms/{site.zaal.id}", json={"buffer_minutes": 31}, headers=token_of(admin))
    assert resp.status_code == 409
    body = resp.get_json()
    assert body["error"] == "conflict"
    assert {c["booking_id"] for c in body["conflicts"]} == {first.id, second.id}
    db.session.rollback()
    assert db.session.get(Room, site.zaal.id).buffer_minutes == 0
    assert holds_of(first.id) == [(local(2027, 3, 1, 10), [local(2027, 3, 1, 10)])]
    # 30 minutes fit exactly.
    assert client.patch(f"/api/v1/rooms/{site.zaal.id}", json={"buffer_minutes": 30},
                        headers=token_of(admin)).status_code == 200


def test_lowering_the_buffer_frees_the_time_and_keeps_the_guarantee(client, site, admin, member, token_of):
    headers = token_of(admin)
    assert client.patch(f"/api/v1/rooms/{site.zaal.id}", json={"buffer_minutes": 120}, headers=headers).status_code == 200
    old = book(member, site.zaal, local(2027, 3, 1, 9), local(2027, 3, 1, 10))
    assert holds_of(old.id) == [(local(2027, 3, 1, 12), [local(2027, 3, 1, 12)])]
    assert client.patch(f"/api/v1/rooms/{site.zaal.id}", json={"buffer_minutes": 15}, headers=headers).status_code == 200
    assert holds_of(old.id) == [(local(2027, 3, 1, 10, 15), [local(2027, 3, 1, 10, 15)])]
    member_headers = token_of(member)
    near = {"room_id": site.zaal.id, "title": "Na", "start": "2027-03-01T10:10", "end": "2027-03-01T11:00"}
    assert client.post("/api/v1/bookings", json=near, headers=member_headers).status_code == 409
    after = {**near, "start": "2027-03-01T10:15"}
    assert client.post("/api/v1/bookings", json=after, headers=member_headers).status_code == 201
    db.session.rollback()
    holds = db.session.scalars(select(RoomHold).where(RoomHold.room_id == site.zaal.id)
                               .order_by(RoomHold.starts_at)).all()
    assert all(a.blocked_until <= b.starts_at for a, b in zip(holds, holds[1:]))


def test_a_past_date_keeps_its_buffer(client, site, admin, member, token_of):
    past = book(member, site.zaal, local(2026, 12, 1, 9), local(2026, 12, 1, 10), now=local(2026, 11, 1))
    assert client.patch(f"/api/v1/rooms/{site.zaal.id}", json={"buffer_minutes": 60},
                        headers=token_of(admin)).status_code == 200
    assert holds_of(past.id) == [(local(2026, 12, 1, 10), [local(2026, 12, 1, 10)])]
    assert timedelta(0) == holds_of(past.id)[0][0] - local(2026, 12, 1, 10)
