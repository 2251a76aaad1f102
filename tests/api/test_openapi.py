"""The OpenAPI document at /api/v1/openapi.json: complete, valid, served to anyone, and true to the API.

Every JSON answer of the whole suite is also checked against it (tests/fixtures/api_document.py); here
schemathesis sends generated requests, valid and invalid, to every operation.
"""
from __future__ import annotations

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from openapi_spec_validator import validate
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance, response_schema_conformance,
                                               status_code_conformance)

from booking.api.openapi import api_document, undocumented
from booking.extensions import db

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def test_every_api_route_is_in_the_document(app):
    assert undocumented(app) == []
    document = api_document(app)
    routes = {(r.rule, m) for r in app.url_map.iter_rules() if r.endpoint.startswith("api.")
              for m in r.methods - {"HEAD", "OPTIONS"}}
    operations = {(path, m.upper()) for path, ops in document["paths"].items() for m in ops}
    assert len(operations) == len(routes) == 22  # 21 and this document


def test_the_document_is_valid_openapi_and_needs_no_token(client):
    resp = client.get("/api/v1/openapi.json")
    assert resp.status_code == 200
    assert resp.mimetype == "application/json"
    document = resp.get_json()
    validate(document)  # raises on any fault against the OpenAPI 3.0 schema
    assert document["openapi"] == "3.0.3"
    assert document["components"]["securitySchemes"]["token"] == {"type": "http", "scheme": "bearer"}


def test_the_document_says_what_a_booking_takes_and_answers(client):
    document = client.get("/api/v1/openapi.json").get_json()
    post = document["paths"]["/api/v1/bookings"]["post"]
    body = post["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["room_id", "title", "start", "end"]
    assert body["properties"]["title"]["maxLength"] == 200
    assert body["properties"]["visibility"] == {
        "type": "string", "enum": ["public", "internal", "private"], "default": "internal",
        "description": "public: on the building's public agenda; private: others see only 'Busy'."}
    assert body["properties"]["recurrence"]["properties"]["freq"]["enum"] == ["daily", "weekly", "monthly"]
    assert sorted(post["responses"]) == ["201", "400", "401", "403", "404", "409", "413", "422"]
    assert post["responses"]["409"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Conflict"}
    assert post["security"] == [{"token": []}]
    agenda = document["paths"]["/api/v1/agenda"]["get"]
    assert "security" not in agenda and "401" not in agenda["responses"]  # the public agenda needs no token
    assert [p["name"] for p in agenda["parameters"]] == ["start", "end"]


def test_a_422_names_the_same_limits_the_document_gives(client, admin_headers, make_room):
    room = make_room()
    limit = client.get("/api/v1/openapi.json").get_json()[
        "paths"]["/api/v1/bookings"]["post"]["requestBody"]["content"]["application/json"]["schema"][
        "properties"]["expected_people"]["maximum"]
    resp = client.post("/api/v1/bookings", headers=admin_headers, json={
        "room_id": room["id"], "title": "Overleg", "start": "2027-03-29T09:00", "end": "2027-03-29T10:00",
        "expected_people": limit + 1})
    assert resp.status_code == 422
    assert resp.get_json()["fields"] == {"expected_people": [f"Must be between 0 and {limit}."]}


# --- schemathesis: generated requests against every operation -----------------------------------------------

@pytest.fixture
def api_schema(app, admin_headers, make_room, client):
    """The served document as schemathesis reads it, on a database with rooms, a series and a closure."""
    room = make_room("Vergaderzaal", 12)
    make_room("Sportzaal", 40)
    client.post("/api/v1/bookings", headers=admin_headers, json={
        "room_id": room["id"], "title": "Koffieochtend", "start": "2027-03-22T10:00", "end": "2027-03-22T11:00",
        "visibility": "public", "recurrence": {"freq": "weekly", "count": 4}})
    client.post("/api/v1/closures", headers=admin_headers, json={
        "start": "2027-04-27T00:00", "end": "2027-04-28T00:00", "reason": "Koningsdag"})
    return schemathesis.openapi.from_dict(client.get("/api/v1/openapi.json").get_json())


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_generated_requests_get_no_5xx_and_answers_as_documented(api_schema, app, admin_headers, mode):
    """A bounded run: a dozen generated requests per operation, each answer checked; every fault reported."""
    def one_request(environ, start_response):
        db.session.commit()  # like the suite's client: each request its own app context, seeing the test's data
        with app.app_context():
            return app.wsgi_app(environ, start_response)

    faults, sent = [], 0
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=12, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            nonlocal sent
            sent += 1
            case.call_and_validate(app=one_request, headers=admin_headers, checks=CHECKS)

        try:
            run()
        except Unsatisfiable:  # negative mode: an operation without parameters or body has nothing to break
            assert mode is GenerationMode.NEGATIVE and not list(operation.query) and not list(operation.body)
        except Exception as exc:  # noqa: BLE001 - gather every operation's fault, then fail once
            faults.append(f"{operation.method.upper()} {operation.path}: {exc}"[:1500])
    assert not faults, "\n\n".join(faults)
    assert sent >= (22 if mode is GenerationMode.POSITIVE else 17) * 5  # every operation was tried


# --- the API page for people ------------------------------------------------------------------------------

def test_the_api_page_lists_every_operation_with_its_fields(client):
    resp = client.get("/api")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert html.count('class="api-operation"') == 22
    assert '<code class="api-path">/api/v1/bookings/{booking_id}/occurrences/{occurrence_id}/attendance</code>' in html
    assert '<td role="cell" data-label="Type">text (at most 200)</td>' in html  # a booking's title
    assert '<td role="cell" data-label="Type">whole number from 1</td>' in html  # an id, without its ceiling
    assert "No token needed." in html  # the public agenda and the document itself
    assert 'href="/api/v1/openapi.json"' in html


def test_the_api_page_speaks_dutch_and_the_account_page_links_to_it(client, people):
    assert "De API van het reserveringssysteem" in client.get("/api").get_data(as_text=True)  # Dutch by default
    english = client.get("/api", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "<h1>The booking API</h1>" in english
    user = people.user("member", org="Welzijn Harderwijk")
    login_page = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"', login_page)
    client.post("/login", data={"email": user.email, "password": "correct horse battery",
                                "csrf_token": next(g for g in csrf.groups() if g)})
    account = client.get("/account").get_data(as_text=True)
    assert 'href="/api">Hoe de API werkt: elk verzoek en elk antwoord</a>' in account


def test_type_words_say_each_kind_in_plain_words():
    from booking.api.reading import type_words
    assert type_words({"type": "integer", "minimum": 0, "maximum": 10000}) == "whole number 0 to 10000"
    assert type_words({"type": "string", "nullable": True, "maxLength": 200}) == "text (at most 200) or null"
    assert type_words({"type": "string", "enum": ["arrived", "no_show", None], "nullable": True}) == \
        "one of: arrived, no_show, null"
    assert type_words({"type": "array", "items": {"$ref": "#/components/schemas/Room"}}) == "list of Room"
    assert type_words({"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}) == \
        "text or list of text"
