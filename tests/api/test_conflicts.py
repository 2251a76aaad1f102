"""Conflicts: buffers, combination rooms, pending holds, all-or-nothing, cancel and move."""
from __future__ import annotations

from datetime import UTC, datetime

from .helpers import counts, starts

CONFLICT_KEYS = ("booking_id", "occurrence_id", "room_id", "start", "end", "title")


def conflicts(r) -> list[dict]:
    """The conflicts of a 409 answer, with the contract's keys only."""
    assert r.status_code == 409, r.get_json()
    body = r.get_json()
    assert body["error"] == "conflict"
    return [{k: c[k] for k in CONFLICT_KEYS} for c in body["conflicts"]]


def clash_of(booking: dict, index: int = 0, title: str | None = None) -> dict:
    """The conflict entry an occurrence of `booking` should produce."""
    occ = booking["occurrences"][index]
    return {"booking_id": booking["id"], "occurrence_id": occ["id"], "room_id": occ["room_id"], "start": occ["start"],
            "end": occ["end"], "title": title or booking["title"]}


def test_an_overlap_is_409_listing_the_booking_and_writes_nothing(book, booked, member, other_member, room):
    existing = booked(member, room, "2027-03-29T09:00", "2027-03-29T11:00", title="Koffieochtend")
    before = counts()
    r = book(other_member, room, "2027-03-29T10:30", "2027-03-29T12:00", title="Spreekuur")
    assert conflicts(r) == [{"booking_id": existing["id"], "occurrence_id": existing["occurrences"][0]["id"],
                             "room_id": room["id"], "start": "2027-03-29T09:00:00+02:00",
                             "end": "2027-03-29T11:00:00+02:00", "title": "Koffieochtend"}]
    assert r.get_json()["message"] == "The room is already booked at the requested time."
    assert counts() == before


def test_the_changeover_buffer_keeps_bookings_apart_on_both_sides(book, booked, member, make_room):
    room = make_room("Activiteitenruimte", 20, buffer_minutes=15)
    existing = booked(member, room, "2027-03-29T10:00", "2027-03-29T11:00")
    before = counts()
    for start, end in [
        ("2027-03-29T08:00", "2027-03-29T09:46"),   # its buffer would run into 10:00
        ("2027-03-29T11:14", "2027-03-29T12:00"),   # inside the existing booking's buffer
        ("2027-03-29T11:00", "2027-03-29T12:00"),   # back to back, but the room needs 15 minutes
        ("2027-03-29T10:15", "2027-03-29T10:45"),   # inside
        ("2027-03-29T09:00", "2027-03-29T12:00"),   # around
    ]:
        assert conflicts(book(member, room, start, end)) == [clash_of(existing)], (start, end)
    assert counts() == before


def test_exactly_the_buffer_apart_is_allowed_on_both_sides(book, booked, member, make_room):
    room = make_room("Activiteitenruimte", 20, buffer_minutes=15)
    booked(member, room, "2027-03-29T10:00", "2027-03-29T11:00")
    assert book(member, room, "2027-03-29T08:00", "2027-03-29T09:45").status_code == 201
    assert book(member, room, "2027-03-29T11:15", "2027-03-29T12:00").status_code == 201


def test_without_buffer_back_to_back_is_allowed(book, booked, member, room):
    existing = booked(member, room, "2027-03-29T10:00", "2027-03-29T11:00")
    assert book(member, room, "2027-03-29T09:00", "2027-03-29T10:00").status_code == 201
    assert book(member, room, "2027-03-29T11:00", "2027-03-29T12:00").status_code == 201
    assert conflicts(book(member, room, "2027-03-29T10:59", "2027-03-29T11:00")) == [clash_of(existing)]


