"""seed-demo only ever fills an empty database, or one holding nothing but the demo it made itself.

The demo accounts have published passwords, so seed-demo must never add them to a real database,
and --reset must never delete a real centre's data: it asks first, refuses under the production
configuration, and deletes only what seed-demo made.
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import delete, func, inspect, select, text

import booking.demo as demo
from booking import create_app
from booking.extensions import db
from booking.models import (AuditEntry, Booking, Building, Closure, Organisation, OrganisationKind, Role, Room,
                            SchoolHoliday, Status, User)
from config import CONFIGS

REFUSED = "This database holds data that seed-demo did not make ("
DEMO_COUNTS = (f"{len(demo.BOOKINGS)} bookings, {len(demo.ROOMS)} rooms, {len(demo.USERS)} users, "
               f"{len(demo.ORGANISATIONS)} organisations, 1 building")


def fresh() -> None:
    """Forget what the session has cached, so queries see what the command committed."""
    db.session.rollback()
    db.session.expire_all()


def dump() -> dict[str, list[str]]:
    """Every row of every table, to show that a refused command wrote nothing at all."""
    fresh()
    tables = inspect(db.session.connection()).get_table_names()
    out = {name: sorted(repr(tuple(row)) for row in db.session.execute(text(f'SELECT * FROM "{name}"')))
           for name in tables if name != "alembic_version"}
    db.session.rollback()
    return out


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def user(email: str) -> User | None:
    return db.session.scalars(select(User).where(User.email == email)).first()


def invoke(runner, *args, input: str | None = None):
    result = runner.invoke(args=["seed-demo", *args], input=input)
    fresh()
    return result


def seeded(runner, *args, input: str | None = None) -> list[str]:
    result = invoke(runner, *args, input=input)
    assert result.exit_code == 0, result.output
    assert result.exception is None
    return result.stdout.splitlines()


def refused(result, *fragments: str) -> str:
    """Assert exit code 1 with the message on stderr; returns the message."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    message = " ".join(result.stderr.split())
    for fragment in fragments:
        assert fragment in message, message
    assert "password:" not in result.stdout  # no demo account was printed, so none was made
    return message


# --- an empty database: seeded and marked -------------------------------------------------------

def test_an_empty_database_is_seeded_and_every_row_made_is_marked(runner):
    assert dump() == {name: [] for name in dump()}  # a migrated database holds nothing
    lines = seeded(runner)
    assert any("admin@kiekmure.nl" in line and "password: kiekmure-admin" in line for line in lines)
    marks = db.session.scalars(select(AuditEntry).where(AuditEntry.action == demo.MARK)).all()
    assert len(marks) == 1
    found = demo.survey(db.session)
    assert found.foreign == {}
    assert {kind: len(ids) for kind, ids in found.demo.items()} == {
        "users": count(User), "organisations": count(Organisation), "rooms": count(Room),
        "bookings": count(Booking), "closures": count(Closure), "buildings": count(Building),
        "school_holidays": count(SchoolHoliday)}
    assert count(SchoolHoliday) == len(demo.SCHOOL_HOLIDAYS) == 5
    assert count(User) == len(demo.USERS) and count(Booking) == len(demo.BOOKINGS)


def test_a_second_run_writes_nothing_and_says_the_demo_is_there(runner):
    seeded(runner)
    before = dump()
    lines = seeded(runner)
    assert lines == [f"demo data already present: De Kiekmure has {len(demo.ROOMS)} rooms; nothing changed "
                     "(use 'flask seed-demo --reset' to start over)."]
    assert dump() == before


def test_a_booking_skipped_while_seeding_does_not_spoil_the_mark(runner, monkeypatch):
    clash = demo.DemoBooking("Dubbel geboekt", "Zaal A", "Welzijn Harderwijk", "welzijn@kiekmure.nl",
                             "10:30", "11:30", freq="weekly", days=("TH",))
    monkeypatch.setattr(demo, "BOOKINGS", demo.BOOKINGS + (clash,))
    assert any(line.startswith("Skipped: Dubbel geboekt") for line in seeded(runner))
    assert demo.survey(db.session).foreign == {}
    before = dump()
    assert "demo data already present" in seeded(runner)[0]
    assert dump() == before


