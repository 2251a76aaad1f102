"""GET/POST /api/v1/rooms and GET /api/v1/rooms/ID/availability."""
from __future__ import annotations

from booking.extensions import db

from .helpers import building, counts, set_room

ROOM_KEYS = {"id", "name", "building", "capacity", "buffer_minutes", "requires_approval"}


def test_post_room_answers_201_with_the_room_in_the_default_building(client, admin_headers):
    assert counts()["buildings"] == 0
    r = client.post("/api/v1/rooms", json={"name": "Vergaderzaal", "capacity": 12}, headers=admin_headers)
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert ROOM_KEYS <= body.keys()
    assert {k: body[k] for k in ROOM_KEYS - {"id"}} == {
        "name": "Vergaderzaal", "building": "De Kiekmure", "capacity": 12, "buffer_minutes": 0,
        "requires_approval": False}
    assert isinstance(body["id"], int)


def test_default_building_is_made_once_open_seven_to_eleven_in_amsterdam(make_room):
    make_room("Vergaderzaal", 12)
    make_room("Spreekkamer 1", 3, buffer_minutes=10, requires_approval=True)
    assert counts()["buildings"] == 1
    b = building()
    assert (b.name, b.timezone) == ("De Kiekmure", "Europe/Amsterdam")
    assert [(h.weekday, h.opens_minute, h.closes_minute) for h in b.opening_hours] == \
        [(d, 7 * 60, 23 * 60) for d in range(7)]


def test_get_rooms_lists_every_room_with_its_settings(client, make_room, caller):
    a = make_room("Vergaderzaal", 12)
    b = make_room("Activiteitenruimte", 20, buffer_minutes=15, requires_approval=True)
    r = client.get("/api/v1/rooms", headers=caller("member"))
    assert r.status_code == 200
    rooms = {room["id"]: {k: room[k] for k in ROOM_KEYS} for room in r.get_json()["rooms"]}
    assert rooms == {
        a["id"]: {"id": a["id"], "name": "Vergaderzaal", "building": "De Kiekmure", "capacity": 12,
                  "buffer_minutes": 0, "requires_approval": False},
        b["id"]: {"id": b["id"], "name": "Activiteitenruimte", "building": "De Kiekmure", "capacity": 20,
                  "buffer_minutes": 15, "requires_approval": True},
    }


def test_get_rooms_without_rooms_is_an_empty_list(client, caller):
    r = client.get("/api/v1/rooms", headers=caller("member"))
    assert (r.status_code, r.get_json()) == (200, {"rooms": []})


def test_combination_room_lists_its_parts(client, make_room, admin_headers):
    a, b = make_room("Zaal A", 40), make_room("Zaal B", 40)
    hall = make_room("Grote zaal", 80, parts=[a["id"], b["id"]])
    assert hall["parts"] == sorted([a["id"], b["id"]])
    listed = {r["id"]: r for r in client.get("/api/v1/rooms", headers=admin_headers).get_json()["rooms"]}
    assert listed[hall["id"]]["parts"] == sorted([a["id"], b["id"]])
    assert listed[a["id"]]["parts"] == []


def test_a_part_named_twice_is_one_part(make_room):
    a = make_room("Zaal A", 40)
    hall = make_room("Grote zaal", 80, parts=[a["id"], a["id"]])
    assert hall["parts"] == [a["id"]]


def test_a_deactivated_room_is_not_listed_nor_bookable(client, make_room, member, book, booked):
    room = make_room("Oude zaal", 10)
    body = booked(member, room, "2027-03-29T10:00", "2027-03-29T11:00")
    set_room(room["id"], active=False)
    assert client.get("/api/v1/rooms", headers=member).get_json() == {"rooms": []}
    r = book(member, room, "2027-03-30T10:00", "2027-03-30T11:00")
    assert r.status_code == 422
    assert r.get_json()["fields"] == {"room_id": ["No bookable room with this id."]}
    r = client.get(f"/api/v1/rooms/{room['id']}/availability?start=2027-03-29T00:00&end=2027-03-30T00:00",
                   headers=member)
    assert r.status_code == 404
    assert client.get(f"/api/v1/bookings/{body['id']}", headers=member).status_code == 200


