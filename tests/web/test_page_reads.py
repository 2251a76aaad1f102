"""Pages that only read (the front desk's day, our bookings, a booking's page) send their statements outside a
transaction on PostgreSQL, as the API's reads do: no BEGIN and ROLLBACK round trips; they write nothing."""
from __future__ import annotations

from sqlalchemy import event

from booking.extensions import db

from .helpers import book, local, logged_in


def test_read_only_pages_read_outside_a_transaction(client, frontdesk, member, site):
    booking_id = book(member, site.zaal, local(2027, 3, 29, 9), local(2027, 3, 29, 10), "Taalcafé").id
    logged_in(client, frontdesk)
    db.session.close()  # the scene's session ends, as a request's does: each page starts its own
    seen: list[tuple[str, bool | None]] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement.split()[0], conn.connection.dbapi_connection.autocommit
                     if conn.dialect.name == "postgresql" else None))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        for url, shows in (("/frontdesk/day?date=2027-03-29", True), ("/bookings/?all=1", True),
                           ("/bookings/?scope=past", False), (f"/bookings/{booking_id}", True)):
            resp = client.get(url)
            assert resp.status_code == 200 and ("Taalcafé" in resp.get_data(as_text=True)) == shows, url
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert seen and {first for first, _ in seen} <= {"SELECT", "BEGIN"}  # nothing written
    if db.engine.dialect.name == "postgresql":
        assert all(first == "SELECT" and autocommit for first, autocommit in seen), seen
