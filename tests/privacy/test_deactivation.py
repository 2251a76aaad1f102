"""Deactivating buildings and rooms never deletes history: refused, with the list, while bookings are to come;
a deactivated building leaves the booking forms, the day page's picker, the agenda and the lobby, but stays in
the reports; a part of a combined room cannot go while the combination can still be booked."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from booking.bookings.context import Context
from booking.bookings.services import cancel_booking
from booking.extensions import db
from booking.models import AuditEntry, Building, Room
from web.helpers import book, form_post, local, logged_in, notices, page_text

BEFORE = datetime(2026, 11, 2, 9, tzinfo=UTC)  # when the past bookings were made


def active(model, record_id: int) -> bool:
    db.session.rollback()
    return db.session.get(model, record_id).active


def deactivate_building(client, building):
    return form_post(client, f"/admin/buildings/{building.id}/active", {"deactivate": "x"},
                     source=f"/admin/buildings/{building.id}")


def test_a_building_with_bookings_to_come_is_refused_with_the_list_then_deactivated(
        app, client, site, admin, member, token_of):
    headers = token_of(admin)
    book(member, site.zaal, local(2026, 12, 7, 10), local(2026, 12, 7, 12), "Koffieochtend", visibility="public",
         now=BEFORE)
    coming = book(member, site.kamer, local(2027, 2, 1, 10), local(2027, 2, 1, 12), "Taalcafé",
                  visibility="public")
    report = "/api/v1/reports/occupancy?start=2026-12-01&end=2026-12-31"
    hours_before = client.get(report, headers=headers).get_json()
    logged_in(client, admin)

    resp = deactivate_building(client, site.building)
    assert resp.status_code == 409
    text = page_text(resp)
    assert "Dit gebouw heeft nog komende reserveringen; annuleer of verplaats die eerst." in text
    assert "Taalcafé · Welzijn Harderwijk · ma 1 feb 2027" in text and "Koffieochtend" not in text
    assert active(Building, site.building.id) and active(Room, site.kamer.id)

    cancel_booking(Context(session=db.session, actor=admin, now=datetime(2027, 1, 4, 8, tzinfo=UTC)), coming.id)
    resp = deactivate_building(client, site.building)
    assert resp.status_code == 302
    assert notices(client.get("/admin/buildings")) == [
        "Gebouw De Kiekmure is gedeactiveerd met zijn ruimtes; de geschiedenis blijft."]
    assert not active(Building, site.building.id)
    assert [r.active for r in db.session.scalars(select(Room))] == [False] * 4
    # Gone from the booking form and the agenda; the reports still count its hours.
    assert "Vergaderzaal" not in page_text(logged_in(app.test_client(), member).get("/bookings/new"))
    assert client.get("/api/v1/agenda?start=2026-12-01&end=2026-12-31").get_json()["events"] == []
    # (rooms no longer in use are listed only where they have hours, as the report always did)
    hours_after = client.get(report, headers=headers).get_json()
    assert hours_after["organisations"] == hours_before["organisations"]
    assert hours_after["rooms"] == [r for r in hours_before["rooms"] if r["name"] == "Vergaderzaal"]
    assert hours_after["rooms"][0]["booked_hours"] == 2.0


def test_the_day_picker_leaves_a_deactivated_building_out(client, site, admin):
    other = Building(name="Het Anker", timezone="Europe/Amsterdam")
    db.session.add_all([other, Room(building=other, name="Kantine", capacity=20)])
    db.session.commit()
    logged_in(client, admin)
    assert ">Het Anker</option>" in client.get("/frontdesk/day?date=2027-01-05").get_data(as_text=True)
    assert deactivate_building(client, other).status_code == 302
    client.get("/admin/buildings")  # shows the message
    html = client.get("/frontdesk/day?date=2027-01-05").get_data(as_text=True)
    assert "Het Anker" not in html and "Vergaderzaal" in html
    # Its past days can still be looked up by its number.
    assert client.get(f"/frontdesk/day?date=2027-01-05&building_id={other.id}").status_code == 200


def test_reactivating_brings_back_the_rooms_it_took_down(client, site, admin, token_of):
    headers = token_of(admin)
    assert client.patch(f"/api/v1/rooms/{site.behandel.id}", json={"active": False}, headers=headers).status_code == 200
    logged_in(client, admin)
    deactivate_building(client, site.building)
    # A room of a deactivated building does not come back on its own.
    resp = client.patch(f"/api/v1/rooms/{site.zaal.id}", json={"active": True}, headers=headers)
    assert resp.status_code == 422 and resp.get_json()["message"] == (
        "The building of this room is deactivated; reactivate the building first.")
    resp = form_post(client, f"/admin/buildings/{site.building.id}/active", {"reactivate": "x"},
                     source=f"/admin/buildings/{site.building.id}", follow_redirects=True)
    assert notices(resp) == ["Gebouw De Kiekmure is weer in gebruik."]
    assert [(r.name, r.active) for r in db.session.scalars(select(Room).order_by(Room.id))] == [
        ("Vergaderzaal", True), ("Spreekkamer", True), ("Theaterzaal", True), ("Behandelkamer", False)]
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.subject_type == "building")).all()
    assert actions == ["building.deactivate", "building.activate"]


def test_only_administrators_deactivate_buildings(app, site, member, frontdesk):
    for user in (member, frontdesk):
        client = logged_in(app.test_client(), user)
        resp = form_post(client, f"/admin/buildings/{site.building.id}/active", {"deactivate": "x"}, source="/account")
        assert resp.status_code == 403
    assert active(Building, site.building.id)


def combined(site) -> Room:
    hall = Room(building=site.building, name="Grote zaal", capacity=20, parts=[site.zaal, site.kamer])
    db.session.add(hall)
    db.session.commit()
    return hall


def test_a_part_of_a_bookable_combination_is_refused_with_the_combination(client, site, admin, member, token_of):
    hall = combined(site)
    headers = token_of(admin)
    logged_in(client, admin)
    resp = form_post(client, f"/admin/rooms/{site.zaal.id}/active", {"deactivate": "x"},
                     source=f"/admin/rooms/{site.zaal.id}")
    assert resp.status_code == 409
    assert ("Deze ruimte is onderdeel van gecombineerde ruimtes die nog te boeken zijn; deactiveer die eerst. "
            "Grote zaal") in page_text(resp)
    resp = client.patch(f"/api/v1/rooms/{site.zaal.id}", json={"active": False}, headers=headers)
    assert resp.status_code == 409 and resp.get_json()["combinations"] == [{"id": hall.id, "name": "Grote zaal"}]
    assert active(Room, site.zaal.id)

    # The combination has a booking to come: it goes first, then the combination, then the part.
    booking = book(member, hall, local(2027, 2, 1, 10), local(2027, 2, 1, 12), "Buurtfeest")
    resp = client.patch(f"/api/v1/rooms/{hall.id}", json={"active": False}, headers=headers)
    assert resp.status_code == 409 and [b["title"] for b in resp.get_json()["bookings"]] == ["Buurtfeest"]
    cancel_booking(Context(session=db.session, actor=admin, now=datetime(2027, 1, 4, 8, tzinfo=UTC)), booking.id)
    assert client.patch(f"/api/v1/rooms/{hall.id}", json={"active": False}, headers=headers).status_code == 200
    assert client.patch(f"/api/v1/rooms/{site.zaal.id}", json={"active": False}, headers=headers).status_code == 200
    # A combination comes back only with all its parts.
    resp = client.patch(f"/api/v1/rooms/{hall.id}", json={"active": True}, headers=headers)
    assert resp.status_code == 422 and resp.get_json()["message"] == "Reactivate its parts first: Vergaderzaal."
    resp = form_post(client, f"/admin/rooms/{hall.id}/active", {"reactivate": "x"}, source=f"/admin/rooms/{hall.id}",
                     follow_redirects=True)
    assert "Activeer eerst de onderdelen: Vergaderzaal." in page_text(resp)
    assert not active(Room, hall.id)
