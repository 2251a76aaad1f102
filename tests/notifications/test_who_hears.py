"""Each kind of change tells exactly the expected people, in their language, with the expected .ics."""
from __future__ import annotations

from urllib.parse import urlsplit

from icalendar import Calendar

from booking.bookings.approvals import approve, reject
from booking.bookings.context import Context
from booking.extensions import db
from booking.feeds.data import uid
from booking.models import Booking, Room

from fixtures.clock import NOW

from .conftest import addressed, outbox_rows, user

WEEKLY = {"freq": "weekly", "count": 4}
PEOPLE = ["coordinator@welzijn.nl", "requester@welzijn.nl"]


def desk_context() -> Context:
    return Context(session=db.session, actor=user("desk@kiekmure.nl"), now=NOW)


def require_approval(room_id: int) -> None:
    db.session.get(Room, room_id).requires_approval = True
    db.session.commit()


def test_a_confirmed_booking_tells_the_requester_and_the_coordinators_in_their_language(book, mails):
    b = book()
    found = mails()
    assert addressed(found) == [("coordinator@welzijn.nl", "Reservering bevestigd: Taalcafé"),
                                ("requester@welzijn.nl", "Booking confirmed: Taalcafé")]
    for m in found:
        assert m.method == "REQUEST"
        assert m.calendar_part.get_param("method") == "REQUEST"
        (event,) = m.events
        assert str(event["UID"]) == uid(b["id"])
        assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
        assert event.decoded("DTSTART").isoformat() == "2027-02-01T10:00:00+01:00"
        assert str(event["STATUS"]) == "CONFIRMED"
    assert "Hello Member," in found[1].text and "Beste Member," in found[0].text


def test_the_uid_is_the_one_the_organisation_feed_gives(client, book, mails, team):
    b = book(recurrence=WEEKLY)
    mail = next(m for m in mails() if m.to == "requester@welzijn.nl")
    link = urlsplit(client.get("/api/v1/feeds", headers=team["requester_headers"]).get_json()["organisation"])
    feed = Calendar.from_ical(client.get(link.path).data)
    assert {str(e["UID"]) for e in mail.events} == {str(e["UID"]) for e in feed.walk("VEVENT")} == {uid(b["id"])}
    assert "RRULE" in mail.events[0]


def test_a_request_tells_the_front_desk_and_admins_and_its_decisions_only_the_organisation(book, mails, room):
    require_approval(room["id"])
    b = book()
    found = mails()
    assert addressed(found) == [
        ("admin@kiekmure.nl", "Nieuwe aanvraag om over te beslissen: Taalcafé"),
        ("coordinator@welzijn.nl", "Aanvraag ontvangen, wacht op goedkeuring: Taalcafé"),
        ("desk@kiekmure.nl", "Nieuwe aanvraag om over te beslissen: Taalcafé"),
        ("requester@welzijn.nl", "Request received, waiting for approval: Taalcafé")]
    assert {str(m.events[0]["STATUS"]) for m in found} == {"TENTATIVE"}
    assert {m.method for m in found} == {"REQUEST"}

    approve(desk_context(), b["id"], "Welkom")
    found = mails()
    assert addressed(found) == [("coordinator@welzijn.nl", "Aanvraag goedgekeurd: Taalcafé"),
                                ("requester@welzijn.nl", "Request approved: Taalcafé")]
    assert [(m.method, str(m.events[0]["STATUS"])) for m in found] == [("REQUEST", "CONFIRMED")] * 2
    assert "Welkom" in found[1].text


def test_a_rejection_cancels_the_request_in_the_calendar(book, mails, room):
    require_approval(room["id"])
    b = book(recurrence=WEEKLY)
    mails()
    reject(desk_context(), b["id"], "De zaal wordt geschilderd.")
    found = mails()
    assert addressed(found) == [("coordinator@welzijn.nl", "Aanvraag afgewezen: Taalcafé"),
                                ("requester@welzijn.nl", "Request rejected: Taalcafé")]
    for m in found:
        assert m.method == "CANCEL" and m.calendar_part.get_param("method") == "CANCEL"
        (event,) = m.events
        assert (str(event["UID"]), str(event["STATUS"])) == (uid(b["id"]), "CANCELLED")
        assert "RECURRENCE-ID" not in event
        assert "De zaal wordt geschilderd." in m.text


def test_moving_a_date_sends_the_changed_series(client, book, mails, team):
    b = book(recurrence=WEEKLY)
    mails()
    second = b["occurrences"][1]["id"]
    r = client.patch(f"/api/v1/bookings/{b['id']}/occurrences/{second}", headers=team["requester_headers"],
                     json={"start": "2027-02-08T14:00", "end": "2027-02-08T15:00"})
    assert r.status_code == 200, r.get_json()
    found = mails()
    assert addressed(found) == [("coordinator@welzijn.nl", "Reservering gewijzigd: Taalcafé"),
                                ("requester@welzijn.nl", "Booking changed: Taalcafé")]
    events = found[1].events
    assert found[1].method == "REQUEST"
    assert {str(e["UID"]) for e in events} == {uid(b["id"])}
    moved = next(e for e in events if "RECURRENCE-ID" in e)
    assert moved.decoded("RECURRENCE-ID").isoformat() == "2027-02-08T10:00:00+01:00"
    assert moved.decoded("DTSTART").isoformat() == "2027-02-08T14:00:00+01:00"
    assert "ma 8 feb 2027, 14:00" in found[0].text  # the moved date, in Dutch


