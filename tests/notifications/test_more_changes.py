"""Moving dates from one on, a move that needs approval, and the cost of telling many people."""
from __future__ import annotations

from datetime import time

from booking.bookings.context import Context
from booking.bookings.series import move_from
from booking.extensions import db
from booking.feeds.data import uid
from booking.models import Room

from fixtures.clock import NOW
from sqlcount import counting

from .conftest import ORG, addressed, notices, outbox_rows, user

WEEKLY = {"freq": "weekly", "count": 4}


def test_moving_dates_from_one_on_sends_the_new_times(book, mails):
    b = book(recurrence=WEEKLY)
    mails()
    ctx = Context(session=db.session, actor=user("requester@welzijn.nl"), now=NOW)
    move_from(ctx, b["id"], b["occurrences"][2]["id"], time(14, 0), time(15, 0))
    found = mails()
    assert addressed(found) == [("coordinator@welzijn.nl", "Reservering gewijzigd: Taalcafé"),
                                ("requester@welzijn.nl", "Booking changed: Taalcafé")]
    events = found[1].events
    assert {str(e["UID"]) for e in events} == {uid(b["id"])}
    assert sorted(e.decoded("DTSTART").isoformat() for e in events if "RECURRENCE-ID" in e) == [
        "2027-02-15T14:00:00+01:00", "2027-02-22T14:00:00+01:00"]
    assert "Dates of the booking below were moved to new times." in found[1].text


def test_a_move_into_a_room_that_needs_approval_asks_the_front_desk(client, book, mails, make_room, team):
    hall = make_room("Theaterzaal", 80)
    db.session.get(Room, hall["id"]).requires_approval = True
    db.session.commit()
    b = book(recurrence=WEEKLY)
    mails()
    second = b["occurrences"][1]["id"]
    r = client.patch(f"/api/v1/bookings/{b['id']}/occurrences/{second}", headers=team["requester_headers"],
                     json={"start": "2027-02-08T10:00", "end": "2027-02-08T11:00", "room_id": hall["id"]})
    assert r.status_code == 200, r.get_json()
    found = mails()
    assert [(m.to, m.subject.split(":")[0]) for m in found] == [
        ("admin@kiekmure.nl", "Nieuwe aanvraag om over te beslissen"), ("coordinator@welzijn.nl", "Reservering gewijzigd"),
        ("desk@kiekmure.nl", "Nieuwe aanvraag om over te beslissen"), ("requester@welzijn.nl", "Booking changed")]


def test_telling_many_people_costs_what_telling_two_does(client, book, people, room, team):
    def cost(day: str) -> int:
        with counting() as seen:
            book(start=f"2027-02-{day}T10:00", end=f"2027-02-{day}T11:00")
        return len([s for s in seen.seen if not s.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK"))])

    book(start="2027-02-01T08:00", end="2027-02-01T09:00")  # the token's first use is noted: not counted
    few = cost("02")
    for i in range(8):
        people.user("member", org=ORG, email=f"colleague{i}@welzijn.nl")
    many = cost("03")
    assert few == many


def test_each_recipient_is_greeted_by_name_in_a_letter_written_once_per_language(book, mails, people):
    user("coordinator@welzijn.nl").name = "Ann & <Bob>"
    people.user("member", org=ORG, email="colleague@welzijn.nl").name = "Carla"
    db.session.commit()
    book()
    found = {m.to: m for m in mails()}
    assert "Beste Ann & <Bob>," in found["coordinator@welzijn.nl"].text
    html = found["coordinator@welzijn.nl"].message.get_body(("html",)).get_content()
    assert "Beste Ann &amp; &lt;Bob&gt;," in html
    assert "Beste Carla," in found["colleague@welzijn.nl"].text
    assert "Hello Member," in found["requester@welzijn.nl"].text
    assert all("\x00" not in m.text for m in found.values())


def test_the_booking_writes_one_notice_and_its_letters_are_written_after_the_commit(app, book, send):
    b = book()
    (notice,) = notices()
    assert (notice.booking_id, notice.kind, notice.date_ids, notice.drafted_at) == (b["id"], "created", None, None)
    assert outbox_rows() == []  # no letter was composed under the room lock
    assert send().taken == 2
    assert [(r.recipient, r.booking_id) for r in outbox_rows()] == [("requester@welzijn.nl", b["id"]),
                                                                     ("coordinator@welzijn.nl", b["id"])]
    assert notices()[0].drafted_at == NOW


def test_the_link_in_a_letter_is_the_address_the_change_came_in_on(app, client, team, room, mails):
    r = client.post("/api/v1/bookings", headers=team["requester_headers"], base_url="https://balie.example.nl/",
                    json={"room_id": room["id"], "title": "Taalcafé", "start": "2027-02-01T10:00",
                          "end": "2027-02-01T11:00"})
    assert r.status_code == 201, r.get_json()
    found = mails()  # sent from no request at all, as the worker and the thread do
    assert f"https://balie.example.nl/bookings/{r.get_json()['id']}" in found[1].text
    app.config["PUBLIC_URL"] = "https://reserveren.kiekmure.nl"
    b = client.delete(f"/api/v1/bookings/{r.get_json()['id']}", headers=team["requester_headers"])
    assert b.status_code == 200
    assert f"https://reserveren.kiekmure.nl/bookings/{r.get_json()['id']}" in mails()[1].text


def test_a_notice_that_cannot_be_written_keeps_its_error_and_the_others_go_out(app, book, mails, monkeypatch):
    import booking.notifications.drafting as drafting

    first, second = book(), book(start="2027-02-02T10:00", end="2027-02-02T11:00")
    real = drafting.compose_messages

    def failing(notice, booking, *args):
        if booking.id == first["id"]:
            raise RuntimeError("template missing")
        return real(notice, booking, *args)

    monkeypatch.setattr(drafting, "compose_messages", failing)
    found = mails()
    assert {m.to for m in found} == {"requester@welzijn.nl", "coordinator@welzijn.nl"}
    assert {r.booking_id for r in outbox_rows()} == {second["id"]}
    assert [(n.booking_id, n.drafted_at, n.last_error) for n in notices()] == [
        (first["id"], NOW, "RuntimeError: template missing"), (second["id"], NOW, None)]


def test_a_date_given_its_own_title_is_told_as_a_change(client, book, mails, team):
    b = book(recurrence=WEEKLY)
    mails()
    second = b["occurrences"][1]["id"]
    r = client.patch(f"/api/v1/bookings/{b['id']}/occurrences/{second}", headers=team["requester_headers"],
                     json={"title": "Taalcafé met muziek"})
    assert r.status_code == 200, r.get_json()
    found = mails()
    assert addressed(found) == [("coordinator@welzijn.nl", "Reservering gewijzigd: Taalcafé"),
                                ("requester@welzijn.nl", "Booking changed: Taalcafé")]
    assert "A date of the booking below got a title of its own." in found[1].text
    assert "ma 8 feb 2027, 10:00" in found[0].text  # the date it is about
    (event,) = [e for e in found[1].events if "RECURRENCE-ID" in e]
    assert str(event["SUMMARY"]) == "Taalcafé met muziek"
    # The same title again changes nothing and tells nobody.
    client.patch(f"/api/v1/bookings/{b['id']}/occurrences/{second}", headers=team["requester_headers"],
                 json={"title": "Taalcafé met muziek"})
    assert mails() == []
