"""Bad input of every kind gets a 4xx with a clear message, never a 5xx, and writes nothing.

The cases write nothing, so they share one app and database per backend (module scope): a fresh
database per case would cost a second for every eight cases.
"""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass

import pytest
from sqlalchemy import select, text

from booking.extensions import db
from booking.models import ACTIVE_STATUSES, ApiToken, Occurrence, Organisation, OrganisationKind, Role, User

from dbkit import empty_postgres
from fixtures.app import create_app  # booking's, with the suite's per-request-context test client

from .helpers import NOW, counts

DROP = object()  # a mutation value: leave the key out


def mutated(base: dict, mutation: dict, other_org_id: int | None = None) -> dict:
    """`base` with the mutation applied: DROP removes a key, "OTHER" names the other organisation."""
    out = dict(base)
    for key, value in mutation.items():
        if value is DROP:
            out.pop(key)
        else:
            out[key] = other_org_id if value == "OTHER" else value
    return out
TOO_LONG_BODY = 1024 * 1024 + 1


@dataclass
class World:
    client: object
    admin: dict
    member: dict
    other_member: dict
    room_id: int
    hall_id: int
    booking_id: int
    occurrence_id: int
    other_org_id: int


def _headers(user: User) -> dict:
    token, plain = ApiToken.issue(user)
    db.session.add(token)
    return {"Authorization": f"Bearer {plain}"}


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def world(request, sqlite_template, tmp_path_factory):
    """One app with a room (capacity 12), a combination hall and a two-date booking of Welzijn."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("bad_input") / "booking.sqlite3"
        shutil.copy(sqlite_template, path)
        uri = f"sqlite:///{path}"
    else:
        uri = request.getfixturevalue("postgres_uri")
        empty_postgres(uri)
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "NOW": NOW, "SECRET_KEY": "test"}, config_name="testing")
    with app.app_context():
        welzijn = Organisation(name="Welzijn Harderwijk", kind=OrganisationKind.WELFARE)
        gp = Organisation(name="Huisartsenpraktijk Stadsdennen", kind=OrganisationKind.CARE)
        users = [User(email=f"{n}@example.org", name=n, role=r, organisation=o) for n, r, o in
                 (("admin", Role.ADMIN, None), ("member", Role.MEMBER, welzijn), ("gp", Role.MEMBER, gp))]
        db.session.add_all([welzijn, gp, *users])
        heads = [_headers(u) for u in users]
        db.session.commit()
        client = app.test_client()

        def post(path, body, headers):
            r = client.post(path, json=body, headers=headers)
            assert r.status_code == 201, r.get_json()
            return r.get_json()
        room = post("/api/v1/rooms", {"name": "Vergaderzaal", "capacity": 12}, heads[0])
        part = post("/api/v1/rooms", {"name": "Zaal B", "capacity": 40}, heads[0])
        hall = post("/api/v1/rooms", {"name": "Grote zaal", "capacity": 80, "parts": [room["id"], part["id"]]},
                    heads[0])
        booking = post("/api/v1/bookings", {"room_id": room["id"], "title": "Koffieochtend",
                                            "start": "2027-03-01T10:00", "end": "2027-03-01T11:00",
                                            "recurrence": {"freq": "weekly", "count": 2}}, heads[1])
        yield World(client, heads[0], heads[1], heads[2], room["id"], hall["id"], booking["id"],
                    booking["occurrences"][0]["id"], gp.id)
        db.session.remove()
        db.engine.dispose()


def snapshot() -> tuple:
    """Every row count and every occurrence's time, room and state: what a refused request must not change."""
    c = counts()
    occurrences = db.session.execute(select(Occurrence.id, Occurrence.room_id, Occurrence.starts_at,
                                            Occurrence.ends_at, Occurrence.status)).all()
    db.session.rollback()
    return c, sorted(occurrences)


def refused(resp, status: int, field: str | None, message: str | None = None) -> dict:
    """Assert the exact error answer; returns its JSON."""
    assert resp.status_code < 500
    body = resp.get_json()
    assert resp.status_code == status, body
    assert resp.content_type == "application/json"
    code = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
            409: "conflict", 413: "too_large", 422: "invalid"}[status]
    assert body["error"] == code
    assert isinstance(body["message"], str) and body["message"].strip()
    if field is None:
        assert "fields" not in body or not body["fields"], body
    else:
        assert list(body["fields"]) == [field], body
        assert all(isinstance(m, str) and m for m in body["fields"][field])
    if message is not None:
        assert message in ([body["message"]] + (body.get("fields") or {}).get(field, [])), body
    return body


