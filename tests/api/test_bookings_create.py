"""POST /api/v1/bookings, GET /api/v1/bookings/ID and GET /api/v1/bookings: shapes, series, rules."""
from __future__ import annotations

from booking.extensions import db
from booking.models import Booking

from .helpers import counts, org_id, set_room, starts

BOOKING_KEYS = {"id", "status", "room_id", "organisation_id", "title", "visibility", "occurrences"}
LISTED_KEYS = {"booking_id", "occurrence_id", "room_id", "organisation_id", "title", "start", "end", "status"}


def test_single_booking_answers_201_with_the_contract_shape(book, member, room):
    r = book(member, room, "2027-03-29T09:00", "2027-03-29T11:00", title="Koffieochtend")
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert BOOKING_KEYS <= body.keys()
    occ = body["occurrences"]
    assert len(occ) == 1 and {"id", "start", "end", "status"} <= occ[0].keys()
    assert {k: body[k] for k in BOOKING_KEYS - {"id", "occurrences"}} == {
        "status": "confirmed", "room_id": room["id"], "organisation_id": org_id("Welzijn Harderwijk"),
        "title": "Koffieochtend", "visibility": "internal"}
    assert (occ[0]["start"], occ[0]["end"], occ[0]["status"]) == (
        "2027-03-29T09:00:00+02:00", "2027-03-29T11:00:00+02:00", "confirmed")
    assert counts()["occurrences"] == 1


def test_get_booking_answers_the_same_shape(client, booked, member, room):
    created = booked(member, room, "2027-01-11T19:00", "2027-01-11T21:00", description="Met koffie",
                     visibility="public", expected_people=10, setup_notes="Tafels in U-vorm")
    r = client.get(f"/api/v1/bookings/{created['id']}", headers=member)
    assert r.status_code == 200
    assert r.get_json() == created
    assert (created["visibility"], created["description"], created["expected_people"], created["setup_notes"]) == (
        "public", "Met koffie", 10, "Tafels in U-vorm")
    assert starts(created) == ["2027-01-11T19:00:00+01:00"]


def test_times_in_with_or_without_offset_come_out_local_with_offset(booked, member, room):
    for start, end, out_start, out_end in [
        ("2027-03-29T07:00:00Z", "2027-03-29T09:00:00+00:00", "2027-03-29T09:00:00+02:00",
         "2027-03-29T11:00:00+02:00"),
        ("2027-01-11T19:00:00+01:00", "2027-01-11T16:30:00-04:30", "2027-01-11T19:00:00+01:00",
         "2027-01-11T22:00:00+01:00"),
        ("2027-01-12T09:15:30", "2027-01-12T10:00", "2027-01-12T09:15:30+01:00", "2027-01-12T10:00:00+01:00"),
        ("2027-07-14T10:00", "2027-07-14T11:00", "2027-07-14T10:00:00+02:00", "2027-07-14T11:00:00+02:00"),
    ]:
        occ = booked(member, room, start, end)["occurrences"][0]
        assert (occ["start"], occ["end"]) == (out_start, out_end)


def test_an_unknown_booking_is_404(client, member, room):
    for path in ("/api/v1/bookings/2147483647", "/api/v1/bookings/0", "/api/v1/bookings/99999999999999999999999"):
        r = client.get(path, headers=member)
        assert r.status_code == 404, (path, r.get_json())
        assert r.get_json()["error"] == "not_found"


# --- series -------------------------------------------------------------------------------------

