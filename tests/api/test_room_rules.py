"""Per-room rules: minimum notice, how far ahead, longest booking, and who is bound by them.

NOW is Monday 4 January 2027, 09:00 in Harderwijk (08:00 UTC).
"""
from __future__ import annotations

import pytest

from booking.extensions import db
from booking.models import Room

from .helpers import counts


@pytest.fixture
def ruled_room(make_room):
    """A room with rules: two days' notice, at most 30 days ahead, at most two hours."""
    body = make_room("Spreekkamer", 4)
    room = db.session.get(Room, body["id"])
    room.min_notice_minutes, room.max_advance_days, room.max_duration_minutes = 2 * 24 * 60, 30, 120
    db.session.commit()
    return body


def refused(resp, rule: str, message: str) -> None:
    assert resp.status_code == 422, resp.get_json()
    body = resp.get_json()
    assert (body["error"], body["rule"], body["message"]) == ("invalid", rule, message)


def test_too_short_notice_is_refused_for_a_member(book, member, ruled_room):
    before = counts()
    refused(book(member, ruled_room, "2027-01-05T10:00", "2027-01-05T11:00"), "notice",
            "This room must be booked at least 2880 minutes in advance.")
    assert counts() == before
    assert book(member, ruled_room, "2027-01-06T09:00", "2027-01-06T10:00").status_code == 201


def test_too_far_ahead_is_refused_for_a_member(book, member, ruled_room):
    refused(book(member, ruled_room, "2027-02-04T10:00", "2027-02-04T11:00"), "horizon",
            "This room can be booked at most 30 days ahead.")
    assert book(member, ruled_room, "2027-02-03T08:00", "2027-02-03T09:00").status_code == 201


def test_a_series_reaching_beyond_the_horizon_is_refused_whole(book, member, ruled_room):
    before = counts()
    r = book(member, ruled_room, "2027-01-11T10:00", "2027-01-11T11:00",
             recurrence={"freq": "weekly", "count": 6})  # 11 Jan .. 15 Feb: the last two are too far
    refused(r, "horizon", "This room can be booked at most 30 days ahead.")
    assert [o["start"] for o in r.get_json()["occurrences"]] == ["2027-02-08T10:00:00+01:00",
                                                                 "2027-02-15T10:00:00+01:00"]
    assert counts() == before


def test_longer_than_the_longest_booking_is_refused_for_everyone(book, member, frontdesk, ruled_room):
    message = "This room may be booked for at most 120 minutes at a time."
    refused(book(member, ruled_room, "2027-01-11T10:00", "2027-01-11T12:01"), "too_long", message)
    refused(book(frontdesk, ruled_room, "2027-01-11T10:00", "2027-01-11T12:01"), "too_long", message)
    assert book(member, ruled_room, "2027-01-11T10:00", "2027-01-11T12:00").status_code == 201


def test_the_past_is_refused_for_a_member(book, member, room):
    refused(book(member, room, "2027-01-04T08:30", "2027-01-04T09:30"), "in_past", "This time has already begun.")


@pytest.mark.parametrize("role", ["frontdesk", "admin"])
def test_staff_are_not_bound_by_notice_horizon_or_the_past(book, caller, ruled_room, role):
    staff = caller(role, "De Kiekmure")
    assert book(staff, ruled_room, "2027-01-04T08:00", "2027-01-04T08:30").status_code == 201  # began
    assert book(staff, ruled_room, "2027-01-05T10:00", "2027-01-05T11:00").status_code == 201  # short notice
    assert book(staff, ruled_room, "2027-06-01T10:00", "2027-06-01T11:00").status_code == 201  # far ahead


def test_a_room_for_care_organisations_refuses_others(book, member, caller, people, make_room):
    body = make_room("Behandelkamer", 2)
    db.session.get(Room, body["id"]).allowed_kinds = "care"
    db.session.commit()
    r = book(member, body, "2027-01-11T10:00", "2027-01-11T11:00")
    refused(r, "not_allowed", "Welzijn Harderwijk may not book Behandelkamer.")
    assert r.get_json()["fields"] == {"room_id": ["Welzijn Harderwijk may not book this room."]}
    people.org("Fysiotherapie Stadsdennen", "care")
    physio = caller("member", "Fysiotherapie Stadsdennen")
    assert book(physio, body, "2027-01-11T10:00", "2027-01-11T11:00").status_code == 201