def test_only_an_admin_adds_rooms(client, caller, make_room):
    make_room("Vergaderzaal", 12)
    before = counts()
    for role in ("member", "frontdesk"):
        r = client.post("/api/v1/rooms", json={"name": "Stiltekamer", "capacity": 4}, headers=caller(role))
        assert r.status_code == 403, role
        assert r.get_json() == {"error": "forbidden", "message": "Only an administrator may add rooms."}
    assert counts() == before


def test_a_member_adding_the_first_room_leaves_no_building_behind(client, caller):
    r = client.post("/api/v1/rooms", json={"name": "Stiltekamer", "capacity": 4}, headers=caller("member"))
    assert r.status_code == 403
    assert counts()["buildings"] == 0 and counts()["rooms"] == 0


def test_rooms_without_a_valid_token_is_401(client, people):
    inactive = people.user("admin", org="De Kiekmure")
    gone = people.token(inactive)
    inactive.active = False
    db.session.commit()
    for method in ("get", "post"):
        for headers in ({}, {"Authorization": "Bearer"}, {"Authorization": "Bearer "},
                        {"Authorization": "Bearer nonsense"}, {"Authorization": "Basic YWRtaW46YWRtaW4="},
                        {"Authorization": "Bearer " + "x" * 5000},
                        {"Authorization": gone["Authorization"].replace("Bearer ", "")}, gone):
            r = getattr(client, method)("/api/v1/rooms", json={"name": "X", "capacity": 1}, headers=headers)
            assert r.status_code == 401, (method, headers)
            assert r.get_json() == {"error": "unauthorized", "message": "A valid API token is required."}
    assert counts()["rooms"] == 0


def test_a_taken_name_is_422_on_name(client, make_room, admin_headers):
    make_room("Vergaderzaal", 12)
    r = client.post("/api/v1/rooms", json={"name": "Vergaderzaal", "capacity": 8}, headers=admin_headers)
    assert r.status_code == 422
    assert r.get_json()["error"] == "invalid"
    assert r.get_json()["fields"] == {"name": ["This name is taken."]}
    assert counts()["rooms"] == 1


# --- availability -------------------------------------------------------------------------------

def availability(client, headers, room_id, start, end):
    r = client.get(f"/api/v1/rooms/{room_id}/availability", query_string={"start": start, "end": end},
                   headers=headers)
    assert r.status_code == 200, r.get_json()
    return r.get_json()["busy"]


def test_availability_of_a_free_room_is_empty(client, room, member):
    assert availability(client, member, room["id"], "2027-03-29T00:00", "2027-03-30T00:00") == []


def test_availability_widens_bookings_by_the_buffer_on_both_sides(client, make_room, member, booked):
    room = make_room("Activiteitenruimte", 20, buffer_minutes=15)
    booked(member, room, "2027-03-29T10:00", "2027-03-29T11:00")
    assert availability(client, member, room["id"], "2027-03-29T00:00", "2027-03-30T00:00") == [
        {"start": "2027-03-29T09:45:00+02:00", "end": "2027-03-29T11:15:00+02:00"}]


def test_availability_merges_touching_busy_times_and_skips_other_windows(client, make_room, member, booked):
    room = make_room("Activiteitenruimte", 20, buffer_minutes=15)
    booked(member, room, "2027-03-29T10:00", "2027-03-29T11:00")
    booked(member, room, "2027-03-29T11:30", "2027-03-29T12:00")  # 11:00+15 = 11:15, 11:30-15 = 11:15
    booked(member, room, "2027-03-30T10:00", "2027-03-30T11:00")
    assert availability(client, member, room["id"], "2027-03-29T00:00", "2027-03-30T00:00") == [
        {"start": "2027-03-29T09:45:00+02:00", "end": "2027-03-29T12:15:00+02:00"}]


def test_availability_busy_is_exactly_what_a_new_booking_may_not_touch(client, make_room, member, book, booked):
    room = make_room("Activiteitenruimte", 20, buffer_minutes=15)
    booked(member, room, "2027-03-29T10:00", "2027-03-29T11:00")
    busy = availability(client, member, room["id"], "2027-03-29T00:00", "2027-03-30T00:00")[0]
    # Touching the busy interval from either side is allowed, one minute into it is not.
    assert book(member, room, "2027-03-29T08:45:00+02:00", busy["start"]).status_code == 201
    assert book(member, room, busy["end"], "2027-03-29T12:00:00+02:00").status_code == 201
    assert book(member, room, "2027-03-29T09:00", "2027-03-29T09:46").status_code == 409


