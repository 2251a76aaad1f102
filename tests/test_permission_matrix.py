"""Who may open which page or endpoint: every rule of the url_map, every method, against four visitors.

One table (MATRIX) says, for each rule and method, who is let in (everyone, anyone logged in, the
front desk and the administrators, or the administrators alone) and which statuses an admitted
request may get. A refused visitor gets exactly the refusal: a page behind a login sends an
anonymous visitor to /login (302), the API answers 401; a logged-in user without the role gets 403.
An admitted request never gets a refusal and never a 500. A guard test fails the suite for a rule
without a row (naming it) and for a row whose rule no longer exists.

Pages are opened with a browser session made by logging in through /login (and POSTed to with that
session's CSRF token); the API with bearer tokens. Every request starts from the same database: the
objects are made, and the four visitors logged in, once per backend and process; then it is put back
before each request (a file copy on SQLite, the rows on PostgreSQL), so a request that deletes or
deactivates something cannot change what another sees. SQLite runs one test per route and visitor;
PostgreSQL one per route, asking as the four in turn (see test_who_may_open_what_on_postgres).
"""
from __future__ import annotations

import re
import sqlite3
import time
from dataclasses import dataclass, field
from typing import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import current_app
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import Engine

from booking.extensions import db
from booking.feeds.reading import forget_everything
from booking.feeds.tokens import feed_token
from booking.models import (ApiToken, Building, Closure, Extra, Invitation, Occurrence, Organisation,
                            OrganisationKind, Role, Room, SchoolHoliday, User)

from dbkit import sqlalchemy_url, sqlite_database
from fixtures.clock import NOW
from web.helpers import PASSWORD, book, counts, csrf_tokens, local, logged_in

ROLES = ("anonymous", "member", "frontdesk", "admin")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

# Who is let in.
PUBLIC = frozenset(ROLES)
LOGIN = frozenset({"member", "frontdesk", "admin"})
STAFF = frozenset({"frontdesk", "admin"})
ADMIN = frozenset({"admin"})

# What an admitted request may get back (an empty POST is a form shown again, a 400 or a redirect).
PAGE = frozenset({200})
FORM = frozenset({200, 302, 400, 422})
DONE = frozenset({200, 302})


@dataclass(frozen=True)
class Row:
    """One rule and method: who is let in, and the statuses an admitted request may get."""

    rule: str
    method: str
    allowed: frozenset[str]
    ok: frozenset[int]
    # World.ids keys for the rule's variables where they differ from the defaults (e.g. the feed's token).
    values: dict[str, str] = field(default_factory=dict, hash=False)
    query: str = ""                          # a query string, {names} filled in from the world's ids
    body: Callable[[dict], dict] | None = field(default=None, hash=False)  # the API's JSON body

    @property
    def id(self) -> str:
        """The row's name in test ids."""
        return f"{self.method} {self.rule}"


def row(rule: str, method: str, allowed, ok, query: str = "", body: Callable[[dict], dict] | None = None,
        **values: str) -> Row:
    """A row of the matrix; `values` name the World.ids entries the URL variables take instead of their own."""
    return Row(rule, method, frozenset(allowed), frozenset(ok), values, query, body)