# --- POST /api/v1/bookings ----------------------------------------------------------------------------

def base_booking(w: World) -> dict:
    return {"room_id": w.room_id, "title": "Overleg", "start": "2027-02-01T10:00", "end": "2027-02-01T11:00"}


WEEKLY = {"freq": "weekly", "count": 2}
BOOKING_CASES = [
    # room_id
    ("room_id missing", {"room_id": DROP}, 422, "room_id", "This field is required."),
    ("room_id null", {"room_id": None}, 422, "room_id", "This field is required."),
    ("room_id string", {"room_id": "1"}, 422, "room_id", "Must be a whole number."),
    ("room_id bool", {"room_id": True}, 422, "room_id", "Must be a whole number."),
    ("room_id float", {"room_id": 1.0}, 422, "room_id", "Must be a whole number."),
    ("room_id list", {"room_id": [1]}, 422, "room_id", "Must be a whole number."),
    ("room_id zero", {"room_id": 0}, 422, "room_id", "Must be between 1 and 2147483647."),
    ("room_id negative", {"room_id": -5}, 422, "room_id", None),
    ("room_id beyond int32", {"room_id": 2**31}, 422, "room_id", None),
    ("room_id huge", {"room_id": 10**40}, 422, "room_id", None),
    ("room_id unknown", {"room_id": 999999}, 422, "room_id", "No bookable room with this id."),
    # title
    ("title missing", {"title": DROP}, 422, "title", "This field is required."),
    ("title empty", {"title": ""}, 422, "title", "This field is required."),
    ("title blank", {"title": "   "}, 422, "title", "This field is required."),
    ("title too long", {"title": "a" * 201}, 422, "title", "At most 200 characters."),
    ("title overlong unicode", {"title": "é" * 10_000}, 422, "title", "At most 200 characters."),
    ("title NUL", {"title": "Yoga\x00"}, 422, "title", "Contains control characters."),
    ("title newline", {"title": "Yoga\nles"}, 422, "title", "Contains control characters."),
    ("title escape", {"title": "\x1b[31mrood"}, 422, "title", "Contains control characters."),
    ("title lone surrogate", {"title": "Yoga \ud800"}, 422, "title", "Contains control characters."),
    ("title number", {"title": 5}, 422, "title", "Must be text."),
    ("title object", {"title": {"nl": "Yoga"}}, 422, "title", "Must be text."),
    ("title bool", {"title": True}, 422, "title", "Must be text."),
    # description, setup notes
    ("description too long", {"description": "a" * 5001}, 422, "description", "At most 5000 characters."),
    ("description bell", {"description": "a\x07b"}, 422, "description", "Contains control characters."),
    ("description NUL", {"description": "regel 1\nregel\x00 2"}, 422, "description", "Contains control characters."),
    ("description number", {"description": 3}, 422, "description", "Must be text."),
    ("setup_notes too long", {"setup_notes": "a" * 2001}, 422, "setup_notes", "At most 2000 characters."),
    ("setup_notes list", {"setup_notes": ["tafels"]}, 422, "setup_notes", "Must be text."),
    # start and end
    ("start missing", {"start": DROP}, 422, "start", "This field is required."),
    ("end missing", {"end": DROP}, 422, "end", "This field is required."),
    ("start words", {"start": "morgen om tien"}, 422, "start", None),
    ("start empty", {"start": ""}, 422, "start", None),
    ("start 30 February", {"start": "2027-02-30T10:00"}, 422, "start", None),
    ("start hour 25", {"start": "2027-02-01T25:00"}, 422, "start", None),
    ("start bad offset", {"start": "2027-02-01T10:00+25:00"}, 422, "start", None),
    ("start epoch number", {"start": 1801476000}, 422, "start",
     "Give an ISO 8601 date and time, e.g. 2027-03-29T09:00."),
    ("start bool", {"start": True}, 422, "start", None),
    ("start list", {"start": ["2027-02-01T10:00"]}, 422, "start", None),
    ("start overlong", {"start": "2027-02-01T10:00" + "0" * 50}, 422, "start", None),
    ("start NUL", {"start": "2027-02-01T10:00\x00"}, 422, "start", "Contains control characters."),
    ("end escape", {"end": "2027-02-01T11:00\x1b"}, 422, "end", None),
    ("start year 1999", {"start": "1999-12-31T10:00"}, 422, "start", "The year must be between 2000 and 2100."),
    ("end year 2101", {"end": "2101-02-01T11:00"}, 422, "end", "The year must be between 2000 and 2100."),
    ("end before start", {"end": "2027-02-01T09:00"}, 422, "end", "The end must be after the start."),
    ("end equals start", {"end": "2027-02-01T10:00"}, 422, "end", "The end must be after the start."),
    ("end before start with offsets", {"start": "2027-02-01T10:00:00+01:00", "end": "2027-02-01T09:30:00+01:00"},
     422, "end", "The end must be after the start."),
    ("offset on one time only", {"end": "2027-02-01T11:00:00+01:00"}, 422, "end",
     "Give both times with an offset, or both without."),
    ("end a day later outside hours", {"end": "2027-02-02T11:00"}, 422, "start",
     "2027-02-01 10:00 is outside the opening hours (Monday: 07:00-23:00)."),
    ("before opening", {"start": "2027-02-01T06:00"}, 422, "start", None),
    ("skipped by DST", {"start": "2027-03-28T02:30", "end": "2027-03-28T03:30"}, 422, "start",
     "2027-03-28 02:30 does not exist in Europe/Amsterdam: the clocks jump forward an hour that night."),
    ("in the past", {"start": "2027-01-04T08:00", "end": "2027-01-04T08:30"}, 422, "start",
     "This time has already begun."),
    # visibility, organisation, people
    ("visibility unknown", {"visibility": "secret"}, 422, "visibility", "Choose one of: public, internal, private."),
    ("visibility upper case", {"visibility": "PRIVATE"}, 422, "visibility", None),
    ("visibility list", {"visibility": ["private"]}, 422, "visibility", None),
    ("visibility object", {"visibility": {"a": 1}}, 422, "visibility", None),
    ("organisation_id string", {"organisation_id": "1"}, 422, "organisation_id", "Must be a whole number."),
    ("organisation_id bool", {"organisation_id": True}, 422, "organisation_id", "Must be a whole number."),
    ("organisation_id unknown", {"organisation_id": 999999}, 422, "organisation_id", "No organisation with this id."),
    ("expected_people negative", {"expected_people": -1}, 422, "expected_people", None),
    ("expected_people bool", {"expected_people": True}, 422, "expected_people", "Must be a whole number."),
    ("expected_people float", {"expected_people": 2.5}, 422, "expected_people", "Must be a whole number."),
    ("expected_people absurd", {"expected_people": 10**12}, 422, "expected_people", None),
    ("expected_people above capacity", {"expected_people": 13}, 422, "expected_people",
     "Vergaderzaal holds at most 12 people."),
    # recurrence
    ("recurrence string", {"recurrence": "weekly"}, 422, "recurrence", None),
    ("recurrence list", {"recurrence": [WEEKLY]}, 422, "recurrence", None),
    ("recurrence empty", {"recurrence": {}}, 422, "recurrence.freq", "This field is required."),
    ("freq yearly", {"recurrence": {"freq": "yearly", "count": 2}}, 422, "recurrence.freq", None),
    ("freq upper case", {"recurrence": {"freq": "WEEKLY", "count": 2}}, 422, "recurrence.freq", None),
    ("neither count nor until", {"recurrence": {"freq": "weekly"}}, 422, "recurrence",
     "Give exactly one of 'count' or 'until'."),
    ("count and until", {"recurrence": {"freq": "weekly", "count": 2, "until": "2027-03-01"}}, 422, "recurrence",
     "Give exactly one of 'count' or 'until'."),
    ("count zero", {"recurrence": {"freq": "weekly", "count": 0}}, 422, "recurrence.count", None),
    ("count negative", {"recurrence": {"freq": "weekly", "count": -3}}, 422, "recurrence.count", None),
    ("count absurd", {"recurrence": {"freq": "daily", "count": 10**9}}, 422, "recurrence.count",
     "Must be between 1 and 800."),
    ("count 801", {"recurrence": {"freq": "daily", "count": 801}}, 422, "recurrence.count", None),
    ("count bool", {"recurrence": {"freq": "weekly", "count": True}}, 422, "recurrence.count",
     "Must be a whole number."),
    ("count string", {"recurrence": {"freq": "weekly", "count": "3"}}, 422, "recurrence.count", None),
    ("count float", {"recurrence": {"freq": "weekly", "count": 2.0}}, 422, "recurrence.count", None),
    ("count beyond 24 months", {"recurrence": {"freq": "weekly", "count": 800}}, 422, "recurrence",
     "A series may last at most 24 months: its last date may be 2029-02-01."),
    ("until beyond 24 months", {"recurrence": {"freq": "monthly", "until": "2029-02-02"}}, 422, "recurrence",
     "A series may last at most 24 months: its last date may be 2029-02-01."),
    ("until far future", {"recurrence": {"freq": "daily", "until": "2099-12-31"}}, 422, "recurrence", None),
    ("interval zero", {"recurrence": {**WEEKLY, "interval": 0}}, 422, "recurrence.interval", None),
    ("interval 53", {"recurrence": {**WEEKLY, "interval": 53}}, 422, "recurrence.interval", None),
    ("interval bool", {"recurrence": {**WEEKLY, "interval": True}}, 422, "recurrence.interval", None),
    ("byweekday string", {"recurrence": {**WEEKLY, "byweekday": "MO"}}, 422, "recurrence.byweekday", None),
    ("byweekday unknown", {"recurrence": {**WEEKLY, "byweekday": ["XX"]}}, 422, "recurrence.byweekday",
     "'XX' is not a weekday; use MO, TU, WE, TH, FR, SA or SU."),
    ("byweekday lower case", {"recurrence": {**WEEKLY, "byweekday": ["mo"]}}, 422, "recurrence.byweekday", None),
    ("byweekday number", {"recurrence": {**WEEKLY, "byweekday": [1]}}, 422, "recurrence.byweekday", None),
    ("byweekday too many", {"recurrence": {**WEEKLY, "byweekday": ["MO"] * 8}}, 422, "recurrence.byweekday", None),
    ("byweekday overlong code", {"recurrence": {**WEEKLY, "byweekday": ["MONDAY"]}}, 422, "recurrence.byweekday",
     None),
    ("weekly with nth weekday", {"recurrence": {**WEEKLY, "byweekday": ["2TU"]}}, 422, "recurrence.byweekday",
     "'2TU': a weekly series takes plain weekdays such as TU."),
    ("monthly plain weekday", {"recurrence": {"freq": "monthly", "count": 2, "byweekday": ["TU"]}}, 422,
     "recurrence.byweekday", "'TU': a monthly series takes the nth weekday, such as 2TU or -1FR."),
    ("monthly two weekdays", {"recurrence": {"freq": "monthly", "count": 2, "byweekday": ["1TU", "3TU"]}}, 422,
     "recurrence.byweekday", "A monthly series takes one nth weekday."),
    ("monthly sixth weekday", {"recurrence": {"freq": "monthly", "count": 2, "byweekday": ["6TU"]}}, 422,
     "recurrence.byweekday", None),
    ("daily with weekdays", {"recurrence": {"freq": "daily", "count": 2, "byweekday": ["MO"]}}, 422,
     "recurrence.byweekday", "A daily series takes no weekdays; use weekly."),
    ("until not a date", {"recurrence": {"freq": "weekly", "until": "2027-13-01"}}, 422, "recurrence.until", None),
    ("until Dutch order", {"recurrence": {"freq": "weekly", "until": "01-03-2027"}}, 422, "recurrence.until", None),
    ("until number", {"recurrence": {"freq": "weekly", "until": 20270301}}, 422, "recurrence.until", None),
    ("until with a time", {"recurrence": {"freq": "weekly", "until": "2027-03-01T10:00"}}, 422, "recurrence.until",
     None),
    ("until before start", {"recurrence": {"freq": "weekly", "until": "2027-01-31"}}, 422, "recurrence.until",
     "The end date is before the first date."),
    ("exdates string", {"recurrence": {**WEEKLY, "exdates": "2027-02-08"}}, 422, "recurrence.exdates", None),
    ("exdates words", {"recurrence": {**WEEKLY, "exdates": ["8 februari"]}}, 422, "recurrence.exdates", None),
    ("exdates null item", {"recurrence": {**WEEKLY, "exdates": [None]}}, 422, "recurrence.exdates", None),
    ("exdates too many", {"recurrence": {**WEEKLY, "exdates": ["2027-02-08"] * 801}}, 422, "recurrence.exdates",
     None),
    ("exdates leave nothing", {"recurrence": {"freq": "weekly", "count": 1, "exdates": ["2027-02-01"]}}, 422,
     "recurrence", "No dates are left: check the rule and the skipped dates."),
    ("series date skipped by DST", {"start": "2027-03-27T02:30", "end": "2027-03-27T03:00",
                                    "recurrence": {"freq": "daily", "count": 2}}, 422, "start", None),
    # not allowed at all
    ("another organisation", {"organisation_id": "OTHER"}, 403, None,
     "You may only book for your own organisation."),
]