SERIES = [
    ({"freq": "weekly", "count": 4},
     ["2027-01-11T19:00:00+01:00", "2027-01-18T19:00:00+01:00", "2027-01-25T19:00:00+01:00",
      "2027-02-01T19:00:00+01:00"]),
    ({"freq": "weekly", "until": "2027-02-01"},  # inclusive
     ["2027-01-11T19:00:00+01:00", "2027-01-18T19:00:00+01:00", "2027-01-25T19:00:00+01:00",
      "2027-02-01T19:00:00+01:00"]),
    ({"freq": "weekly", "byweekday": ["MO", "TH"], "count": 4},
     ["2027-01-11T19:00:00+01:00", "2027-01-14T19:00:00+01:00", "2027-01-18T19:00:00+01:00",
      "2027-01-21T19:00:00+01:00"]),
    ({"freq": "weekly", "interval": 2, "until": "2027-02-08"},
     ["2027-01-11T19:00:00+01:00", "2027-01-25T19:00:00+01:00", "2027-02-08T19:00:00+01:00"]),
    ({"freq": "daily", "interval": 2, "count": 3},
     ["2027-01-11T19:00:00+01:00", "2027-01-13T19:00:00+01:00", "2027-01-15T19:00:00+01:00"]),
    # RFC 5545: count counts the rule's dates, then exdates removes some; no date is added at the end.
    ({"freq": "weekly", "count": 4, "exdates": ["2027-01-18"]},
     ["2027-01-11T19:00:00+01:00", "2027-01-25T19:00:00+01:00", "2027-02-01T19:00:00+01:00"]),
    ({"freq": "daily", "until": "2027-01-15", "exdates": ["2027-01-12", "2027-01-14", "2027-03-01"]},
     ["2027-01-11T19:00:00+01:00", "2027-01-13T19:00:00+01:00", "2027-01-15T19:00:00+01:00"]),
]


def test_series_dates(booked, member, make_room):
    total = 0
    for i, (rule, expected) in enumerate(SERIES):
        body = booked(member, make_room(f"Zaal {i}"), "2027-01-11T19:00", "2027-01-11T21:00", recurrence=rule)
        assert starts(body) == expected, rule
        assert [o["end"][11:] for o in body["occurrences"]] == ["21:00:00+01:00"] * len(expected)
        assert {o["status"] for o in body["occurrences"]} == {"confirmed"}
        total += len(expected)
        assert counts()["occurrences"] == total


def test_monthly_nth_weekday(booked, member, room):
    second_tuesday = booked(member, room, "2027-01-12T14:00", "2027-01-12T15:00",
                            recurrence={"freq": "monthly", "byweekday": ["2TU"], "count": 3})
    assert starts(second_tuesday) == ["2027-01-12T14:00:00+01:00", "2027-02-09T14:00:00+01:00",
                                      "2027-03-09T14:00:00+01:00"]
    last_friday = booked(member, room, "2027-01-29T14:00", "2027-01-29T15:00",
                         recurrence={"freq": "monthly", "byweekday": ["-1FR"], "count": 4})
    assert starts(last_friday) == ["2027-01-29T14:00:00+01:00", "2027-02-26T14:00:00+01:00",
                                   "2027-03-26T14:00:00+01:00", "2027-04-30T14:00:00+02:00"]


def test_monthly_on_a_date_skips_months_without_it(booked, member, room):
    body = booked(member, room, "2027-01-31T10:00", "2027-01-31T11:00", recurrence={"freq": "monthly", "count": 3})
    assert starts(body) == ["2027-01-31T10:00:00+01:00", "2027-03-31T10:00:00+02:00", "2027-05-31T10:00:00+02:00"]


def test_series_may_last_24_months_and_no_longer(book, booked, member, room):
    longest = booked(member, room, "2027-01-11T19:00", "2027-01-11T20:00",
                     recurrence={"freq": "weekly", "until": "2029-01-11"})
    assert len(longest["occurrences"]) == 105 and longest["occurrences"][-1]["start"] == "2029-01-08T19:00:00+01:00"
    before = counts()
    message = "A series may last at most 24 months: its last date may be 2029-01-11."
    for rule in ({"freq": "weekly", "until": "2029-01-12"}, {"freq": "weekly", "count": 106},
                 {"freq": "daily", "count": 800}):
        r = book(member, room, "2027-01-11T07:00", "2027-01-11T08:00", recurrence=rule)
        assert r.status_code == 422, (rule, r.get_json())
        body = r.get_json()
        assert (body["error"], body["message"], body["fields"]) == ("invalid", message, {"recurrence": [message]})
    assert counts() == before


# --- what a booking carries ---------------------------------------------------------------------

