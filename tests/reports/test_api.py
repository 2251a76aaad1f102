"""GET /api/v1/reports/occupancy: exact figures on the hand-checked week (conftest.py), DST days, CSV byte by
byte, permissions and bad input."""
from __future__ import annotations

from datetime import UTC

import pytest

from booking.extensions import db
from booking.models import Building, Closure, Room

from .conftest import at

URL = "/api/v1/reports/occupancy"
WEEK = "start=2027-03-01&end=2027-03-07"


def get(client, headers, query=WEEK):
    return client.get(f"{URL}?{query}", headers=headers)


def test_the_week_to_the_hour(client, scene, staff):
    resp = get(client, staff("frontdesk"))
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["rooms"] == [
        {"room_id": scene.hall.id, "name": "Grote zaal", "booked_hours": 3.0, "open_hours": 77.0, "occupancy": 0.039},
        {"room_id": scene.a.id, "name": "Zaal A", "booked_hours": 3.0, "open_hours": 77.0, "occupancy": 0.039},
        {"room_id": scene.b.id, "name": "Zaal B", "booked_hours": 5.0, "open_hours": 82.0, "occupancy": 0.061},
        {"room_id": scene.consult.id, "name": "Spreekkamer", "booked_hours": 9.0, "open_hours": 84.0,
         "occupancy": 0.1071},
    ]
    assert body["organisations"] == [
        {"organisation_id": scene.huisarts.id, "name": "Huisartsenpraktijk", "kind": "care", "hours": 11.0},
        {"organisation_id": scene.welzijn.id, "name": "Welzijn Harderwijk", "kind": "welfare", "hours": 9.0},
    ]


def test_one_day_clips_the_dates_across_its_edges(client, scene, staff):
    body = get(client, staff("admin"), "start=2027-03-01&end=2027-03-01").get_json()
    rooms = {r["name"]: r for r in body["rooms"]}
    assert rooms["Zaal B"] == {"room_id": scene.b.id, "name": "Zaal B", "booked_hours": 2.0, "open_hours": 14.0,
                               "occupancy": 0.1429}
    assert rooms["Spreekkamer"]["booked_hours"] == 4.5
    body = get(client, staff("admin"), "start=2027-03-03&end=2027-03-03").get_json()
    assert {r["name"]: (r["booked_hours"], r["open_hours"], r["occupancy"]) for r in body["rooms"]} == {
        "Grote zaal": (0.0, 0.0, 0.0), "Zaal A": (0.0, 0.0, 0.0), "Zaal B": (0.0, 0.0, 0.0),
        "Spreekkamer": (0.0, 0.0, 0.0)}
    assert body["organisations"] == []


def test_dst_days_have_their_true_length(client, scene, staff):
    """28 March 2027 (23 hours) and 31 October 2027 (25 hours): the opening hours 08:00-22:00 are 14 hours on both;
    a date 01:00-04:00 that night lasts 2 hours in March and 4 in October."""
    scene.book(scene.consult, scene.welzijn, (at(2027, 3, 28, 1), at(2027, 3, 28, 4)))
    scene.book(scene.consult, scene.welzijn, (at(2027, 10, 31, 1), at(2027, 10, 31, 4)))
    headers = staff()
    spring = {r["name"]: r for r in get(client, headers, "start=2027-03-28&end=2027-03-28").get_json()["rooms"]}
    assert (spring["Spreekkamer"]["booked_hours"], spring["Spreekkamer"]["open_hours"]) == (2.0, 14.0)
    autumn = {r["name"]: r for r in get(client, headers, "start=2027-10-31&end=2027-10-31").get_json()["rooms"]}
    assert (autumn["Spreekkamer"]["booked_hours"], autumn["Spreekkamer"]["open_hours"]) == (4.0, 14.0)
    # 27 March to 31 October: 219 days of 14 hours, both nights' dates.
    body = get(client, headers, "start=2027-03-27&end=2027-10-31").get_json()
    consult = next(r for r in body["rooms"] if r["name"] == "Spreekkamer")
    assert (consult["booked_hours"], consult["open_hours"]) == (6.0, 219 * 14.0)


