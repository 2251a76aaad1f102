"""GET /api/v1/agenda: the public activities, for anyone, exactly as the contract says.

`GET /api/v1/agenda?start=YYYY-MM-DD&end=YYYY-MM-DD` (no token; both days included; at most 62 days):
`{"events": [{"start", "end", "title", "room", "organisation"}]}` with the confirmed public bookings that
overlap those days, sorted by start. Bad or missing dates, end before start, more than 62 days: 422.
"""
from __future__ import annotations

import pytest

from booking.bookings.approvals import reject
from booking.bookings.context import Context
from booking.extensions import db
from booking.models import Booking

from .helpers import NOW


def agenda(client, start="2027-03-01", end="2027-03-31", **headers):
    return client.get(f"/api/v1/agenda?start={start}&end={end}", headers=headers)


def events(client, start="2027-03-01", end="2027-03-31"):
    resp = agenda(client, start, end)
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()["events"]


def test_public_activities_without_a_token_in_the_contracts_shape(client, booked, member, room):
    booked(member, room, "2027-03-10T19:30", "2027-03-10T21:30", "Bewonersavond", visibility="public",
           description="Iedereen welkom", setup_notes="Sleutel bij de balie", expected_people=10)
    resp = agenda(client)
    assert resp.status_code == 200 and resp.content_type == "application/json"
    assert resp.get_json() == {"events": [
        {"start": "2027-03-10T19:30:00+01:00", "end": "2027-03-10T21:30:00+01:00", "title": "Bewonersavond",
         "room": "Vergaderzaal", "organisation": "Welzijn Harderwijk"}]}


def test_a_token_changes_nothing(client, booked, member, other_member, room):
    booked(member, room, "2027-03-10T19:30", "2027-03-10T21:30", "Bewonersavond", visibility="public")
    assert agenda(client).get_json() == agenda(client, **other_member).get_json() == agenda(client, **member).get_json()
    assert agenda(client, Authorization="Bearer not-a-token").status_code == 200


def test_nothing_private_internal_pending_rejected_or_cancelled(client, booked, member, other_member, frontdesk,
                                                               room, make_room, people):
    hall = make_room("Sportzaal", 30, requires_approval=True)
    booked(member, room, "2027-03-01T09:00", "2027-03-01T10:00", "Openbaar", visibility="public")
    booked(member, room, "2027-03-01T10:00", "2027-03-01T11:00", "Intern overleg", visibility="internal")
    booked(other_member, room, "2027-03-01T11:00", "2027-03-01T12:00", "Spreekuur", visibility="private")
    booked(member, room, "2027-03-02T11:00", "2027-03-02T12:00", "Standaard")  # internal unless said otherwise
    waiting = booked(member, hall, "2027-03-03T09:00", "2027-03-03T10:00", "Zumba aangevraagd", visibility="public")
    assert waiting["status"] == "pending"
    refused = booked(member, hall, "2027-03-04T09:00", "2027-03-04T10:00", "Afgewezen", visibility="public")
    actor = people.user("frontdesk", org="De Kiekmure")
    reject(Context(session=db.session, actor=actor, now=NOW), refused["id"], "Zaal is dicht")
    gone = booked(member, room, "2027-03-05T09:00", "2027-03-05T10:00", "Afgelast", visibility="public")
    assert client.delete(f"/api/v1/bookings/{gone['id']}", headers=member).status_code in (200, 204)
    series = booked(member, room, "2027-03-08T09:00", "2027-03-08T10:00", "Reeks", visibility="public",
                    recurrence={"freq": "weekly", "count": 3})
    dropped = series["occurrences"][1]["id"]
    assert client.delete(f"/api/v1/bookings/{series['id']}/occurrences/{dropped}", headers=member).status_code \
        in (200, 204)
    shown = events(client)
    assert [(e["title"], e["start"][:10]) for e in shown] == [
        ("Openbaar", "2027-03-01"), ("Reeks", "2027-03-08"), ("Reeks", "2027-03-22")]
    text = str(agenda(client).get_data(as_text=True))
    for secret in ("Intern", "Spreekuur", "Standaard", "Zumba", "Afgewezen", "Afgelast", "Huisartsen"):
        assert secret not in text


def test_sorted_by_start_across_rooms_and_organisations(client, booked, member, other_member, room, make_room):
    other = make_room("Keuken", 12)
    booked(other_member, other, "2027-03-02T14:00", "2027-03-02T15:00", "Kookles", visibility="public")
    booked(member, room, "2027-03-02T09:00", "2027-03-02T10:00", "Koffie", visibility="public")
    booked(member, room, "2027-03-01T19:00", "2027-03-01T20:00", "Avond", visibility="public")
    shown = events(client)
    assert [(e["title"], e["room"], e["organisation"]) for e in shown] == [
        ("Avond", "Vergaderzaal", "Welzijn Harderwijk"), ("Koffie", "Vergaderzaal", "Welzijn Harderwijk"),
        ("Kookles", "Keuken", "Huisartsenpraktijk Stadsdennen")]


def test_both_days_are_included_and_the_days_around_are_not(client, booked, member, room):
    for day in ("2027-03-09", "2027-03-10", "2027-03-11", "2027-03-12"):
        booked(member, room, f"{day}T07:00", f"{day}T08:00", f"Vroeg {day}", visibility="public")
        booked(member, room, f"{day}T22:00", f"{day}T23:00", f"Laat {day}", visibility="public")
    assert [e["title"] for e in events(client, "2027-03-10", "2027-03-11")] == [
        "Vroeg 2027-03-10", "Laat 2027-03-10", "Vroeg 2027-03-11", "Laat 2027-03-11"]
    assert [e["title"] for e in events(client, "2027-03-12", "2027-03-12")] == ["Vroeg 2027-03-12",
                                                                                 "Laat 2027-03-12"]


