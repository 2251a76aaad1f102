"""GET /api/v1/day from the read cache (booking/readcache.py): a repeated day costs the token's statement and
one more, a change made anywhere (another worker, a write without an audit entry) shows at once, and what
one viewer may see never reaches another."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from booking.extensions import db
from booking.readcache import ReadCache
from sqlcount import counting

DAY = "/api/v1/day?date=2027-03-29"


def titles(client, headers) -> list:
    resp = client.get(DAY, headers=headers)
    assert resp.status_code == 200, resp.get_json()
    return [o["title"] for r in resp.get_json()["rooms"] for o in r["occurrences"]]


def repeat_from_cache(client, headers) -> tuple[bytes, int]:
    """Ask the day until an answer comes from the cache (on PostgreSQL a commit anywhere on the server,
    in another test's database too, moves the change key); its body and its number of statements."""
    first = client.get(DAY, headers=headers).get_data()
    for _ in range(50):
        with counting() as seen:
            resp = client.get(DAY, headers=headers)
        assert resp.get_data() == first
        reads = [s for s in seen.seen if not s.startswith("BEGIN")]
        if len(reads) == 1:
            return resp.get_data(), len(reads)
        first = resp.get_data()
    pytest.skip("the database server's snapshot moved between every two requests (other databases committing)")


def test_a_repeated_day_costs_the_tokens_statement_and_one_more(client, member, room, booked):
    booked(member, room, "2027-03-29T09:00", "2027-03-29T10:00", "Taalcafé")
    body, statements = repeat_from_cache(client, member)
    assert statements == 1  # the token's user with the change key (then the buildings and the answer kept)
    assert b"Taalcaf" in body


def test_a_change_by_another_worker_shows_at_once(app, client, member, frontdesk, room, booked):
    b = booked(member, room, "2027-03-29T09:00", "2027-03-29T10:00", "Taalcafé")
    repeat_from_cache(client, member)
    # Another process: its own engine and connection, and a write without an audit entry or a changed_at.
    other = create_engine(db.engine.url)
    try:
        with other.begin() as conn:
            conn.execute(text("UPDATE booking SET title = 'Koffieochtend' WHERE id = :id"), {"id": b["id"]})
    finally:
        other.dispose()
    assert titles(client, member) == ["Koffieochtend"]
    # And a change through this app (the front desk marks the date): the answer shows it at once.
    repeat_from_cache(client, member)
    occ = b["occurrences"][0]["id"]
    assert client.put(f"/api/v1/bookings/{b['id']}/occurrences/{occ}/attendance", json={"attendance": "arrived"},
                      headers=frontdesk).status_code == 200
    resp = client.get(DAY, headers=member)
    assert [o["attendance"] for r in resp.get_json()["rooms"] for o in r["occurrences"]] == ["arrived"]


def test_one_viewers_private_titles_never_reach_another(client, member, other_member, frontdesk, room, booked):
    booked(member, room, "2027-03-29T09:00", "2027-03-29T10:00", "Spreekuur", visibility="private")
    for _ in range(2):  # the second round from the cache
        assert titles(client, member) == ["Spreekuur"]          # its own organisation
        assert titles(client, other_member) == ["Busy"]         # another organisation
        assert titles(client, frontdesk) == ["Spreekuur"]       # the front desk
    body, _ = repeat_from_cache(client, other_member)
    assert b"Spreekuur" not in body


def test_the_cache_keeps_at_most_its_size_dropping_the_least_recently_used():
    cache = ReadCache(max_bytes=40)
    cache.put("a", b"x" * 10)
    cache.put("b", b"x" * 10)
    cache.put("c", b"x" * 10)
    assert cache.get("a") is not None  # now the most recently used
    cache.put("d", b"x" * 10)
    cache.put("e", b"x" * 10)
    assert cache.size <= 40 and cache.get("b") is None and cache.get("a") is not None
    cache.put("big", b"x" * 11)  # over a quarter of the size: not kept
    assert cache.get("big") is None


def test_without_a_cache_the_day_is_read_each_time(app, client, member, room, booked):
    app.config["READ_CACHE_BYTES"] = 0
    booked(member, room, "2027-03-29T09:00", "2027-03-29T10:00", "Taalcafé")
    client.get(DAY, headers=member)
    with counting() as seen:
        assert client.get(DAY, headers=member).status_code == 200
    assert len([s for s in seen.seen if not s.startswith("BEGIN")]) == 5  # token, buildings, rooms, dates, closures


def test_no_change_key_while_the_session_has_written(app, room):
    """What a transaction reads after its own uncommitted write may be rolled back: nothing is kept then."""
    from booking.calendar.day_queries import buildings_and_change_key

    db.session.commit()
    assert buildings_and_change_key(db.session)[1] is not None
    db.session.execute(text("UPDATE room SET name = 'Andere naam' WHERE id = :id"), {"id": room["id"]})
    assert buildings_and_change_key(db.session)[1] is None
    db.session.rollback()


def test_a_kept_pair_counts_both_its_parts():
    cache = ReadCache(max_bytes=100)
    cache.put("page", ("title", "x" * 20))
    assert cache.size == 25 and cache.get("page") == ("title", "x" * 20)
