"""API reads on PostgreSQL run without a transaction (no BEGIN and ROLLBACK round trips), and the one write
a read can make, the token's hourly note of its last use, is still committed."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import event, select, update

from booking.extensions import db
from booking.models import ApiToken


def test_a_read_still_notes_the_tokens_last_use_once_an_hour(client, member):
    two_hours_ago = datetime.now(UTC) - timedelta(hours=2)
    db.session.execute(update(ApiToken).values(last_used_at=two_hours_ago))
    db.session.commit()
    assert client.get("/api/v1/rooms", headers=member).status_code == 200
    db.session.rollback()
    noted = db.session.scalar(select(ApiToken.last_used_at))
    assert noted > two_hours_ago + timedelta(minutes=110)  # written and committed by the GET
    assert client.get("/api/v1/rooms", headers=member).status_code == 200
    db.session.rollback()
    assert db.session.scalar(select(ApiToken.last_used_at)) == noted  # not again within the hour


def test_on_postgresql_a_read_sends_its_statements_outside_a_transaction(app, client, member, make_room):
    make_room("Vergaderzaal", 12)
    client.get("/api/v1/rooms", headers=member)  # the token's first use of the hour is written: not this test
    seen: list[tuple[str, bool]] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement.split()[0], conn.connection.dbapi_connection.autocommit
                     if conn.dialect.name == "postgresql" else None))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        assert client.get("/api/v1/rooms", headers=member).status_code == 200
        assert client.get("/api/v1/day?date=2027-03-28", headers=member).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert seen and {first for first, _ in seen} <= {"SELECT", "BEGIN"}  # nothing written
    if db.engine.dialect.name == "postgresql":
        assert all(first == "SELECT" and autocommit for first, autocommit in seen), seen
