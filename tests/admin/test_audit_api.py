"""GET /api/v1/audit?booking_id=ID (administrators): a booking's trail, oldest first, with old and new values."""
from __future__ import annotations

from datetime import timedelta

import pytest

from booking.extensions import db
from booking.models import AuditEntry
from web.helpers import book, local


@pytest.fixture
def history(client, site, admin, member, frontdesk, token_of):
    """Anne books the Theaterzaal (pending), the front desk approves, moves one date, marks it, cancels the other."""
    from booking.models import Occurrence
    from sqlalchemy import select
    from booking.domain.recurrence import Recurrence
    booking = book(member, site.theater, local(2027, 3, 22, 9), local(2027, 3, 22, 11), "Buurtvoorstelling",
                   recurrence=Recurrence(freq="weekly", count=2))
    staff = token_of(frontdesk)
    first, second = [o.id for o in db.session.scalars(select(Occurrence).where(Occurrence.booking_id == booking.id)
                                                      .order_by(Occurrence.starts_at))]
    from booking.bookings.approvals import approve
    from booking.bookings.context import Context
    from fixtures.clock import NOW
    approve(Context(session=db.session, actor=frontdesk, now=NOW + timedelta(minutes=1)), booking.id)
    assert client.patch(f"/api/v1/bookings/{booking.id}/occurrences/{second}", headers=staff,
                        json={"start": "2027-03-29T14:00", "end": "2027-03-29T16:00"}).status_code == 200
    assert client.put(f"/api/v1/bookings/{booking.id}/occurrences/{second}/attendance", headers=staff,
                      json={"attendance": "no_show"}).status_code == 200
    assert client.delete(f"/api/v1/bookings/{booking.id}/occurrences/{first}", headers=staff,
                         json={"reason": "Zaal lekt"}).status_code == 200
    return booking, first, second


def test_the_trail_of_a_booking_oldest_first(client, site, admin, member, frontdesk, token_of, history):
    booking, first, second = history
    resp = client.get(f"/api/v1/audit?booking_id={booking.id}", headers=token_of(admin))
    assert resp.status_code == 200
    entries = resp.get_json()["entries"]
    assert [(e["action"], e["actor"]) for e in entries] == [
        ("booking.create", "anne@welzijn.example"), ("booking.approve", "balie@kiekmure.example"),
        ("occurrence.move", "balie@kiekmure.example"), ("occurrence.attendance", "balie@kiekmure.example"),
        ("occurrence.cancel", "balie@kiekmure.example")]
    create, approve, move, mark, cancel = entries
    assert create["old"] is None
    assert create["new"] == {"room_id": site.theater.id, "occurrences": 2, "status": "pending"}
    assert (approve["old"], approve["new"]["status"]) == ({"status": "pending"}, "confirmed")
    assert move["old"] == {"occurrence_id": second, "start": "2027-03-29T09:00:00+02:00",
                           "end": "2027-03-29T11:00:00+02:00", "room_id": site.theater.id}
    assert move["new"] == {"occurrence_id": second, "start": "2027-03-29T14:00:00+02:00",
                           "end": "2027-03-29T16:00:00+02:00", "room_id": site.theater.id}
    assert (mark["old"], mark["new"]) == ({"occurrence_id": second, "attendance": None},
                                          {"occurrence_id": second, "attendance": "no_show"})
    assert cancel["new"] == {"occurrence_id": first, "reason": "Zaal lekt", "status": "cancelled"}
    assert all(e["at"].endswith("+01:00") for e in entries)  # 4 January 2027, winter time


def test_admin_changes_show_their_own_old_and_new(client, site, admin, member, token_of):
    """A closure over a date cancels it: the trail names the closure, times local."""
    booking = book(member, site.zaal, local(2027, 3, 29, 9), local(2027, 3, 29, 11), "Koffieochtend")
    from booking.admin.closures import ClosureRequest, add_closure
    from booking.bookings.context import Context
    from fixtures.clock import NOW
    from datetime import datetime
    occ_id = booking.occurrences[0].id
    outcome = add_closure(Context(session=db.session, actor=admin, now=NOW),
                          ClosureRequest(datetime(2027, 3, 29), datetime(2027, 3, 30), "Schilderwerk",
                                         site.building.id), frozenset({occ_id}))
    entries = client.get(f"/api/v1/audit?booking_id={booking.id}", headers=token_of(admin)).get_json()["entries"]
    assert entries[-1]["new"] == {"occurrence_id": occ_id, "reason": "Schilderwerk", "status": "cancelled",
                                  "closure_id": outcome.closure.id}


@pytest.mark.parametrize("query, status", [("", 422), ("?booking_id=x", 422), ("?booking_id=-1", 422),
                                           ("?booking_id=424242", 404), ("?booking_id=99999999999", 404)])
def test_bad_requests(client, site, admin, token_of, query, status):
    assert client.get(f"/api/v1/audit{query}", headers=token_of(admin)).status_code == status


@pytest.mark.parametrize("role", ["member", "frontdesk"])
def test_others_get_403(client, site, member, frontdesk, token_of, role):
    booking = book(member, site.zaal, local(2027, 3, 29, 9), local(2027, 3, 29, 11))
    resp = client.get(f"/api/v1/audit?booking_id={booking.id}", headers=token_of(member if role == "member"
                                                                                  else frontdesk))
    assert resp.status_code == 403
    assert resp.get_json()["message"] == "Only an administrator may read the audit trail."
    assert client.get(f"/api/v1/audit?booking_id={booking.id}").status_code == 401


def test_a_detail_that_is_no_json_object_does_not_break_the_trail(client, site, admin, member, token_of):
    booking = book(member, site.zaal, local(2027, 3, 29, 9), local(2027, 3, 29, 11))
    db.session.add(AuditEntry(actor_id=None, action="booking.note", subject_type="booking", subject_id=booking.id,
                              detail="not json"))
    db.session.commit()
    entries = client.get(f"/api/v1/audit?booking_id={booking.id}", headers=token_of(admin)).get_json()["entries"]
    assert entries[-1] == {"at": entries[-1]["at"], "actor": None, "action": "booking.note", "old": None,
                           "new": {"detail": "not json"}}