@pytest.mark.parametrize("mutation, status, field, message",
                         [c[1:] for c in BOOKING_CASES], ids=[c[0] for c in BOOKING_CASES])
def test_post_booking_bad_field(world, mutation, status, field, message):
    body = mutated(base_booking(world), mutation, world.other_org_id)
    before = snapshot()
    refused(world.client.post("/api/v1/bookings", json=body, headers=world.member), status, field, message)
    assert snapshot() == before


def test_the_base_booking_is_valid(world):
    """The cases above differ from a valid request in one field only."""
    body = {**base_booking(world), "start": "2027-02-02T10:00", "end": "2027-02-02T11:00"}
    r = world.client.post("/api/v1/bookings", json=body, headers=world.member)
    assert r.status_code == 201, r.get_json()
    assert world.client.delete(f"/api/v1/bookings/{r.get_json()['id']}", headers=world.member).status_code == 200


def test_several_bad_fields_are_reported_together(world):
    before = snapshot()
    r = world.client.post("/api/v1/bookings", json={"room_id": "x", "title": "", "start": "gisteren",
                                                    "visibility": "geheim"}, headers=world.member)
    assert r.status_code == 422
    body = r.get_json()
    assert sorted(body["fields"]) == ["end", "room_id", "start", "title", "visibility"]
    assert body["message"] == "Some fields are not valid."
    assert snapshot() == before


