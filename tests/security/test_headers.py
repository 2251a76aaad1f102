"""Security headers on every answer, HSTS only in production, no-store on what is private (issue 11)."""
from __future__ import annotations

import re

import pytest

from booking.extensions import db
from booking.security.headers import CONTENT_SECURITY_POLICY

from fixtures.app import create_app
from web.helpers import logged_in

POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
          "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
          "frame-ancestors 'none'; form-action 'self'; base-uri 'self'")


def assert_security_headers(resp) -> None:
    assert resp.headers["Content-Security-Policy"] == POLICY
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"] == "same-origin"
    assert resp.headers["X-Frame-Options"] == "DENY"


def test_the_policy_allows_no_inline_script():
    assert CONTENT_SECURITY_POLICY == POLICY
    script = re.search(r"script-src ([^;]*)", POLICY).group(1)
    assert script == "'self'" and "unsafe" not in script


@pytest.mark.parametrize("path, status", [
    ("/login", 200), ("/", 200), ("/bookings/", 302), ("/agenda", 200), ("/lobby", 200), ("/no-such-page", 404),
    ("/static/css/site.css", 200), ("/api/v1/rooms", 401), ("/api/v1/no-such-thing", 404),
    ("/feeds/public.ics", 200),
])
def test_every_kind_of_answer_carries_the_headers(client, site, path, status):
    resp = client.get(path, buffered=True)
    assert resp.status_code == status
    assert_security_headers(resp)
    assert "Strict-Transport-Security" not in resp.headers  # not outside production


def test_a_post_and_a_logged_in_page_carry_them_too(client, member):
    assert_security_headers(logged_in(client, member).post("/logout", data={}))
    assert_security_headers(client.get("/bookings/new"))


def test_production_sends_hsts(database_uri):
    # No mail thread: it would start with the first request and outlive the test's database.
    prod = create_app({"SECRET_KEY": "a-real-secret-for-this-test", "SQLALCHEMY_DATABASE_URI": database_uri,
                       "MAIL_BACKGROUND": False}, config_name="production")
    with prod.app_context():
        try:
            resp = prod.test_client().get("/login")
            assert resp.headers["Strict-Transport-Security"] == "max-age=31536000"
            assert_security_headers(resp)
        finally:
            db.engine.dispose()


# --- Cache-Control ------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/bookings/", "/bookings/new", "/account", "/feeds/", "/agenda"])
def test_pages_of_a_logged_in_user_are_not_stored(client, member, path):
    resp = logged_in(client, member).get(path)
    assert resp.status_code == 200
    assert resp.headers["Cache-Control"] == "no-store"


def test_api_answers_are_not_stored(client, member, token_of):
    headers = token_of(member)
    for path, status in [("/api/v1/rooms", 200), ("/api/v1/bookings/999999", 404)]:
        resp = client.get(path, headers=headers)
        assert resp.status_code == status
        assert resp.headers["Cache-Control"] == "no-store"
    refused = client.get("/api/v1/rooms")
    assert refused.status_code == 401 and refused.headers["Cache-Control"] == "no-store"


def test_a_visitors_public_pages_and_the_static_files_keep_their_caching(client, site, member):
    for path in ("/agenda", "/lobby", "/login"):
        assert "no-store" not in client.get(path).headers.get("Cache-Control", "")
    logged_in(client, member)
    assert "no-store" not in client.get("/static/css/site.css", buffered=True).headers.get("Cache-Control", "")


def test_the_feeds_keep_their_own_caching_and_304(client, member):
    logged_in(client, member)  # a browser with a login session fetches the public feed
    first = client.get("/feeds/public.ics")
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "public, max-age=900, no-transform"
    again = client.get("/feeds/public.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and "no-store" not in again.headers.get("Cache-Control", "")
