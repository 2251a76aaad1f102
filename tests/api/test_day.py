"""GET /api/v1/day and PUT /api/v1/bookings/ID/occurrences/OID/attendance, to the letter of the contract."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from booking.extensions import db
from booking.models import AuditEntry, Building, Occurrence, Room, Status
from sqlcount import counting

from .helpers import NOW, building, org_id, set_room

DAY = "/api/v1/day"


def get_day(client, headers, query: str):
    return client.get(f"{DAY}?{query}", headers=headers)


def the_day(client, headers, query: str) -> dict:
    resp = get_day(client, headers, query)
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def occurrences(body: dict, room_id: int | None = None) -> list[dict]:
    return [o for r in body["rooms"] if room_id in (None, r["id"]) for o in r["occurrences"]]


def mark(client, headers, booking: dict, value, occ: int | None = None, body=None):
    occ_id = occ if occ is not None else booking["occurrences"][0]["id"]
    return client.put(f"/api/v1/bookings/{booking['id']}/occurrences/{occ_id}/attendance",
                      json={"attendance": value} if body is None else body, headers=headers)


@pytest.fixture
def rooms(make_room):
    """Three rooms in the default building; the hall combines two of them."""
    a = make_room("Zaal A", 40)
    b = make_room("Zaal B", 40)
    hall = make_room("Grote zaal", 80, parts=[a["id"], b["id"]])
    return a, b, hall


# --- the day ----------------------------------------------------------------------------------------

def test_every_active_room_is_listed_with_its_dates_of_that_local_day_in_order(client, member, frontdesk, rooms,
                                                                               booked, book):
    a, b, hall = rooms
    later = booked(member, a, "2027-03-29T14:00", "2027-03-29T15:00", "Middag")
    early = booked(member, a, "2027-03-29T09:00", "2027-03-29T10:00", "Ochtend", expected_people=8)
    booked(member, a, "2027-03-30T09:00", "2027-03-30T10:00", "Dinsdag")
    booked(member, a, "2027-03-28T22:00", "2027-03-28T23:00", "Zondag")
    set_room(b["id"], active=False)
    body = the_day(client, member, "date=2027-03-29")
    assert set(body) == {"date", "building", "rooms", "closures"}
    assert body["date"] == "2027-03-29"
    assert body["building"] == {"id": building().id, "name": "De Kiekmure", "timezone": "Europe/Amsterdam"}
    assert [r["name"] for r in body["rooms"]] == ["Grote zaal", "Zaal A"]       # inactive Zaal B left out
    assert body["rooms"][0] == {"id": hall["id"], "name": "Grote zaal", "occurrences": []}
    assert occurrences(body) == [
        {"booking_id": early["id"], "occurrence_id": early["occurrences"][0]["id"],
         "start": "2027-03-29T09:00:00+02:00", "end": "2027-03-29T10:00:00+02:00", "title": "Ochtend",
         "organisation": "Welzijn Harderwijk", "status": "confirmed", "attendance": None},
        {"booking_id": later["id"], "occurrence_id": later["occurrences"][0]["id"],
         "start": "2027-03-29T14:00:00+02:00", "end": "2027-03-29T15:00:00+02:00", "title": "Middag",
         "organisation": "Welzijn Harderwijk", "status": "confirmed", "attendance": None}]
    assert body["closures"] == []


def test_pending_dates_are_in_cancelled_and_rejected_ones_are_not(client, member, frontdesk, room, booked):
    set_room(room["id"], requires_approval=True)
    pending = booked(member, room, "2027-03-29T09:00", "2027-03-29T10:00", "Verzoek")
    gone = booked(member, room, "2027-03-29T11:00", "2027-03-29T12:00", "Afgezegd")
    refused = booked(member, room, "2027-03-29T13:00", "2027-03-29T14:00", "Afgewezen")
    assert client.delete(f"/api/v1/bookings/{gone['id']}", headers=member).status_code == 200
    occ = db.session.get(Occurrence, refused["occurrences"][0]["id"])
    occ.status, occ.holds = Status.REJECTED, []
    db.session.commit()
    listed = occurrences(the_day(client, frontdesk, "date=2027-03-29"))
    assert [(o["booking_id"], o["status"]) for o in listed] == [(pending["id"], "pending")]


def test_another_organisation_s_private_booking_is_busy_without_organisation(client, member, other_member, frontdesk,
                                                                            room, booked):
    booked(other_member, room, "2027-03-29T09:00", "2027-03-29T10:00", "Spreekuur diabetes", visibility="private")
    booked(other_member, room, "2027-03-29T11:00", "2027-03-29T12:00", "Open inloop", visibility="internal")
    seen = {name: [(o["title"], o["organisation"]) for o in occurrences(the_day(client, who, "date=2027-03-29"))]
            for name, who in (("member", member), ("other", other_member), ("frontdesk", frontdesk))}
    assert seen["member"] == [("Busy", None), ("Open inloop", "Huisartsenpraktijk Stadsdennen")]
    assert seen["other"] == seen["frontdesk"] == [("Spreekuur diabetes", "Huisartsenpraktijk Stadsdennen"),
                                                  ("Open inloop", "Huisartsenpraktijk Stadsdennen")]
    body = get_day(client, member, "date=2027-03-29").get_data(as_text=True)
    assert "diabetes" not in body


def test_another_organisation_does_not_see_whether_a_private_bookings_visitors_came(client, member, other_member,
                                                                                   frontdesk, room, booked):
    private = booked(other_member, room, "2027-03-29T09:00", "2027-03-29T10:00", "Spreekuur", visibility="private")
    internal = booked(other_member, room, "2027-03-29T11:00", "2027-03-29T12:00", "Open inloop")
    for booking in (private, internal):
        assert mark(client, frontdesk, booking, "arrived").status_code == 200
    seen = {name: [o["attendance"] for o in occurrences(the_day(client, who, "date=2027-03-29"))]
            for name, who in (("member", member), ("other", other_member), ("frontdesk", frontdesk))}
    assert seen == {"member": [None, "arrived"], "other": ["arrived", "arrived"], "frontdesk": ["arrived", "arrived"]}


def test_the_dst_sundays_are_23_and_25_hours_long(client, member, room, booked, open_all_day):
    before = booked(member, room, "2027-03-27T23:00", "2027-03-28T00:00", "Zaterdag laat")
    first = booked(member, room, "2027-03-28T01:00", "2027-03-28T01:30", "Voor de sprong")
    after = booked(member, room, "2027-03-28T03:00", "2027-03-28T04:00", "Na de sprong")
    last = booked(member, room, "2027-03-28T23:30", "2027-03-29T00:00", "Laatste half uur")
    spring = occurrences(the_day(client, member, "date=2027-03-28"))
    assert [(o["booking_id"], o["start"], o["end"]) for o in spring] == [
        (first["id"], "2027-03-28T01:00:00+01:00", "2027-03-28T01:30:00+01:00"),
        (after["id"], "2027-03-28T03:00:00+02:00", "2027-03-28T04:00:00+02:00"),
        (last["id"], "2027-03-28T23:30:00+02:00", "2027-03-29T00:00:00+02:00")]
    assert [o["booking_id"] for o in occurrences(the_day(client, member, "date=2027-03-27"))] == [before["id"]]

    one = booked(member, room, "2027-10-31T02:00:00+02:00", "2027-10-31T02:30:00+02:00", "Eerste keer twee uur")
    two = booked(member, room, "2027-10-31T02:00:00+01:00", "2027-10-31T02:30:00+01:00", "Tweede keer twee uur")
    end = booked(member, room, "2027-10-31T23:30", "2027-11-01T00:00", "Laat")
    booked(member, room, "2027-11-01T00:00", "2027-11-01T00:30", "Maandag")
    autumn = occurrences(the_day(client, member, "date=2027-10-31"))
    assert [(o["booking_id"], o["start"]) for o in autumn] == [
        (one["id"], "2027-10-31T02:00:00+02:00"), (two["id"], "2027-10-31T02:00:00+01:00"),
        (end["id"], "2027-10-31T23:30:00+01:00")]


def test_a_date_across_midnight_is_on_both_days(client, member, room, booked, open_all_day):
    night = booked(member, room, "2027-04-02T20:00", "2027-04-02T21:00", "Nachtwake")
    occ = db.session.get(Occurrence, night["occurrences"][0]["id"])
    occ.starts_at = occ.starts_at.replace(hour=20)                     # 22:00 local
    occ.ends_at = occ.blocked_until = occ.starts_at.replace(day=3, hour=0)   # 02:00 local on Saturday
    db.session.commit()
    for day in ("2027-04-02", "2027-04-03"):
        listed = occurrences(the_day(client, member, f"date={day}"))
        assert [(o["start"], o["end"]) for o in listed] == [("2027-04-02T22:00:00+02:00", "2027-04-03T02:00:00+02:00")]
    assert occurrences(the_day(client, member, "date=2027-04-04")) == []


def test_closures_of_the_building_and_of_a_room(client, member, room, close):
    close("2027-03-29T07:00", "2027-03-29T09:00", "Schoonmaak")
    close("2027-03-29T12:00", "2027-03-29T14:00", "Nieuwe vloer", room_id=room["id"])
    close("2027-03-30T12:00", "2027-03-30T14:00", "Morgen")
    assert the_day(client, member, "date=2027-03-29")["closures"] == [
        {"start": "2027-03-29T07:00:00+02:00", "end": "2027-03-29T09:00:00+02:00", "reason": "Schoonmaak",
         "room_id": None},
        {"start": "2027-03-29T12:00:00+02:00", "end": "2027-03-29T14:00:00+02:00", "reason": "Nieuwe vloer",
         "room_id": room["id"]}]


def test_the_default_building_and_another_one(client, member, room):
    roef = Building(name="De Roef", timezone="Europe/Amsterdam")
    db.session.add_all([roef, Room(building=roef, name="Roefzaal", capacity=20)])
    db.session.commit()
    default = the_day(client, member, "date=2027-03-29")
    assert default["building"]["name"] == "De Kiekmure" and [r["name"] for r in default["rooms"]] == ["Vergaderzaal"]
    other = the_day(client, member, f"date=2027-03-29&building_id={roef.id}")
    assert other["building"] == {"id": roef.id, "name": "De Roef", "timezone": "Europe/Amsterdam"}
    assert [r["name"] for r in other["rooms"]] == ["Roefzaal"]


@pytest.mark.parametrize("query, status, field", [
    ("", 422, "date"), ("date=", 422, "date"), ("date=2027-02-30", 422, "date"), ("date=29-03-2027", 422, "date"),
    ("date=2027-3-29", 422, "date"), ("date=tomorrow", 422, "date"), ("date=0001-01-01", 422, "date"),
    ("date=2027-03-29&building_id=abc", 422, "building_id"), ("date=2027-03-29&building_id=²", 422, "building_id"),
    ("date=2027-03-29&building_id=999999", 404, None), ("date=2027-03-29&building_id=0", 404, None),
    ("date=2027-03-29&building_id=99999999999", 404, None),
])
def test_a_wrong_date_is_422_and_an_unknown_building_404(client, member, room, query, status, field):
    resp = get_day(client, member, query)
    assert resp.status_code == status
    body = resp.get_json()
    assert body["error"] == ("invalid" if status == 422 else "not_found")
    if field:
        assert field in body["fields"]


def test_without_a_token_401(client, room):
    assert client.get(f"{DAY}?date=2027-03-29").status_code == 401
    assert client.put("/api/v1/bookings/1/occurrences/1/attendance", json={"attendance": "arrived"}).status_code == 401


def test_no_building_at_all_is_404(client, member):
    resp = get_day(client, member, "date=2027-03-29")
    assert resp.status_code == 404 and resp.get_json()["error"] == "not_found"


# --- attendance -------------------------------------------------------------------------------------

def audit(action: str) -> list[AuditEntry]:
    db.session.rollback()
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


@pytest.mark.parametrize("role", ["member", "other_member"])
@pytest.mark.parametrize("body", [{"attendance": "arrived"}, {"attendance": "no_show"}, {"attendance": None},
                                  {"attendance": "late"}, {}, [1, 2]])
def test_members_may_not_mark_attendance_whatever_the_value(client, request, member, room, booked, role, body):
    booking = booked(member, room, "2027-03-29T09:00", "2027-03-29T10:00")
    resp = mark(client, request.getfixturevalue(role), booking, None, body=body)
    assert resp.status_code == 403 and resp.get_json()["error"] == "forbidden"
    assert db.session.get(Occurrence, booking["occurrences"][0]["id"]).attendance is None
    assert audit("occurrence.attendance") == []


@pytest.mark.parametrize("role", ["frontdesk", "admin"])
def test_the_front_desk_and_administrators_mark_attendance(client, request, caller, member, room, booked, role):
    headers = caller(role, "De Kiekmure")
    booking = booked(member, room, "2027-03-29T09:00", "2027-03-29T10:00")
    occ_id = booking["occurrences"][0]["id"]
    resp = mark(client, headers, booking, "arrived")
    assert resp.status_code == 200
    assert resp.get_json() == {"occurrence_id": occ_id, "attendance": "arrived"}
    stored = db.session.get(Occurrence, occ_id)
    assert stored.attendance.value == "arrived" and stored.arrived_at == NOW
    assert occurrences(the_day(client, member, "date=2027-03-29"))[0]["attendance"] == "arrived"
    assert mark(client, headers, booking, "no_show").get_json() == {"occurrence_id": occ_id, "attendance": "no_show"}
    db.session.rollback()
    assert db.session.get(Occurrence, occ_id).arrived_at is None
    assert mark(client, headers, booking, None).get_json() == {"occurrence_id": occ_id, "attendance": None}
    assert occurrences(the_day(client, member, "date=2027-03-29"))[0]["attendance"] is None
    entries = audit("occurrence.attendance")
    assert [e.subject_id for e in entries] == [occ_id] * 3


def test_marking_twice_writes_once(client, frontdesk, member, room, booked):
    booking = booked(member, room, "2027-03-29T09:00", "2027-03-29T10:00")
    for _ in range(2):
        assert mark(client, frontdesk, booking, "arrived").status_code == 200
    assert len(audit("occurrence.attendance")) == 1


def test_a_date_that_has_not_begun_may_be_marked(client, frontdesk, member, room, booked):
    booking = booked(member, room, "2027-06-01T09:00", "2027-06-01T10:00")
    assert mark(client, frontdesk, booking, "no_show").get_json()["attendance"] == "no_show"


@pytest.mark.parametrize("body", [{"attendance": "late"}, {"attendance": "ARRIVED"}, {"attendance": 1},
                                  {"attendance": True}, {"attendance": ["arrived"]}, {"attendance": {}}, {}])
def test_another_value_is_422(client, frontdesk, member, room, booked, body):
    booking = booked(member, room, "2027-03-29T09:00", "2027-03-29T10:00")
    resp = mark(client, frontdesk, booking, None, body=body)
    assert resp.status_code == 422 and "attendance" in resp.get_json()["fields"]
    assert audit("occurrence.attendance") == []


def test_a_body_that_is_no_object_is_400(client, frontdesk, member, room, booked):
    booking = booked(member, room, "2027-03-29T09:00", "2027-03-29T10:00")
    assert mark(client, frontdesk, booking, None, body=["arrived"]).status_code == 400


def test_an_unknown_date_or_one_of_another_booking_is_404(client, frontdesk, member, room, booked):
    one = booked(member, room, "2027-03-29T09:00", "2027-03-29T10:00")
    two = booked(member, room, "2027-03-29T11:00", "2027-03-29T12:00")
    assert mark(client, frontdesk, one, "arrived", occ=two["occurrences"][0]["id"]).status_code == 404
    assert mark(client, frontdesk, one, "arrived", occ=999999).status_code == 404
    assert mark(client, frontdesk, {"id": 999999}, "arrived", occ=one["occurrences"][0]["id"]).status_code == 404
    assert audit("occurrence.attendance") == []


# --- cost -------------------------------------------------------------------------------------------

def test_the_day_reads_a_fixed_number_of_statements(client, member, make_room, booked, people):
    small_rooms = [make_room(f"Ruimte {i}", 10) for i in range(3)]
    for i, r in enumerate(small_rooms[:2]):
        booked(member, r, "2027-03-29T09:00", "2027-03-29T10:00", f"Klein {i}")
    with counting() as small:
        assert len(occurrences(the_day(client, member, "date=2027-03-29"))) == 2
    more = [make_room(f"Zaal {i:02d}", 10) for i in range(27)]
    organisations = ["Welzijn Harderwijk", "Huisartsenpraktijk Stadsdennen", "De Kiekmure", "Taalmaatjes",
                     "Bewonersvereniging"]
    writers = [people.token(people.user("member", org=name)) for name in organisations]
    for i in range(148):
        r = more[i % len(more)]
        minute = 7 * 60 + 20 * (i // len(more))
        start = f"2027-03-29T{minute // 60:02d}:{minute % 60:02d}"
        end_minute = minute + 20
        booked(writers[i % 5], r, start, f"2027-03-29T{end_minute // 60:02d}:{end_minute % 60:02d}", f"Groot {i}",
               visibility="private" if i % 3 == 0 else "internal")
    with counting() as large:
        body = the_day(client, member, "date=2027-03-29")
    assert len(body["rooms"]) == 30 and len(occurrences(body)) == 150
    # The token's user, then buildings, rooms, dates, closures (and SQLite's BEGIN).
    assert len(small) == len(large) <= 6, (small, large)
    assert len([s for s in large.seen if s.startswith("SELECT") and "api_token" not in s]) == 4, large
    assert org_id("Welzijn Harderwijk")
    assert db.session.scalar(select(func.count()).select_from(Occurrence)) == 150