ODD_VALUES = [None, True, 0, -1, 2**63, 1.5, "", "\x00", "²", "2027-02-01", [], {}, [None], {"a": 1}, "a" * 10_000]


def test_no_value_of_any_type_breaks_the_booking_endpoint(world):
    """Every field, top-level and in the recurrence, against values of every JSON type: never a 5xx."""
    before = snapshot()
    for field in ("room_id", "title", "start", "end", "description", "visibility", "organisation_id",
                  "expected_people", "setup_notes", "recurrence"):
        for value in ODD_VALUES:
            body = {**base_booking(world), field: value}
            r = world.client.post("/api/v1/bookings", json=body, headers=world.member)
            assert r.status_code in (201, 403, 422), (field, value, r.get_json())
            if r.status_code == 201:  # e.g. a null description: valid, so undo it
                assert world.client.delete(f"/api/v1/bookings/{r.get_json()['id']}",
                                           headers=world.admin).status_code == 200
    for field in ("freq", "interval", "byweekday", "count", "until", "exdates"):
        for value in ODD_VALUES:
            body = {**base_booking(world), "recurrence": {"freq": "weekly", "count": 2, field: value}}
            r = world.client.post("/api/v1/bookings", json=body, headers=world.member)
            assert r.status_code in (201, 422), (field, value, r.get_json())
            if r.status_code == 201:
                assert world.client.delete(f"/api/v1/bookings/{r.get_json()['id']}",
                                           headers=world.admin).status_code == 200
    assert active_occurrences(snapshot()) == active_occurrences(before)