MATRIX: list[Row] = [
    # --- open to everyone ---
    row("/", "GET", PUBLIC, PAGE),
    row("/agenda", "GET", PUBLIC, PAGE),
    row("/api", "GET", PUBLIC, PAGE),                                  # the API's reference page
    row("/lobby", "GET", PUBLIC, PAGE),
    row("/healthz", "GET", PUBLIC, PAGE),
    row("/login", "GET", PUBLIC, DONE),             # someone logged in is sent on to /
    row("/login", "POST", PUBLIC, DONE),
    row("/invitation/<token>", "GET", PUBLIC, PAGE),
    row("/invitation/<token>", "POST", PUBLIC, FORM),
    row("/feeds/public.ics", "GET", PUBLIC, PAGE),
    # A feed URL is its own key (the member's token): the browser session plays no part.
    row("/feeds/<id:user_id>/<token>/rooms/<id:room_id>.ics", "GET", PUBLIC, PAGE,
        user_id="member_id", token="room_feed"),
    row("/feeds/<id:user_id>/<token>/organisation.ics", "GET", PUBLIC, PAGE,
        user_id="member_id", token="organisation_feed"),
    row("/feeds/<id:user_id>/<token>/personal.ics", "GET", PUBLIC, PAGE,
        user_id="member_id", token="personal_feed"),

    # --- anyone logged in (the booking is the member's organisation's) ---
    row("/account", "GET", LOGIN, PAGE),
    row("/account", "POST", LOGIN, FORM),
    row("/account/tokens/<int:token_id>/revoke", "POST", LOGIN, DONE),   # each revokes their own token
    row("/logout", "POST", LOGIN, DONE),
    row("/bookings/", "GET", LOGIN, PAGE),
    row("/bookings/new", "GET", LOGIN, PAGE),
    row("/bookings/new", "POST", LOGIN, FORM),
    row("/bookings/<id:booking_id>", "GET", LOGIN, PAGE),
    row("/bookings/<id:booking_id>/cancel", "POST", LOGIN, DONE),
    row("/bookings/<id:booking_id>/extend", "GET", LOGIN, DONE),        # not a series: back to the booking
    row("/bookings/<id:booking_id>/extend", "POST", LOGIN, FORM),
    row("/bookings/<id:booking_id>/occurrences/<id:occurrence_id>/cancel", "POST", LOGIN, DONE),
    row("/bookings/<id:booking_id>/occurrences/<id:occurrence_id>/edit", "GET", LOGIN, PAGE),
    row("/bookings/<id:booking_id>/occurrences/<id:occurrence_id>/edit", "POST", LOGIN, FORM),
    row("/bookings/<id:booking_id>/occurrences/<id:occurrence_id>/title", "POST", LOGIN, FORM),
    row("/feeds/", "GET", LOGIN, PAGE),
    row("/feeds/regenerate", "POST", LOGIN, DONE),
    row("/feeds/bookings/<id:booking_id>.ics", "GET", LOGIN, PAGE),
    row("/find", "GET", LOGIN, PAGE),
    row("/imports/new", "GET", LOGIN, PAGE),
    row("/imports/new", "POST", LOGIN, FORM),
    row("/imports/confirm", "POST", LOGIN, FORM),
    row("/organisations/<id:org_id>/week", "GET", LOGIN, PAGE),
    row("/organisations/<id:org_id>/month", "GET", LOGIN, PAGE),
    row("/rooms/<id:room_id>/week", "GET", LOGIN, PAGE),
    row("/rooms/<id:room_id>/month", "GET", LOGIN, PAGE),

    # --- the front desk and the administrators ---
    row("/frontdesk/approvals", "GET", STAFF, PAGE),
    row("/frontdesk/approvals/<id:booking_id>", "POST", STAFF, FORM),
    row("/frontdesk/day", "GET", STAFF, PAGE),
    row("/frontdesk/day/bookings/<id:booking_id>/occurrences/<id:occurrence_id>/attendance", "POST", STAFF, FORM),
    row("/frontdesk/day/bookings/<id:booking_id>/occurrences/<id:occurrence_id>/setup", "POST", STAFF, FORM),
    row("/reports/", "GET", STAFF, {302}),                                 # on to the occupancy report
    row("/reports/annual", "GET", STAFF, PAGE),
    row("/reports/charges", "GET", STAFF, PAGE),
    row("/reports/occupancy", "GET", STAFF, PAGE),
    row("/reports/organisations", "GET", STAFF, PAGE),
    row("/reports/public", "GET", STAFF, PAGE),

    # --- the administrators ---
    row("/admin", "GET", ADMIN, PAGE),
    row("/admin/audit", "GET", ADMIN, PAGE),
    row("/admin/buildings", "GET", ADMIN, PAGE),
    row("/admin/buildings/new", "GET", ADMIN, PAGE),
    row("/admin/buildings/new", "POST", ADMIN, FORM),
    row("/admin/buildings/<id:building_id>", "GET", ADMIN, PAGE),
    row("/admin/buildings/<id:building_id>", "POST", ADMIN, FORM),
    row("/admin/buildings/<id:building_id>/active", "POST", ADMIN, DONE),
    row("/admin/closures", "GET", ADMIN, PAGE),
    row("/admin/closures/new", "GET", ADMIN, PAGE),
    row("/admin/closures/new", "POST", ADMIN, FORM),
    row("/admin/closures/holidays", "GET", ADMIN, PAGE),
    row("/admin/closures/holidays", "POST", ADMIN, FORM),
    row("/admin/closures/<id:closure_id>/delete", "POST", ADMIN, DONE),
    row("/admin/extras", "GET", ADMIN, PAGE),
    row("/admin/extras/new", "GET", ADMIN, PAGE),
    row("/admin/extras/new", "POST", ADMIN, FORM),
    row("/admin/extras/<id:extra_id>", "GET", ADMIN, PAGE),
    row("/admin/extras/<id:extra_id>", "POST", ADMIN, FORM),
    row("/admin/extras/<id:extra_id>/active", "POST", ADMIN, DONE),
    row("/admin/organisations", "GET", ADMIN, PAGE),
    row("/admin/organisations/new", "GET", ADMIN, PAGE),
    row("/admin/organisations/new", "POST", ADMIN, FORM),
    row("/admin/organisations/<id:organisation_id>", "GET", ADMIN, PAGE),
    row("/admin/organisations/<id:organisation_id>", "POST", ADMIN, FORM),
    row("/admin/privacy", "GET", ADMIN, PAGE),
    row("/admin/privacy/anonymise", "POST", ADMIN, DONE),
    row("/admin/rooms", "GET", ADMIN, PAGE),
    row("/admin/rooms/new", "GET", ADMIN, PAGE),
    row("/admin/rooms/new", "POST", ADMIN, FORM),
    row("/admin/rooms/<id:room_id>", "GET", ADMIN, PAGE),
    row("/admin/rooms/<id:room_id>", "POST", ADMIN, FORM),
    row("/admin/rooms/<id:room_id>/active", "POST", ADMIN, DONE),
    row("/admin/school-holidays", "GET", ADMIN, PAGE),
    row("/admin/school-holidays/new", "GET", ADMIN, PAGE),
    row("/admin/school-holidays/new", "POST", ADMIN, FORM),
    row("/admin/school-holidays/import", "GET", ADMIN, PAGE),
    row("/admin/school-holidays/import", "POST", ADMIN, FORM),
    row("/admin/school-holidays/<id:holiday_id>", "GET", ADMIN, PAGE),
    row("/admin/school-holidays/<id:holiday_id>", "POST", ADMIN, FORM),
    row("/admin/school-holidays/<id:holiday_id>/delete", "POST", ADMIN, DONE),
    row("/admin/users", "GET", ADMIN, PAGE),
    row("/admin/users", "POST", ADMIN, FORM),
    row("/admin/users/<id:user_id>", "GET", ADMIN, PAGE),
    row("/admin/users/<id:user_id>", "POST", ADMIN, FORM),
    row("/admin/users/<id:user_id>/active", "POST", ADMIN, DONE),
    row("/admin/users/<id:user_id>/erase", "GET", ADMIN, PAGE),
    row("/admin/users/<id:user_id>/erase", "POST", ADMIN, FORM),
    row("/admin/users/<id:user_id>/export", "POST", ADMIN, PAGE),         # the user's data as a download
    row("/admin/users/<id:user_id>/invitation", "POST", ADMIN, DONE),

    # --- the API (bearer tokens); valid queries and bodies, so that what decides is the caller ---
    row("/api/v1/agenda", "GET", PUBLIC, PAGE, query="?start=2027-03-29&end=2027-03-30"),
    row("/api/v1/openapi.json", "GET", PUBLIC, PAGE),
    row("/api/v1/rooms", "GET", LOGIN, PAGE),
    row("/api/v1/rooms/<id:room_id>/availability", "GET", LOGIN, PAGE,
        query="?start=2027-03-29T00:00&end=2027-03-30T00:00"),
    row("/api/v1/extras", "GET", LOGIN, PAGE),
    row("/api/v1/feeds", "GET", LOGIN, PAGE),
    row("/api/v1/day", "GET", LOGIN, PAGE, query="?date=2027-03-29"),
    row("/api/v1/bookings", "GET", LOGIN, PAGE, query="?start=2027-03-29T00:00&end=2027-03-30T00:00"),
    row("/api/v1/bookings", "POST", LOGIN, {201},
        body=lambda v: {"room_id": v["room_id"], "title": "Yoga", "start": "2027-03-30T09:00",
                        "end": "2027-03-30T10:00"}),
    row("/api/v1/bookings/<id:booking_id>", "GET", LOGIN, PAGE),
    row("/api/v1/bookings/<id:booking_id>", "DELETE", LOGIN, {200, 204}),
    row("/api/v1/bookings/<id:booking_id>/occurrences/<id:occurrence_id>", "PATCH", LOGIN, PAGE,
        body=lambda v: {"start": "2027-03-29T13:00", "end": "2027-03-29T15:00"}),
    row("/api/v1/bookings/<id:booking_id>/occurrences/<id:occurrence_id>", "DELETE", LOGIN, {200, 204}),
    row("/api/v1/bookings/<id:booking_id>/occurrences/<id:occurrence_id>/attendance", "PUT", STAFF, PAGE,
        body=lambda v: {"attendance": "arrived"}),
    row("/api/v1/reports/occupancy", "GET", STAFF, PAGE, query="?start=2027-03-01&end=2027-03-31"),
    row("/api/v1/reports/charges", "GET", STAFF, PAGE, query="?start=2027-03-01&end=2027-03-31"),
    row("/api/v1/rooms", "POST", ADMIN, {201}, body=lambda v: {"name": "Stiltekamer", "capacity": 4}),
    row("/api/v1/rooms/<id:room_id>", "PATCH", ADMIN, PAGE, body=lambda v: {"capacity": 10}),
    row("/api/v1/closures", "GET", ADMIN, PAGE, query="?start=2027-05-01T00:00&end=2027-06-01T00:00"),
    row("/api/v1/closures", "POST", ADMIN, {201},
        body=lambda v: {"start": "2027-06-01T00:00", "end": "2027-06-02T00:00", "reason": "Schilderwerk",
                        "building_id": v["building_id"]}),
    row("/api/v1/closures/<id:closure_id>", "DELETE", ADMIN, {200, 204}),
    row("/api/v1/audit", "GET", ADMIN, PAGE, query="?booking_id={booking_id}"),
]