def test_expected_people_at_most_the_capacity(book, member, room):
    assert book(member, room, "2027-01-11T10:00", "2027-01-11T11:00", expected_people=12).status_code == 201
    before = counts()
    r = book(member, room, "2027-01-12T10:00", "2027-01-12T11:00", expected_people=13)
    assert r.status_code == 422
    assert r.get_json()["fields"] == {"expected_people": ["Vergaderzaal holds at most 12 people."]}
    assert counts() == before


def test_room_requiring_approval(book, caller, make_room):
    room = make_room("Spreekkamer", 4, requires_approval=True)
    for day, role, status in [(11, "member", "pending"), (12, "frontdesk", "confirmed"), (13, "admin", "confirmed")]:
        extra = {} if role == "member" else {"organisation_id": org_id_of(caller)}
        r = book(caller(role), room, f"2027-01-{day}T10:00", f"2027-01-{day}T11:00",
                 recurrence={"freq": "monthly", "count": 2}, **extra)
        assert r.status_code == 201, r.get_json()
        body = r.get_json()
        assert body["status"] == status, role
        assert [o["status"] for o in body["occurrences"]] == [status, status]


def org_id_of(caller) -> int:
    caller("member")  # makes Welzijn Harderwijk
    return org_id("Welzijn Harderwijk")


def test_admin_and_frontdesk_book_on_behalf_of_an_organisation(booked, caller, admin_headers, frontdesk, room):
    target = org_id_of(caller)
    for day, headers in ((11, admin_headers), (12, frontdesk)):
        body = booked(headers, room, f"2027-01-{day}T10:00", f"2027-01-{day}T11:00", organisation_id=target)
        assert (body["organisation_id"], body["status"]) == (target, "confirmed")


def test_member_may_name_their_own_organisation(booked, member, room):
    body = booked(member, room, "2027-01-11T10:00", "2027-01-11T11:00", organisation_id=org_id("Welzijn Harderwijk"))
    assert body["organisation_id"] == org_id("Welzijn Harderwijk")


# --- building and room rules ----------------------------------------------------------------------

def rule_error(r, rule: str, message: str) -> dict:
    assert r.status_code == 422, r.get_json()
    body = r.get_json()
    assert (body["error"], body["rule"], body["message"]) == ("invalid", rule, message)
    assert message in body["fields"]["start"]
    return body


def test_opening_hours_bind_everyone(book, caller, room):
    outside = "{} is outside the opening hours (Monday: 07:00-23:00)."
    for start, end, message in [
        ("2027-01-11T06:30", "2027-01-11T08:00", outside.format("2027-01-11 06:30")),
        ("2027-01-11T22:00", "2027-01-11T23:30", outside.format("2027-01-11 22:00")),
        ("2027-01-11T22:00", "2027-01-12T08:00", outside.format("2027-01-11 22:00")),  # past midnight
    ]:
        for role in ("member", "frontdesk", "admin"):
            extra = {} if role == "member" else {"organisation_id": org_id_of(caller)}
            rule_error(book(caller(role), room, start, end, **extra), "opening_hours", message)
    assert counts()["occurrences"] == 0


def test_opening_hours_edges_are_inside(book, member, room):
    assert book(member, room, "2027-01-11T07:00", "2027-01-11T08:00").status_code == 201
    assert book(member, room, "2027-01-11T22:00", "2027-01-11T23:00").status_code == 201


def test_a_day_without_opening_hours_is_closed(book, member, room, set_hours):
    set_hours({d: (8 * 60, 17 * 60) for d in range(5)})  # Monday to Friday 08:00-17:00
    rule_error(book(member, room, "2027-01-16T10:00", "2027-01-16T11:00"), "opening_hours",
               "2027-01-16 10:00 is outside the opening hours (Saturday: closed all day).")
    rule_error(book(member, room, "2027-01-15T07:30", "2027-01-15T09:00"), "opening_hours",
               "2027-01-15 07:30 is outside the opening hours (Friday: 08:00-17:00).")
    assert book(member, room, "2027-01-15T08:00", "2027-01-15T17:00").status_code == 201