def active_occurrences(snap: tuple) -> list:
    """The occurrences of a snapshot that hold their room."""
    return [row for row in snap[1] if row.status in ACTIVE_STATUSES]


RAW_BODIES = [
    ("plain text", b"room_id=1&title=Yoga", "text/plain"),
    ("form encoded", b"room_id=1&title=Yoga", "application/x-www-form-urlencoded"),
    ("broken JSON", b'{"room_id": 1, "title": ', "application/json"),
    ("JSON array", b"[1, 2, 3]", "application/json"),
    ("JSON string", b'"Yoga"', "application/json"),
    ("JSON null", b"null", "application/json"),
    ("JSON number", b"42", "application/json"),
    ("empty body", b"", "application/json"),
    ("not UTF-8", '{"title": "caf\xe9"}'.encode("latin-1"), "application/json"),
    # The JSON reader recurses per level: thousands of '[' once ended in RecursionError, a 500.
    ("5,000 nested arrays", b"[" * 5000, "application/json"),
    ("5,000 nested objects", b'{"a":' * 5000 + b"1" + b"}" * 5000, "application/json"),
]


@pytest.mark.parametrize("raw", [b"[" * 5000, b'{"reason":' * 5000 + b'"x"' + b"}" * 5000])
def test_a_cancel_with_a_body_nested_too_deep_reads_the_reason_from_the_query(world, raw):
    r = world.client.post("/api/v1/bookings", json=base_booking(world), headers=world.member)
    assert r.status_code == 201, r.get_json()
    gone = world.client.delete(f"/api/v1/bookings/{r.get_json()['id']}?reason=ziek", data=raw,
                               content_type="application/json", headers=world.member)
    assert gone.status_code == 200, gone.get_json()
    assert gone.get_json()["status"] == "cancelled"


