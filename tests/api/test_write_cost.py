"""A booking's cost in SQL statements: few, fixed, and the same whatever is booked already.

The conflict check reads only the holds that can clash with the requested dates (widened by the
building's largest changeover buffer), not every hold between the first date and the last.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from booking.bookings import schedule
from booking.extensions import db
from booking.models import Booking, Occurrence, Organisation, Room, RoomHold, Status

from sqlcount import counting

from .helpers import AMS

SINGLE = {"title": "Overleg", "start": "2027-02-02T10:00", "end": "2027-02-02T11:00"}
WEEKLY_52 = {"title": "Taalcafé", "start": "2027-02-03T10:00", "end": "2027-02-03T11:00",
             "recurrence": {"freq": "weekly", "count": 52}}


def fill(room_id: int, days: int, hour: int = 8) -> None:
    """Book the room every day from 1 January 2027 at `hour` for an hour, straight into the tables."""
    org = db.session.query(Organisation).first()
    booking = Booking(room_id=room_id, organisation_id=org.id, title="Vol", status=Status.CONFIRMED)
    first = datetime(2027, 1, 1, hour, tzinfo=AMS)
    for d in range(days):
        start = first + timedelta(days=d)
        occ = Occurrence(room_id=room_id, starts_at=start, ends_at=start + timedelta(hours=1),
                         blocked_until=start + timedelta(hours=1), status=Status.CONFIRMED)
        occ.holds = [RoomHold(room_id=room_id, starts_at=occ.starts_at, blocked_until=occ.blocked_until)]
        booking.occurrences.append(occ)
    db.session.add(booking)
    db.session.commit()


def statements_of(client, headers, body) -> list[str]:
    """The statements a POST /api/v1/bookings sends, transaction control (BEGIN, COMMIT) left out."""
    with counting() as n:
        r = client.post("/api/v1/bookings", headers=headers, json=body)
    assert r.status_code == 201, r.get_json()
    return [s for s in n.seen if not s.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK"))]


@pytest.mark.parametrize("body", [SINGLE, WEEKLY_52], ids=["single", "52 weeks"])
def test_a_booking_costs_a_fixed_few_statements_however_full_the_room(client, member, make_room, body):
    quiet, busy = make_room("Spreekkamer", 6), make_room("Vergaderzaal", 12)
    fill(busy["id"], 400)
    client.get("/api/v1/rooms", headers=member)  # the token's first use of the hour is noted: not counted here
    few = statements_of(client, member, {**body, "room_id": quiet["id"]})
    many = statements_of(client, member, {**body, "room_id": busy["id"]})
    # Read: the token's user, the room, its closures, the holds that can clash (and on PostgreSQL the room
    # row FOR UPDATE before them). Written: the booking, then on PostgreSQL its dates, their holds, its audit
    # entry and its mail notice (issue 10; the letters are written by the sender after the commit) in one
    # statement; on SQLite one statement each. Nothing is read again for the answer.
    postgres = db.engine.dialect.name == "postgresql"
    assert len(few) == len(many) == (7 if postgres else 9), "\n".join(s[:100] for s in many)
    assert not any("outbox_message" in s or 'FROM "user"' in s for s in many)
    assert not any(s.startswith("SELECT occurrence") for s in many)
    written = [s for s in many if not s.startswith(("SELECT", "WITH RECURSIVE", "WITH w AS"))]
    if postgres:  # one statement writes the dates, their holds, the audit entry and the notice
        assert [s.split("(")[0].strip() for s in written] == ["INSERT INTO booking", "WITH placed AS"]
        for table in ("occurrence", "room_hold", "audit_entry", "mail_notice"):
            assert f"INSERT INTO {table} " in written[1]
    else:  # one batched insert each for the dates and their holds, whatever their number
        assert [s.split("(")[0].strip() for s in written] == [
            "INSERT INTO booking", "INSERT INTO occurrence", "INSERT INTO room_hold", "INSERT INTO audit_entry",
            "INSERT INTO mail_notice"]


def test_the_conflict_check_reads_only_what_can_clash(client, member, make_room, monkeypatch):
    room = make_room("Vergaderzaal", 12, buffer_minutes=15)
    fill(room["id"], 400)  # every day 08:00-09:00: 400 holds over the series' year
    read = []
    real = schedule.held_in

    def spy(*args, **kwargs):
        found = real(*args, **kwargs)
        read.extend(h.starts_at for h in found)
        return found

    monkeypatch.setattr(schedule, "held_in", spy)
    # Wednesdays 09:10-10:10 for a year: 10 minutes after 08:00-09:00, 15 are needed.
    r = client.post("/api/v1/bookings", headers=member, json={
        "room_id": room["id"], "title": "Taalcafé", "start": "2027-02-03T09:10", "end": "2027-02-03T10:10",
        "recurrence": {"freq": "weekly", "count": 52}})
    assert r.status_code == 409, r.get_json()
    assert len(r.get_json()["conflicts"]) == 52
    # Read: the holds of those 52 Wednesdays, each slot widened by the 15 minutes; no other day's.
    assert len(read) == 52
    assert {start.astimezone(AMS).weekday() for start in read} == {2}


def test_a_clash_at_the_edge_of_the_reach_is_still_found(client, member, make_room):
    room = make_room("Vergaderzaal", 12, buffer_minutes=30)
    fill(room["id"], 40)  # 08:00-09:00 every day; 30 minutes of changeover after and before
    r = client.post("/api/v1/bookings", headers=member, json={
        "room_id": room["id"], "title": "Vroeg", "start": "2027-02-03T07:00", "end": "2027-02-03T07:45"})
    assert r.status_code == 409
    assert [c["start"] for c in r.get_json()["conflicts"]] == ["2027-02-03T08:00:00+01:00"]
    ok = client.post("/api/v1/bookings", headers=member, json={
        "room_id": room["id"], "title": "Vroeg", "start": "2027-02-03T07:00", "end": "2027-02-03T07:30"})
    assert ok.status_code == 201


def test_a_smaller_room_sees_the_larger_buffer_of_its_neighbour(client, member, make_room):
    """The larger of two rooms' buffers keeps them apart: read far enough for the other room's buffer."""
    part = make_room("Zaal A", 20, buffer_minutes=0)
    hall = make_room("Grote zaal", 60, buffer_minutes=60, parts=[part["id"]])
    assert client.post("/api/v1/bookings", headers=member, json={
        "room_id": hall["id"], "title": "Feest", "start": "2027-02-03T12:00", "end": "2027-02-03T14:00"}
    ).status_code == 201
    r = client.post("/api/v1/bookings", headers=member, json={
        "room_id": part["id"], "title": "Yoga", "start": "2027-02-03T10:30", "end": "2027-02-03T11:30"})
    assert r.status_code == 409
    assert client.post("/api/v1/bookings", headers=member, json={
        "room_id": part["id"], "title": "Yoga", "start": "2027-02-03T10:00", "end": "2027-02-03T11:00"}
    ).status_code == 201


def cancel_statements(client, headers, path) -> list[str]:
    """The statements a DELETE sends, transaction control left out."""
    with counting() as n:
        r = client.delete(path, headers=headers)
    assert r.status_code == 200, r.get_json()
    return [s for s in n.seen if not s.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK"))]


def test_cancelling_a_series_costs_the_same_few_statements_for_2_dates_or_52(client, member, make_room):
    room = make_room("Spreekkamer", 6)
    client.get("/api/v1/rooms", headers=member)  # the token's first use of the hour is noted: not counted here
    counts, answers = [], []
    for weeks in (2, 52):
        made = client.post("/api/v1/bookings", headers=member, json={
            **WEEKLY_52, "room_id": room["id"], "recurrence": {"freq": "weekly", "count": weeks}}).get_json()
        seen = cancel_statements(client, member, f"/api/v1/bookings/{made['id']}")
        counts.append(len(seen))
        answers.append(client.get(f"/api/v1/bookings/{made['id']}", headers=member).get_json())
    assert counts[0] == counts[1], counts
    assert [len(a["occurrences"]) for a in answers] == [2, 52]
    assert {o["status"] for a in answers for o in a["occurrences"]} == {"cancelled"}
    assert db.session.query(RoomHold).count() == 0  # every date's room is free again
    # The token's user; the booking's row locked, the booking, its dates; the dates cancelled (one batch),
    # all their holds in one DELETE, the booking's status; the audit entry and the mail notice; for the
    # answer the extras, room and building (what was written stays loaded: not read again). SQLite reads the
    # acting user once more: its BEGIN IMMEDIATE ends the read transaction, and the commit expires everything;
    # PostgreSQL goes on in the same transaction and keeps the actor (database.begin_write's `keep`).
    # Before: a read and a delete of the holds per date, 170 for 52 dates.
    postgres = db.engine.dialect.name == "postgresql"
    assert counts[0] == (12 if postgres else 13), "\n".join(s[:100] for s in seen)
