"""The flask commands: users create, tokens create, seed-demo."""
from __future__ import annotations

import re
from collections import defaultdict
from datetime import timedelta

import pytest
from sqlalchemy import func, select

import booking.demo as demo
from booking.domain.clock import wall, zone_of
from booking.extensions import db
from booking.models import (ApiToken, Booking, Building, Closure, Occurrence, Organisation, OrganisationKind,
                            Role, Room, RoomHold, Status, User, Visibility)


def fresh() -> None:
    """Forget what the session has cached, so queries see what the command committed."""
    db.session.rollback()
    db.session.expire_all()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def user(email: str) -> User | None:
    return db.session.scalars(select(User).where(User.email == email)).first()


def create_user(runner, email, *extra, password="geheim-wachtwoord"):
    return runner.invoke(args=["users", "create", email, "--name", "Jan Jansen", "--password", password, *extra])


# --- users create -------------------------------------------------------------------------------

def test_users_create_makes_user_with_role_and_new_organisation(runner):
    result = create_user(runner, "Jan@Example.org", "--role", "frontdesk",
                         "--org", "Welzijn Harderwijk", "--org-kind", "welfare")
    assert result.exit_code == 0, result.output
    assert "Created frontdesk jan@example.org of Welzijn Harderwijk" in result.output
    fresh()
    u = user("jan@example.org")
    assert u is not None and u.role == Role.FRONTDESK and u.name == "Jan Jansen"
    assert u.organisation.name == "Welzijn Harderwijk" and u.organisation.kind == OrganisationKind.WELFARE
    assert u.check_password("geheim-wachtwoord") and not u.check_password("wrong-password")


def test_users_create_defaults_to_member_without_organisation(runner):
    result = create_user(runner, "piet@example.org")
    assert result.exit_code == 0, result.output
    fresh()
    u = user("piet@example.org")
    assert u.role == Role.MEMBER and u.organisation is None


def test_users_create_reuses_an_existing_organisation(runner, people):
    org = people.org("Huisartsenpraktijk Stadsdennen", "care")
    result = create_user(runner, "poh@example.org", "--org", "Huisartsenpraktijk Stadsdennen")
    assert result.exit_code == 0, result.output
    fresh()
    assert count(Organisation) == 1
    u = user("poh@example.org")
    assert u.organisation_id == org.id
    assert u.organisation.kind == OrganisationKind.CARE  # --org-kind (default other) does not change it


def test_users_create_refuses_a_duplicate_email(runner):
    assert create_user(runner, "jan@example.org").exit_code == 0
    result = create_user(runner, "JAN@example.org", "--role", "admin")
    assert result.exit_code != 0
    assert "already exists" in result.output
    fresh()
    assert count(User) == 1 and user("jan@example.org").role == Role.MEMBER


@pytest.mark.parametrize("args, message", [
    (["--role", "superuser"], "superuser"),
    (["--org", "X", "--org-kind", "hobby"], "hobby"),
])
def test_users_create_refuses_a_bad_choice(runner, args, message):
    result = create_user(runner, "jan@example.org", *args)
    assert result.exit_code != 0
    assert message in result.output
    fresh()
    assert count(User) == 0 and count(Organisation) == 0


@pytest.mark.parametrize("email, password, message", [
    ("not-an-email", "geheim-wachtwoord", "not an e-mail address"),
    ("jan@example.org", "   ", "the password is empty"),
])
def test_users_create_refuses_bad_input(runner, email, password, message):
    result = create_user(runner, email, password=password)
    assert result.exit_code != 0
    assert message in result.output
    fresh()
    assert count(User) == 0


def test_users_create_takes_a_short_password_with_a_warning(runner):
    result = runner.invoke(args=["users", "create", "jan@example.org", "--name", "Jan", "--password", "kort",
                                 "--role", "admin"])
    assert result.exit_code == 0, result.output
    assert "warning: a password under 10 characters is easy to guess" in result.output
    fresh()
    assert user("jan@example.org").check_password("kort")


# --- tokens create ------------------------------------------------------------------------------