@pytest.mark.parametrize("method, path", [("post", "/api/v1/bookings"), ("post", "/api/v1/rooms"),
                                          ("patch", "OCCURRENCE")])
@pytest.mark.parametrize("raw, content_type", [c[1:] for c in RAW_BODIES], ids=[c[0] for c in RAW_BODIES])
def test_a_body_that_is_no_json_object_is_400(world, method, path, raw, content_type):
    if path == "OCCURRENCE":
        path = f"/api/v1/bookings/{world.booking_id}/occurrences/{world.occurrence_id}"
    before = snapshot()
    r = getattr(world.client, method)(path, data=raw, content_type=content_type, headers=world.admin)
    refused(r, 400, None, "The request body must be a JSON object.")
    assert snapshot() == before


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e400", "1.0e2"])
def test_non_integer_json_numbers_are_wrong_types(world, value):
    """Python's JSON reader takes NaN and Infinity: they must end as wrong types, not crash."""
    before = snapshot()
    raw = json.dumps(base_booking(world))[:-1] + f', "expected_people": {value}}}'
    r = world.client.post("/api/v1/bookings", data=raw, content_type="application/json", headers=world.member)
    refused(r, 422, "expected_people", "Must be a whole number.")
    assert snapshot() == before


def test_an_oversized_body_is_413(world):
    before = snapshot()
    body = json.dumps({**base_booking(world), "description": "a" * TOO_LONG_BODY})
    r = world.client.post("/api/v1/bookings", data=body, content_type="application/json", headers=world.member)
    refused(r, 413, None)
    assert snapshot() == before


# --- PATCH and DELETE -------------------------------------------------------------------------------

PATCH_CASES = [
    ("start missing", {"start": DROP}, 422, "start"),
    ("end missing", {"end": DROP}, 422, "end"),
    ("start words", {"start": "volgende week"}, 422, "start"),
    ("start number", {"start": 20270310}, 422, "start"),
    ("end before start", {"end": "2027-03-10T13:00"}, 422, "end"),
    ("end equals start", {"end": "2027-03-10T14:00"}, 422, "end"),
    ("room_id string", {"room_id": "1"}, 422, "room_id"),
    ("room_id bool", {"room_id": True}, 422, "room_id"),
    ("room_id huge", {"room_id": 10**30}, 422, "room_id"),
    ("room_id unknown", {"room_id": 999999}, 422, "room_id"),
    ("outside opening hours", {"start": "2027-03-10T05:00"}, 422, "start"),
    ("skipped by DST", {"start": "2027-03-28T02:30", "end": "2027-03-28T03:30"}, 422, "start"),
    ("in the past", {"start": "2027-01-04T07:00", "end": "2027-01-04T08:00"}, 422, "start"),
]


@pytest.mark.parametrize("mutation, status, field", [c[1:] for c in PATCH_CASES], ids=[c[0] for c in PATCH_CASES])
def test_patch_occurrence_bad_field(world, mutation, status, field):
    body = mutated({"start": "2027-03-10T14:00", "end": "2027-03-10T15:00"}, mutation)
    before = snapshot()
    r = world.client.patch(f"/api/v1/bookings/{world.booking_id}/occurrences/{world.occurrence_id}",
                           json=body, headers=world.member)
    refused(r, status, field)
    assert snapshot() == before


