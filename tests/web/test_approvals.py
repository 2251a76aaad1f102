"""Rooms that require approval: the request holds its slot, the front desk approves or rejects it."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from booking.domain.errors import BookingConflict
from booking.domain.recurrence import Recurrence
from booking.extensions import db
from booking.models import Booking, RoomHold, Status

from .helpers import (AMS, book, booking_form, counts, local, form_errors, form_post, heading, logged_in, notices, occurrences_of,
                      page_text, rows)

QUEUE = "/frontdesk/approvals"


@pytest.fixture
def request_id(client, site, member) -> int:
    """Anne (Welzijn) asks for the Theaterzaal on Monday 29 March 2027, 09:00-11:00, through the page."""
    logged_in(client, member)
    resp = form_post(client, "/bookings/new", booking_form(site.theater, title="Buurtvoorstelling", book="x"))
    assert resp.status_code == 302
    db.session.rollback()
    booking = db.session.scalars(select(Booking)).one()
    assert resp.headers["Location"] == f"/bookings/{booking.id}"
    return booking.id


@pytest.fixture
def desk(app, frontdesk):
    """A second client, logged in as the front desk."""
    return logged_in(app.test_client(), frontdesk)


def decide(client, booking_id, **data):
    return form_post(client, f"{QUEUE}/{booking_id}", data, source=QUEUE)


def test_request_is_pending_and_holds_its_slot(client, app, site, request_id, other_member):
    booking = db.session.get(Booking, request_id)
    assert booking.status == Status.PENDING
    [occ] = occurrences_of(request_id)
    assert occ.status == Status.PENDING
    assert len(occ.holds) == 1
    page = client.get(f"/bookings/{request_id}")
    assert "Je aanvraag wacht op goedkeuring door de balie. We houden de data voor je vast." in notices(page)
    assert "Status wacht op goedkeuring" in page_text(page)

    bart = logged_in(app.test_client(), other_member)
    before = counts()
    resp = form_post(bart, "/bookings/new", booking_form(site.theater, title="Griepprik", book="x"))
    assert resp.status_code == 200
    assert form_errors(resp) == ["Niet alle data zijn vrij. Kies hieronder wat je wilt doen."]
    assert rows(resp) == [["ma 29 mrt 2027, 09:00–11:00",
                           "botst met Buurtvoorstelling (ma 29 mrt 2027, 09:00–11:00)"]]
    assert counts() == before


def test_front_desk_queue_lists_the_request(desk, request_id):
    resp = desk.get(QUEUE)
    assert resp.status_code == 200
    assert heading(resp) == "Aanvragen om goed te keuren"
    text = page_text(resp)
    assert "Buurtvoorstelling Welzijn Harderwijk · Theaterzaal · Anne de Vries ma 29 mrt 2027, 09:00–11:00" in text
    html = resp.get_data(as_text=True)
    assert f'action="{QUEUE}/{request_id}"' in html
    assert 'name="approve"' in html and 'name="reject"' in html


def test_approve_confirms_the_request(client, desk, request_id, frontdesk):
    resp = decide(desk, request_id, approve="Goedkeuren")
    assert resp.status_code == 302
    assert resp.headers["Location"] == QUEUE
    queue = desk.get(QUEUE)
    assert "Goedgekeurd: Buurtvoorstelling." in notices(queue)
    assert "Er wachten geen aanvragen." in page_text(queue)
    db.session.rollback()
    booking = db.session.get(Booking, request_id)
    assert (booking.status, booking.decided_by_id) == (Status.CONFIRMED, frontdesk.id)
    assert [o.status for o in occurrences_of(request_id)] == [Status.CONFIRMED]
    assert len(db.session.scalars(select(RoomHold)).all()) == 1
    assert rows(client.get("/bookings/"))[0][3] == "bevestigd"

    resp = decide(desk, request_id, reject="Afwijzen", reason="Toch niet")
    assert resp.status_code == 302
    assert "Over deze aanvraag is al beslist." in notices(desk.get(QUEUE))
    db.session.rollback()
    assert db.session.get(Booking, request_id).status == Status.CONFIRMED


def test_reject_needs_a_reason(desk, request_id):
    resp = decide(desk, request_id, reject="Afwijzen", reason="   ")
    assert resp.status_code == 302
    page = desk.get(QUEUE)
    assert "Geef een reden, dan weet de aanvrager waarom." in notices(page)
    assert "Buurtvoorstelling" in page_text(page)
    db.session.rollback()
    assert db.session.get(Booking, request_id).status == Status.PENDING
    assert [o.status for o in occurrences_of(request_id)] == [Status.PENDING]


def test_reject_with_a_reason_frees_the_slot_and_tells_the_requester(client, desk, request_id):
    resp = decide(desk, request_id, reject="Afwijzen", reason="Zaal is in onderhoud")
    assert resp.status_code == 302
    assert "Afgewezen: Buurtvoorstelling. De aanvrager ziet je reden." in notices(desk.get(QUEUE))
    db.session.rollback()
    booking = db.session.get(Booking, request_id)
    assert (booking.status, booking.decision_note) == (Status.REJECTED, "Zaal is in onderhoud")
    assert [o.status for o in occurrences_of(request_id)] == [Status.REJECTED]
    assert db.session.scalars(select(RoomHold)).all() == []

    mine = client.get("/bookings/")
    assert rows(mine) == [["ma 29 mrt 2027, 09:00–11:00", "Theaterzaal", "Buurtvoorstelling",
                           "afgewezen: Zaal is in onderhoud"]]
    detail = client.get(f"/bookings/{request_id}")
    assert "Status afgewezen Opmerking van de balie Zaal is in onderhoud" in page_text(detail)
    assert rows(detail)[0][:3] == ["ma 29 mrt 2027, 09:00–11:00", "Theaterzaal", "afgewezen"]


def test_member_cannot_open_the_queue_or_decide(client, request_id):
    resp = client.get(QUEUE)
    assert resp.status_code == 403
    assert heading(resp) == "Niet toegestaan"
    resp = form_post(client, f"{QUEUE}/{request_id}", {"approve": "Goedkeuren"}, source="/bookings/")
    assert resp.status_code == 403
    db.session.rollback()
    assert db.session.get(Booking, request_id).status == Status.PENDING


def test_staff_booking_in_an_approval_room_is_confirmed_at_once(desk, site):
    resp = form_post(desk, "/bookings/new", booking_form(site.theater, title="Voorstelling", book="x",
                                                         organisation_id=str(site.kiekmure.id)))
    assert resp.status_code == 302
    db.session.rollback()
    assert db.session.scalars(select(Booking)).one().status == Status.CONFIRMED


def test_a_member_moving_a_date_into_an_approval_room_asks_the_front_desk(client, desk, site, member,
                                                                           other_member):
    """The moved date waits (holding the Theaterzaal); the series shows in the queue until decided."""
    series = book(member, site.zaal, local(2027, 3, 29, 9), local(2027, 3, 29, 11), title="Taalcafé",
                  recurrence=Recurrence(freq="weekly", count=3))
    first, second, _third = occurrences_of(series.id)
    logged_in(client, member)
    for occ in (first, second):
        resp = form_post(client, f"/bookings/{series.id}/occurrences/{occ.id}/edit",
                         {"scope": "one", "day": occ.starts_at.astimezone(AMS).date().isoformat(),
                          "start_time": "09:00", "end_time": "11:00", "room_id": str(site.theater.id)},
                         source=f"/bookings/{series.id}/occurrences/{occ.id}/edit")
        assert resp.status_code == 302
    statuses = [o.status for o in occurrences_of(series.id)]
    assert statuses == [Status.PENDING, Status.PENDING, Status.CONFIRMED]
    assert db.session.get(Booking, series.id).status == Status.PENDING
    assert "Taalcafé" in page_text(desk.get(QUEUE))
    # The waiting date already holds the Theaterzaal.
    with pytest.raises(BookingConflict):
        book(other_member, site.theater, local(2027, 3, 29, 10), local(2027, 3, 29, 12), title="Griepprik")

    assert decide(desk, series.id, reason="De zaal is die week nodig.", reject="x").status_code == 302
    statuses = [o.status for o in occurrences_of(series.id)]
    assert statuses == [Status.REJECTED, Status.REJECTED, Status.CONFIRMED]
    # One rejected change does not reject the series; the slots are free at once.
    assert db.session.get(Booking, series.id).status == Status.CONFIRMED
    assert "Er wachten geen aanvragen." in page_text(desk.get(QUEUE))
    assert book(other_member, site.theater, local(2027, 3, 29, 10), local(2027, 3, 29, 12),
                title="Griepprik").status == Status.PENDING



def test_a_post_with_neither_button_decides_nothing(desk, request_id):
    resp = decide(desk, request_id, reason="vol")
    assert resp.status_code == 302
    assert "Kies Goedkeuren of Afwijzen." in notices(desk.get(QUEUE))
    assert db.session.get(Booking, request_id).status == Status.PENDING


def test_rejecting_a_request_costs_the_same_statements_for_2_dates_or_30(app, site, member, frontdesk):
    """The refused dates' holds go in one DELETE, not a read and a delete per date."""
    from flask import current_app

    from booking.bookings.approvals import reject
    from booking.bookings.context import Context
    from sqlcount import counting

    counts = []
    for weeks, hour in ((2, 9), (30, 13)):
        request = book(member, site.theater, local(2027, 3, 29, hour), local(2027, 3, 29, hour + 2), "Cursus",
                       recurrence=Recurrence(freq="weekly", count=weeks))
        booking_id = request.id
        db.session.expire_all()  # as a new request finds it: nothing loaded yet
        with counting() as n:
            reject(Context(session=db.session, actor=frontdesk, now=current_app.config["NOW"]), booking_id, "Vol")
        counts.append(len([s for s in n.seen if not s.lstrip().upper().startswith(("BEGIN", "COMMIT"))]))
        refused = occurrences_of(booking_id)
        assert len(refused) == weeks and {o.status for o in refused} == {Status.REJECTED}
    assert counts[0] == counts[1], counts
    assert db.session.scalar(select(func.count()).select_from(RoomHold)) == 0  # both requests' slots are free