def test_a_seed_cut_short_is_marked_as_far_as_it_got_and_reset_clears_it(app, runner):
    lines = demo.seed(db.session, now=app.config["NOW"])
    for line in lines:
        if line.startswith("Room: Zaal B"):
            break  # as if the process were killed here: users, building and four rooms are committed
    lines.close()
    fresh()
    assert count(User) == len(demo.USERS) and count(Room) == 4 and count(Booking) == 0
    assert demo.survey(db.session).foreign == {}
    assert seeded(runner)[0].startswith("demo data already present: De Kiekmure has 4 rooms; nothing changed")
    assert seeded(runner, "--reset", "--yes")[0] == ("Reset: deleted 0 bookings, 4 rooms, 6 users, "
                                                      "7 organisations, 1 buildings (and the audit trail).")
    full = counts()
    assert full["Room"] == len(demo.ROOMS) and full["Booking"] == len(demo.BOOKINGS)


# --- a database with data seed-demo did not make: refused, nothing written -----------------------

def another_centre(client, people) -> None:
    """De Roef, set up for real: its building, two users of two organisations, a room, a booking."""
    building = Building(name="De Roef", timezone="Europe/Amsterdam")
    building.set_every_day()
    db.session.add(building)
    db.session.commit()
    admin = people.user("admin", org="Stichting De Roef", email="beheer@deroef.nl")
    people.user("member", org="Toneelvereniging", email="toneel@example.org")
    headers = people.token(admin)
    room = client.post("/api/v1/rooms", json={"name": "Zaal 1", "capacity": 30}, headers=headers)
    assert room.status_code == 201, room.get_json()
    booked = client.post("/api/v1/bookings", json={"room_id": room.get_json()["id"], "title": "Repetitie",
                                                   "start": "2027-01-05T19:00", "end": "2027-01-05T21:00"},
                         headers=headers)
    assert booked.status_code == 201, booked.get_json()
    fresh()
    assert db.session.scalars(select(Building.name)).all() == ["De Roef"]  # the room went into De Roef


@pytest.mark.parametrize("args", [(), ("--reset", "--yes"), ("--reset",)])
def test_another_centres_database_is_refused_and_left_alone(runner, client, people, args):
    another_centre(client, people)
    before = dump()
    result = invoke(runner, *args, input="y\n")
    message = refused(result, REFUSED + "2 users, 2 organisations, 1 room, 1 booking, 1 building: De Roef).",
                      "seed-demo only fills an empty database")
    if "--reset" in args:
        assert "--reset only deletes what seed-demo made: nothing was deleted" in message
        assert "Delete them" not in result.output  # refused before asking
    else:
        assert "nothing was changed" in message
    assert dump() == before
    assert user("admin@kiekmure.nl") is None


def one_user(runner, client, people):
    people.user("frontdesk", email="balie@example.org")
    return "1 user)"


def one_organisation(runner, client, people):
    people.org("Buurthuis De Roef")
    return "1 organisation)"


def a_bare_kiekmure_building(runner, client, people):
    # The real centre, set up by hand but without rooms yet: the old seed-demo filled it with the demo.
    building = Building(name="De Kiekmure", timezone="Europe/Amsterdam")
    db.session.add(building)
    db.session.commit()
    return "1 building: De Kiekmure)"


def a_room_made_through_the_api(runner, client, people):
    # The first room through the API makes the default building, called De Kiekmure.
    headers = people.token(people.user("admin", org="De Kiekmure", email="beheerder@kiekmure.nl"))
    resp = client.post("/api/v1/rooms", json={"name": "Zaal A", "capacity": 40}, headers=headers)
    assert resp.status_code == 201, resp.get_json()
    return "1 user, 1 organisation, 1 room, 1 building: De Kiekmure)"


def the_real_kiekmure_admin(runner, client, people):
    # The centre's own admin at the demo's own address, made with `users create`.
    result = runner.invoke(args=["users", "create", "admin@kiekmure.nl", "--name", "Anouk", "--role", "admin",
                                 "--org", "De Kiekmure", "--password", "eigen-wachtwoord"])
    assert result.exit_code == 0, result.output
    return "1 user, 1 organisation)"


@pytest.mark.parametrize("make", [one_user, one_organisation, a_bare_kiekmure_building, a_room_made_through_the_api,
                                  the_real_kiekmure_admin])
def test_any_single_thing_seed_demo_did_not_make_is_enough_to_refuse(runner, client, people, make):
    found = make(runner, client, people)
    fresh()
    before = dump()
    refused(invoke(runner), REFUSED + found, "nothing was changed")
    refused(invoke(runner, "--reset", "--yes"), REFUSED + found, "nothing was deleted")
    assert dump() == before
    if make is the_real_kiekmure_admin:
        assert user("admin@kiekmure.nl").check_password("eigen-wachtwoord")
        assert count(User) == 1


