"""A first walk through the API."""


def test_book_then_conflict(client, people, make_room):
    room = make_room("Activiteitenruimte", 20, buffer_minutes=15)
    headers = people.token(people.user("member", org="Welzijn Harderwijk"))
    r = client.post("/api/v1/bookings", json={"room_id": room["id"], "title": "Koffieochtend",
                    "start": "2027-03-29T09:00", "end": "2027-03-29T11:00"}, headers=headers)
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert body["occurrences"][0]["start"] == "2027-03-29T09:00:00+02:00"
    r2 = client.post("/api/v1/bookings", json={"room_id": room["id"], "title": "Yoga",
                     "start": "2027-03-29T11:10", "end": "2027-03-29T12:00"}, headers=headers)
    assert r2.status_code == 409, r2.get_json()
    assert r2.get_json()["conflicts"][0]["title"] == "Koffieochtend"


def test_a_new_building_is_open_seven_to_eleven_every_day_in_amsterdam(app):
    from booking.models import Building

    building = Building(name="De Roef")
    assert building.timezone == "Europe/Amsterdam"
    assert building.hours_rule().days == {d: (7 * 60, 23 * 60) for d in range(7)}