def test_the_first_and_last_minutes_of_a_day(client, booked, member, room, open_all_day):
    booked(member, room, "2027-03-09T23:00", "2027-03-09T23:59", "Dinsdag laat", visibility="public")
    booked(member, room, "2027-03-10T00:00", "2027-03-10T00:30", "Woensdag vroeg", visibility="public")
    booked(member, room, "2027-03-10T23:30", "2027-03-10T23:59", "Woensdag laat", visibility="public")
    booked(member, room, "2027-03-11T00:00", "2027-03-11T00:30", "Donderdag vroeg", visibility="public")
    assert [e["title"] for e in events(client, "2027-03-10", "2027-03-10")] == ["Woensdag vroeg", "Woensdag laat"]


def test_the_spring_clock_change_day_has_23_hours(client, booked, member, room, open_all_day):
    # Sunday 28 March 2027: 02:00 becomes 03:00. The day runs from 23:00 UTC to 22:00 UTC.
    booked(member, room, "2027-03-27T23:00", "2027-03-27T23:59", "Zaterdag laat", visibility="public")
    booked(member, room, "2027-03-28T00:00", "2027-03-28T00:30", "Eerste half uur", visibility="public")
    booked(member, room, "2027-03-28T01:00", "2027-03-28T04:00", "Door de wisseling", visibility="public")
    booked(member, room, "2027-03-28T23:00", "2027-03-28T23:59", "Laatste uur", visibility="public")
    booked(member, room, "2027-03-29T00:00", "2027-03-29T01:00", "Maandag vroeg", visibility="public")
    shown = events(client, "2027-03-28", "2027-03-28")
    assert [(e["title"], e["start"], e["end"]) for e in shown] == [
        ("Eerste half uur", "2027-03-28T00:00:00+01:00", "2027-03-28T00:30:00+01:00"),
        ("Door de wisseling", "2027-03-28T01:00:00+01:00", "2027-03-28T04:00:00+02:00"),
        ("Laatste uur", "2027-03-28T23:00:00+02:00", "2027-03-28T23:59:00+02:00")]


def test_the_autumn_clock_change_day_has_25_hours(client, booked, member, room, open_all_day):
    # Sunday 31 October 2027: 03:00 becomes 02:00 again. The day runs from 22:00 UTC to 23:00 UTC.
    booked(member, room, "2027-10-30T23:00", "2027-10-30T23:59", "Zaterdag laat", visibility="public")
    booked(member, room, "2027-10-31T00:30", "2027-10-31T01:30", "Nachtcafé", visibility="public")
    booked(member, room, "2027-10-31T23:00", "2027-10-31T23:59", "Na de wisseling", visibility="public")
    booked(member, room, "2027-11-01T00:00", "2027-11-01T01:00", "Maandag", visibility="public")
    shown = events(client, "2027-10-31", "2027-10-31")
    assert [(e["title"], e["start"], e["end"]) for e in shown] == [
        ("Nachtcafé", "2027-10-31T00:30:00+02:00", "2027-10-31T01:30:00+02:00"),
        ("Na de wisseling", "2027-10-31T23:00:00+01:00", "2027-10-31T23:59:00+01:00")]


def test_a_series_shows_each_date_in_its_own_offset(client, booked, member, room):
    booked(member, room, "2027-03-22T09:00", "2027-03-22T11:00", "Taalcafé", visibility="public",
           recurrence={"freq": "weekly", "count": 2})
    assert [e["start"] for e in events(client, "2027-03-01", "2027-04-30")] == [
        "2027-03-22T09:00:00+01:00", "2027-03-29T09:00:00+02:00"]


def test_62_days_is_the_most(client, booked, member, room):
    assert agenda(client, "2027-03-01", "2027-05-01").status_code == 200  # 62 days, both included
    resp = agenda(client, "2027-03-01", "2027-05-02")
    assert resp.status_code == 422
    body = resp.get_json()
    assert body["error"] == "invalid" and "62" in body["message"] and "end" in body["fields"]


@pytest.mark.parametrize("query, fields", [
    ("", {"start", "end"}),
    ("start=2027-03-01", {"end"}),
    ("end=2027-03-01", {"start"}),
    ("start=&end=", {"start", "end"}),
    ("start=2027-3-1&end=2027-03-02", {"start"}),
    ("start=01-03-2027&end=2027-03-02", {"start"}),
    ("start=2027-02-30&end=2027-03-02", {"start"}),
    ("start=2027-03-01T09:00&end=2027-03-02", {"start"}),
    ("start=1999-03-01&end=1999-03-02", {"start", "end"}),
    ("start=2027-03-01&end=9999-12-31", {"end"}),
    ("start=2027-03-01&end=%00", {"end"}),
    ("start=2027-03-02&end=2027-03-01", {"end"}),  # the end before the start
])
def test_bad_missing_or_reversed_dates_answer_422_with_the_api_error_shape(client, query, fields):
    resp = client.get(f"/api/v1/agenda?{query}")
    assert resp.status_code == 422, resp.get_data(as_text=True)
    body = resp.get_json()
    assert body["error"] == "invalid" and isinstance(body["message"], str) and body["message"]
    assert set(body["fields"]) == fields


def test_only_get(client):
    assert client.post("/api/v1/agenda?start=2027-03-01&end=2027-03-02").status_code == 405
    assert client.post("/api/v1/agenda").get_json()["error"] == "method_not_allowed"


def test_the_booking_itself_is_unchanged(client, booked, member, room):
    body = booked(member, room, "2027-03-10T19:30", "2027-03-10T21:30", "Bewonersavond", visibility="public")
    events(client)
    assert db.session.get(Booking, body["id"]).title == "Bewonersavond"