UNKNOWN_PATHS = ["999999", "0", "2147483648", "99999999999999999999", "abc", "-1", "1.5"]


@pytest.mark.parametrize("ident", UNKNOWN_PATHS)
@pytest.mark.parametrize("method, path", [
    ("get", "/api/v1/bookings/ID"), ("delete", "/api/v1/bookings/ID"),
    ("delete", "/api/v1/bookings/ID/occurrences/OCCURRENCE"), ("patch", "/api/v1/bookings/ID/occurrences/OCCURRENCE"),
    ("delete", "/api/v1/bookings/BOOKING/occurrences/ID"), ("patch", "/api/v1/bookings/BOOKING/occurrences/ID"),
    ("get", "/api/v1/rooms/ID/availability?start=2027-02-01T00:00&end=2027-02-02T00:00"),
])
def test_unknown_ids_are_404(world, method, path, ident):
    path = (path.replace("BOOKING", str(world.booking_id)).replace("OCCURRENCE", str(world.occurrence_id))
            .replace("ID", ident))
    before = snapshot()
    r = getattr(world.client, method)(path, json={"start": "2027-03-10T14:00", "end": "2027-03-10T15:00"},
                                      headers=world.admin)
    refused(r, 404, None)
    assert snapshot() == before


@pytest.mark.parametrize("where, reason", [("json", "x" * 501), ("json", "weg\x00"), ("json", 42), ("json", ["x"]),
                                           ("query", "x" * 501), ("query", "weg\x00")],
                         ids=["json too long", "json NUL", "json number", "json list", "query too long", "query NUL"])
@pytest.mark.parametrize("what", ["booking", "occurrence"])
def test_a_bad_cancellation_reason_cancels_nothing(world, where, reason, what):
    path = f"/api/v1/bookings/{world.booking_id}"
    if what == "occurrence":
        path += f"/occurrences/{world.occurrence_id}"
    before = snapshot()
    if where == "json":
        r = world.client.delete(path, json={"reason": reason}, headers=world.member)
    else:
        r = world.client.delete(path, query_string={"reason": reason}, headers=world.member)
    refused(r, 422, "reason")
    assert snapshot() == before


def test_other_callers_changes_are_403_and_change_nothing(world):
    before = snapshot()
    base = f"/api/v1/bookings/{world.booking_id}"
    occ = f"{base}/occurrences/{world.occurrence_id}"
    refused(world.client.delete(base, headers=world.other_member), 403, None)
    refused(world.client.delete(occ, headers=world.other_member), 403, None)
    refused(world.client.patch(occ, json={"start": "2027-03-10T14:00", "end": "2027-03-10T15:00"},
                               headers=world.other_member), 403, None)
    assert snapshot() == before


# --- GET /api/v1/bookings and availability -------------------------------------------------------------

LIST_CASES = [
    ("room_id words", {"room_id": "abc"}, "room_id"),
    ("room_id empty", {"room_id": ""}, "room_id"),
    ("room_id negative", {"room_id": "-1"}, "room_id"),
    ("room_id superscript digit", {"room_id": "²"}, "room_id"),
    ("room_id Arabic digit", {"room_id": "١"}, "room_id"),
    ("room_id huge", {"room_id": "9" * 5000}, "room_id"),
    ("room_id unknown", {"room_id": "999999"}, "room_id"),
    ("start missing", {"start": DROP}, "start"),
    ("end missing", {"end": DROP}, "end"),
    ("start words", {"start": "vandaag"}, "start"),
    ("start NUL", {"start": "2027-02-01T00:00\x00"}, "start"),
    ("end before start", {"end": "2027-01-01T00:00"}, "end"),
    ("empty window", {"end": "2027-02-01T00:00"}, "end"),
    ("window too long", {"end": "2029-06-01T00:00"}, "end"),
    ("start skipped by DST", {"start": "2027-03-28T02:30"}, "start"),
    ("start year 1900", {"start": "1900-01-01T00:00"}, "start"),
]


@pytest.mark.parametrize("mutation, field", [c[1:] for c in LIST_CASES], ids=[c[0] for c in LIST_CASES])
def test_list_bad_query(world, mutation, field):
    query = mutated({"room_id": str(world.room_id), "start": "2027-02-01T00:00", "end": "2027-04-01T00:00"},
                    mutation)
    refused(world.client.get("/api/v1/bookings", query_string=query, headers=world.member), 422, field)