def test_closures_bind_everyone(book, caller, room, close):
    close("2027-04-27T00:00", "2027-04-28T00:00", "Koningsdag")
    message = "Closed from 2027-04-27 00:00 to 2027-04-28 00:00: Koningsdag"
    for role in ("member", "frontdesk", "admin"):
        extra = {} if role == "member" else {"organisation_id": org_id_of(caller)}
        rule_error(book(caller(role), room, "2027-04-27T10:00", "2027-04-27T11:00", **extra), "closure", message)
    assert book(caller("member"), room, "2027-04-26T22:00", "2027-04-26T23:00").status_code == 201
    assert counts()["occurrences"] == 1


def test_a_room_closure_closes_that_room_and_its_combinations_only(book, member, make_room, close):
    a, b = make_room("Zaal A", 40), make_room("Zaal B", 40)
    hall = make_room("Grote zaal", 80, parts=[a["id"], b["id"]])
    close("2027-02-01T00:00", "2027-02-08T00:00", "Nieuwe vloer", room_id=a["id"])
    message = "Closed from 2027-02-01 00:00 to 2027-02-08 00:00: Nieuwe vloer"
    rule_error(book(member, a, "2027-02-02T10:00", "2027-02-02T11:00"), "closure", message)
    rule_error(book(member, hall, "2027-02-02T10:00", "2027-02-02T11:00"), "closure", message)
    assert book(member, b, "2027-02-02T10:00", "2027-02-02T11:00").status_code == 201


def test_a_series_meeting_a_closure_is_refused_whole_listing_the_dates(book, member, room, close):
    close("2027-02-15T00:00", "2027-02-22T00:00", "Voorjaarsvakantie")
    before = counts()
    r = book(member, room, "2027-02-01T10:00", "2027-02-01T11:00", recurrence={"freq": "weekly", "count": 5})
    body = rule_error(r, "closure", "Closed from 2027-02-15 00:00 to 2027-02-22 00:00: Voorjaarsvakantie")
    assert [(o["start"], o["end"]) for o in body["occurrences"]] == [
        ("2027-02-15T10:00:00+01:00", "2027-02-15T11:00:00+01:00")]
    assert counts() == before
    # Skipping the closed date books the rest.
    ok = book(member, room, "2027-02-01T10:00", "2027-02-01T11:00",
              recurrence={"freq": "weekly", "count": 5, "exdates": ["2027-02-15"]})
    assert ok.status_code == 201 and len(ok.get_json()["occurrences"]) == 4


def test_longest_booking_of_a_room(book, member, room):
    set_room(room["id"], max_duration_minutes=120)
    rule_error(book(member, room, "2027-01-11T10:00", "2027-01-11T12:01"), "too_long",
               "This room may be booked for at most 120 minutes at a time.")
    assert book(member, room, "2027-01-11T10:00", "2027-01-11T12:00").status_code == 201


def test_members_cannot_book_the_past_staff_can(book, caller, room):
    # Now is 2027-01-04 09:00 in Harderwijk.
    rule_error(book(caller("member"), room, "2027-01-04T08:00", "2027-01-04T10:00"), "in_past",
               "This time has already begun.")
    rule_error(book(caller("member"), room, "2026-12-01T10:00", "2026-12-01T11:00"), "in_past",
               "This time has already begun.")
    assert book(caller("member"), room, "2027-01-04T09:00", "2027-01-04T10:00").status_code == 201
    target = org_id_of(caller)
    assert book(caller("admin"), room, "2027-01-04T07:00", "2027-01-04T08:00",
                organisation_id=target).status_code == 201
    assert book(caller("frontdesk"), room, "2026-12-01T10:00", "2026-12-01T11:00",
                organisation_id=target).status_code == 201


def test_members_bound_by_notice_and_horizon_staff_not(book, caller, room):
    set_room(room["id"], min_notice_minutes=24 * 60, max_advance_days=90)
    target = org_id_of(caller)
    rule_error(book(caller("member"), room, "2027-01-04T12:00", "2027-01-04T13:00"), "notice",
               "This room must be booked at least 1440 minutes in advance.")
    rule_error(book(caller("member"), room, "2027-06-01T12:00", "2027-06-01T13:00"), "horizon",
               "This room can be booked at most 90 days ahead.")
    assert book(caller("member"), room, "2027-01-05T09:00", "2027-01-05T10:00").status_code == 201
    for i, role in enumerate(("admin", "frontdesk")):
        assert book(caller(role), room, f"2027-01-04T1{2 + i}:00", f"2027-01-04T1{2 + i}:30",
                    organisation_id=target).status_code == 201
        assert book(caller(role), room, f"2027-06-0{1 + i}T12:00", f"2027-06-0{1 + i}T13:00",
                    organisation_id=target).status_code == 201


