"""Who may view, book, cancel and move what; and who sees a private booking's details."""
from __future__ import annotations

import pytest

from booking.extensions import db
from booking.models import User

from .helpers import counts, org_id

WELZIJN, GP = "Welzijn Harderwijk", "Huisartsenpraktijk Stadsdennen"
DETAILS = ("description", "expected_people", "setup_notes")
# The callers of the matrix; 'own' is another member of the booking's organisation.
ACTORS = ("admin", "frontdesk", "own", "other", "none")


@pytest.fixture
def actors(caller):
    """Headers per actor, plus 'booker', the member of Welzijn who makes the bookings."""
    heads = {"booker": caller("member", WELZIJN, tag="booker"), "admin": caller("admin", "De Kiekmure"),
             "frontdesk": caller("frontdesk", "De Kiekmure"), "own": caller("member", WELZIJN),
             "other": caller("member", GP), "none": {}}
    return heads


@pytest.fixture
def private(booked, actors, room):
    """A private weekly intake of Welzijn, two dates."""
    return booked(actors["booker"], room, "2027-02-01T10:00", "2027-02-01T11:00", title="Intake mevrouw De Vries",
                  visibility="private", description="Gesprek over mantelzorg", expected_people=2,
                  setup_notes="Rustige kamer", recurrence={"freq": "weekly", "count": 2})


def test_view_matrix_and_private_masking(client, actors, private):
    url = f"/api/v1/bookings/{private['id']}"
    for actor in ACTORS:
        r = client.get(url, headers=actors[actor])
        if actor == "none":
            assert r.status_code == 401
            continue
        assert r.status_code == 200, actor
        body = r.get_json()
        assert (body["id"], body["visibility"]) == (private["id"], "private")
        assert [o["id"] for o in body["occurrences"]] == [o["id"] for o in private["occurrences"]]
        if actor == "other":
            # Not even which organisation: the GP practice's bookings would tell who is seen when.
            assert (body["title"], body["organisation_id"]) == ("Busy", None)
            assert not set(DETAILS) & body.keys(), body
        else:
            assert body["organisation_id"] == org_id(WELZIJN), actor
            assert body["title"] == "Intake mevrouw De Vries", actor
            assert [body[k] for k in DETAILS] == ["Gesprek over mantelzorg", 2, "Rustige kamer"]


def test_list_masks_private_titles(client, actors, private, booked, room):
    booked(actors["other"], room, "2027-02-01T12:00", "2027-02-01T13:00", title="Spreekuur", visibility="internal")
    query = {"room_id": room["id"], "start": "2027-02-01T00:00", "end": "2027-02-02T00:00"}
    for actor in ACTORS:
        r = client.get("/api/v1/bookings", query_string=query, headers=actors[actor])
        if actor == "none":
            assert r.status_code == 401
            continue
        titles = [o["title"] for o in r.get_json()["occurrences"]]
        expected = "Busy" if actor == "other" else "Intake mevrouw De Vries"
        assert titles == [expected, "Spreekuur"], actor
        owner = r.get_json()["occurrences"][0]["organisation_id"]
        assert owner == (None if actor == "other" else org_id(WELZIJN)), actor
        assert not {"description"} & r.get_json()["occurrences"][0].keys()


def test_conflicts_mask_private_titles(client, actors, private, book, room):
    for actor in ("admin", "frontdesk", "own", "other"):
        extra = {"organisation_id": org_id(GP)} if actor in ("admin", "frontdesk") else {}
        r = book(actors[actor], room, "2027-02-08T10:30", "2027-02-08T11:30", title="Overleg", **extra)
        assert r.status_code == 409, actor
        [clash] = r.get_json()["conflicts"]
        assert clash["occurrence_id"] == private["occurrences"][1]["id"]
        assert clash["title"] == ("Busy" if actor == "other" else "Intake mevrouw De Vries"), actor
        assert "description" not in clash


def test_internal_and_public_titles_are_seen_by_every_member(client, booked, actors, room):
    for visibility in ("internal", "public"):
        body = booked(actors["booker"], room, f"2027-02-0{1 if visibility == 'internal' else 2}T10:00",
                      f"2027-02-0{1 if visibility == 'internal' else 2}T11:00", title="Taalcafé",
                      visibility=visibility, description="Iedereen welkom")
        seen = client.get(f"/api/v1/bookings/{body['id']}", headers=actors["other"]).get_json()
        assert (seen["title"], seen["description"], seen["visibility"]) == ("Taalcafé", "Iedereen welkom", visibility)


