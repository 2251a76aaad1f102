"""A private booking's title reaches its own organisation, the front desk and admins, nobody else."""
from __future__ import annotations

from booking.extensions import db
from booking.models import Organisation, Room
from booking.notifications.compose import Change, Person, envelopes

from .conftest import OTHER, addressed, user

SECRET = "Spreekuur diabetes"


def test_a_private_request_shows_its_title_to_staff_but_not_to_a_requester_now_elsewhere(client, book, mails, room,
                                                                                           team):
    db.session.get(Room, room["id"]).requires_approval = True
    db.session.commit()
    b = book(title=SECRET, visibility="private")
    found = mails()
    assert [m.to for m in found] == ["admin@kiekmure.nl", "coordinator@welzijn.nl", "desk@kiekmure.nl",
                                     "requester@welzijn.nl"]
    assert all(SECRET in m.subject for m in found)
    # The requester moves to another organisation; then their old organisation cancels the booking.
    requester = user("requester@welzijn.nl")
    requester.organisation = db.session.scalars(db.select(Organisation).where(Organisation.name == OTHER)).one()
    db.session.commit()
    assert client.delete(f"/api/v1/bookings/{b['id']}", headers=team["admin_headers"]).status_code == 200
    found = mails()
    assert addressed(found) == [("coordinator@welzijn.nl", f"Reservering geannuleerd: {SECRET}"),
                                ("requester@welzijn.nl", "Booking cancelled: Busy")]
    outside = found[1]
    assert SECRET.encode() not in outside.raw and SECRET not in outside.text
    assert SECRET not in outside.calendar.to_ical().decode()
    assert "SUMMARY:Busy" in outside.calendar.to_ical().decode()
    assert all("outsider@" not in m.to for m in found)


def test_the_reason_a_private_date_is_cancelled_is_not_told_to_a_requester_now_elsewhere(client, book, mails, team):
    b = book(title=SECRET, visibility="private")
    mails()
    requester = user("requester@welzijn.nl")
    requester.organisation = db.session.scalars(db.select(Organisation).where(Organisation.name == OTHER)).one()
    db.session.commit()
    date_id = b["occurrences"][0]["id"]
    resp = client.delete(f"/api/v1/bookings/{b['id']}/occurrences/{date_id}", json={"reason": "Dokter ziek"},
                         headers=team["admin_headers"])
    assert resp.status_code == 200
    found = mails()
    assert addressed(found) == [("coordinator@welzijn.nl", f"Reservering geannuleerd: {SECRET}"),
                                ("requester@welzijn.nl", "Booking cancelled: Busy")]
    assert "Reden: Dokter ziek" in found[0].text
    outside = found[1]
    assert b"Dokter ziek" not in outside.raw and "Dokter ziek" not in outside.text and "Reason" not in outside.text


def test_only_the_organisation_and_staff_see_a_private_title():
    change = Change(kind="confirmed", organisation_id=1, creator_id=10, private=True, new_request=True)
    people = [Person(10, "r@x", "R", "en", False, 2), Person(11, "c@x", "C", None, False, 1),
              Person(12, "d@x", "D", "nl", True, 3), Person(13, "o@x", "O", "nl", False, 2)]
    got = [(e.person.id, e.kind, e.language, e.sees_title, e.method) for e in envelopes(change, people)]
    assert got == [(10, "confirmed", "en", False, "REQUEST"), (11, "confirmed", "nl", True, "REQUEST"),
                   (12, "request", "nl", True, "REQUEST")]
