"""A pooled connection is pinged before use only after lying idle; one the ping finds gone is replaced."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, event, text

from booking.database import install_idle_ping


@pytest.fixture
def engine(database_uri):
    """A small engine of its own on the test's database (the app's is shared by every test)."""
    made = create_engine(database_uri, pool_size=1, max_overflow=0)
    yield made
    made.dispose()


def use(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT 1")).scalar_one()


def counting_pings(engine, monkeypatch, fail_first: bool = False) -> list[int]:
    pings: list[int] = []
    real = engine.dialect.do_ping

    def do_ping(dbapi_connection):
        pings.append(1)
        if fail_first and len(pings) == 1:
            raise OSError("server closed the connection unexpectedly")
        return real(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", do_ping)
    return pings


def test_a_connection_used_moments_ago_is_not_pinged(engine, monkeypatch):
    install_idle_ping(engine, idle_seconds=10)
    pings = counting_pings(engine, monkeypatch)
    assert [use(engine) for _ in range(3)] == [1, 1, 1]
    assert pings == []  # no round trip before each request's statements


def test_a_connection_that_lay_idle_is_pinged_before_use(engine, monkeypatch):
    install_idle_ping(engine, idle_seconds=0)
    pings = counting_pings(engine, monkeypatch)
    use(engine)  # a new connection needs no ping
    assert pings == []
    use(engine)
    assert pings == [1]


def test_a_connection_the_database_dropped_is_replaced_and_the_request_still_answers(engine, monkeypatch):
    install_idle_ping(engine, idle_seconds=0)
    connects: list[int] = []
    event.listen(engine, "connect", lambda *_: connects.append(1))
    use(engine)
    pings = counting_pings(engine, monkeypatch, fail_first=True)
    assert use(engine) == 1
    assert connects == [1, 1]  # the dropped one was thrown away, a new one made
    assert pings == [1]        # the new connection is not pinged again
