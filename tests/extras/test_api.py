"""Extras through the API: POST /api/v1/bookings with "extras", GET /api/v1/bookings/ID with them,
GET /api/v1/extras, the stock refusal on exactly the dates where an item is short, and bad input."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from booking.extensions import db
from booking.models import BookingExtra
from web.helpers import counts

SINGLE = {"start": "2027-03-15T09:00", "end": "2027-03-15T11:00"}
# Mondays 1, 8, 15 and 22 March 2027.
MONDAYS = {"freq": "weekly", "byweekday": ["MO"], "count": 4}


def asked(extra, n: int) -> dict:
    return {"extra_id": extra.id, "quantity": n}


def written() -> dict[str, int]:
    """The rows a refused request must leave as they were."""
    found = counts()
    found["extras asked"] = db.session.scalar(select(func.count()).select_from(BookingExtra))
    return found


@pytest.fixture
def post(client, token_of, member):
    """post(room, extras, headers=member's, **body) -> the response of POST /api/v1/bookings."""
    headers = token_of(member)

    def send(room, extras=None, who=None, **body):
        data = {"room_id": room.id, "title": "Overleg", **SINGLE, **body}
        if extras is not None:
            data["extras"] = extras
        return client.post("/api/v1/bookings", json=data, headers=who or headers)
    return send


def test_a_booking_asks_for_extras_and_shows_them(client, site, stock, member, token_of, post):
    resp = post(site.zaal, [asked(stock.beamer, 1), asked(stock.koffie, 12)])
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    assert body["extras"] == [{"extra_id": stock.beamer.id, "quantity": 1, "name": "Beamer"},
                              {"extra_id": stock.koffie.id, "quantity": 12, "name": "Koffie en thee"}]
    shown = client.get(f"/api/v1/bookings/{body['id']}", headers=token_of(member)).get_json()
    assert shown["extras"] == body["extras"]
    # Every field the API had keeps its name and value.
    assert {"id", "status", "room_id", "organisation_id", "title", "visibility", "occurrences", "description",
            "recurrence", "expected_people", "setup_notes"} <= set(shown)


def test_a_booking_without_extras_shows_an_empty_list(client, site, stock, member, token_of, post):
    body = post(site.zaal).get_json()
    assert body["extras"] == []
    assert client.get(f"/api/v1/bookings/{body['id']}", headers=token_of(member)).get_json()["extras"] == []


def test_another_organisation_does_not_see_a_private_bookings_extras(client, site, stock, other_member, token_of, post):
    body = post(site.zaal, [asked(stock.beamer, 1)], visibility="private").get_json()
    shown = client.get(f"/api/v1/bookings/{body['id']}", headers=token_of(other_member)).get_json()
    assert shown["title"] == "Bezet" or shown["title"] == "Busy"
    assert shown["extras"] == []


def test_the_last_beamers_are_promised_once(site, stock, post):
    assert post(site.zaal, [asked(stock.beamer, 2)]).status_code == 201
    before = written()
    resp = post(site.kamer, [asked(stock.beamer, 1)], start="2027-03-15T10:00", end="2027-03-15T12:00")
    assert resp.status_code == 409
    body = resp.get_json()
    assert body["error"] == "extras_unavailable"
    assert body["message"] == "Not enough Beamer free on 15-03-2027: 0 of 2 free, 1 asked."
    assert body["shortages"] == [{"extra_id": stock.beamer.id, "name": "Beamer", "requested": 1, "stock": 2,
                                  "dates": ["2027-03-15"]}]
    assert [(o["start"], o["end"]) for o in body["occurrences"]] == [
        ("2027-03-15T10:00:00+01:00", "2027-03-15T12:00:00+01:00")]
    assert written() == before


def test_a_weekly_series_is_refused_on_exactly_the_overlapping_date(site, stock, post):
    assert post(site.zaal, [asked(stock.beamer, 2)]).status_code == 201  # Monday 15 March, 09:00-11:00
    before = written()
    resp = post(site.kamer, [asked(stock.beamer, 1)], start="2027-03-01T10:30", end="2027-03-01T11:30",
                recurrence=MONDAYS)
    assert resp.status_code == 409
    body = resp.get_json()
    assert body["shortages"][0]["dates"] == ["2027-03-15"]
    assert [o["start"] for o in body["occurrences"]] == ["2027-03-15T10:30:00+01:00"]
    assert "15-03-2027" in body["message"] and "Beamer" in body["message"]
    assert written() == before


def test_back_to_back_needs_no_changeover_for_equipment(site, stock, post):
    """The beamers come back at 11:00 and go out again at 11:00, on every Monday of the series."""
    assert post(site.zaal, [asked(stock.beamer, 2)]).status_code == 201
    resp = post(site.kamer, [asked(stock.beamer, 2)], start="2027-03-01T11:00", end="2027-03-01T12:00",
                recurrence=MONDAYS)
    assert resp.status_code == 201, resp.get_json()
    assert len(resp.get_json()["occurrences"]) == 4
    # ... and one that ends when the first begins.
    assert post(site.theater, [asked(stock.beamer, 2)], start="2027-03-15T07:00", end="2027-03-15T09:00",
                who=None).status_code == 201


def test_what_is_left_can_be_taken(site, stock, post, frontdesk, token_of):
    assert post(site.zaal, [asked(stock.beamer, 1)]).status_code == 201
    assert post(site.kamer, [asked(stock.beamer, 1)], recurrence=MONDAYS, start="2027-03-01T10:00",
                end="2027-03-01T12:00").status_code == 201
    resp = post(site.behandel, [asked(stock.beamer, 1)], who=token_of(frontdesk), organisation_id=site.huisarts.id,
                start="2027-03-15T10:30", end="2027-03-15T10:45")
    assert resp.status_code == 409  # both out at 10:30 on the 15th
    assert resp.get_json()["message"] == "Not enough Beamer free on 15-03-2027: 0 of 2 free, 1 asked."


def test_the_busiest_moment_counts_not_the_sum(site, stock, post, frontdesk, token_of):
    """One beamer 09:00-10:00 and another 10:00-11:00 leave one free all morning: 09:00-11:00 may take it."""
    desk = token_of(frontdesk)
    assert post(site.zaal, [asked(stock.beamer, 1)], start="2027-03-15T09:00", end="2027-03-15T10:00").status_code == 201
    assert post(site.kamer, [asked(stock.beamer, 1)], start="2027-03-15T10:00", end="2027-03-15T11:00").status_code == 201
    assert post(site.behandel, [asked(stock.beamer, 1)], who=desk, organisation_id=site.huisarts.id,
                start="2027-03-15T09:00", end="2027-03-15T11:00").status_code == 201
    assert post(site.theater, [asked(stock.beamer, 1)], who=desk, start="2027-03-15T09:30",
                end="2027-03-15T09:45").status_code == 409


def test_a_pending_request_holds_its_extras(site, stock, post):
    resp = post(site.theater, [asked(stock.microfoon, 1)])  # the theatre waits for the front desk
    assert resp.status_code == 201 and resp.get_json()["status"] == "pending"
    assert post(site.zaal, [asked(stock.microfoon, 1)]).status_code == 409


def test_a_cancelled_booking_frees_the_stock(client, site, stock, member, token_of, post):
    first = post(site.zaal, [asked(stock.microfoon, 1)]).get_json()
    assert post(site.kamer, [asked(stock.microfoon, 1)]).status_code == 409
    assert client.delete(f"/api/v1/bookings/{first['id']}", headers=token_of(member)).status_code == 200
    assert post(site.kamer, [asked(stock.microfoon, 1)]).status_code == 201


def test_a_cancelled_date_of_a_series_frees_the_stock_on_that_date(client, site, stock, member, token_of, post):
    series = post(site.zaal, [asked(stock.microfoon, 1)], start="2027-03-01T09:00", end="2027-03-01T11:00",
                  recurrence=MONDAYS).get_json()
    third = series["occurrences"][2]
    assert third["start"].startswith("2027-03-15")
    assert post(site.kamer, [asked(stock.microfoon, 1)]).status_code == 409
    resp = client.delete(f"/api/v1/bookings/{series['id']}/occurrences/{third['id']}", headers=token_of(member))
    assert resp.status_code == 200
    assert post(site.kamer, [asked(stock.microfoon, 1)]).status_code == 201


def test_consumables_have_no_limit(site, stock, post):
    assert post(site.zaal, [asked(stock.koffie, 1000)]).status_code == 201
    assert post(site.kamer, [asked(stock.koffie, 1000)]).status_code == 201


@pytest.mark.parametrize("extras, field, message", [
    ([{"extra_id": "BEAMER", "quantity": -1}], "extras.0", "The number of an extra must be a whole number from 1 to 1000."),
    ([{"extra_id": "BEAMER", "quantity": 0}], "extras.0", "The number of an extra must be a whole number from 1 to 1000."),
    ([{"extra_id": "BEAMER", "quantity": 1001}], "extras.0", "The number of an extra must be a whole number from 1 to 1000."),
    ([{"extra_id": "BEAMER", "quantity": 10**30}], "extras.0", "The number of an extra must be a whole number from 1 to 1000."),
    ([{"extra_id": "BEAMER", "quantity": "1"}], "extras.0", "The number of an extra must be a whole number from 1 to 1000."),
    ([{"extra_id": "BEAMER", "quantity": 1.5}], "extras.0", "The number of an extra must be a whole number from 1 to 1000."),
    ([{"extra_id": "BEAMER", "quantity": True}], "extras.0", "The number of an extra must be a whole number from 1 to 1000."),
    ([{"extra_id": "BEAMER", "quantity": None}], "extras.0", "The number of an extra must be a whole number from 1 to 1000."),
    ([{"extra_id": "ELDERS", "quantity": 1}], "extras.0", "This extra cannot be asked for with a booking of Vergaderzaal."),
    ([{"extra_id": "OUD", "quantity": 1}], "extras.0", "This extra cannot be asked for with a booking of Vergaderzaal."),
    ([{"extra_id": 999999, "quantity": 1}], "extras.0", "This extra cannot be asked for with a booking of Vergaderzaal."),
    ([{"extra_id": 2**40, "quantity": 1}], "extras.0", "No extra with this id."),
    ([{"extra_id": "1", "quantity": 1}], "extras.0", "No extra with this id."),
    ([{"extra_id": "KOFFIE", "quantity": 2}, {"extra_id": "BEAMER", "quantity": 1}, {"extra_id": "ELDERS", "quantity": 1}],
     "extras.2", "This extra cannot be asked for with a booking of Vergaderzaal."),
    ([{"extra_id": "BEAMER", "quantity": 1}, {"extra_id": "BEAMER", "quantity": 1}], "extras",
     "Each extra can be asked for once; give the total number."),
    ("beamer", "extras", "Must be a list of at most 100 objects with extra_id and quantity."),
    ({"extra_id": "BEAMER", "quantity": 1}, "extras", "Must be a list of at most 100 objects with extra_id and quantity."),
    ([["BEAMER", 1]], "extras.0", "Must be an object with extra_id and quantity."),
    ([{"extra_id": "BEAMER"}], "extras.0", "Must be an object with extra_id and quantity."),
    ([{"extra_id": "KOFFIE", "quantity": 1}] * 101, "extras", "Must be a list of at most 100 objects with extra_id and quantity."),
])
def test_bad_extras_are_refused_with_a_clear_422_and_nothing_written(site, stock, post, extras, field, message):
    ids = {"BEAMER": stock.beamer.id, "ELDERS": stock.elders.id, "OUD": stock.oud.id, "KOFFIE": stock.koffie.id}

    def fill(item):
        if isinstance(item, dict):
            return {k: ids.get(v, v) if k == "extra_id" and isinstance(v, str) else v for k, v in item.items()}
        if isinstance(item, list):
            return [fill(i) for i in item]
        return item
    before = written()
    resp = post(site.zaal, fill(extras))
    assert resp.status_code == 422, resp.get_json()
    body = resp.get_json()
    assert body["error"] == "invalid" and body["fields"][field] == [message], body
    assert written() == before


def test_another_buildings_room_cannot_take_this_buildings_beamer(site, stock, post, frontdesk, token_of):
    resp = post(stock.roef_room, [asked(stock.beamer, 1)], who=token_of(frontdesk))
    assert resp.status_code == 422
    assert resp.get_json()["fields"] == {"extras.0": ["This extra cannot be asked for with a booking of Zaal Roef."]}
    assert post(stock.roef_room, [asked(stock.elders, 5)], who=token_of(frontdesk)).status_code == 201


def test_list_a_buildings_extras(client, site, stock, member, token_of):
    headers = token_of(member)
    body = client.get("/api/v1/extras", headers=headers).get_json()
    assert body == {"building_id": site.building.id, "extras": [
        {"id": stock.beamer.id, "name": "Beamer", "kind": "loan", "stock": 2, "note": ""},
        {"id": stock.koffie.id, "name": "Koffie en thee", "kind": "consumable", "stock": None, "note": ""},
        {"id": stock.microfoon.id, "name": "Microfoon", "kind": "loan", "stock": 1, "note": ""}]}
    roef = client.get(f"/api/v1/extras?building_id={stock.roef_room.building_id}", headers=headers).get_json()
    assert [e["id"] for e in roef["extras"]] == [stock.elders.id]
    assert client.get("/api/v1/extras?building_id=999999", headers=headers).status_code == 404
    assert client.get("/api/v1/extras?building_id=x", headers=headers).status_code == 422
    assert client.get("/api/v1/extras").status_code == 401


def test_the_audit_trail_keeps_the_extras(site, stock, post):
    from booking.models import AuditEntry
    booking_id = post(site.zaal, [asked(stock.beamer, 2)]).get_json()["id"]
    db.session.rollback()
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "booking.create",
                                                        AuditEntry.subject_id == booking_id)).one()
    assert f'"extras": [[{stock.beamer.id}, "Beamer", 2]]' in entry.detail