def test_cancelling_one_date_cancels_that_date_only(client, book, mails, team):
    b = book(recurrence=WEEKLY)
    mails()
    third = b["occurrences"][2]["id"]
    r = client.delete(f"/api/v1/bookings/{b['id']}/occurrences/{third}", headers=team["requester_headers"])
    assert r.status_code == 200
    found = mails()
    assert addressed(found) == [("coordinator@welzijn.nl", "Reservering geannuleerd: Taalcafé"),
                                ("requester@welzijn.nl", "Booking cancelled: Taalcafé")]
    for m in found:
        assert m.method == "CANCEL"
        (event,) = m.events
        assert str(event["UID"]) == uid(b["id"])
        assert event.decoded("RECURRENCE-ID").isoformat() == "2027-02-15T10:00:00+01:00"
        assert event["RECURRENCE-ID"].params["TZID"] == "Europe/Amsterdam"
        assert str(event["STATUS"]) == "CANCELLED"


def test_cancelling_from_a_date_on_cancels_each_later_date(app, book, mails, team):
    from booking.bookings.series import cancel_from

    b = book(recurrence=WEEKLY)
    mails()
    ctx = Context(session=db.session, actor=user("requester@welzijn.nl"), now=NOW)
    cancel_from(ctx, b["id"], b["occurrences"][2]["id"], "Zomerstop")
    found = mails()
    assert [m.to for m in found] == PEOPLE
    starts = sorted(e.decoded("RECURRENCE-ID").isoformat() for e in found[1].events)
    assert starts == ["2027-02-15T10:00:00+01:00", "2027-02-22T10:00:00+01:00"]
    assert {str(e["STATUS"]) for e in found[1].events} == {"CANCELLED"}
    assert "Zomerstop" in found[1].text


def test_cancelling_a_booking_cancels_its_event(client, book, mails, team):
    b = book(recurrence=WEEKLY)
    mails()
    assert client.delete(f"/api/v1/bookings/{b['id']}", headers=team["requester_headers"]).status_code == 200
    found = mails()
    assert [m.to for m in found] == PEOPLE
    for m in found:
        assert m.method == "CANCEL"
        (event,) = m.events
        assert (str(event["UID"]), str(event["STATUS"])) == (uid(b["id"]), "CANCELLED")
        assert "RECURRENCE-ID" not in event and int(event["SEQUENCE"]) >= 1


def test_extending_a_series_tells_of_the_new_dates(client, book, mails, team):
    from booking.bookings.series import extend, extension_verdicts

    b = book(recurrence=WEEKLY)
    mails()
    ctx = Context(session=db.session, actor=user("requester@welzijn.nl"), now=NOW)
    period, _verdicts, _skipped = extension_verdicts(ctx, db.session.get(Booking, b["id"]))
    extend(ctx, b["id"], period)
    found = mails()
    assert addressed(found) == [("coordinator@welzijn.nl", "Reservering gewijzigd: Taalcafé"),
                                ("requester@welzijn.nl", "Booking changed: Taalcafé")]
    (event,) = found[1].events
    assert "RRULE" in event and event["RRULE"]["UNTIL"][0].date().isoformat() == "2027-03-15"
    assert "ma 8 mrt 2027, 10:00" in found[0].text and "ma 1 feb" not in found[0].text  # the new dates


def test_a_refused_or_conflicting_booking_writes_no_message(client, book, mails, team, room):
    book()
    before = len(outbox_rows())
    clash = client.post("/api/v1/bookings", headers=team["requester_headers"], json={
        "room_id": room["id"], "title": "Dubbel", "start": "2027-02-01T10:30", "end": "2027-02-01T11:30"})
    assert clash.status_code == 409
    refused = client.post("/api/v1/bookings", headers=team["requester_headers"], json={
        "room_id": room["id"], "title": "Nacht", "start": "2027-02-02T03:00", "end": "2027-02-02T04:00"})
    assert refused.status_code == 422
    other = client.delete("/api/v1/bookings/999999", headers=team["requester_headers"])
    assert other.status_code == 404
    assert len(outbox_rows()) == before


def test_a_conflict_the_database_refuses_rolls_back_the_messages(app, book, mails, team, room, monkeypatch):
    from booking.bookings import services
    from booking.bookings.services import BookingRequest, create_booking
    from datetime import datetime

    book()
    before = len(outbox_rows())
    # The service's own check sees nothing (as in a race); the database's guard refuses at the insert.
    monkeypatch.setattr(services, "add_clashes", lambda session, actor, room, verdicts: verdicts)
    ctx = Context(session=db.session, actor=user("requester@welzijn.nl"), now=NOW)
    try:
        create_booking(ctx, BookingRequest(room_id=room["id"], title="Race", start=datetime(2027, 2, 1, 10, 30),
                                           end=datetime(2027, 2, 1, 11, 30)))
    except Exception as exc:  # noqa: BLE001
        assert type(exc).__name__ == "BookingConflict"
    else:
        raise AssertionError("the database let a double booking in")
    db.session.rollback()
    assert len(outbox_rows()) == before
