"""The admin's room pages: permissions, adding and changing a room with each rule, deactivating it."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from booking.extensions import db
from booking.models import AuditEntry, Room, Status
from web.helpers import book, field_errors, form_post, local, logged_in, notices, occurrences_of, page_text, rows


def room_form(**overrides) -> dict:
    data = {"name": "Atelier", "capacity": "15", "facilities": "sink,  tables", "buffer_minutes": "10",
            "min_notice_minutes": "", "max_advance_days": "", "max_duration_minutes": ""}
    data.update(overrides)
    return data


def stored(room_id: int) -> Room:
    db.session.rollback()
    return db.session.get(Room, room_id)


@pytest.mark.parametrize("url", ["/admin/rooms", "/admin/rooms/new", "/admin/rooms/{id}"])
def test_permissions(client, app, site, admin, member, frontdesk, url):
    url = url.format(id=site.zaal.id)
    assert client.get(url).status_code == 302
    assert logged_in(client, admin).get(url).status_code == 200
    for user in (member, frontdesk):
        assert logged_in(app.test_client(), user).get(url).status_code == 403


def test_the_list_shows_every_room_active_first(client, site, admin):
    site.kamer.active = False
    db.session.commit()
    listed = rows(logged_in(client, admin).get("/admin/rooms"))
    assert [r[0] for r in listed] == ["Behandelkamer", "Theaterzaal", "Vergaderzaal", "Spreekkamer"]
    assert listed[-1][4] == "gedeactiveerd"


def test_add_a_room_with_its_rules(client, site, admin):
    logged_in(client, admin)
    resp = form_post(client, "/admin/rooms/new", room_form(
        building_id=str(site.building.id), requires_approval="y", allowed_kinds=["care", "welfare"],
        organisation_ids=[str(site.kiekmure.id)], min_notice_minutes="60", max_advance_days="365",
        max_duration_minutes="240"), follow_redirects=True)
    assert notices(resp) == ["Ruimte Atelier toegevoegd."]
    room = db.session.scalars(select(Room).where(Room.name == "Atelier")).one()
    assert (room.capacity, room.facilities, room.buffer_minutes, room.requires_approval, room.allowed_kinds) == (
        15, "sink, tables", 10, True, "care,welfare")
    assert [o.name for o in room.allowed_organisations] == ["De Kiekmure"]
    assert (room.min_notice_minutes, room.max_advance_days, room.max_duration_minutes) == (60, 365, 240)
    assert db.session.scalars(select(AuditEntry.action).where(AuditEntry.subject_id == room.id)).all() == [
        "room.create"]


@pytest.mark.parametrize("overrides, field, message", [
    ({"name": ""}, "name", "Dit veld is vereist."),
    ({"name": "Vergaderzaal"}, "name", "Deze naam is al in gebruik."),
    ({"capacity": "-1"}, "capacity", None),
    ({"capacity": "99999999999999999999"}, "capacity", None),
    ({"capacity": "twaalf"}, "capacity", None),
    ({"buffer_minutes": "1441"}, "buffer_minutes", None),
    ({"max_duration_minutes": "0"}, "max_duration_minutes", None),
    ({"allowed_kinds": ["aliens"]}, "allowed_kinds", None),
    ({"organisation_ids": ["424242"]}, "organisation_ids", None),
    ({"building_id": "424242"}, "building_id", None),
    ({"name": "Zaal\x07"}, "name", None),
])
def test_bad_input_writes_nothing(client, site, admin, overrides, field, message):
    logged_in(client, admin)
    data = room_form(**{"building_id": str(site.building.id), **overrides})
    resp = form_post(client, "/admin/rooms/new", data)
    assert resp.status_code == 200
    assert field_errors(resp, field), page_text(resp)
    if message:
        assert message in field_errors(resp, field)
    db.session.rollback()
    assert len(db.session.scalars(select(Room)).all()) == 4


def test_edit_each_field(client, site, admin):
    logged_in(client, admin)
    url = f"/admin/rooms/{site.zaal.id}"
    resp = form_post(client, url, room_form(name="Grote vergaderzaal", capacity="20", buffer_minutes="15",
                                            allowed_kinds=["care"], organisation_ids=[str(site.welzijn.id)],
                                            min_notice_minutes="30", max_advance_days="90",
                                            max_duration_minutes="120"), follow_redirects=True)
    assert notices(resp) == ["Ruimte Grote vergaderzaal opgeslagen."]
    room = stored(site.zaal.id)
    assert (room.name, room.capacity, room.buffer_minutes, room.facilities, room.requires_approval) == (
        "Grote vergaderzaal", 20, 15, "sink, tables", False)
    assert (room.allowed_kinds, [o.id for o in room.allowed_organisations]) == ("care", [site.welzijn.id])
    assert (room.min_notice_minutes, room.max_advance_days, room.max_duration_minutes) == (30, 90, 120)
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "room.update")).one()
    assert '"old": {"allowed_kinds": "", "buffer_minutes": 0, "capacity": 12' in entry.detail
    # The form shows what is stored; emptying the limits removes them.
    page = client.get(url).get_data(as_text=True)
    assert 'value="Grote vergaderzaal"' in page
    assert re.search(r'<input checked[^>]*value="care"', page) and not re.search(r'<input checked[^>]*value="other"', page)
    form_post(client, url, room_form(name="Grote vergaderzaal", capacity="20", buffer_minutes="15"))
    room = stored(site.zaal.id)
    assert (room.allowed_kinds, room.allowed_organisations, room.min_notice_minutes) == ("", [], None)


def test_a_buffer_that_would_bring_dates_too_close_is_refused_with_them(client, site, admin, member):
    book(member, site.zaal, local(2027, 3, 1, 9), local(2027, 3, 1, 10), "Eerste")
    book(member, site.zaal, local(2027, 3, 1, 10, 30), local(2027, 3, 1, 12), "Tweede")
    logged_in(client, admin)
    resp = form_post(client, f"/admin/rooms/{site.zaal.id}", room_form(name="Vergaderzaal", buffer_minutes="45"))
    assert resp.status_code == 200
    assert "dichtbij" in " ".join(field_errors(resp, "buffer_minutes"))
    assert "Eerste: ma 1 mrt 2027, 09:00–10:00" in page_text(resp)
    assert stored(site.zaal.id).buffer_minutes == 0 and stored(site.zaal.id).name == "Vergaderzaal"


def test_deactivating_a_room_with_bookings_to_come_lists_them(client, site, admin, member):
    coming = book(member, site.zaal, local(2027, 3, 1, 9), local(2027, 3, 1, 10), "Koffieochtend")
    logged_in(client, admin)
    url = f"/admin/rooms/{site.zaal.id}"
    resp = form_post(client, f"{url}/active", {"deactivate": "x"}, source=url)
    assert resp.status_code == 409
    assert "Koffieochtend · Welzijn Harderwijk · ma 1 mrt 2027, 09:00–10:00" in page_text(resp)
    assert stored(site.zaal.id).active
    from booking.bookings.context import Context
    from booking.bookings.services import cancel_booking
    from fixtures.clock import NOW
    cancel_booking(Context(session=db.session, actor=admin, now=NOW), coming.id, "Ruimte gaat dicht")
    assert occurrences_of(coming.id)[0].status == Status.CANCELLED
    resp = form_post(client, f"{url}/active", {"deactivate": "x"}, source=url, follow_redirects=True)
    assert notices(resp) == ["Ruimte Vergaderzaal is uitgeschakeld; de geschiedenis blijft bewaard."]
    assert not stored(site.zaal.id).active
    resp = form_post(client, f"{url}/active", {"reactivate": "x"}, source=url, follow_redirects=True)
    assert stored(site.zaal.id).active


def test_unknown_room_is_404(client, site, admin):
    logged_in(client, admin)
    assert client.get("/admin/rooms/424242").status_code == 404
    assert client.get("/admin/rooms/99999999999").status_code == 404