@pytest.mark.parametrize("mutation, field", [c[1:] for c in LIST_CASES if not c[0].startswith("room_id")],
                         ids=[c[0] for c in LIST_CASES if not c[0].startswith("room_id")])
def test_availability_bad_query(world, mutation, field):
    query = mutated({"start": "2027-02-01T00:00", "end": "2027-04-01T00:00"}, mutation)
    refused(world.client.get(f"/api/v1/rooms/{world.room_id}/availability", query_string=query,
                             headers=world.member), 422, field)


# --- POST /api/v1/rooms --------------------------------------------------------------------------------

ROOM_CASES = [
    ("name missing", {"name": DROP}, "name"),
    ("name empty", {"name": ""}, "name"),
    ("name too long", {"name": "a" * 121}, "name"),
    ("name NUL", {"name": "Zaal\x00"}, "name"),
    ("name tab", {"name": "Zaal\t3"}, "name"),
    ("name number", {"name": 3}, "name"),
    ("name taken", {"name": "Vergaderzaal"}, "name"),
    ("capacity missing", {"capacity": DROP}, "capacity"),
    ("capacity bool", {"capacity": True}, "capacity"),
    ("capacity string", {"capacity": "12"}, "capacity"),
    ("capacity negative", {"capacity": -1}, "capacity"),
    ("capacity absurd", {"capacity": 10**9}, "capacity"),
    ("capacity float", {"capacity": 12.5}, "capacity"),
    ("buffer negative", {"buffer_minutes": -1}, "buffer_minutes"),
    ("buffer over a day", {"buffer_minutes": 1441}, "buffer_minutes"),
    ("buffer bool", {"buffer_minutes": False}, "buffer_minutes"),
    ("buffer string", {"buffer_minutes": "15"}, "buffer_minutes"),
    ("requires_approval string", {"requires_approval": "yes"}, "requires_approval"),
    ("requires_approval number", {"requires_approval": 1}, "requires_approval"),
    ("facilities too long", {"facilities": "a" * 501}, "facilities"),
    ("parts string", {"parts": "1"}, "parts"),
    ("parts false", {"parts": False}, "parts"),
    ("parts object", {"parts": {"a": 1}}, "parts"),
    ("parts bool item", {"parts": [True]}, "parts"),
    ("parts string item", {"parts": ["1"]}, "parts"),
    ("parts huge id", {"parts": [10**20]}, "parts"),
    ("parts beyond int32", {"parts": [2**31]}, "parts"),
    ("parts zero", {"parts": [0]}, "parts"),
    ("parts unknown", {"parts": [999999]}, "parts"),
    ("parts too many", {"parts": list(range(1, 30))}, "parts"),
    ("building unknown", {"building_id": 999999}, "building_id"),
    ("building string", {"building_id": "1"}, "building_id"),
]


@pytest.mark.parametrize("mutation, field", [c[1:] for c in ROOM_CASES], ids=[c[0] for c in ROOM_CASES])
def test_post_room_bad_field(world, mutation, field):
    body = mutated({"name": "Stiltekamer", "capacity": 4}, mutation)
    before = snapshot()
    refused(world.client.post("/api/v1/rooms", json=body, headers=world.admin), 422, field)
    assert snapshot() == before


# --- odd paths and methods ---------------------------------------------------------------------------

@pytest.mark.parametrize("method, path, status", [
    ("get", "/api/v1/nothing", 404),
    ("put", "/api/v1/bookings", 405),
    ("delete", "/api/v1/rooms", 405),
    ("post", "/api/v1/bookings/1", 405),
])
def test_unknown_paths_and_methods_answer_json(world, method, path, status):
    before = snapshot()
    refused(getattr(world.client, method)(path, json={}, headers=world.admin), status, None)
    assert snapshot() == before


def test_bad_input_left_the_world_as_it_was(world):
    """After all the cases above, the one booking is still there, untouched."""
    r = world.client.get(f"/api/v1/bookings/{world.booking_id}", headers=world.member)
    body = r.get_json()
    assert (body["status"], [o["status"] for o in body["occurrences"]]) == ("confirmed", ["confirmed", "confirmed"])
    assert [o["start"] for o in body["occurrences"]] == ["2027-03-01T10:00:00+01:00", "2027-03-08T10:00:00+01:00"]
    assert db.session.execute(text("SELECT 1")).scalar() == 1