def _api(rule: str) -> bool:
    return rule.startswith("/api/")


def _routes(app) -> set[tuple[str, str]]:
    """Every (rule, method) of the app that a visitor can ask for, without HEAD, OPTIONS and static."""
    return {(r.rule, m) for r in app.url_map.iter_rules() if r.endpoint != "static"
            for m in r.methods if m in METHODS}


# --- the world every test starts from ---------------------------------------------------------------

@dataclass
class World:
    """The ids of the objects the URLs name, and how each visitor identifies itself."""

    ids: dict[str, int | str]
    cookies: dict[str, str]                 # the session cookie of each visitor (anonymous too)
    csrf: dict[str, str]                    # the CSRF token of that session
    api: dict[str, dict[str, str]]          # the Authorization header of each visitor (none for anonymous)
    own_token: dict[str, int]               # each visitor's own API token id (anonymous: the member's)
    rows: dict[str, int]                    # bookings, dates, holds and audit entries as seeded

    def values(self, role: str) -> dict[str, int | str]:
        """The URL variables as `role` fills them in."""
        return {**self.ids, "token_id": self.own_token[role]}


def _seed() -> tuple[dict[str, int | str], dict[str, User]]:
    """The building, its rooms, extras, holidays and closures, four people and a booking of the member's."""
    building = Building(name="De Kiekmure", timezone="Europe/Amsterdam")
    building.set_every_day()
    zaal = Room(building=building, name="Vergaderzaal", capacity=12)
    kamer = Room(building=building, name="Spreekkamer", capacity=6)
    welzijn = Organisation(name="Welzijn Harderwijk", kind=OrganisationKind.WELFARE)
    huisarts = Organisation(name="Huisartsenpraktijk Stadsdennen", kind=OrganisationKind.CARE)
    kiekmure = Organisation(name="De Kiekmure", kind=OrganisationKind.OTHER)
    people = {"member": User(email="anne@welzijn.example", name="Anne de Vries", role=Role.MEMBER,
                             organisation=welzijn),
              "frontdesk": User(email="balie@kiekmure.example", name="Carla Balie", role=Role.FRONTDESK,
                                organisation=kiekmure),
              "admin": User(email="beheer@kiekmure.example", name="Dirk Beheer", role=Role.ADMIN,
                            organisation=kiekmure),
              "other": User(email="bart@huisarts.example", name="Bart Jansen", role=Role.MEMBER,
                            organisation=huisarts)}
    for user in people.values():
        user.set_password(PASSWORD)
    extra = Extra(building=building, name="Beamer", stock=2)
    holiday = SchoolHoliday(building=building, name="Voorjaarsvakantie", start_date=date(2027, 2, 20),
                            end_date=date(2027, 2, 28), region="midden")
    closure = Closure(building=building, starts_at=local(2027, 5, 5), ends_at=local(2027, 5, 6),
                      reason="Bevrijdingsdag")
    invitation, invitation_token = Invitation.issue(people["other"], NOW + timedelta(days=7))
    db.session.add_all([building, zaal, kamer, welzijn, huisarts, kiekmure, *people.values(), extra, holiday,
                        closure, invitation])
    db.session.commit()
    ours = book(people["member"], zaal, local(2027, 3, 29, 9), local(2027, 3, 29, 11), "Koffieochtend")
    occurrence = db.session.scalars(select(Occurrence).where(Occurrence.booking_id == ours.id)).first()
    theirs = book(people["other"], kamer, local(2027, 3, 29, 9), local(2027, 3, 29, 11), "Spreekuur")
    their_occurrence = db.session.scalars(select(Occurrence).where(Occurrence.booking_id == theirs.id)).first()
    member = people["member"]
    secret, generation = current_app.config["SECRET_KEY"], member.feed_generation or 0
    ids = {"building_id": building.id, "room_id": zaal.id, "organisation_id": welzijn.id, "org_id": welzijn.id,
           "booking_id": ours.id, "occurrence_id": occurrence.id, "extra_id": extra.id,
           "holiday_id": holiday.id, "closure_id": closure.id, "user_id": people["other"].id,
           "member_id": member.id, "token": invitation_token, "their_booking_id": theirs.id,
           "their_occurrence_id": their_occurrence.id, "their_org_id": huisarts.id,
           "room_feed": feed_token(secret, member.id, generation, f"room:{zaal.id}"),
           "organisation_feed": feed_token(secret, member.id, generation, "organisation"),
           "personal_feed": feed_token(secret, member.id, generation, "personal")}
    return ids, people