def test_a_combination_blocks_its_parts_and_the_parts_block_it(book, booked, member, other_member, make_room):
    a, b = make_room("Zaal A", 40), make_room("Zaal B", 40)
    hall = make_room("Grote zaal", 80, parts=[a["id"], b["id"]])
    in_a = booked(member, a, "2027-03-29T10:00", "2027-03-29T12:00", title="Yoga")
    in_b = booked(member, b, "2027-03-29T11:00", "2027-03-29T13:00", title="Taalcafé")
    # The hall needs both halves: every conflict is listed, with the room it is in.
    assert conflicts(book(other_member, hall, "2027-03-29T09:00", "2027-03-29T14:00")) == [
        clash_of(in_a), clash_of(in_b)]
    assert conflicts(book(other_member, hall, "2027-03-29T09:00", "2027-03-29T10:30")) == [clash_of(in_a)]
    whole = booked(other_member, hall, "2027-03-29T14:00", "2027-03-29T16:00", title="Buurtfeest")
    assert conflicts(book(member, a, "2027-03-29T15:00", "2027-03-29T15:30")) == [clash_of(whole)]
    assert conflicts(book(member, b, "2027-03-29T13:30", "2027-03-29T14:30")) == [clash_of(whole)]
    # The halves stay independent of each other.
    assert book(member, b, "2027-03-29T09:00", "2027-03-29T10:00").status_code == 201


def test_rooms_of_a_combination_keep_the_larger_buffer_on_either_side(book, booked, member, other_member,
                                                                     make_room):
    a, b = make_room("Zaal A", 40), make_room("Zaal B", 40)
    hall = make_room("Grote zaal", 80, buffer_minutes=30, parts=[a["id"], b["id"]])
    in_a = booked(member, a, "2027-03-29T10:00", "2027-03-29T11:00", title="Yoga")
    # The hall wants 30 minutes before its bookings too, though Zaal A itself needs none.
    assert conflicts(book(other_member, hall, "2027-03-29T11:00", "2027-03-29T12:00")) == [clash_of(in_a)]
    assert conflicts(book(other_member, hall, "2027-03-29T08:00", "2027-03-29T09:31")) == [clash_of(in_a)]
    assert book(other_member, hall, "2027-03-29T11:30", "2027-03-29T12:00").status_code == 201
    whole = booked(other_member, hall, "2027-03-29T14:00", "2027-03-29T15:00", title="Buurtfeest")
    # ... and after them, towards a half booked later or earlier.
    assert conflicts(book(member, b, "2027-03-29T15:00", "2027-03-29T16:00")) == [clash_of(whole)]
    assert conflicts(book(member, b, "2027-03-29T13:00", "2027-03-29T13:45")) == [clash_of(whole)]
    assert book(member, b, "2027-03-29T15:30", "2027-03-29T16:00").status_code == 201
    assert book(member, b, "2027-03-29T12:45", "2027-03-29T13:30").status_code == 201


def test_a_pending_request_already_holds_its_slot(book, booked, member, other_member, make_room):
    room = make_room("Spreekkamer", 4, requires_approval=True)
    pending = booked(member, room, "2027-03-29T10:00", "2027-03-29T11:00", title="Intake")
    assert pending["status"] == "pending"
    assert conflicts(book(other_member, room, "2027-03-29T10:30", "2027-03-29T11:30")) == [clash_of(pending)]


def test_a_series_is_all_or_nothing_and_lists_every_conflict(book, booked, member, other_member, room):
    second = booked(other_member, room, "2027-02-08T19:30", "2027-02-08T20:00", title="Bestuur")
    fourth = booked(other_member, room, "2027-02-22T18:00", "2027-02-22T19:30", title="Cursus")
    also_fourth = booked(member, room, "2027-02-22T20:30", "2027-02-22T22:00", title="Koor")
    before = counts()
    r = book(member, room, "2027-02-01T19:00", "2027-02-01T21:00", recurrence={"freq": "weekly", "count": 5})
    assert conflicts(r) == [clash_of(second), clash_of(fourth), clash_of(also_fourth)]
    assert r.get_json()["message"] == "3 existing bookings stand in the way of this request."
    assert counts() == before
    assert book(member, room, "2027-02-01T19:00", "2027-02-01T21:00",
                recurrence={"freq": "weekly", "count": 5, "exdates": ["2027-02-08", "2027-02-22"]}).status_code == 201


