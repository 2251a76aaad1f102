"""GET /healthz: 200 while the database answers, 503 at once when it does not; never cached, no login."""
from __future__ import annotations

import os
import time

import pytest

from booking import create_app
from serverkit import free_port


def answer(uri: str, tmp_path) -> tuple[int, dict, str, float]:
    """Status, JSON, Cache-Control and seconds of GET /healthz of an app on `uri`."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": "test"}, config_name="testing")
    started = time.perf_counter()
    resp = app.test_client().get("/healthz")
    return resp.status_code, resp.get_json(), resp.headers.get("Cache-Control"), time.perf_counter() - started


def test_ok_while_the_database_answers(client):
    resp = client.get("/healthz")
    assert (resp.status_code, resp.get_json()) == (200, {"status": "ok"})
    assert resp.headers["Cache-Control"] == "no-store"


def test_no_page_view_statement_on_the_apps_own_engine(client):
    from sqlcount import counting

    with counting() as statements:
        assert client.get("/healthz").status_code == 200
    # The check runs on its own engine (with its timeout), not on the app's pool.
    assert len(statements) == 0, statements


def test_unavailable_at_once_when_nothing_listens_on_the_port(tmp_path):
    status, body, cache, seconds = answer(f"postgresql://booking@127.0.0.1:{free_port()}/booking", tmp_path)
    assert (status, body, cache) == (503, {"status": "unavailable"}, "no-store")
    assert seconds < 5


def test_unavailable_when_the_postgres_database_is_missing(tmp_path):
    base = os.environ.get("BOOKING_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("BOOKING_TEST_POSTGRES_URL is not set")
    missing = base.rsplit("/", 1)[0] + "/no_such_database_healthz"
    status, body, _, seconds = answer(missing, tmp_path)
    assert (status, body) == (503, {"status": "unavailable"})
    assert seconds < 5


def test_unavailable_when_the_sqlite_file_is_missing_and_it_is_not_made(tmp_path):
    path = tmp_path / "gone" / "booking.sqlite3"
    status, body, _, _ = answer(f"sqlite:///{path}", tmp_path)
    assert (status, body) == (503, {"status": "unavailable"})
    assert not path.exists()
    status, _, _, _ = answer(f"sqlite:///{tmp_path / 'empty.sqlite3'}", tmp_path)
    assert status == 503 and not (tmp_path / "empty.sqlite3").exists()


def test_the_check_gives_up_after_the_timeout(tmp_path):
    # An SQLite database whose lock another connection holds answers SELECT 1 anyway (readers are not
    # blocked); what must not hang is a server that accepts and never answers: a socket that listens.
    import socket

    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"postgresql://booking@127.0.0.1:{port}/booking",
                          "SECRET_KEY": "test", "HEALTH_TIMEOUT": 1}, config_name="testing")
        started = time.perf_counter()
        resp = app.test_client().get("/healthz")
        seconds = time.perf_counter() - started
    assert resp.status_code == 503
    assert seconds < 4
