"""flask backup / restore: a round trip brings back the same bookings with the same ids; a database
holding data is replaced only with --force; a backup taken while someone writes is consistent."""
from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select

from booking.extensions import db
from booking.models import Booking, Occurrence

BOOKING = {"title": "Taalcafé", "start": "2027-01-06T10:00", "end": "2027-01-06T11:30",
           "recurrence": {"freq": "weekly", "count": 3}}


@pytest.fixture
def book(client, make_room, admin_headers):
    """book(title) -> the JSON of a new weekly booking (3 dates) of one room."""
    room = make_room("Vergaderzaal", 12)

    def make(title: str = "Taalcafé", day: str = "2027-01-06") -> dict:
        body = {**BOOKING, "room_id": room["id"], "title": title,
                "start": f"{day}T10:00", "end": f"{day}T11:30"}
        resp = client.post("/api/v1/bookings", json=body, headers=admin_headers)
        assert resp.status_code == 201, resp.get_json()
        return resp.get_json()
    return make


def stored() -> list[tuple[int, str, list[int]]]:
    """(id, title, occurrence ids) of every booking in the database."""
    db.session.remove()
    bookings = db.session.scalars(select(Booking).order_by(Booking.id)).all()
    out = [(b.id, b.title, sorted(db.session.scalars(select(Occurrence.id).where(Occurrence.booking_id == b.id))))
           for b in bookings]
    db.session.remove()
    return out


def empty_every_table() -> None:
    """Delete every row, children first: the database as after a disaster that left the schema."""
    db.session.remove()
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())


def test_round_trip_brings_back_the_same_bookings_with_the_same_ids(runner, book, client, admin_headers, tmp_path):
    first = book("Taalcafé")
    second = book("Breiclub", day="2027-01-07")
    before = stored()
    assert [b[1] for b in before] == ["Taalcafé", "Breiclub"] and len(before[0][2]) == 3
    path = tmp_path / "kiekmure.backup"

    made = runner.invoke(args=["backup", str(path)])
    assert made.exit_code == 0, made.output
    assert "held 2 bookings, 6 dates, 1 room," in made.output and str(path) in made.output
    assert path.stat().st_mode & 0o777 == 0o600  # password hashes and private bookings: the owner's only

    empty_every_table()
    assert stored() == []
    back = runner.invoke(args=["restore", str(path)])
    assert back.exit_code == 0, back.output
    assert "now holds 2 bookings, 6 dates" in back.output
    assert stored() == before
    assert [first["id"], second["id"]] == [b[0] for b in before]

    # The ids go on after the restored ones (PostgreSQL's sequences came back with the tables).
    resp = client.get(f"/api/v1/bookings/{first['id']}", headers=admin_headers)
    assert resp.status_code == 200 and resp.get_json()["title"] == "Taalcafé"
    third = book("Yoga", day="2027-01-08")
    assert third["id"] > second["id"]


def test_restore_refuses_a_database_holding_data_without_force(runner, book, tmp_path):
    book("Taalcafé")
    path = tmp_path / "kiekmure.backup"
    assert runner.invoke(args=["backup", str(path)]).exit_code == 0
    book("Later geboekt", day="2027-01-07")

    refused = runner.invoke(args=["restore", str(path)])
    assert refused.exit_code == 1
    assert "holds data (2 bookings, 6 dates" in refused.output and "--force" in refused.output
    assert "Nothing was changed" in refused.output
    assert [b[1] for b in stored()] == ["Taalcafé", "Later geboekt"]

    forced = runner.invoke(args=["restore", "--force", str(path)])
    assert forced.exit_code == 0, forced.output
    assert "Replaced what was there (2 bookings" in forced.output
    assert [b[1] for b in stored()] == ["Taalcafé"]


def test_backup_does_not_overwrite_a_file_unless_forced(runner, tmp_path):
    path = tmp_path / "old.backup"
    path.write_bytes(b"yesterday")
    refused = runner.invoke(args=["backup", str(path)])
    assert refused.exit_code == 1 and "exists already" in refused.output
    assert path.read_bytes() == b"yesterday"
    assert runner.invoke(args=["backup", "--force", str(path)]).exit_code == 0
    assert path.read_bytes() != b"yesterday"
    assert [p.name for p in tmp_path.iterdir()] == ["old.backup"]  # no partial file left behind


def test_restore_refuses_what_is_not_a_backup(runner, tmp_path, database_uri):
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database")
    refused = runner.invoke(args=["restore", str(junk)])
    assert refused.exit_code == 1 and "is not a backup" in refused.output
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    refused = runner.invoke(args=["restore", str(other)])
    assert refused.exit_code == 1
    if database_uri.startswith("sqlite"):
        assert "not a backup of this app" in refused.output
    else:
        assert "is an SQLite database, but the configured database is PostgreSQL" in refused.output


def test_sqlite_backup_is_a_consistent_snapshot_while_someone_writes(runner, book, tmp_path, database_uri):
    if not database_uri.startswith("sqlite"):
        pytest.skip("pg_dump reads in one transaction: PostgreSQL's own guarantee")
    book("Taalcafé")
    writer = sqlite3.connect(database_uri.removeprefix("sqlite:///"), isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # an app server in the middle of a booking, holding the write lock
        writer.execute("UPDATE booking SET title = 'half written'")
        path = tmp_path / "during.sqlite3"
        made = runner.invoke(args=["backup", str(path)])
        assert made.exit_code == 0, made.output
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    copy = sqlite3.connect(path)
    try:
        assert copy.execute("SELECT title FROM booking").fetchall() == [("Taalcafé",)]
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one self-contained file
    finally:
        copy.close()


def test_backup_of_a_missing_sqlite_database_makes_no_empty_one(tmp_path):
    from booking import create_app

    missing = tmp_path / "missing.sqlite3"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{missing}", "SECRET_KEY": "test"}, config_name="testing")
    refused = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.sqlite3")])
    assert refused.exit_code == 1 and f"There is no SQLite database at {missing}" in refused.output
    assert sorted(p.name for p in tmp_path.iterdir()) == []