def test_cancelled_bookings_no_longer_conflict(client, book, booked, member, other_member, room):
    first = booked(member, room, "2027-03-29T10:00", "2027-03-29T11:00")
    r = client.delete(f"/api/v1/bookings/{first['id']}", headers=member)
    assert r.status_code == 200
    assert r.get_json()["status"] == "cancelled"
    assert [o["status"] for o in r.get_json()["occurrences"]] == ["cancelled"]
    assert book(other_member, room, "2027-03-29T10:00", "2027-03-29T11:00").status_code == 201


def test_cancelling_a_whole_series_frees_every_date(client, book, booked, member, other_member, room):
    series = booked(member, room, "2027-03-01T10:00", "2027-03-01T11:00", recurrence={"freq": "weekly", "count": 3})
    r = client.delete(f"/api/v1/bookings/{series['id']}", headers=member)
    assert r.status_code == 200
    assert {o["status"] for o in r.get_json()["occurrences"]} == {"cancelled"}
    assert book(other_member, room, "2027-03-01T10:00", "2027-03-01T11:00",
                recurrence={"freq": "weekly", "count": 3}).status_code == 201
    assert counts()["holds"] == 3


def test_cancelling_one_date_frees_that_date_only(client, book, booked, member, other_member, room):
    series = booked(member, room, "2027-03-01T10:00", "2027-03-01T11:00", recurrence={"freq": "weekly", "count": 3})
    middle = series["occurrences"][1]
    r = client.delete(f"/api/v1/bookings/{series['id']}/occurrences/{middle['id']}", headers=member)
    assert r.status_code == 200
    body = r.get_json()
    assert (body["status"], [o["status"] for o in body["occurrences"]]) == (
        "confirmed", ["confirmed", "cancelled", "confirmed"])
    assert book(other_member, room, "2027-03-08T10:00", "2027-03-08T11:00").status_code == 201
    assert conflicts(book(other_member, room, "2027-03-15T10:00", "2027-03-15T11:00")) == [clash_of(series, 2)]
    # Cancelling the remaining dates one by one cancels the series.
    for occ in (series["occurrences"][0], series["occurrences"][2]):
        last = client.delete(f"/api/v1/bookings/{series['id']}/occurrences/{occ['id']}", headers=member)
    assert last.get_json()["status"] == "cancelled"


def test_cancelling_an_occurrence_of_another_booking_is_404(client, booked, member, room):
    a = booked(member, room, "2027-03-01T10:00", "2027-03-01T11:00")
    b = booked(member, room, "2027-03-02T10:00", "2027-03-02T11:00")
    r = client.delete(f"/api/v1/bookings/{a['id']}/occurrences/{b['occurrences'][0]['id']}", headers=member)
    assert r.status_code == 404
    assert client.get(f"/api/v1/bookings/{b['id']}", headers=member).get_json()["status"] == "confirmed"


# --- moving one date --------------------------------------------------------------------------------

def patch(client, headers, booking, index=0, **body):
    occ = booking["occurrences"][index]
    return client.patch(f"/api/v1/bookings/{booking['id']}/occurrences/{occ['id']}", json=body, headers=headers)


def test_moving_a_date_answers_the_booking_with_the_new_times(client, booked, member, room):
    series = booked(member, room, "2027-03-01T10:00", "2027-03-01T11:00", recurrence={"freq": "weekly", "count": 2})
    r = patch(client, member, series, 1, start="2027-03-10T14:00", end="2027-03-10T15:30")
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert [(o["id"], o["start"], o["end"], o["status"]) for o in body["occurrences"]] == [
        (series["occurrences"][0]["id"], "2027-03-01T10:00:00+01:00", "2027-03-01T11:00:00+01:00", "confirmed"),
        (series["occurrences"][1]["id"], "2027-03-10T14:00:00+01:00", "2027-03-10T15:30:00+01:00", "confirmed")]
    assert client.get(f"/api/v1/bookings/{series['id']}", headers=member).get_json() == body