def _make_world(client) -> World:
    """Seed, then give every visitor a session (logged in through /login) and an API token."""
    ids, people = _seed()
    cookie = current_app.config["SESSION_COOKIE_NAME"]
    cookies, csrf, api, own = {}, {}, {}, {}
    for role in ROLES:
        client.delete_cookie(cookie)
        if role != "anonymous":
            logged_in(client, people[role])
        page = client.get("/account" if role != "anonymous" else "/login")
        assert page.status_code == 200, (role, page.status_code)
        csrf[role] = next(iter(csrf_tokens(page.get_data(as_text=True)).values()))
        cookies[role] = client.get_cookie(cookie).value
    for role in ROLES[1:]:
        token, plain = ApiToken.issue(people[role], name="matrix")
        db.session.add(token)
        db.session.commit()
        api[role], own[role] = {"Authorization": f"Bearer {plain}"}, token.id
    own["anonymous"] = own["member"]
    client.delete_cookie(cookie)
    return World(ids, cookies, csrf, api, own, counts())


# --- one database per backend and process, copied afresh for every test -----------------------------

@dataclass
class Snapshot:
    """The seeded database of one backend: an SQLite file, or PostgreSQL's rows and sequences."""

    world: World
    path: Path | None = None
    rows: list[tuple] = field(default_factory=list)
    sequences: list[tuple[str, int | None]] = field(default_factory=list)
    made: float = field(default_factory=time.monotonic)

    @property
    def stale(self) -> bool:
        """Whether its CSRF tokens are near their end (Flask-WTF's WTF_CSRF_TIME_LIMIT, an hour, in real time)."""
        return time.monotonic() - self.made > 1800


