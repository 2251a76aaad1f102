"""The suite's own fixtures (tests/fixtures/): each request gets its own `g`, the shared fixtures exist once.

The `g_per_request` guard (autouse, tests/fixtures/app.py) checks every request of every test,
in tests/api and tests/web as everywhere else; these tests show that it sees a leak, and that
no test directory replaces the shared app, client or database fixtures with its own.
"""
from __future__ import annotations

import ast
from contextlib import contextmanager
from pathlib import Path

from flask import g, request_finished, request_started
from flask.testing import FlaskClient

from fixtures.app import RequestPerContextClient
from fixtures.clock import NOW

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"


@contextmanager
def g_at_request_start_and_end():
    """Record, for each request, the names on flask.g when it starts and when it ends (the guard's mark left out)."""
    seen: list[dict[str, set[str]]] = []

    def names() -> set[str]:
        return {n for n in vars(g._get_current_object()) if not n.startswith("_tests_")}

    def started(sender, **_extra):
        seen.append({"start": names()})

    def finished(sender, **_extra):
        seen[-1]["end"] = names()

    with request_started.connected_to(started), request_finished.connected_to(finished):
        yield seen


def test_every_request_starts_with_a_g_of_its_own(client, admin_headers):
    assert isinstance(client, RequestPerContextClient)
    with g_at_request_start_and_end() as seen:
        assert client.get("/api/v1/rooms", headers=admin_headers).status_code == 200  # sets g.actor
        assert client.get("/login").status_code == 200  # a page: Flask-Babel caches the locale on g
        assert client.get("/api/v1/rooms").status_code == 401  # no token: must not find g.actor
    assert "actor" in seen[0]["end"] and seen[1]["end"]  # the probe does see what a request leaves on g
    assert [s["start"] for s in seen] == [set(), set(), set()]


def test_the_guard_fails_a_test_whose_requests_share_g(app, admin_headers, g_per_request):
    """Negative control: a plain FlaskClient runs its requests in the test's app context, as the
    API tests' own app fixture once did; the guard must report the second request."""
    shared = FlaskClient(app)
    assert shared.get("/api/v1/rooms", headers=admin_headers).status_code == 200
    assert shared.get("/api/v1/rooms").status_code == 401
    assert g_per_request == ["GET /api/v1/rooms started with the g of GET /api/v1/rooms"]
    g_per_request.clear()  # seen: the guard need not fail this test


def fixture_names(path: Path) -> set[str]:
    """The names of the pytest fixtures a module defines (@pytest.fixture or @pytest.fixture(...))."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.FunctionDef):
            for deco in node.decorator_list:
                target = deco.func if isinstance(deco, ast.Call) else deco
                if ast.unparse(target) in ("pytest.fixture", "fixture"):
                    names.add(node.name)
    return names


def test_the_shared_fixtures_are_defined_once():
    shared = set().union(*(fixture_names(p) for p in FIXTURES.glob("*.py")))
    assert {"app", "client", "runner", "database_uri", "sqlite_template", "postgres_uri", "people",
            "admin_headers", "make_room", "g_per_request"} <= shared
    elsewhere = {str(p.relative_to(TESTS)): sorted(fixture_names(p) & shared)
                 for p in TESTS.rglob("*.py") if FIXTURES not in p.parents}
    assert {p: names for p, names in elsewhere.items() if names} == {}


def test_a_test_may_change_the_config_of_the_reused_app(app):
    app.config["NOW"] = NOW.replace(year=2030)
    app.config["SOMETHING_ONLY_THIS_TEST_SETS"] = True


def test_the_next_test_finds_the_config_as_it_was(app, reused_apps, database_uri):
    assert app is reused_apps[database_uri]
    assert app.config["NOW"] == NOW
    assert "SOMETHING_ONLY_THIS_TEST_SETS" not in app.config