def test_moving_overlapping_its_own_old_time_is_fine(client, booked, member, make_room):
    room = make_room("Activiteitenruimte", 20, buffer_minutes=15)
    single = booked(member, room, "2027-03-01T10:00", "2027-03-01T11:00")
    r = patch(client, member, single, start="2027-03-01T10:30", end="2027-03-01T11:30")
    assert r.status_code == 200, r.get_json()
    assert starts(r.get_json()) == ["2027-03-01T10:30:00+01:00"]
    assert counts()["holds"] == 1


def test_moving_onto_another_booking_is_409_and_changes_nothing(client, booked, member, other_member, make_room):
    room = make_room("Activiteitenruimte", 20, buffer_minutes=15)
    mine = booked(member, room, "2027-03-01T10:00", "2027-03-01T11:00")
    theirs = booked(other_member, room, "2027-03-01T13:00", "2027-03-01T14:00", title="Spreekuur")
    r = patch(client, member, mine, start="2027-03-01T11:30", end="2027-03-01T12:50")  # 12:50 + 15 > 13:00
    assert conflicts(r) == [clash_of(theirs)]
    assert client.get(f"/api/v1/bookings/{mine['id']}", headers=member).get_json() == mine
    # The old slot is still held.
    r2 = client.post("/api/v1/bookings", json={"room_id": room["id"], "title": "X", "start": "2027-03-01T10:00",
                                                 "end": "2027-03-01T10:30"}, headers=other_member)
    assert conflicts(r2) == [clash_of(mine)]


def test_moving_onto_another_date_of_the_same_series_is_409(client, booked, member, room):
    series = booked(member, room, "2027-03-01T10:00", "2027-03-01T11:00", recurrence={"freq": "daily", "count": 2})
    assert conflicts(patch(client, member, series, 0, start="2027-03-02T10:30", end="2027-03-02T11:30")) == [
        clash_of(series, 1)]


def test_moving_to_another_room_frees_the_old_one(client, book, booked, member, other_member, make_room):
    a, b = make_room("Zaal A", 40), make_room("Zaal B", 40)
    mine = booked(member, a, "2027-03-01T10:00", "2027-03-01T11:00")
    r = patch(client, member, mine, start="2027-03-01T10:00", end="2027-03-01T11:00", room_id=b["id"])
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["occurrences"][0]["room_id"] == b["id"]
    assert book(other_member, a, "2027-03-01T10:00", "2027-03-01T11:00").status_code == 201
    assert conflicts(book(other_member, b, "2027-03-01T10:00", "2027-03-01T11:00"))[0]["room_id"] == b["id"]


def test_moving_into_a_combination_whose_part_is_taken_is_409(client, booked, member, other_member, make_room):
    a, b = make_room("Zaal A", 40), make_room("Zaal B", 40)
    hall = make_room("Grote zaal", 80, parts=[a["id"], b["id"]])
    in_b = booked(other_member, b, "2027-03-01T10:00", "2027-03-01T11:00")
    mine = booked(member, a, "2027-03-01T10:00", "2027-03-01T11:00")
    assert conflicts(patch(client, member, mine, start="2027-03-01T10:00", end="2027-03-01T11:00",
                           room_id=hall["id"])) == [clash_of(in_b)]


def test_a_moved_date_is_checked_against_the_rules(client, booked, member, room, close):
    close("2027-03-10T00:00", "2027-03-11T00:00", "Schoonmaak")
    mine = booked(member, room, "2027-03-01T10:00", "2027-03-01T11:00")
    r = patch(client, member, mine, start="2027-03-10T10:00", end="2027-03-10T11:00")
    assert r.status_code == 422
    assert r.get_json()["rule"] == "closure"
    r = patch(client, member, mine, start="2027-03-11T06:00", end="2027-03-11T11:00")
    assert (r.status_code, r.get_json()["rule"]) == (422, "opening_hours")
    r = patch(client, member, mine, start="2027-01-04T08:00", end="2027-01-04T08:30")
    assert (r.status_code, r.get_json()["rule"]) == (422, "in_past")
    assert client.get(f"/api/v1/bookings/{mine['id']}", headers=member).get_json() == mine


