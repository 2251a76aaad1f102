"""A series' status after each transition, through the API: one rule for every path."""
from __future__ import annotations

from booking.bookings.approvals import approve, reject
from booking.bookings.context import Context
from booking.extensions import db
from booking.models import Booking, Occurrence

from .helpers import NOW, set_room


def statuses(booking_id: int) -> tuple[str, list[str]]:
    db.session.rollback()
    booking = db.session.get(Booking, booking_id)
    return booking.status.value, [o.status.value for o in booking.occurrences]


def desk(people) -> Context:
    return Context(session=db.session, actor=people.user("frontdesk", org="De Kiekmure"), now=NOW)


WEEKLY = {"freq": "weekly", "count": 3}


def test_a_rejected_request_cancelled_later_stays_rejected(client, booked, member, room, people):
    set_room(room["id"], requires_approval=True)
    b = booked(member, room, "2027-02-01T10:00", "2027-02-01T11:00", recurrence=WEEKLY)
    reject(desk(people), b["id"], "De zaal is verhuurd.")
    r = client.delete(f"/api/v1/bookings/{b['id']}", headers=member)
    assert r.status_code == 200
    assert r.get_json()["status"] == "rejected"
    assert statuses(b["id"]) == ("rejected", ["rejected"] * 3)


def test_cancelling_every_date_one_by_one_ends_as_cancelling_the_series(client, booked, member, room):
    one = booked(member, room, "2027-02-01T10:00", "2027-02-01T11:00", recurrence=WEEKLY)
    whole = booked(member, room, "2027-03-01T10:00", "2027-03-01T11:00", recurrence=WEEKLY)
    for occ in one["occurrences"]:
        assert client.delete(f"/api/v1/bookings/{one['id']}/occurrences/{occ['id']}", headers=member).status_code == 200
    assert client.delete(f"/api/v1/bookings/{whole['id']}", headers=member).status_code == 200
    assert statuses(one["id"]) == statuses(whole["id"]) == ("cancelled", ["cancelled"] * 3)


def test_approving_confirms_and_a_refused_change_leaves_the_series_confirmed(client, booked, member, room,
                                                                          make_room, people):
    approval_room = make_room("Theaterzaal", 80)
    set_room(approval_room["id"], requires_approval=True)
    b = booked(member, room, "2027-02-01T10:00", "2027-02-01T11:00", recurrence=WEEKLY)
    second = b["occurrences"][1]["id"]
    moved = client.patch(f"/api/v1/bookings/{b['id']}/occurrences/{second}", headers=member,
                         json={"start": "2027-02-08T10:00", "end": "2027-02-08T11:00",
                               "room_id": approval_room["id"]})
    assert moved.status_code == 200
    assert moved.get_json()["status"] == "pending"
    reject(desk(people), b["id"], "De zaal is verhuurd.")
    assert statuses(b["id"]) == ("confirmed", ["confirmed", "rejected", "confirmed"])

    request = booked(member, approval_room, "2027-03-01T10:00", "2027-03-01T11:00")
    assert statuses(request["id"]) == ("pending", ["pending"])
    approve(desk(people), request["id"])
    assert statuses(request["id"]) == ("confirmed", ["confirmed"])


def test_cancelling_a_series_with_dates_behind_it_keeps_them_as_history(app, client, booked, member, room):
    b = booked(member, room, "2027-02-01T10:00", "2027-02-01T11:00", recurrence=WEEKLY)
    app.config["NOW"] = NOW.replace(month=2, day=10)
    try:
        r = client.delete(f"/api/v1/bookings/{b['id']}", headers=member)
    finally:
        app.config["NOW"] = NOW
    assert r.status_code == 200
    assert statuses(b["id"]) == ("cancelled", ["confirmed", "confirmed", "cancelled"])
    assert db.session.query(Occurrence).filter_by(booking_id=b["id"], status="confirmed").count() == 2