def test_availability_of_a_combination_and_its_parts(client, make_room, member, booked):
    a, b = make_room("Zaal A", 40), make_room("Zaal B", 40, buffer_minutes=30)
    hall = make_room("Grote zaal", 80, parts=[a["id"], b["id"]])
    booked(member, a, "2027-03-29T10:00", "2027-03-29T11:00")
    booked(member, b, "2027-03-29T14:00", "2027-03-29T15:00")
    day = ("2027-03-29T00:00", "2027-03-30T00:00")
    # Zaal B wants its 30 minutes on either side of its bookings, also towards the hall.
    assert availability(client, member, hall["id"], *day) == [
        {"start": "2027-03-29T10:00:00+02:00", "end": "2027-03-29T11:00:00+02:00"},
        {"start": "2027-03-29T13:30:00+02:00", "end": "2027-03-29T15:30:00+02:00"}]
    assert availability(client, member, b["id"], *day) == [
        {"start": "2027-03-29T13:30:00+02:00", "end": "2027-03-29T15:30:00+02:00"}]
    booked(member, hall, "2027-03-29T18:00", "2027-03-29T19:00")
    assert availability(client, member, a["id"], *day)[-1] == {
        "start": "2027-03-29T18:00:00+02:00", "end": "2027-03-29T19:00:00+02:00"}


def test_availability_of_a_combination_three_levels_deep_sees_its_deepest_parts(client, make_room, member, booked):
    # The room is read with two levels of parts joined; a third level loads as it is reached.
    a, b, c, d = (make_room(f"Zaal {n}", 20) for n in "ABCD")
    ab = make_room("Zaal AB", 40, parts=[a["id"], b["id"]])
    abc = make_room("Zaal ABC", 60, parts=[ab["id"], c["id"]])
    floor = make_room("Verdieping", 80, parts=[abc["id"], d["id"]])
    booked(member, a, "2027-03-29T10:00", "2027-03-29T11:00")
    booked(member, d, "2027-03-29T14:00", "2027-03-29T15:00")
    day = ("2027-03-29T00:00", "2027-03-30T00:00")
    assert availability(client, member, floor["id"], *day) == [
        {"start": "2027-03-29T10:00:00+02:00", "end": "2027-03-29T11:00:00+02:00"},
        {"start": "2027-03-29T14:00:00+02:00", "end": "2027-03-29T15:00:00+02:00"}]
    assert availability(client, member, abc["id"], *day) == [
        {"start": "2027-03-29T10:00:00+02:00", "end": "2027-03-29T11:00:00+02:00"}]


def test_availability_leaves_out_cancelled_bookings(client, room, member, booked):
    body = booked(member, room, "2027-03-29T10:00", "2027-03-29T11:00")
    assert client.delete(f"/api/v1/bookings/{body['id']}", headers=member).status_code == 200
    assert availability(client, member, room["id"], "2027-03-29T00:00", "2027-03-30T00:00") == []


def test_availability_window_with_offsets(client, room, member, booked):
    booked(member, room, "2027-03-29T10:00", "2027-03-29T11:00")
    assert availability(client, member, room["id"], "2027-03-29T09:30:00+02:00", "2027-03-29T08:30:00Z") == [
        {"start": "2027-03-29T10:00:00+02:00", "end": "2027-03-29T11:00:00+02:00"}]
    assert availability(client, member, room["id"], "2027-03-29T11:00", "2027-03-29T12:00") == []


def test_availability_of_an_unknown_room_is_404(client, member, room):
    r = client.get("/api/v1/rooms/999999/availability?start=2027-03-29T00:00&end=2027-03-30T00:00", headers=member)
    assert r.status_code == 404
    assert r.get_json()["error"] == "not_found"


def test_availability_needs_a_token(client, room):
    r = client.get(f"/api/v1/rooms/{room['id']}/availability?start=2027-03-29T00:00&end=2027-03-30T00:00")
    assert r.status_code == 401