def test_a_building_open_around_the_clock_has_23_and_25_hour_days(client, scene, staff):
    anker = Building(name="Het Anker", timezone="Europe/Amsterdam")
    anker.set_every_day(0, 24 * 60)
    room = Room(building=anker, name="Zaal", capacity=10)
    db.session.add_all([anker, room])
    db.session.commit()
    db.session.add(Closure(building_id=anker.id, room_id=room.id, starts_at=at(2027, 10, 31, 1).astimezone(UTC),
                           ends_at=at(2027, 10, 31, 4).astimezone(UTC), reason="Onderhoud"))
    db.session.commit()
    headers = staff()
    for day, hours in (("2027-03-28", 23.0), ("2027-10-31", 25.0 - 4.0), ("2027-03-29", 24.0)):
        body = get(client, headers, f"start={day}&end={day}&building_id={anker.id}").get_json()
        assert body["rooms"] == [{"room_id": room.id, "name": "Zaal", "booked_hours": 0.0, "open_hours": hours,
                                  "occupancy": 0.0}], day


def test_csv_byte_by_byte(client, scene, staff):
    resp = get(client, staff(), WEEK + "&format=csv")
    assert resp.status_code == 200
    assert resp.mimetype == "text/csv"
    assert resp.headers["Content-Disposition"] == 'attachment; filename="occupancy-2027-03-01-2027-03-07.csv"'
    expected = ("\ufeffroom_id;name;booked_hours;open_hours;occupancy\r\n"
                f"{scene.hall.id};Grote zaal;3,00;77,00;0,0390\r\n"
                f"{scene.a.id};Zaal A;3,00;77,00;0,0390\r\n"
                f"{scene.b.id};Zaal B;5,00;82,00;0,0610\r\n"
                f"{scene.consult.id};Spreekkamer;9,00;84,00;0,1071\r\n"
                "\r\n"
                "organisation_id;name;kind;hours\r\n"
                f"{scene.huisarts.id};Huisartsenpraktijk;care;11,00\r\n"
                f"{scene.welzijn.id};Welzijn Harderwijk;welfare;9,00\r\n").encode("utf-8")
    assert resp.get_data() == expected
    assert resp.get_data()[:3] == b"\xef\xbb\xbf"


def test_csv_keeps_names_from_being_formulas_and_quotes_separators(client, scene, staff):
    scene.consult.name = "=HYPERLINK(\"x\";\"y\")"
    db.session.commit()
    text = get(client, staff(), WEEK + "&format=csv").get_data().decode("utf-8-sig")
    assert f'{scene.consult.id};"\'=HYPERLINK(""x"";""y"")";9,00;84,00;0,1071\r\n' in text


@pytest.mark.parametrize("role, status", [("member", 403), ("frontdesk", 200), ("admin", 200)])
def test_who_may_read_it(client, scene, staff, role, status):
    resp = get(client, staff(role))
    assert resp.status_code == status
    if status == 403:
        assert resp.get_json()["error"] == "forbidden"


def test_no_token_is_401(client, scene):
    assert client.get(f"{URL}?{WEEK}").status_code == 401


@pytest.mark.parametrize("query, field", [
    ("", "start"), ("start=2027-03-01", "end"), ("start=2027-3-1&end=2027-03-07", "start"),
    ("start=2027-02-30&end=2027-03-07", "start"), ("start=2027-03-07&end=2027-03-01", "end"),
    ("start=2025-01-01&end=2027-01-02", "end"), ("start=1999-01-01&end=1999-01-02", "start"),
    (WEEK + "&format=xlsx", "format"), (WEEK + "&building_id=abc", "building_id"),
    (WEEK + "&building_id=-1", "building_id"), ("start=%00&end=2027-03-07", "start"),
])
def test_bad_input_is_422(client, scene, staff, query, field):
    resp = get(client, staff(), query)
    assert resp.status_code == 422, resp.get_data(as_text=True)
    assert field in resp.get_json()["fields"]


@pytest.mark.parametrize("building", ["999999", "0", "99999999999999999999"])
def test_unknown_building_is_404(client, scene, staff, building):
    resp = get(client, staff(), f"{WEEK}&building_id={building}")
    assert resp.status_code == 404
    assert resp.get_json()["error"] == "not_found"


def test_two_years_is_the_longest_period(client, scene, staff):
    assert get(client, staff(), "start=2027-01-01&end=2028-12-31").status_code == 200  # 365 + 366 days
    assert get(client, staff(), "start=2026-12-31&end=2028-12-31").status_code == 422