def add_a_real_user(client, people):
    real = people.user("member", email="echt@example.org")
    real.organisation = db.session.scalars(select(Organisation).where(Organisation.name == "Welzijn Harderwijk")).one()
    db.session.commit()
    return "1 user)"


def add_an_organisation(client, people):
    people.org("Bibliotheek Harderwijk")
    return "1 organisation)"


def add_a_building(client, people):
    db.session.add(Building(name="De Roef", timezone="Europe/Amsterdam"))
    db.session.commit()
    return "1 building: De Roef)"


def add_a_room_to_the_demo_building(client, people):
    from booking.rooms.services import create_room
    kiekmure = db.session.scalars(select(Building)).one()
    create_room(db.session, user("admin@kiekmure.nl"), kiekmure, name="Fietsenstalling", capacity=2)
    return "1 room)"


def book_in_the_demo(client, people):
    # Trying the demo out with a demo account also makes data seed-demo did not make.
    room_id = db.session.scalars(select(Room.id).where(Room.name == "Gespreksruimte")).one()
    resp = client.post("/api/v1/bookings", json={"room_id": room_id, "title": "Proefboeking",
                                                 "start": "2027-01-08T15:00", "end": "2027-01-08T16:00"},
                       headers=people.token(user("welzijn@kiekmure.nl")))
    assert resp.status_code == 201, resp.get_json()
    return "1 booking)"


@pytest.mark.parametrize("add", [add_a_real_user, add_an_organisation, add_a_building,
                                 add_a_room_to_the_demo_building, book_in_the_demo])
def test_the_demo_with_anything_added_is_refused_and_reset_deletes_nothing(runner, client, people, add):
    seeded(runner)
    found = add(client, people)
    before = dump()
    refused(invoke(runner), REFUSED + found)
    refused(invoke(runner, "--reset", "--yes"), REFUSED + found, "nothing was deleted")
    refused(invoke(runner, "--reset", input="y\n"), REFUSED + found, "nothing was deleted")
    assert dump() == before


def test_a_real_row_with_the_id_of_a_deleted_demo_row_is_not_taken_for_the_demo(runner):
    seeded(runner)
    gone = user("bewoners@kiekmure.nl")
    gone_id = gone.id
    db.session.execute(delete(User).where(User.id == gone_id))
    db.session.commit()
    real = User(id=gone_id, email="bewoners@example.org", name="Echte Bewoner", role=Role.MEMBER)
    real.set_password("eigen-wachtwoord")
    db.session.add(real)
    db.session.commit()
    before = dump()
    refused(invoke(runner, "--reset", "--yes"), REFUSED + "1 user)")
    assert dump() == before


# --- --reset: asks, and deletes only the demo ----------------------------------------------------

@pytest.mark.parametrize("answer", ["n\n", "\n", None, ""])  # no, just Enter (default no), input closed
def test_reset_asks_first_and_without_a_yes_deletes_nothing(runner, answer):
    seeded(runner)
    before = dump()
    result = invoke(runner, "--reset", input=answer)
    assert result.exit_code == 1, result.output
    question = " ".join(result.stderr.split())
    assert f"--reset deletes {DEMO_COUNTS} (the demo data seed-demo made), and the audit trail (" in question
    assert "Reset not confirmed: nothing was deleted" in question
    assert "Reset: deleted" not in result.stdout
    assert dump() == before


def counts() -> dict[str, int]:
    return {m.__name__: count(m) for m in (Building, Room, Organisation, User, Booking, Closure)}


def test_reset_after_yes_deletes_the_demo_and_seeds_it_again(runner):
    seeded(runner)
    before = counts()
    # Trying the demo out without adding rows: a new password, an approval.
    admin = user("admin@kiekmure.nl")
    admin.set_password("iets-anders-nu")
    pending = db.session.scalars(select(Booking).where(Booking.status == Status.PENDING)).first()
    pending.status = Status.CONFIRMED
    db.session.commit()
    result = invoke(runner, "--reset", input="y\n")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (f"Reset: deleted {len(demo.BOOKINGS)} bookings, {len(demo.ROOMS)} rooms, "
                        f"{len(demo.USERS)} users, {len(demo.ORGANISATIONS)} organisations, 1 buildings "
                        "(and the audit trail).")
    assert "Delete them and seed again?" in result.stderr
    assert counts() == before
    assert user("admin@kiekmure.nl").check_password("kiekmure-admin")
    assert len(db.session.scalars(select(AuditEntry).where(AuditEntry.action == demo.MARK)).all()) == 1


