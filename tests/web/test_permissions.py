"""Who may do what with a booking of Welzijn Harderwijk: every role against every action.

The booking is Anne's request for the Theaterzaal (it requires approval, so it is pending and can
be approved). Each case checks the status code and what the database holds afterwards.
"""
from __future__ import annotations

from urllib.parse import quote

import pytest
from sqlalchemy import select

from booking.extensions import db
from booking.models import Booking, Status

from .helpers import book, booking_form, form_post, local, logged_in, occurrences_of, page_text, utc_iso

ROLES = ["admin", "frontdesk", "owner", "other", "anonymous"]
ACTIONS = ["view", "create", "change", "cancel", "approve"]

# (status, whether it took effect: the page shows the booking, or the database changed).
# Every 302 for anonymous goes to the login page.
EXPECTED = {
    ("admin", "view"): (200, True), ("frontdesk", "view"): (200, True), ("owner", "view"): (200, True),
    ("other", "view"): (403, False), ("anonymous", "view"): (302, False),

    ("admin", "create"): (302, True), ("frontdesk", "create"): (302, True), ("owner", "create"): (302, True),
    # A member's form has no organisation field: what they send for it is ignored, they book for their own.
    ("other", "create"): (302, False), ("anonymous", "create"): (302, False),

    ("admin", "change"): (302, True), ("frontdesk", "change"): (302, True), ("owner", "change"): (302, True),
    ("other", "change"): (403, False), ("anonymous", "change"): (302, False),

    ("admin", "cancel"): (302, True), ("frontdesk", "cancel"): (302, True), ("owner", "cancel"): (302, True),
    ("other", "cancel"): (403, False), ("anonymous", "cancel"): (302, False),

    ("admin", "approve"): (302, True), ("frontdesk", "approve"): (302, True), ("owner", "approve"): (403, False),
    ("other", "approve"): (403, False), ("anonymous", "approve"): (302, False),
}


@pytest.fixture
def subject(site, member) -> Booking:
    """Anne's pending request: Theaterzaal, Monday 29 March 2027, 09:00-11:00."""
    booking = book(member, site.theater, local(2027, 3, 29, 9), local(2027, 3, 29, 11), "Buurtvoorstelling")
    assert booking.status == Status.PENDING
    return booking


def _act(client, action, booking, site, token_page):
    occ = occurrences_of(booking.id)[0]
    if action == "view":
        return f"/bookings/{booking.id}", client.get(f"/bookings/{booking.id}")
    if action == "create":
        url = "/bookings/new"
        data = booking_form(site.zaal, title="Nieuwe reservering", book="x", organisation_id=str(site.welzijn.id))
    elif action == "change":
        url = f"/bookings/{booking.id}/occurrences/{occ.id}/edit"
        data = {"scope": "one", "day": "2027-03-29", "start_time": "14:00", "end_time": "15:00",
                "room_id": str(site.theater.id)}
    elif action == "cancel":
        url = f"/bookings/{booking.id}/occurrences/{occ.id}/cancel"
        data = {"scope": "one", "reason": "Gaat niet door"}
    else:
        url = f"/frontdesk/approvals/{booking.id}"
        data = {"approve": "Goedkeuren"}
    return url, form_post(client, url, data, source=token_page)


def _took_effect(action, booking_id, site, resp) -> bool:
    occ = occurrences_of(booking_id)[0]
    db.session.rollback()
    if action == "view":
        return "Buurtvoorstelling" in page_text(resp)
    if action == "create":
        made = db.session.scalars(select(Booking).where(Booking.title == "Nieuwe reservering")).all()
        return any(b.organisation_id == site.welzijn.id for b in made)
    if action == "change":
        return utc_iso(occ.starts_at) == "2027-03-29T12:00"
    if action == "cancel":
        return occ.status == Status.CANCELLED and occ.cancel_reason == "Gaat niet door"
    return db.session.get(Booking, booking_id).status == Status.CONFIRMED


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, site, subject, admin, frontdesk, member, other_member, role, action):
    user = {"admin": admin, "frontdesk": frontdesk, "owner": member, "other": other_member}.get(role)
    if user is not None:
        logged_in(client, user)
    # The CSRF token of the session comes from any page the visitor may open.
    token_page = "/bookings/" if user is not None else "/login"

    url, resp = _act(client, action, subject, site, token_page)
    status, effect = EXPECTED[(role, action)]
    assert resp.status_code == status, resp.get_data(as_text=True)[:500]
    if role == "anonymous":
        assert resp.headers["Location"] == "/login?next=" + quote(url, safe="")
    assert _took_effect(action, subject.id, site, resp) is effect
    if (role, action) == ("other", "create"):
        made = db.session.scalars(select(Booking).where(Booking.title == "Nieuwe reservering")).one()
        assert made.organisation_id == site.huisarts.id