def test_tokens_create_prints_a_working_token_on_the_last_line(runner, client, people):
    people.user("member", org="Welzijn Harderwijk", email="welzijn@example.org")
    result = runner.invoke(args=["tokens", "create", " Welzijn@Example.org "])
    assert result.exit_code == 0, result.output
    token = result.output.rstrip("\n").splitlines()[-1]
    assert token and token == token.strip() and " " not in token
    assert client.get("/api/v1/rooms", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert client.get("/api/v1/rooms", headers={"Authorization": f"Bearer {token}x"}).status_code == 401
    fresh()
    assert count(ApiToken) == 1
    assert token not in db.session.scalars(select(ApiToken.token_hash)).all()  # only the hash is kept


def test_tokens_create_refuses_an_unknown_email(runner):
    result = runner.invoke(args=["tokens", "create", "nobody@example.org"])
    assert result.exit_code != 0
    assert "No user nobody@example.org" in result.output
    fresh()
    assert count(ApiToken) == 0


def test_tokens_create_refuses_a_deactivated_user(runner, people):
    u = people.user("member", email="oud@example.org")
    u.active = False
    db.session.commit()
    result = runner.invoke(args=["tokens", "create", "oud@example.org"])
    assert result.exit_code != 0
    assert "deactivated" in result.output


# --- seed-demo ----------------------------------------------------------------------------------

def seed(runner, *args) -> list[str]:
    result = runner.invoke(args=["seed-demo", *args])
    assert result.exit_code == 0, result.output
    assert result.exception is None
    fresh()
    return result.output.splitlines()


def counts() -> dict[str, int]:
    return {m.__name__: count(m) for m in (Building, Room, Organisation, User, Booking, Occurrence, RoomHold,
                                           Closure, ApiToken)}


def room(name: str) -> Room:
    return db.session.scalars(select(Room).where(Room.name == name)).one()


def test_seed_demo_fills_a_realistic_kiekmure(app, runner, client):
    lines = seed(runner)
    assert not [line for line in lines if line.startswith("Skipped")]

    building = db.session.scalars(select(Building)).one()
    assert building.name == "De Kiekmure" and building.timezone == "Europe/Amsterdam"
    assert "Harderwijk" in building.address
    assert {(h.weekday, h.opens_minute, h.closes_minute) for h in building.opening_hours} == \
        {(d, 7 * 60, 23 * 60) for d in range(7)}

    rooms = db.session.scalars(select(Room)).all()
    assert 9 <= len(rooms) <= 12
    assert all(r.capacity > 0 and r.facility_list() for r in rooms)
    assert {p.name for p in room("Grote zaal").parts} == {"Zaal A", "Zaal B"}
    assert room("Sportzaal").requires_approval
    orgs = {o.kind: o for o in db.session.scalars(select(Organisation))}
    assert set(orgs) == set(OrganisationKind)
    for name in ("Spreekkamer 1", "Spreekkamer 2"):
        assert room(name).admits(orgs[OrganisationKind.CARE])
        for kind in set(OrganisationKind) - {OrganisationKind.CARE}:
            assert not room(name).admits(orgs[kind]), (name, kind)

    users = db.session.scalars(select(User)).all()
    assert {u.role for u in users} == set(Role)
    admin = user("admin@kiekmure.nl")
    assert admin.role == Role.ADMIN and admin.organisation.name == "De Kiekmure"
    assert user("balie@kiekmure.nl").role == Role.FRONTDESK

    bookings = db.session.scalars(select(Booking)).all()
    active = lambda b: [o for o in b.occurrences if o.is_active]  # noqa: E731
    assert any(b.recurrence and len(active(b)) >= 10 for b in bookings)
    assert any(b.status == Status.PENDING and b.room.requires_approval and active(b)
               and all(o.status == Status.PENDING for o in active(b)) for b in bookings)
    assert any(b.visibility == Visibility.PRIVATE for b in bookings)
    assert {b.visibility for b in bookings} == set(Visibility)
    assert {b.organisation.kind for b in bookings} == set(OrganisationKind)
    assert all(b.room.admits(b.organisation) for b in bookings if b.creator.role == Role.MEMBER)
    assert all(b.expected_people is None or b.expected_people <= b.room.capacity for b in bookings)

    # About three months from the current week, all still to come, none on a closed day.
    zone, now = zone_of("Europe/Amsterdam"), app.config["NOW"]
    occurrences = db.session.scalars(select(Occurrence)).all()
    assert len(occurrences) > 100
    closed = {wall(c.starts_at, zone).date() for c in db.session.scalars(select(Closure))}
    assert closed  # Tweede Paasdag 2027 falls in the pinned quarter
    for o in occurrences:
        assert now < o.starts_at < now + timedelta(weeks=13)
        assert wall(o.starts_at, zone).date() not in closed

    # Every active occurrence holds exactly its room's indivisible parts, and no two holds clash.
    holds = db.session.scalars(select(RoomHold)).all()
    for o in occurrences:
        assert {h.room_id for h in o.holds} == (o.room.unit_ids() if o.is_active else set())
    per_room = defaultdict(list)
    for h in holds:
        per_room[h.room_id].append((h.starts_at, h.blocked_until))
    for spans in per_room.values():
        spans.sort()
        for (_, until), (start, _) in zip(spans, spans[1:]):
            assert start >= until

    # The demo passwords are printed, and they work.
    printed = dict(re.findall(r"(\S+@kiekmure\.nl)\s+password: (\S+)", "\n".join(lines)))
    assert set(printed) == {u.email for u in users}
    for email, password in printed.items():
        assert user(email).check_password(password), email

    # The admin's API token is printed and works.
    token = re.search(r"Bearer TOKEN'\): (\S+)$", lines[-1]).group(1)
    resp = client.get("/api/v1/rooms", headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 200 and len(resp.get_json()["rooms"]) == len(rooms)


def test_seed_demo_twice_changes_nothing(runner):
    seed(runner)
    before = counts()
    lines = seed(runner)
    assert any("demo data already present" in line for line in lines)
    assert counts() == before


# Starting over after something was added, and seeding beside real accounts, are refused now:
# see tests/test_seed_safety.py.


def test_seed_demo_skips_a_request_that_clashes(runner, monkeypatch):
    clash = demo.DemoBooking("Dubbel geboekt", "Zaal A", "Welzijn Harderwijk", "welzijn@kiekmure.nl",
                             "10:30", "11:30", freq="weekly", days=("TH",))
    monkeypatch.setattr(demo, "BOOKINGS", demo.BOOKINGS + (clash,))
    lines = seed(runner)
    skipped = [line for line in lines if line.startswith("Skipped")]
    assert len(skipped) == 1 and "Dubbel geboekt" in skipped[0] and "Yoga op de stoel" in skipped[0]
    assert f"{len(demo.BOOKINGS) - 1} made" in lines[-2] and "1 skipped" in lines[-2]
    assert db.session.scalars(select(Booking).where(Booking.title == "Dubbel geboekt")).first() is None
    assert count(Booking) == len(demo.BOOKINGS) - 1