def test_create_matrix(client, book, actors, room):
    welzijn = org_id(WELZIJN)
    expected = {"admin": 201, "frontdesk": 201, "own": 201, "other": 403, "none": 401}
    for day, actor in enumerate(ACTORS, start=1):
        before = counts()
        r = book(actors[actor], room, f"2027-02-0{day}T10:00", f"2027-02-0{day}T11:00", organisation_id=welzijn)
        assert r.status_code == expected[actor], (actor, r.get_json())
        if r.status_code == 201:
            assert r.get_json()["organisation_id"] == welzijn
        else:
            assert counts() == before
    r = book(actors["other"], room, "2027-02-09T10:00", "2027-02-09T11:00", organisation_id=welzijn)
    assert r.get_json() == {"error": "forbidden", "message": "You may only book for your own organisation."}


def test_without_organisation_id_a_booking_is_for_the_callers_own_organisation(booked, actors, room):
    assert booked(actors["own"], room, "2027-02-01T10:00", "2027-02-01T11:00")["organisation_id"] == org_id(WELZIJN)
    assert booked(actors["admin"], room, "2027-02-02T10:00", "2027-02-02T11:00")["organisation_id"] == \
        org_id("De Kiekmure")


def test_a_caller_without_organisation_must_name_one(book, caller, actors, room):
    welzijn = org_id(WELZIJN)
    before = counts()
    for role in ("admin", "frontdesk", "member"):
        r = book(caller(role, None), room, "2027-02-01T10:00", "2027-02-01T11:00")
        assert r.status_code == 422, role
        assert r.get_json()["fields"] == {"organisation_id": ["Name the organisation this booking is for."]}
    assert counts() == before
    # Staff without an organisation book for the one they name; a member may not name any.
    assert book(caller("frontdesk", None), room, "2027-02-01T10:00", "2027-02-01T11:00",
                organisation_id=welzijn).status_code == 201
    assert book(caller("member", None), room, "2027-02-02T10:00", "2027-02-02T11:00",
                organisation_id=welzijn).status_code == 403


def test_an_unknown_organisation_is_422(book, actors, room):
    for actor in ("admin", "own"):
        r = book(actors[actor], room, "2027-02-01T10:00", "2027-02-01T11:00", organisation_id=999999)
        assert r.status_code == 422
        assert r.get_json()["fields"] == {"organisation_id": ["No organisation with this id."]}


CHANGE = {"admin": 200, "frontdesk": 200, "own": 200, "other": 403, "none": 401}


@pytest.mark.parametrize("operation", ["cancel", "cancel_date", "move"])
def test_change_matrix(client, booked, actors, room, operation):
    for day, actor in enumerate(ACTORS, start=1):
        booking = booked(actors["booker"], room, f"2027-02-0{day}T10:00", f"2027-02-0{day}T11:00",
                         recurrence={"freq": "weekly", "count": 2})
        occ = booking["occurrences"][0]
        url = f"/api/v1/bookings/{booking['id']}"
        if operation == "cancel":
            r = client.delete(url, headers=actors[actor])
        elif operation == "cancel_date":
            r = client.delete(f"{url}/occurrences/{occ['id']}", headers=actors[actor])
        else:
            r = client.patch(f"{url}/occurrences/{occ['id']}", headers=actors[actor],
                             json={"start": f"2027-03-0{day}T14:00", "end": f"2027-03-0{day}T15:00"})
        assert r.status_code == CHANGE[actor], (actor, r.get_json())
        after = client.get(url, headers=actors["booker"]).get_json()
        if r.status_code != 200:
            assert after == booking, actor
            if actor == "other":
                assert r.get_json() == {"error": "forbidden",
                                        "message": "You may only change bookings of your own organisation."}
            continue
        assert r.get_json() == after
        if operation == "cancel":
            assert (after["status"], [o["status"] for o in after["occurrences"]]) == (
                "cancelled", ["cancelled", "cancelled"])
        elif operation == "cancel_date":
            assert [o["status"] for o in after["occurrences"]] == ["cancelled", "confirmed"]
        else:
            moved = {o["id"]: o for o in after["occurrences"]}[occ["id"]]
            assert (moved["start"], moved["end"]) == (
                f"2027-03-0{day}T14:00:00+01:00", f"2027-03-0{day}T15:00:00+01:00")
            assert after["occurrences"][-1] == moved  # listed in time order


def test_a_deactivated_users_token_stops_working(client, people, booked, room):
    user = people.user("member", org=WELZIJN)
    headers = people.token(user)
    body = booked(headers, room, "2027-02-01T10:00", "2027-02-01T11:00")
    user.active = False
    db.session.commit()
    before = counts()
    for r in (client.get(f"/api/v1/bookings/{body['id']}", headers=headers),
              client.post("/api/v1/bookings", headers=headers, json={
                  "room_id": room["id"], "title": "X", "start": "2027-02-02T10:00", "end": "2027-02-02T11:00"}),
              client.delete(f"/api/v1/bookings/{body['id']}", headers=headers),
              client.get("/api/v1/rooms", headers=headers)):
        assert r.status_code == 401
        assert r.get_json()["error"] == "unauthorized"
    assert counts() == before
    assert db.session.get(User, user.id).active is False