def test_a_cancelled_date_cannot_be_moved(client, booked, member, room):
    series = booked(member, room, "2027-03-01T10:00", "2027-03-01T11:00", recurrence={"freq": "daily", "count": 2})
    client.delete(f"/api/v1/bookings/{series['id']}/occurrences/{series['occurrences'][0]['id']}", headers=member)
    r = patch(client, member, series, 0, start="2027-03-05T10:00", end="2027-03-05T11:00")
    assert r.status_code == 422
    assert r.get_json()["fields"] == {"occurrence_id": ["This date is cancelled."]}


def test_moving_an_occurrence_of_another_booking_is_404(client, booked, member, room):
    a = booked(member, room, "2027-03-01T10:00", "2027-03-01T11:00")
    b = booked(member, room, "2027-03-02T10:00", "2027-03-02T11:00")
    r = client.patch(f"/api/v1/bookings/{a['id']}/occurrences/{b['occurrences'][0]['id']}",
                     json={"start": "2027-03-03T10:00", "end": "2027-03-03T11:00"}, headers=member)
    assert r.status_code == 404
    assert client.get(f"/api/v1/bookings/{b['id']}", headers=member).get_json() == b


def test_a_series_whose_own_dates_are_closer_than_the_buffer_is_422(book, member, make_room):
    room = make_room("Sportzaal", 30, buffer_minutes=1440)
    before = counts()
    message = ("The dates of this series follow each other too closely: "
               "Sportzaal needs 1440 minutes between two bookings.")
    for rule in ({"freq": "daily", "count": 2}, {"freq": "weekly", "byweekday": ["MO", "TU"], "count": 2}):
        r = book(member, room, "2027-03-01T10:00", "2027-03-01T11:00", recurrence=rule)
        assert r.status_code == 422, r.get_json()
        assert r.get_json()["fields"] == {"recurrence": [message]}
    assert counts() == before
    assert book(member, room, "2027-03-01T10:00", "2027-03-01T11:00",
                recurrence={"freq": "daily", "interval": 2, "count": 2}).status_code == 201


def test_moving_with_one_time_local_and_one_with_offset_is_422(client, booked, member, room):
    body = booked(member, room, "2027-03-29T10:00", "2027-03-29T11:00")
    r = patch(client, member, body, start="2027-03-30T10:00", end="2027-03-30T11:00:00+02:00")
    assert r.status_code == 422
    assert r.get_json()["fields"] == {"end": ["Give both times with an offset, or both without."]}
    assert client.get(f"/api/v1/bookings/{body['id']}", headers=member).get_json() == body


def test_a_date_that_is_over_stays_as_it_was_for_members(app, monkeypatch, client, booked, member, frontdesk,
                                                          room):
    series = booked(member, room, "2027-01-11T10:00", "2027-01-11T11:00", recurrence={"freq": "weekly", "count": 3})
    first, second = series["occurrences"][0], series["occurrences"][1]
    # The app is shared by the tests of this folder: set NOW so that it is put back afterwards.
    monkeypatch.setitem(app.config, "NOW", datetime(2027, 1, 20, 8, tzinfo=UTC))  # two Mondays are over
    url = f"/api/v1/bookings/{series['id']}/occurrences/{first['id']}"
    for r in (client.delete(url, headers=member),
              client.patch(url, json={"start": "2027-02-01T10:00", "end": "2027-02-01T11:00"}, headers=member)):
        assert r.status_code == 422
        assert r.get_json()["fields"] == {"occurrence_id": ["This date is over; it stays as it was."]}
    # The whole series: only the dates to come are cancelled.
    body = client.delete(f"/api/v1/bookings/{series['id']}", headers=member).get_json()
    assert [o["status"] for o in body["occurrences"]] == ["confirmed", "confirmed", "cancelled"]
    # The front desk may still correct the past.
    second_url = f"/api/v1/bookings/{series['id']}/occurrences/{second['id']}"
    assert client.delete(second_url, headers=frontdesk).get_json()["occurrences"][1]["status"] == "cancelled"