_SNAPSHOTS: dict[str, Snapshot] = {}


def _take(uri: str, world: World, tmp: Path) -> Snapshot:
    """Keep the database at `uri` as it is now."""
    db.session.commit()
    if uri.startswith("sqlite"):
        path = tmp / "permission_matrix.sqlite3"
        src, dst = sqlite3.connect(uri.removeprefix("sqlite:///")), sqlite3.connect(path)
        src.backup(dst)
        src.close(), dst.close()
        return Snapshot(world, path=path)
    engine = create_engine(sqlalchemy_url(uri), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        # Statistics for the planner: on never-analysed tables it guesses thousands of rows, and the finder's
        # one-statement read of every room then costs enough for PostgreSQL to JIT-compile it (0.5 s a time).
        conn.execute(text("ANALYZE"))
        rows = [(table, [dict(r) for r in conn.execute(select(table).order_by(*table.primary_key.columns))
                         .mappings()]) for table in db.metadata.sorted_tables]
        seqs = list(conn.execute(text("SELECT sequencename, last_value FROM pg_sequences "
                                      "WHERE schemaname = 'public'")))
    engine.dispose()
    return Snapshot(world, rows=rows, sequences=seqs)


def _restore_postgres(engine, snap: Snapshot) -> None:
    """Put the snapshot's rows and sequences back into the PostgreSQL database, in one transaction.

    As the suite's empty_postgres does, but over a kept engine and with the deletes and the sequences in one
    statement each: this runs before every test.
    """
    with engine.begin() as conn:
        conn.exec_driver_sql("; ".join(f'DELETE FROM "{table.name}"' for table, _rows in reversed(snap.rows)))
        for table, rows in snap.rows:
            if rows:
                conn.execute(table.insert(), rows)
        conn.exec_driver_sql("SELECT " + ", ".join(
            f"setval('\"{name}\"', {last or 1}, {'true' if last is not None else 'false'})"
            for name, last in snap.sequences))


@pytest.fixture(scope="module")
def engines() -> Iterator[dict[str, Engine]]:
    """One engine per PostgreSQL database for putting the snapshot back, kept for the module."""
    kept: dict[str, Engine] = {}
    yield kept
    for engine in kept.values():
        engine.dispose()


def _put_back(database_uri: str, engines: dict[str, Engine]) -> None:
    """Give the database at `database_uri` its seeded state again."""
    db.session.remove()
    if database_uri.startswith("sqlite"):
        db.engine.dispose()  # no connection may see the file change under it
        sqlite_database(database_uri.removeprefix("sqlite:///"), _SNAPSHOTS["sqlite"].path)
        return
    if database_uri not in engines:
        engines[database_uri] = create_engine(sqlalchemy_url(database_uri))
    _restore_postgres(engines[database_uri], _SNAPSHOTS["postgres"])


def _backend(database_uri: str) -> str:
    return "sqlite" if database_uri.startswith("sqlite") else "postgres"


@pytest.fixture
def world(app, client, database_uri, engines, tmp_path_factory) -> World:
    """The seeded database, fresh for this test, and its ids and credentials.

    The first test of each backend in a process seeds the (empty) database the suite's fixtures give it
    and keeps it; every later one gets that database back in place of the empty one.
    """
    forget_everything()  # rendered feeds are kept per process
    backend = _backend(database_uri)
    if backend not in _SNAPSHOTS or _SNAPSHOTS[backend].stale:  # the database is the suite's empty one
        world = _make_world(client)
        _SNAPSHOTS[backend] = _take(database_uri, world, tmp_path_factory.mktemp("matrix"))
        return world
    _put_back(database_uri, engines)
    return _SNAPSHOTS[backend].world


# --- asking -----------------------------------------------------------------------------------------

_VARIABLE = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def url_of(rule: str, values: dict) -> str:
    """The rule with its variables filled in."""
    return _VARIABLE.sub(lambda m: quote(str(values[m.group(1)]), safe=""), rule)


def ask(client, world: World, r: Row, role: str):
    """Send the row's request as `role`: a page with the role's browser session, the API with its token."""
    values = world.values(role)
    values.update({k: world.ids.get(v, v) for k, v in r.values.items()})
    url = url_of(r.rule, values) + r.query.format(**values)
    if _api(r.rule):
        client.delete_cookie(current_app.config["SESSION_COOKIE_NAME"])  # the token alone speaks
        body = {"json": r.body(values) if r.body else {}} if r.method in ("POST", "PUT", "PATCH") else {}
        return url, client.open(url, method=r.method, headers=world.api.get(role, {}), **body)
    client.set_cookie(current_app.config["SESSION_COOKIE_NAME"], world.cookies[role])
    body = {"data": {"csrf_token": world.csrf[role]}} if r.method != "GET" else {}
    return url, client.open(url, method=r.method, **body)

# The member against another organisation's booking (the GP practice's "Spreekuur", internal) and
# organisation: the rows of MATRIX that name a booking or an organisation, with the status the member
# gets. The front desk and the administrators belong to neither organisation: MATRIX covers them.
THEIRS = {"booking_id": "their_booking_id", "occurrence_id": "their_occurrence_id", "org_id": "their_org_id"}
NOT_THEIRS: dict[tuple[str, str], int] = {
    ("/bookings/<id:booking_id>", "GET"): 403,
    ("/bookings/<id:booking_id>/cancel", "POST"): 403,
    ("/bookings/<id:booking_id>/extend", "GET"): 403,
    ("/bookings/<id:booking_id>/extend", "POST"): 403,
    ("/bookings/<id:booking_id>/occurrences/<id:occurrence_id>/cancel", "POST"): 403,
    ("/bookings/<id:booking_id>/occurrences/<id:occurrence_id>/edit", "GET"): 403,
    ("/bookings/<id:booking_id>/occurrences/<id:occurrence_id>/edit", "POST"): 403,
    ("/bookings/<id:booking_id>/occurrences/<id:occurrence_id>/title", "POST"): 403,
    ("/feeds/bookings/<id:booking_id>.ics", "GET"): 403,
    ("/organisations/<id:org_id>/week", "GET"): 403,
    ("/organisations/<id:org_id>/month", "GET"): 403,
    # The API shows any booking, another organisation's private one as 'Busy' (README, GET /api/v1/bookings/ID).
    ("/api/v1/bookings/<id:booking_id>", "GET"): 200,
    ("/api/v1/bookings/<id:booking_id>", "DELETE"): 403,
    ("/api/v1/bookings/<id:booking_id>/occurrences/<id:occurrence_id>", "PATCH"): 403,
    ("/api/v1/bookings/<id:booking_id>/occurrences/<id:occurrence_id>", "DELETE"): 403,
}


# --- the tests --------------------------------------------------------------------------------------

def refusal(r: Row, role: str) -> int:
    """The status that refuses `role`: a login for the anonymous visitor (302 on a page, 401 on the API), else 403."""
    if role == "anonymous":
        return 401 if _api(r.rule) else 302
    return 403


def check(client, world: World, r: Row, role: str) -> None:
    """Ask as `role` and check the answer against the row."""
    url, resp = ask(client, world, r, role)
    got = resp.status_code
    seen = f"{r.method} {url} as {role}: {got} {resp.headers.get('Location', '')} " \
           f"{resp.get_data(as_text=True)[:300]!r}"
    if role in r.allowed:
        assert got in r.ok, f"admitted, but: {seen} (expected one of {sorted(r.ok)})"
        assert not (got == 302 and resp.headers["Location"].startswith("/login?")), f"sent to log in: {seen}"
    else:
        assert got == refusal(r, role), f"not refused as expected: {seen}"
        assert counts() == world.rows, f"refused, but something was written: {seen}"
        if got == 302:
            assert resp.headers["Location"] == "/login?next=" + quote(url, safe=""), seen


# SQLite: one test per route and visitor.
@pytest.mark.parametrize("database_uri", ["sqlite"], indirect=True)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("r", MATRIX, ids=lambda r: r.id)
def test_who_may_open_what(client, world, r, role):
    check(client, world, r, role)


# PostgreSQL: the same matrix, one test per route asking as the four visitors in turn, the database put
# back before each: a fresh PostgreSQL database per test costs three new connections (a process each on
# the server), which made the 516 tests of the SQLite shape take a minute on two cores.
@pytest.mark.parametrize("database_uri", ["postgres"], indirect=True)
@pytest.mark.parametrize("r", MATRIX, ids=lambda r: r.id)
def test_who_may_open_what_on_postgres(client, world, database_uri, engines, r):
    for n, role in enumerate(ROLES):
        if n:
            _put_back(database_uri, engines)
        check(client, world, r, role)


def test_every_route_has_a_row(app):
    """A new route without a row, or a row for a route that is gone, fails here with its name."""
    routes = _routes(app)
    rows = {(r.rule, r.method) for r in MATRIX}
    assert len(rows) == len(MATRIX), "a rule and method has two rows"
    missing, gone = sorted(routes - rows), sorted(rows - routes)
    problems = (["routes without a row in MATRIX (say who may open them): "
                 + ", ".join(f"{m} {rule}" for rule, m in missing)] if missing else []) + \
               (["rows of MATRIX for routes the app does not have: "
                 + ", ".join(f"{m} {rule}" for rule, m in gone)] if gone else [])
    assert not problems, "; ".join(problems)


_BY_ROUTE = {(r.rule, r.method): r for r in MATRIX}


@pytest.mark.parametrize("route", sorted(NOT_THEIRS), ids=lambda k: f"{k[1]} {k[0]}")
def test_a_member_and_another_organisations_booking(client, world, route):
    base = _BY_ROUTE[route]
    r = Row(base.rule, base.method, base.allowed, base.ok, {**base.values, **THEIRS}, base.query, base.body)
    url, resp = ask(client, world, r, "member")
    assert resp.status_code == NOT_THEIRS[route], \
        f"{r.method} {url}: {resp.status_code} {resp.get_data(as_text=True)[:300]!r}"
    assert counts() == world.rows


def test_every_row_of_the_organisation_table_exists_and_every_booking_route_has_one():
    """NOT_THEIRS names routes of MATRIX only, and every route of the member's (naming a booking or an
    organisation) that the member may open."""
    assert set(NOT_THEIRS) <= set(_BY_ROUTE), sorted(set(NOT_THEIRS) - set(_BY_ROUTE))
    scoped = {(r.rule, r.method) for r in MATRIX if "member" in r.allowed
              and ("<id:booking_id>" in r.rule or "<id:org_id>" in r.rule)}
    assert not scoped - set(NOT_THEIRS), "say what a member gets for another organisation's: " + \
        ", ".join(f"{m} {rule}" for rule, m in sorted(scoped - set(NOT_THEIRS)))


@pytest.mark.parametrize("r", [r for r in MATRIX if _api(r.rule) and r.allowed != PUBLIC], ids=lambda r: r.id)
def test_the_api_takes_no_browser_session(client, world, r):
    """An administrator's logged-in browser is no key to the API (a page elsewhere could otherwise make the
    browser call it): without a token the answer is 401."""
    client.set_cookie(current_app.config["SESSION_COOKIE_NAME"], world.cookies["admin"])
    values = world.values("admin")
    url = url_of(r.rule, values) + r.query.format(**values)
    body = {"json": r.body(values) if r.body else {}} if r.method in ("POST", "PUT", "PATCH") else {}
    resp = client.open(url, method=r.method, **body)
    assert resp.status_code == 401, f"{r.method} {url}: {resp.status_code}"