# --- GET /bookings --------------------------------------------------------------------------------

def listing(client, headers, **query):
    r = client.get("/api/v1/bookings", query_string=query, headers=headers)
    assert r.status_code == 200, r.get_json()
    return r.get_json()["occurrences"]


def test_list_shows_active_occurrences_overlapping_the_window(client, booked, member, make_room):
    a, b = make_room("Zaal A", 40), make_room("Zaal B", 40)
    first = booked(member, a, "2027-01-11T09:00", "2027-01-11T10:00", title="Eerste")
    second = booked(member, a, "2027-01-11T10:00", "2027-01-11T11:00", title="Tweede")
    other = booked(member, b, "2027-01-11T09:30", "2027-01-11T10:30", title="Andere zaal")
    gone = booked(member, a, "2027-01-11T12:00", "2027-01-11T13:00", title="Geannuleerd")
    assert client.delete(f"/api/v1/bookings/{gone['id']}", headers=member).status_code == 200

    rows = listing(client, member, room_id=a["id"], start="2027-01-11T00:00", end="2027-01-12T00:00")
    assert rows == [
        {"booking_id": first["id"], "occurrence_id": first["occurrences"][0]["id"], "room_id": a["id"],
         "organisation_id": first["organisation_id"], "title": "Eerste", "start": "2027-01-11T09:00:00+01:00",
         "end": "2027-01-11T10:00:00+01:00", "status": "confirmed"},
        {"booking_id": second["id"], "occurrence_id": second["occurrences"][0]["id"], "room_id": a["id"],
         "organisation_id": second["organisation_id"], "title": "Tweede", "start": "2027-01-11T10:00:00+01:00",
         "end": "2027-01-11T11:00:00+01:00", "status": "confirmed"}]
    assert all(LISTED_KEYS <= row.keys() for row in rows)
    # Touching the window's edges is not overlapping it.
    assert [r["title"] for r in listing(client, member, room_id=a["id"], start="2027-01-11T10:00",
                                        end="2027-01-11T12:00")] == ["Tweede"]
    assert listing(client, member, room_id=a["id"], start="2027-01-11T11:00", end="2027-01-11T12:00") == []
    # Without room_id: every room; with an offset window.
    assert [r["title"] for r in listing(client, member, start="2027-01-11T09:15:00Z",
                                        end="2027-01-11T09:20:00Z")] == ["Andere zaal", "Tweede"]
    assert other["room_id"] == b["id"]


def test_list_shows_pending_and_each_date_of_a_series(client, booked, member, make_room):
    room = make_room("Spreekkamer", 4, requires_approval=True)
    series = booked(member, room, "2027-01-11T10:00", "2027-01-11T11:00", recurrence={"freq": "daily", "count": 3})
    rows = listing(client, member, room_id=room["id"], start="2027-01-10T00:00", end="2027-01-20T00:00")
    assert [(r["occurrence_id"], r["start"], r["status"]) for r in rows] == [
        (o["id"], o["start"], "pending") for o in series["occurrences"]]


def test_list_with_an_unknown_room_is_422_on_room_id(client, member, room):
    r = client.get("/api/v1/bookings", query_string={"room_id": 999999, "start": "2027-01-11T00:00",
                                                     "end": "2027-01-12T00:00"}, headers=member)
    assert r.status_code == 422
    assert list(r.get_json()["fields"]) == ["room_id"]


def test_the_stored_booking_matches_the_answer(booked, member, room):
    body = booked(member, room, "2027-01-11T10:00", "2027-01-11T11:00", title="  Spreekuur  ")
    stored = db.session.get(Booking, body["id"])
    assert stored.title == body["title"] == "Spreekuur"
    assert stored.occurrences[0].starts_at.isoformat() == "2027-01-11T09:00:00+00:00"
