"""No double booking, ever, also with several server processes: the proof under gunicorn.

The app runs as `gunicorn -w 4 -k gthread --threads 4 wsgi:app` on a real database; 24 clients
released together by a barrier ask for the same slot. Exactly one gets 201, the rest 409 naming
the winner, nobody a 5xx, and the database holds one active occurrence. On SQLite and, where
BOOKING_TEST_POSTGRES_URL is set, on PostgreSQL.

The negative control switches the guard off (BOOKING_BOOKING_GUARD=false, the database's own
guard dropped, a 0.2 s gap between check and insert) and must see a double booking: proof that
this harness can catch one.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from typing import Iterator, Sequence

import pytest
from flask import g

import serverkit as kit

pytestmark = pytest.mark.slow

BACKENDS = ["sqlite", "postgres"]
REQUESTS = 24
START, END = "2027-06-01T10:00", "2027-06-01T11:00"
UNGUARDED = {"BOOKING_BOOKING_GUARD": "false", "BOOKING_RACE_DELAY": "0.2"}


@dataclass
class Race:
    """A seeded database and the gunicorn serving it."""

    backend: str
    uri: str
    seed: kit.Seed
    server: kit.Gunicorn
    workers: frozenset[str] = frozenset()  # pids of the workers that served the last volley

    def room(self, name: str) -> int:
        return self.seed.rooms[name]

    def fire(self, room_ids: Sequence[int], start: str = START, end: str = END) -> kit.Volley:
        """One request per room id, all for start-end, each by another user, released together."""
        requests = [(kit.slot_payload(room_id, f"Race {i}", start, end), self.seed.tokens[i])
                    for i, room_id in enumerate(room_ids)]
        logged = len(self.server.access_lines())
        volley = kit.fire_together(self.server.base_url + "/api/v1/bookings", requests)
        self.workers = frozenset(self.server.served_by("POST", "/api/v1/bookings", since=logged))
        print(f"\n[{self.backend}] {len(requests)} requests: {volley.describe()}; "
              f"{volley.wall:.2f} s; served by {len(self.workers)} worker processes")
        return volley


@pytest.fixture(scope="module", params=BACKENDS)
def guarded(request, tmp_path_factory, sqlite_template) -> Iterator[Race]:
    """gunicorn with the guard as shipped, on a seeded database; shared by this module's guarded tests
    (they book different rooms, so they cannot see each other)."""
    directory = tmp_path_factory.mktemp("race")
    with kit.fresh_database(request.param, directory / "race.sqlite3", sqlite_template) as uri:
        seed = kit.seed(uri, REQUESTS)
        with kit.Gunicorn(uri, workers=4, threads=4) as server:
            yield Race(request.param, uri, seed, server)
    shutil.rmtree(directory, ignore_errors=True)


def _explain(race: Race, volley: kit.Volley) -> str:
    odd = [(r.status, r.body, r.error) for r in volley.replies if r.status not in (201, 409)]
    return f"{volley.describe()}\nodd answers: {odd}\n--- gunicorn log ---\n{race.server.log()[-6000:]}"


def assert_one_winner(race: Race, volley: kit.Volley, room_ids: Sequence[int]) -> None:
    """Exactly one 201, every other answer a 409 naming the winner, no 5xx,
    and one active occurrence in the database."""
    assert len(volley.replies) == REQUESTS
    assert not volley.failures(), "5xx or no answer under load:\n" + _explain(race, volley)
    counts = volley.counts()
    assert counts[201] == 1 and counts[409] == REQUESTS - 1, _explain(race, volley)
    winner = next(r for r in volley.replies if r.status == 201).json()["id"]
    for reply in volley.replies:
        if reply.status == 409:
            body = reply.json()
            assert body.get("error") == "conflict", body
            assert body.get("conflicts") and {c["booking_id"] for c in body["conflicts"]} == {winner}, body
    held = kit.active_occurrences(race.uri, room_ids, START, END)
    assert [h.booking_id for h in held] == [winner], held
    # Several server processes took part, or this would prove nothing about them.
    assert len(race.workers) >= 2, race.server.access_lines()


def test_one_slot_has_one_winner(guarded: Race):
    room = guarded.room(kit.ROOM)
    volley = guarded.fire([room] * REQUESTS)
    assert_one_winner(guarded, volley, [room])


def test_combination_and_its_part_have_one_winner(guarded: Race):
    """Half ask for the large hall (= hall A + hall B), half for hall A alone: still one winner."""
    hall, hall_a, hall_b = guarded.room(kit.HALL), guarded.room(kit.HALL_A), guarded.room(kit.HALL_B)
    volley = guarded.fire([hall if i % 2 == 0 else hall_a for i in range(REQUESTS)])
    assert_one_winner(guarded, volley, [hall, hall_a, hall_b])


def test_unguarded_switch_is_read_from_the_environment(monkeypatch, tmp_path):
    """BOOKING_BOOKING_GUARD=false reaches the service context as False
    (Flask's from_prefixed_env parses values as JSON)."""
    from booking import create_app
    from booking.api.auth import context
    from booking.extensions import db

    for name, value in {**UNGUARDED, "BOOKING_SECRET_KEY": "x",
                        "BOOKING_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}"}.items():
        monkeypatch.setenv(name, value)
    app = create_app(config_name="production")
    with app.test_request_context("/api/v1/bookings"):
        g.actor = None
        ctx = context()
        assert ctx.guard is False and ctx.race_delay == 0.2
        db.engine.dispose()


# The unguarded path on SQLite loses many of its inserts to 'database is locked' (its write
# transaction reads before it writes, so a concurrent commit makes its snapshot stale), and now
# and then only one insert of a volley survives. So the control fires up to this many volleys,
# each on a fresh slot, and needs one of them to show a double booking.
CONTROL_SLOTS = [(f"2027-06-01T{h:02d}:00", f"2027-06-01T{h + 1:02d}:00") for h in (10, 12, 14, 16, 18, 20)]


@pytest.mark.parametrize("backend", BACKENDS)
def test_negative_control_sees_a_double_booking(backend, tmp_path, sqlite_template):
    """With every guard off, the same harness must catch more than one winner for one slot."""
    with kit.fresh_database(backend, tmp_path / "race.sqlite3", sqlite_template) as uri:
        seed = kit.seed(uri, REQUESTS)
        kit.drop_overlap_guard(uri)
        with kit.Gunicorn(uri, workers=4, threads=4, env=UNGUARDED) as server:
            race = Race(backend + ", unguarded", uri, seed, server)
            room = race.room(kit.ROOM)
            tried = []
            for start, end in CONTROL_SLOTS:
                winners = race.fire([room] * REQUESTS, start, end).counts()[201]
                held = kit.active_occurrences(uri, [room], start, end)
                tried.append((start, winners, len(held)))
                if winners > 1:
                    break
            log = server.log()
    assert winners > 1, (f"the unguarded path never booked a slot twice {tried}: "
                         f"the harness proves nothing\n{log[-4000:]}")
    assert len(held) == winners
