"""The audit trail screen (/admin/audit): administrators only, newest first, filtered; a fixed number of statements."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from booking.extensions import db
from booking.models import AuditEntry
from sqlcount import counting
from web.helpers import book, local, logged_in, rows


def test_permissions(client, app, site, admin, member, frontdesk):
    assert client.get("/admin/audit").status_code == 302
    assert logged_in(client, admin).get("/admin/audit").status_code == 200
    for user in (member, frontdesk):
        assert logged_in(app.test_client(), user).get("/admin/audit").status_code == 403


@pytest.fixture
def trail(site, admin, member):
    booking = book(member, site.zaal, local(2027, 3, 29, 9), local(2027, 3, 29, 11), "Koffieochtend")
    db.session.add_all([
        AuditEntry(at=datetime(2026, 11, 1, 9, tzinfo=UTC), actor_id=admin.id, action="room.update", subject_type="room",
                   subject_id=site.zaal.id, detail='{"new": {"capacity": 20}, "old": {"capacity": 12}}'),
        AuditEntry(at=datetime(2026, 11, 2, 9, tzinfo=UTC), actor_id=None, action="closure.create", subject_type="closure",
                   subject_id=7, detail='{"new": {"reason": "Pasen", "start": "2027-03-28T00:00:00+01:00"}}')])
    db.session.commit()
    return booking


def test_newest_first_with_old_and_new(client, admin, site, trail):
    listed = rows(logged_in(client, admin).get("/admin/audit"))
    assert [r[2] for r in listed] == ["booking.create", "closure.create", "room.update"]
    assert listed[0][1] == "anne@welzijn.example"  # booked at the real time (entries are stamped when written)
    assert listed[1][:2] == ["ma 2 nov 2026, 10:00", "het systeem"]
    assert listed[2][4:] == ["capacity: 12", "capacity: 20"]


@pytest.mark.parametrize("query, actions", [
    ("subject_type=room", ["room.update"]),
    ("subject_type=booking&subject_id={booking}", ["booking.create"]),
    ("subject_id=abc", []),
    ("subject_id=99999999999", []),
    ("actor=ANNE", ["booking.create"]),
    ("action=closure", ["closure.create"]),
    ("action=%25", []),
    ("first=2026-11-02&last=2026-11-02", ["closure.create"]),
    ("first=2026-11-03", ["booking.create"]),
    ("last=2026-11-01", ["room.update"]),
    ("first=nonsense&last=9999-99-99", ["booking.create", "closure.create", "room.update"]),
    ("actor=%00", ["booking.create", "closure.create", "room.update"]),
])
def test_filters(client, admin, site, trail, query, actions):
    resp = logged_in(client, admin).get("/admin/audit?" + query.format(booking=trail.id))
    assert resp.status_code == 200
    assert [r[2] for r in rows(resp)] == actions


def test_a_fixed_number_of_statements(client, admin, site):
    logged_in(client, admin)

    def add(n):
        db.session.add_all(AuditEntry(actor_id=admin.id if i % 2 else None, action="room.update", subject_type="room",
                                      subject_id=i, detail='{"old": {"capacity": 1}, "new": {"capacity": 2}}')
                           for i in range(n))
        db.session.commit()
    add(2)
    client.get("/admin/audit")
    with counting() as few:
        client.get("/admin/audit")
    add(198)
    with counting() as many:
        client.get("/admin/audit")
    assert len(few) == len(many) <= 7


def test_long_values_are_cut_short(client, admin, site):
    db.session.add(AuditEntry(actor_id=None, action="demo.seed", subject_type="demo", subject_id=None,
                              detail='{"rooms": "' + "x" * 1000 + '"}'))
    db.session.commit()
    [row] = rows(logged_in(client, admin).get("/admin/audit"))
    assert row[5] == "rooms: " + "x" * 293 + "…"
