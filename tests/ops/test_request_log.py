"""The JSON request log: exactly one parseable line per request, with its duration, and no secret in it."""
from __future__ import annotations

import re

import pytest

from booking import create_app
from booking.feeds.tokens import feed_token
from booking.models import ApiToken
from booking.ops.requestlog import masked_path
from booking.extensions import db
from sqlcount import counting
from web.helpers import logged_in

FIELDS = {"time", "request_id", "method", "path", "status", "duration_ms", "user_id"}


def test_one_line_per_request_with_its_fields(client, request_log):
    resp = client.get("/healthz?probe=1")
    [line] = request_log.parsed()
    assert set(line) == FIELDS
    assert (line["method"], line["path"], line["status"], line["user_id"]) == ("GET", "/healthz", 200, None)
    assert isinstance(line["duration_ms"], float) and 0 <= line["duration_ms"] < 10_000
    assert re.fullmatch(r"[0-9a-f]{32}", line["request_id"])
    assert resp.headers["X-Request-ID"] == line["request_id"]
    assert "\n" not in request_log.lines[0]


def test_an_error_answer_is_logged_once_too(client, request_log):
    assert client.get("/no/such/page").status_code == 404
    assert client.post("/api/v1/bookings", json={}).status_code == 401
    assert [(r["path"], r["status"]) for r in request_log.parsed()] == [("/no/such/page", 404),
                                                                       ("/api/v1/bookings", 401)]


def test_the_request_id_of_the_proxy_is_kept_and_a_strange_one_replaced(client, request_log):
    client.get("/healthz", headers={"X-Request-ID": "a1b2c3d4e5f6"})
    client.get("/healthz", headers={"X-Request-ID": 'x", "status": 200, "y": "'})
    client.get("/healthz", headers={"X-Request-ID": "a" * 65})
    first, second, third = request_log.parsed()
    assert first["request_id"] == "a1b2c3d4e5f6"
    assert re.fullmatch(r"[0-9a-f]{32}", second["request_id"]) and second["status"] == 200
    assert re.fullmatch(r"[0-9a-f]{32}", third["request_id"])


def test_the_api_callers_user_id(client, request_log, member):
    token, plain = ApiToken.issue(member)
    db.session.add(token)
    db.session.commit()
    user_id = member.id
    assert client.get("/api/v1/rooms", headers={"Authorization": f"Bearer {plain}"}).status_code == 200
    [line] = request_log.parsed()
    assert (line["path"], line["status"], line["user_id"]) == ("/api/v1/rooms", 200, user_id)
    assert plain not in request_log.lines[0]


def test_the_logged_in_users_id_on_a_page(client, request_log, member):
    user_id = member.id
    logged_in(client, member)
    request_log.lines.clear()
    assert client.get("/bookings/").status_code == 200
    [line] = request_log.parsed()
    assert (line["path"], line["status"], line["user_id"]) == ("/bookings/", 200, user_id)


def test_no_feed_token_ever_appears(client, request_log, member, site):
    token = feed_token("test", member.id, 0, f"room:{site.zaal.id}")
    wrong = "Q" * 32
    paths = [f"/feeds/{member.id}/{token}/rooms/{site.zaal.id}.ics",  # the feed itself, 200
             f"/feeds/{member.id}/{token}/rooms/{site.zaal.id}.ics?token={token}",  # and in a query string
             f"/feeds/{member.id}/{wrong}/organisation.ics",  # a wrong token, 404
             f"/feeds/{member.id}/{token}/nothing-here",  # no route at all, 404
             f"/feeds/{member.id}/{token}"]
    statuses = [client.get(p).status_code for p in paths]
    assert statuses == [200, 200, 404, 404, 404]
    lines = request_log.parsed()
    assert [line["path"] for line in lines] == [
        f"/feeds/{member.id}/***/rooms/{site.zaal.id}.ics", f"/feeds/{member.id}/***/rooms/{site.zaal.id}.ics",
        f"/feeds/{member.id}/***/organisation.ics", f"/feeds/{member.id}/***/nothing-here",
        f"/feeds/{member.id}/***"]
    assert not any(token in line or wrong in line for line in request_log.lines)


def test_the_public_feed_and_the_download_stay_readable():
    assert masked_path("/feeds/public.ics") == "/feeds/public.ics"
    assert masked_path("/feeds/bookings/12.ics") == "/feeds/bookings/12.ics"
    assert masked_path("/invitation/s3cr3t-t0ken") == "/invitation/***"
    assert masked_path("/future/abc", {"reset_token": "abc"}) == "/future/***"


def test_no_line_while_switched_off(app, client, request_log):
    app.config["LOG_JSON"] = False
    client.get("/healthz")
    assert request_log.lines == []


def test_the_log_costs_no_statement(app, client, member):
    logged_in(client, member)
    with counting() as without:
        client.get("/bookings/")
    app.config["LOG_JSON"] = True
    with counting() as with_log:
        client.get("/bookings/")
    assert len(with_log) == len(without)


@pytest.mark.parametrize("config_name, env, expected", [
    ("production", None, True), ("testing", None, False), ("development", None, False),
    ("production", "false", False), ("development", "true", True)])
def test_on_in_production_off_elsewhere_unless_set(monkeypatch, tmp_path, config_name, env, expected):
    if env is None:
        monkeypatch.delenv("BOOKING_LOG_JSON", raising=False)
    else:
        monkeypatch.setenv("BOOKING_LOG_JSON", env)
    # Only the configuration is read here: a handler on stderr is added only by an app that logs.
    monkeypatch.setattr("booking.ops.requestlog.install", lambda app: None)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite3", "SECRET_KEY": "test"},
                     config_name=config_name)
    assert app.config["LOG_JSON"] is expected