def test_reset_with_yes_does_not_ask(runner):
    """What test_cli's test_seed_demo_reset_starts_over asserted, now with --yes and nothing added."""
    seeded(runner)
    before = counts()
    result = invoke(runner, "--reset", "--yes")
    assert result.exit_code == 0, result.output
    assert "Delete them and seed again?" not in result.stderr  # stderr holds only the progress bar's label
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Reset: deleted")
    assert not any("already present" in line for line in lines)
    assert counts() == before
    assert demo.survey(db.session).foreign == {}


def test_reset_on_an_empty_database_has_nothing_to_ask(runner):
    lines = seeded(runner, "--reset")
    assert lines[0] == "Reset: no demo data to delete."
    assert count(User) == len(demo.USERS)


# --- seeded by the seed-demo from before the mark ------------------------------------------------

def unmark() -> None:
    db.session.execute(delete(AuditEntry).where(AuditEntry.action == demo.MARK))
    db.session.commit()


def test_a_demo_seeded_before_the_mark_is_still_recognised(runner):
    seeded(runner)
    unmark()
    before = dump()
    assert seeded(runner)[0].startswith("demo data already present")
    assert dump() == before
    counted = counts()
    assert seeded(runner, "--reset", "--yes")[0].startswith(f"Reset: deleted {len(demo.BOOKINGS)} bookings")
    assert counts() == counted


def test_an_unmarked_demo_whose_admin_password_was_changed_is_refused(runner):
    seeded(runner)
    unmark()
    user("admin@kiekmure.nl").set_password("nu-echt-in-gebruik")
    db.session.commit()
    before = dump()
    refused(invoke(runner), REFUSED + f"{len(demo.USERS)} users, ")
    refused(invoke(runner, "--reset", "--yes"), REFUSED)
    assert dump() == before


# --- the production configuration ---------------------------------------------------------------

def test_demo_data_is_allowed_everywhere_but_in_production():
    assert CONFIGS["production"].DEMO_DATA_ALLOWED is False
    assert CONFIGS["development"].DEMO_DATA_ALLOWED is True
    assert CONFIGS["testing"].DEMO_DATA_ALLOWED is True


@pytest.fixture
def in_production(app, database_uri, monkeypatch):
    """Run seed-demo in the app as BOOKING_CONFIG=production makes it, on the test's database."""
    monkeypatch.setenv("BOOKING_CONFIG", "production")
    prod = create_app({"SQLALCHEMY_DATABASE_URI": database_uri, "SECRET_KEY": "test", "NOW": app.config["NOW"]})
    assert prod.config["SESSION_COOKIE_SECURE"] is True  # production's

    def run(*args: str, input: str | None = None):
        db.session.commit()
        # The command runs in the app context it finds: push production's over the test's own.
        with prod.app_context():
            result = prod.test_cli_runner().invoke(args=["seed-demo", *args], input=input)
            db.session.remove()
        fresh()
        return result

    yield run
    with prod.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("args", [(), ("--reset",), ("--reset", "--yes")])
def test_production_refuses_an_empty_database(in_production, args):
    before = dump()
    refused(in_production(*args, input="y\n"), "seed-demo is off under this configuration",
            "DEMO_DATA_ALLOWED", "Nothing was changed")
    assert dump() == before


@pytest.mark.parametrize("args", [(), ("--reset",), ("--reset", "--yes")])
def test_production_refuses_to_reset_even_the_demo(runner, in_production, args):
    seeded(runner)
    before = dump()
    result = in_production(*args, input="y\n")
    refused(result, "seed-demo is off under this configuration")
    assert "Delete them" not in result.output
    assert dump() == before


def test_the_readme_run_command_still_works_on_a_fresh_database(runner):
    """`flask --app booking seed-demo` on a just-migrated database: demo accounts printed, exit 0."""
    lines = seeded(runner)
    printed = dict(re.findall(r"(\S+@kiekmure\.nl)\s+password: (\S+)", "\n".join(lines)))
    assert set(printed) == {spec.email for spec in demo.USERS}
    assert lines[-1].startswith("API token for admin@kiekmure.nl")
    assert {o.kind for o in db.session.scalars(select(Organisation))} == set(OrganisationKind)
