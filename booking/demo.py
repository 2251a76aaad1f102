"""Demo data for De Kiekmure, the multifunctional centre of Stadsdennen in Harderwijk.

`seed` fills an empty database with the building, its rooms, the organisations under its
roof, one user per role (with demo passwords it prints) and about three months of bookings
from the current week on. Every booking goes through the booking service, so it is checked
against opening hours, room rules and the other bookings exactly as a real request would be;
one that does not fit is skipped with a line saying why.

The demo accounts have published passwords, so `seed` refuses (SeedRefused, nothing written)
any database holding a user, organisation, building, room, booking, closure or invitation it
did not make itself; it knows its own rows by the mark it leaves (MARK, see `survey`).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Callable, Iterator

from dateutil.easter import easter

from sqlalchemy import delete, event, func, select
from sqlalchemy.orm import Session

from .bookings.context import Context
from .bookings.services import BookingRequest, create_booking
from .database import plain_session
from .domain.clock import local_day_bounds, wall, zone_of
from .domain.errors import BookingConflict, BookingError
from .domain.recurrence import Recurrence
from .extras.requests import ExtraRequest
from .models import (ApiToken, AuditEntry, Booking, BookingExtra, Building, Closure, Extra, ExtraKind, Invitation,
                     Occurrence, OpeningHours, Organisation, OrganisationKind, Role, Room, RoomHold, RoomRate,
                     SchoolHoliday, Status, User, Visibility, room_organisation, room_part)
from .rooms.services import create_room

BUILDING = "De Kiekmure"
ADDRESS = "Kiekmure 1, 3844 Harderwijk (Stadsdennen)"
TIMEZONE = "Europe/Amsterdam"
# How far the demo agenda reaches: the current week and the twelve after it.
WEEKS = 13

# Organisation name -> kind.
ORGANISATIONS: dict[str, OrganisationKind] = {
    "De Kiekmure": OrganisationKind.OTHER,
    "Huisartsenpraktijk Stadsdennen": OrganisationKind.CARE,
    "Welzijn Harderwijk": OrganisationKind.WELFARE,
    "Sociaal wijkteam Harderwijk": OrganisationKind.WELFARE,
    "Vrijwilligers De Kiekmure": OrganisationKind.VOLUNTEERS,
    "Taalmaatjes Harderwijk": OrganisationKind.VOLUNTEERS,
    "Bewonersvereniging Stadsdennen": OrganisationKind.RESIDENTS,
}


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    role: Role
    organisation: str
    password: str


USERS: tuple[DemoUser, ...] = (
    DemoUser("admin@kiekmure.nl", "Anouk de Beheerder", Role.ADMIN, "De Kiekmure", "kiekmure-admin"),
    DemoUser("balie@kiekmure.nl", "Bram van de Balie", Role.FRONTDESK, "De Kiekmure", "kiekmure-balie"),
    DemoUser("huisarts@kiekmure.nl", "Dr. Hanneke Jansen", Role.MEMBER, "Huisartsenpraktijk Stadsdennen",
             "kiekmure-huisarts"),
    DemoUser("welzijn@kiekmure.nl", "Wim Welzijn", Role.MEMBER, "Welzijn Harderwijk", "kiekmure-welzijn"),
    DemoUser("vrijwilligers@kiekmure.nl", "Vera Vrijwilliger", Role.MEMBER, "Vrijwilligers De Kiekmure",
             "kiekmure-vrijwilligers"),
    DemoUser("bewoners@kiekmure.nl", "Bert Bewoner", Role.MEMBER, "Bewonersvereniging Stadsdennen",
             "kiekmure-bewoners"),
)


@dataclass(frozen=True)
class DemoRoom:
    name: str
    capacity: int
    facilities: str
    buffer_minutes: int = 0
    requires_approval: bool = False
    allowed_kinds: str = ""
    allowed_organisations: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()
    max_duration_minutes: int | None = None


ROOMS: tuple[DemoRoom, ...] = (
    DemoRoom("Spreekkamer 1", 3, "onderzoeksbank, wastafel, pc", 5, allowed_kinds="care"),
    DemoRoom("Spreekkamer 2", 3, "onderzoeksbank, wastafel, pc", 5,
             allowed_organisations=("Huisartsenpraktijk Stadsdennen",)),
    DemoRoom("Zaal A", 40, "beamer, geluidsinstallatie, stoelen", 15),
    DemoRoom("Zaal B", 40, "whiteboard, flip-over, stoelen", 15),
    DemoRoom("Grote zaal", 90, "beamer, geluidsinstallatie, podium, schuifwand", 30, parts=("Zaal A", "Zaal B")),
    DemoRoom("Keuken", 12, "kookeilanden, vaatwasser, koelkast, oven", 30),
    DemoRoom("Vergaderruimte", 14, "beamer, whiteboard, videobellen", 10),
    DemoRoom("Activiteitenruimte", 25, "whiteboard, knutselmateriaal, wastafel, koffiebar", 15),
    DemoRoom("Sportzaal", 30, "matten, geluidsinstallatie, kleedkamers, douches", 15, requires_approval=True),
    DemoRoom("Stiltekamer", 6, "fauteuils, gedimd licht", 0, max_duration_minutes=120),
    DemoRoom("Gespreksruimte", 4, "geluiddicht, koffie en thee", 5),
)


# Rental charges (EUR cents): residents' groups, volunteers and the centre itself use the rooms for free;
# welfare pays EUR 12,50 and care EUR 25,00 an hour. The large hall and the sports room go by the day part
# (welfare EUR 40, care EUR 75 a day part). Cancelling is free until 24 hours before (the large hall: 48).
HOURLY = {"welfare": {"hour_cents": 1250, "daypart_cents": 4000}, "care": {"hour_cents": 2500, "daypart_cents": 7500}}
CHARGES: dict[str, tuple[str, int]] = {"Grote zaal": ("daypart", 48), "Sportzaal": ("daypart", 24)}
DEFAULT_CHARGE = ("hour", 24)


@dataclass(frozen=True)
class DemoBooking:
    """One demo request: a series (freq and days) or a single date (week and weekday)."""

    title: str
    room: str
    organisation: str
    actor: str  # e-mail of the user who books; staff may book for another organisation
    start: str  # local "HH:MM"
    end: str
    visibility: Visibility = Visibility.INTERNAL
    freq: str | None = None  # "weekly" or "monthly"
    days: tuple[str, ...] = ()  # RFC 5545 weekdays: ("WE",) weekly, ("2TU",) monthly
    interval: int = 1
    week: int = 0  # a single booking: weeks after the current one ...
    weekday: int = 0  # ... and the weekday (0 = Monday); moved a week on if already begun
    people: int | None = None
    description: str = ""
    extras: tuple[tuple[str, int], ...] = ()  # (name of a demo extra, quantity)


@dataclass(frozen=True)
class DemoExtra:
    """Equipment or an extra of De Kiekmure: lent out from a stock, or consumed per person."""

    name: str
    kind: str
    stock: int = 0
    note: str = ""


EXTRAS: tuple[DemoExtra, ...] = (
    DemoExtra("Beamer", "loan", 2, "Met HDMI- en USB-C-kabel; ophalen bij de balie."),
    DemoExtra("Microfoonset", "loan", 1, "Twee draadloze microfoons met versterker."),
    DemoExtra("Flip-over", "loan", 3),
    DemoExtra("Koffie en thee", "consumable", note="Klaargezet bij het begin."),
)

PUBLIC, INTERNAL, PRIVATE = Visibility.PUBLIC, Visibility.INTERNAL, Visibility.PRIVATE
HUISARTS, WELZIJN, WIJKTEAM = "Huisartsenpraktijk Stadsdennen", "Welzijn Harderwijk", "Sociaal wijkteam Harderwijk"
VRIJWILLIGERS, TAAL, BEWONERS = "Vrijwilligers De Kiekmure", "Taalmaatjes Harderwijk", "Bewonersvereniging Stadsdennen"

BOOKINGS: tuple[DemoBooking, ...] = (
    # The GP practice: consultation hours, private (others see 'Busy').
    DemoBooking("Spreekuur huisarts", "Spreekkamer 1", HUISARTS, "huisarts@kiekmure.nl", "08:00", "12:00",
                PRIVATE, "weekly", ("MO", "TU", "WE", "TH", "FR"), people=2),
    DemoBooking("Middagspreekuur huisarts", "Spreekkamer 1", HUISARTS, "huisarts@kiekmure.nl", "13:30", "16:30",
                PRIVATE, "weekly", ("MO", "WE"), people=2),
    DemoBooking("Spreekuur praktijkondersteuner GGZ", "Spreekkamer 2", HUISARTS, "huisarts@kiekmure.nl",
                "08:30", "12:00", PRIVATE, "weekly", ("TU", "TH"), people=2),
    DemoBooking("Leefstijlcoach Positieve Gezondheid", "Spreekkamer 2", HUISARTS, "huisarts@kiekmure.nl",
                "13:00", "16:00", PRIVATE, "weekly", ("WE",), people=2),
    DemoBooking("MDO ouderenzorg", "Vergaderruimte", HUISARTS, "huisarts@kiekmure.nl", "12:30", "13:30",
                PRIVATE, "monthly", ("-1TH",), people=8,
                description="Multidisciplinair overleg met wijkverpleging en sociaal wijkteam."),
    # Volunteers.
    DemoBooking("Koffieochtend", "Activiteitenruimte", VRIJWILLIGERS, "vrijwilligers@kiekmure.nl",
                "09:30", "11:30", PUBLIC, "weekly", ("WE",), people=20,
                description="Iedereen welkom voor koffie, thee en een praatje. Gratis.",
                extras=(("Koffie en thee", 20),)),
    DemoBooking("Huiswerkbegeleiding", "Activiteitenruimte", VRIJWILLIGERS, "vrijwilligers@kiekmure.nl",
                "15:30", "17:30", INTERNAL, "weekly", ("MO", "TH"), people=12),
    DemoBooking("Spreekuur Schuldhulpmaatje", "Gespreksruimte", VRIJWILLIGERS, "vrijwilligers@kiekmure.nl",
                "10:00", "12:00", INTERNAL, "weekly", ("WE",), people=2),
    DemoBooking("Stiltemoment", "Stiltekamer", VRIJWILLIGERS, "vrijwilligers@kiekmure.nl", "12:00", "12:30",
                PUBLIC, "weekly", ("FR",), people=6),
    DemoBooking("Intake nieuwe vrijwilligers", "Gespreksruimte", VRIJWILLIGERS, "vrijwilligers@kiekmure.nl",
                "10:00", "11:00", INTERNAL, week=1, weekday=4, people=3),
    DemoBooking("Taalcafé", "Zaal B", TAAL, "balie@kiekmure.nl", "14:00", "16:00", PUBLIC, "weekly", ("MO",),
                people=25, description="Nederlands oefenen met een taalmaatje, alle niveaus.",
                extras=(("Koffie en thee", 25),)),
    # Welfare and the neighbourhood team.
    DemoBooking("Yoga op de stoel", "Zaal A", WELZIJN, "welzijn@kiekmure.nl", "10:00", "11:00", PUBLIC,
                "weekly", ("TH",), people=18),
    DemoBooking("Samen koken en eten", "Keuken", WELZIJN, "welzijn@kiekmure.nl", "16:30", "20:00", PUBLIC,
                "weekly", ("TH",), interval=2, people=12,
                description="Samen koken voor 5 euro, aanmelden bij Welzijn."),
    DemoBooking("Teamoverleg Welzijn Harderwijk", "Vergaderruimte", WELZIJN, "welzijn@kiekmure.nl",
                "13:00", "14:30", INTERNAL, "weekly", ("WE",), people=8, extras=(("Beamer", 1),)),
    DemoBooking("Rouwgroep", "Stiltekamer", WELZIJN, "welzijn@kiekmure.nl", "19:00", "20:30", PRIVATE,
                "weekly", ("MO",), interval=2, people=6),
    DemoBooking("Informatieavond Positieve Gezondheid", "Grote zaal", WELZIJN, "welzijn@kiekmure.nl",
                "19:30", "21:30", PUBLIC, week=3, weekday=1, people=80,
                description="Wat is Positieve Gezondheid en wat betekent De Kiekmure voor de wijk?",
                extras=(("Beamer", 1), ("Microfoonset", 1), ("Koffie en thee", 80))),
    DemoBooking("Kookworkshop gezond en goedkoop", "Keuken", WELZIJN, "welzijn@kiekmure.nl", "14:00", "16:00",
                PUBLIC, week=4, weekday=2, people=10),
    DemoBooking("Zaalvoetbal jongerenwerk", "Sportzaal", WELZIJN, "balie@kiekmure.nl", "19:00", "21:00",
                PUBLIC, "weekly", ("FR",), people=20),
    DemoBooking("Overleg sociaal wijkteam", "Vergaderruimte", WIJKTEAM, "balie@kiekmure.nl", "09:00", "10:30",
                INTERNAL, "weekly", ("TU",), people=10, extras=(("Beamer", 1), ("Koffie en thee", 10))),
    DemoBooking("Keukentafelgesprekken wijkteam", "Gespreksruimte", WIJKTEAM, "balie@kiekmure.nl",
                "13:00", "16:00", PRIVATE, "weekly", ("TU", "TH"), people=3),
    # Residents: the sports room needs the front desk's approval, so their requests wait.
    DemoBooking("Bewonersvergadering Stadsdennen", "Vergaderruimte", BEWONERS, "bewoners@kiekmure.nl",
                "19:30", "21:30", PUBLIC, "monthly", ("2TU",), people=14,
                description="Maandelijkse vergadering, alle bewoners van Stadsdennen zijn welkom."),
    DemoBooking("Bewegen voor ouderen", "Sportzaal", BEWONERS, "bewoners@kiekmure.nl", "10:00", "11:00",
                PUBLIC, "weekly", ("TH",), people=16),
    DemoBooking("Zumba proefles", "Sportzaal", BEWONERS, "bewoners@kiekmure.nl", "10:00", "11:00", PUBLIC,
                week=2, weekday=5, people=25),
    DemoBooking("Knutselmiddag voor kinderen", "Activiteitenruimte", BEWONERS, "bewoners@kiekmure.nl",
                "14:00", "16:00", PUBLIC, week=2, weekday=2, people=20),
    # The centre itself.
    DemoBooking("Huisoverleg De Kiekmure", "Vergaderruimte", "De Kiekmure", "admin@kiekmure.nl", "12:30", "13:30",
                INTERNAL, "monthly", ("1MO",), people=12,
                description="Alle huurders en partners onder één dak: afstemming en planning."),
    DemoBooking("Rondleiding nieuwe partners", "Grote zaal", "De Kiekmure", "admin@kiekmure.nl", "15:00", "16:00",
                INTERNAL, week=0, weekday=4, people=15),
    DemoBooking("Wijkfeest Stadsdennen", "Grote zaal", "De Kiekmure", "admin@kiekmure.nl", "13:00", "17:00",
                PUBLIC, week=6, weekday=5, people=90, description="Muziek, spelletjes en hapjes voor de hele wijk.",
                extras=(("Microfoonset", 1),)),
)


# De Kiekmure's school holidays, region midden (Harderwijk), school year 2026-2027: the dates of the
# Regeling vaststelling schoolvakanties 2025-2030 as rijksoverheid.nl publishes them (the holidays
# package, NL region Midden, gives the same). The autumn and spring breaks are the ministry's advice.
SCHOOL_HOLIDAYS = (
    ("Herfstvakantie", date(2026, 10, 17), date(2026, 10, 25)),
    ("Kerstvakantie", date(2026, 12, 19), date(2027, 1, 3)),
    ("Voorjaarsvakantie", date(2027, 2, 20), date(2027, 2, 28)),
    ("Meivakantie", date(2027, 4, 24), date(2027, 5, 2)),
    ("Zomervakantie", date(2027, 7, 17), date(2027, 8, 29)),
)


def holidays(first: date, last: date) -> dict[date, str]:
    """The Dutch public holidays from `first` to `last` inclusive, on which De Kiekmure is closed."""
    out = {}
    for year in range(first.year, last.year + 1):
        king = date(year, 4, 27)
        e = easter(year)
        days = {date(year, 1, 1): "Nieuwjaarsdag", e + timedelta(days=1): "Tweede Paasdag",
                king - timedelta(days=1) if king.weekday() == 6 else king: "Koningsdag",
                e + timedelta(days=39): "Hemelvaartsdag", e + timedelta(days=50): "Tweede Pinksterdag",
                date(year, 12, 25): "Eerste Kerstdag", date(year, 12, 26): "Tweede Kerstdag"}
        out.update({d: name for d, name in days.items() if first <= d <= last})
    return dict(sorted(out.items()))


def seed(session: Session, reset: bool = False, now: datetime | None = None,
         confirm: Callable[[str], bool] | None = None,
         on_booking: Callable[[int, int], None] | None = None) -> Iterator[str]:
    """Fill an empty database with a realistic De Kiekmure, yielding a line per step for people to read.

    It only ever writes into a database that holds nothing but what seed-demo itself made (see
    `survey`): anything else raises SeedRefused before a row is touched. Idempotent: if the demo
    is already there it says so and changes nothing, unless `reset`, which first deletes what
    seed-demo made (after `confirm(what)` said yes, when given) and then seeds again.
    `now` (aware; default the real now) is the moment the bookings are made at. `on_booking(done, total)` is
    called after each demo booking (the long part: a progress bar).
    """
    now = datetime.now(UTC) if now is None else (now if now.tzinfo else now.replace(tzinfo=UTC))
    found = survey(session)
    if found.foreign:
        raise SeedRefused(found.refusal(reset))
    if reset:
        if found.has_demo:
            if confirm is not None and not confirm(found.deletion()):
                raise SeedRefused("Reset not confirmed: nothing was deleted.")
            yield from _reset(session, found)
        else:
            yield "Reset: no demo data to delete."
    elif found.has_demo:
        rooms = session.scalar(select(func.count()).select_from(Room)
                               .where(Room.building_id.in_(found.demo["buildings"])))
        yield f"demo data already present: {BUILDING} has {rooms} rooms; nothing changed " \
              "(use 'flask seed-demo --reset' to start over)."
        return
    with _Marker(session):
        yield from _fill(session, now, on_booking)


def _fill(session: Session, now: datetime, on_booking: Callable[[int, int], None] | None = None) -> Iterator[str]:
    """Make the organisations, users, building, rooms, closures, bookings and the admin's API token."""
    building = session.scalars(select(Building).where(Building.name == BUILDING)).first()

    orgs = _organisations(session)
    yield "Organisations: " + "; ".join(f"{o.name} ({o.kind.value})" for o in orgs.values())
    users = {}
    yield "Users (demo passwords, for trying out only):"
    for spec in USERS:
        user, line = _user(session, spec, orgs)
        users[spec.email] = user
        yield line
    session.commit()

    building = _building(session, building)
    yield f"Building: {building.name}, {building.address} ({building.timezone}), open 07:00-23:00 daily"
    rooms = {}
    for line, room in _rooms(session, building, users[USERS[0].email], orgs):
        rooms[room.name] = room
        yield line
    today = wall(now, zone_of(building.timezone)).date()
    monday = today - timedelta(days=today.weekday())
    closed = holidays(monday, monday + timedelta(weeks=WEEKS, days=-1))
    yield from _closures(session, building, closed)
    yield from _school_holidays(session, building)
    extras = _extras(session, building)
    yield "Extras: " + "; ".join(f"{e.name} ({e.stock} in stock)" if e.is_loan else f"{e.name} (per person)"
                                 for e in extras.values())

    made = skipped = dates = pending = 0
    for i, spec in enumerate(BOOKINGS, 1):
        booking, line = _book(session, spec, rooms, orgs, users, now, closed, extras)
        if on_booking is not None:
            on_booking(i, len(BOOKINGS))
        yield line
        if booking is None:
            skipped += 1
            continue
        made += 1
        dates += len(booking.occurrences)
        pending += sum(o.status == Status.PENDING for o in booking.occurrences)
    yield f"Bookings: {made} made with {dates} dates ({pending} pending approval), {skipped} skipped."

    admin = users[USERS[0].email]
    token, plain = ApiToken.issue(admin)
    session.add(token)
    session.commit()
    yield f"API token for {admin.email} (send as 'Authorization: Bearer TOKEN'): {plain}"


class SeedRefused(Exception):
    """seed-demo will not touch this database; the message says why. Nothing was written."""


# The mark seed-demo leaves: an audit entry with this action whose detail lists, per kind below,
# the [id, key] of every row the seed inserted. It is written in the same transaction as the rows
# themselves, so rows without it were made by someone else. The key (e-mail, name, title) must
# still match too: an id alone could be taken again by a real row once the demo's row is gone.
MARK = "demo.seed"
TRACKED: dict[str, tuple[type, str]] = {
    "users": (User, "email"),
    "organisations": (Organisation, "name"),
    "rooms": (Room, "name"),
    "bookings": (Booking, "title"),
    "closures": (Closure, "reason"),
    "school_holidays": (SchoolHoliday, "name"),
    "buildings": (Building, "name"),
}
_KIND_OF = {model: kind for kind, (model, _) in TRACKED.items()}
_SINGULAR = {"users": "user", "organisations": "organisation", "rooms": "room", "bookings": "booking",
             "closures": "closure", "invitations": "invitation", "buildings": "building",
             "school_holidays": "school holiday"}


def _n(count: int, kind: str) -> str:
    return f"{count} {_SINGULAR[kind] if count == 1 else kind}"


@dataclass
class Survey:
    """What the database holds: the ids of the rows seed-demo made, and how many rows it did not make."""

    demo: dict[str, set[int]]
    foreign: dict[str, int]  # kind -> count, only kinds with any
    foreign_buildings: list[str]
    audit_entries: int

    @property
    def has_demo(self) -> bool:
        return any(self.demo.values())

    def found(self) -> str:
        """'2 users, 1 building: De Roef': what seed-demo did not make."""
        parts = [_n(n, kind) for kind, n in self.foreign.items() if kind != "buildings"]
        if self.foreign.get("buildings"):
            names = self.foreign_buildings[:5] + (["..."] if len(self.foreign_buildings) > 5 else [])
            parts.append(_n(self.foreign["buildings"], "buildings") + ": " + ", ".join(names))
        return ", ".join(parts)

    def refusal(self, reset: bool) -> str:
        head = f"This database holds data that seed-demo did not make ({self.found()}). "
        if reset:
            return head + ("seed-demo only fills an empty database, and --reset only deletes what seed-demo "
                           "made: nothing was deleted. Use a new, empty database for the demo.")
        return head + "seed-demo only fills an empty database: nothing was changed."

    def deletion(self) -> str:
        """What --reset will delete, for the question before it does."""
        what = ", ".join(_n(len(self.demo[k]), k) for k in ("bookings", "rooms", "users", "organisations",
                                                              "buildings"))
        return f"{what} (the demo data seed-demo made), and the audit trail ({self.audit_entries} entries)"


def survey(session: Session) -> Survey:
    """Sort the database's users, organisations, buildings, rooms, bookings, closures and invitations
    into those seed-demo made (by its mark) and the rest. Only reads."""
    marked: dict[str, set[tuple[int, str]]] = {kind: set() for kind in TRACKED}
    for detail in session.scalars(select(AuditEntry.detail).where(AuditEntry.action == MARK)):
        try:
            made = json.loads(detail or "{}")
        except ValueError:
            continue
        for kind in TRACKED:
            marked[kind].update((int(i), str(k)) for i, k in made.get(kind, ()))
    demo: dict[str, set[int]] = {}
    foreign: dict[str, int] = {}
    for kind, (model, key) in TRACKED.items():
        ids = {i for i, _ in marked[kind]}
        rows = session.execute(select(model.id, getattr(model, key)).where(model.id.in_(ids))).all() if ids else []
        demo[kind] = {i for i, k in rows if (i, k) in marked[kind]}
        others = session.scalar(select(func.count()).select_from(model)) - len(demo[kind])
        if others:
            foreign[kind] = others
    # seed-demo makes no invitations: any is someone else's.
    invitations = session.scalar(select(func.count()).select_from(Invitation))
    if invitations:
        foreign["invitations"] = invitations
    if foreign and not any(marked.values()) and _unmarked_demo(session):
        # Seeded before seed-demo left its mark: every row is the demo's.
        demo = {kind: set(session.scalars(select(model.id))) for kind, (model, _) in TRACKED.items()}
        foreign = {}
    buildings = []
    if foreign.get("buildings"):
        buildings = list(session.scalars(select(Building.name).where(Building.id.not_in(demo["buildings"]))
                                         .order_by(Building.name)))
    audit_entries = session.scalar(select(func.count()).select_from(AuditEntry))
    return Survey(demo, foreign, buildings, audit_entries)


def _unmarked_demo(session: Session) -> bool:
    """Whether an unmarked database holds exactly what seed-demo made before it left a mark.

    Names alone could be a real De Kiekmure's, so it takes all six demo accounts, nobody else,
    each still with its published password, and nothing outside the demo's own names.
    """
    users = session.scalars(select(User)).all()
    if sorted(u.email for u in users) != sorted(spec.email for spec in USERS):
        return False
    names = lambda column: set(session.scalars(select(column)))  # noqa: E731
    if (names(Building.name) != {BUILDING} or not names(Organisation.name) <= set(ORGANISATIONS)
            or not names(Room.name) <= {r.name for r in ROOMS}
            or not names(Booking.title) <= {b.title for b in BOOKINGS}
            or not all(reason.startswith("Gesloten: ") for reason in names(Closure.reason))
            or not names(SchoolHoliday.name) <= {name for name, _first, _last in SCHOOL_HOLIDAYS}):
        return False
    passwords = {spec.email: spec.password for spec in USERS}
    return all(u.check_password(passwords[u.email]) for u in users)


class _Marker:
    """While the seed runs, keep its mark up to date: every commit of the seed's session also writes,
    in the same transaction, the [id, key] of each tracked row inserted so far. A row rolled back
    (a skipped booking) is forgotten with its transaction."""

    EVENTS = ("after_flush", "before_commit", "after_commit", "after_rollback")

    def __init__(self, session: Session):
        self.session = plain_session(session)
        self.kept: dict[str, list[tuple[int, str]]] = {kind: [] for kind in TRACKED}
        self.pending: dict[str, list[tuple[int, str]]] = {kind: [] for kind in TRACKED}
        self.entry: AuditEntry | None = None

    def __enter__(self) -> "_Marker":
        for name in self.EVENTS:
            event.listen(self.session, name, getattr(self, "_" + name))
        return self

    def __exit__(self, *exc) -> None:
        for name in self.EVENTS:
            event.remove(self.session, name, getattr(self, "_" + name))

    def _after_flush(self, session: Session, _context) -> None:
        for obj in session.new:
            kind = _KIND_OF.get(type(obj))
            if kind is not None:
                self.pending[kind].append((obj.id, getattr(obj, TRACKED[kind][1])))

    def _before_commit(self, session: Session) -> None:
        session.flush()  # so that what this commit inserts is in `pending`
        if not any(self.pending.values()):
            return
        if self.entry is None or self.entry not in session:
            self.entry = AuditEntry(action=MARK, subject_type="demo", subject_id=None)
            session.add(self.entry)
        self.entry.detail = json.dumps({kind: sorted(self.kept[kind] + self.pending[kind]) for kind in TRACKED})

    def _after_commit(self, _session: Session) -> None:
        for kind, rows in self.pending.items():
            self.kept[kind] += rows
            rows.clear()

    def _after_rollback(self, _session: Session) -> None:
        for rows in self.pending.values():
            rows.clear()


def _reset(session: Session, found: Survey) -> Iterator[str]:
    """Delete what seed-demo made, children before parents (foreign keys), and the audit trail.

    Only called when `found` holds nothing seed-demo did not make, so the dates, holds, closures,
    opening hours, extras (and what bookings asked of them) and tokens hanging from the demo's rows are the
    demo's too.
    """
    ids = found.demo
    bookings, rooms, users, buildings = ids["bookings"], ids["rooms"], ids["users"], ids["buildings"]
    occurrences = select(Occurrence.id).where(Occurrence.booking_id.in_(bookings))
    for stmt in (delete(RoomHold).where(RoomHold.occurrence_id.in_(occurrences)),
                 delete(BookingExtra).where(BookingExtra.booking_id.in_(bookings)),
                 delete(Extra).where(Extra.building_id.in_(buildings)),
                 delete(Occurrence).where(Occurrence.booking_id.in_(bookings)),
                 delete(Booking).where(Booking.id.in_(bookings)),
                 delete(Closure).where(Closure.building_id.in_(buildings)),
                 delete(SchoolHoliday).where(SchoolHoliday.building_id.in_(buildings)),
                 room_organisation.delete().where(room_organisation.c.room_id.in_(rooms)),
                 room_part.delete().where(room_part.c.combination_id.in_(rooms) | room_part.c.part_id.in_(rooms)),
                 delete(RoomRate).where(RoomRate.room_id.in_(rooms)),
                 delete(Room).where(Room.id.in_(rooms)),
                 delete(OpeningHours).where(OpeningHours.building_id.in_(buildings)),
                 delete(Building).where(Building.id.in_(buildings)),
                 delete(AuditEntry),
                 delete(ApiToken).where(ApiToken.user_id.in_(users)),
                 delete(Invitation).where(Invitation.user_id.in_(users)),
                 delete(User).where(User.id.in_(users)),
                 delete(Organisation).where(Organisation.id.in_(ids["organisations"]))):
        session.execute(stmt, execution_options={"synchronize_session": False})
    session.commit()
    session.expunge_all()
    counts = {"bookings": bookings, "rooms": rooms, "users": users, "organisations": ids["organisations"],
              "buildings": buildings}
    yield "Reset: deleted " + ", ".join(f"{len(n)} {what}" for what, n in counts.items()) + " (and the audit trail)."


def _organisations(session: Session) -> dict[str, Organisation]:
    """The demo organisations, reusing any that exist by name."""
    orgs = {}
    for name, kind in ORGANISATIONS.items():
        org = session.scalars(select(Organisation).where(Organisation.name == name)).first()
        if org is None:
            org = Organisation(name=name, kind=kind)
            session.add(org)
        orgs[name] = org
    session.flush()
    return orgs


def _user(session: Session, spec: DemoUser, orgs: dict[str, Organisation]) -> tuple[User, str]:
    """The demo user `spec`, made with its demo password unless the e-mail is taken."""
    user = session.scalars(select(User).where(User.email == spec.email)).first()
    label = f"  {spec.role.value:<9} {spec.email:<26}"
    if user is not None:
        return user, f"{label} already exists: password left unchanged ({user.role.value})"
    user = User(email=spec.email, name=spec.name, role=spec.role, organisation=orgs[spec.organisation])
    user.set_password(spec.password)
    session.add(user)
    session.flush()
    return user, f"{label} password: {spec.password:<24} {spec.organisation}"


def _building(session: Session, building: Building | None) -> Building:
    """De Kiekmure, made or completed: address, zone, open 07:00-23:00 every day."""
    if building is None:
        zone_of(TIMEZONE)
        building = Building(name=BUILDING)
        session.add(building)
    building.address = building.address or ADDRESS
    building.timezone = TIMEZONE
    building.set_every_day()
    session.commit()
    return building


def _rooms(session: Session, building: Building, admin: User,
           orgs: dict[str, Organisation]) -> Iterator[tuple[str, Room]]:
    """Create the rooms through the room service, then their booking restrictions."""
    made: dict[str, Room] = {}
    for spec in ROOMS:
        room = create_room(session, admin, building, name=spec.name, capacity=spec.capacity,
                           buffer_minutes=spec.buffer_minutes, requires_approval=spec.requires_approval,
                           facilities=spec.facilities, part_ids=[made[p].id for p in spec.parts])
        room.allowed_kinds = spec.allowed_kinds
        room.allowed_organisations = [orgs[o] for o in spec.allowed_organisations]
        room.max_duration_minutes = spec.max_duration_minutes
        room.charge_mode, room.cancel_deadline_hours = CHARGES.get(spec.name, DEFAULT_CHARGE)
        room.rates = [RoomRate(kind=OrganisationKind(kind), **rate) for kind, rate in HOURLY.items()]
        session.commit()
        made[spec.name] = room
        notes = [f"{spec.capacity} people", spec.facilities, f"changeover {spec.buffer_minutes} min"]
        if spec.parts:
            notes.append("combines " + " + ".join(spec.parts))
        if spec.requires_approval:
            notes.append("requests need approval")
        if spec.allowed_kinds:
            notes.append(f"only {spec.allowed_kinds} organisations")
        if spec.allowed_organisations:
            notes.append("only " + ", ".join(spec.allowed_organisations))
        if spec.max_duration_minutes:
            notes.append(f"at most {spec.max_duration_minutes} min")
        notes.append("charged per day part" if room.charge_mode == "daypart" else "charged per hour")
        yield f"Room: {spec.name} ({'; '.join(notes)})", room


def _closures(session: Session, building: Building, closed: dict[date, str]) -> Iterator[str]:
    """Close the building on the public holidays of the demo period."""
    zone = zone_of(building.timezone)
    for day, name in closed.items():
        start, end = local_day_bounds(day, zone)
        if not session.scalars(select(Closure).where(Closure.building_id == building.id,
                                                      Closure.starts_at == start)).first():
            session.add(Closure(building_id=building.id, starts_at=start, ends_at=end, reason=f"Gesloten: {name}"))
        yield f"Closed: {day:%a %d %b %Y} ({name})"
    session.commit()


def _school_holidays(session: Session, building: Building) -> Iterator[str]:
    """Enter the building's school holidays of 2026-2027 (region midden), those it has not got yet."""
    have = set(session.execute(select(SchoolHoliday.name, SchoolHoliday.start_date)
                               .where(SchoolHoliday.building_id == building.id)))
    for name, first, last in SCHOOL_HOLIDAYS:
        if (name, first) not in have:
            session.add(SchoolHoliday(building_id=building.id, name=name, start_date=first, end_date=last,
                                      region="midden"))
        yield f"School holiday (midden): {name}, {first:%d %b %Y} - {last:%d %b %Y}"
    session.commit()


def _extras(session: Session, building: Building) -> dict[str, Extra]:
    """The building's equipment and extras (the ones it has already are kept as they are)."""
    have = {e.name: e for e in session.scalars(select(Extra).where(Extra.building_id == building.id))}
    for spec in EXTRAS:
        if spec.name not in have:
            have[spec.name] = Extra(building_id=building.id, name=spec.name, kind=ExtraKind(spec.kind),
                                    stock=spec.stock, note=spec.note, active=True)
            session.add(have[spec.name])
    session.commit()
    return have


def _hm(text: str) -> time:
    h, m = text.split(":")
    return time(int(h), int(m))


def _request(spec: DemoBooking, room: Room, org: Organisation, local_now: datetime,
             closed: dict[date, str], extras: dict[str, Extra] | None = None) -> BookingRequest:
    """The request for `spec`, in local wall time, never starting before `local_now` nor on a closed day."""
    today = local_now.date()
    start_t, end_t = _hm(spec.start), _hm(spec.end)
    recurrence = None
    if spec.freq:
        # A series runs from its first date after now to the end of the demo's last week.
        day = today if datetime.combine(today, start_t) > local_now else today + timedelta(days=1)
        monday = today - timedelta(days=today.weekday())
        recurrence = Recurrence(freq=spec.freq, interval=spec.interval, byweekday=spec.days,
                                until=monday + timedelta(weeks=WEEKS, days=-1), exdates=frozenset(closed))
    else:
        day = today - timedelta(days=today.weekday()) + timedelta(weeks=spec.week, days=spec.weekday)
        while datetime.combine(day, start_t) <= local_now or day in closed:
            day += timedelta(weeks=1)
    return BookingRequest(room_id=room.id, title=spec.title, start=datetime.combine(day, start_t),
                          end=datetime.combine(day, end_t), description=spec.description,
                          visibility=spec.visibility, organisation_id=org.id, recurrence=recurrence,
                          expected_people=spec.people,
                          extras=tuple(ExtraRequest(extras[n].id, q) for n, q in spec.extras if extras and n in extras))


def _describe(spec: DemoBooking) -> str:
    if spec.freq is None:
        return "once"
    every = "every" if spec.interval == 1 else f"every {spec.interval} weeks on"
    if spec.freq == "monthly":
        return f"monthly on {spec.days[0]}"
    return f"{every} {','.join(spec.days)}"


def _book(session: Session, spec: DemoBooking, rooms: dict[str, Room], orgs: dict[str, Organisation],
          users: dict[str, User], now: datetime, closed: dict[date, str],
          extras: dict[str, Extra] | None = None) -> tuple[Booking | None, str]:
    """Book `spec` through the booking service; a conflict or broken rule skips it with a reason."""
    room, org, actor = rooms[spec.room], orgs[spec.organisation], users[spec.actor]
    zone = zone_of(room.building.timezone)
    req = _request(spec, room, org, wall(now, zone), closed, extras)
    what = f"{spec.title} [{spec.room}, {_describe(spec)} {spec.start}-{spec.end}]"
    try:
        booking = create_booking(Context(session=session, actor=actor, now=now, guard=True), req)
    except BookingConflict as exc:
        session.rollback()
        first = exc.clashes[0] if exc.clashes else None
        why = f"clashes with '{first.title}' on {wall(first.start, zone):%Y-%m-%d %H:%M}" if first else "conflict"
        return None, f"Skipped: {what}: {why}"
    except BookingError as exc:
        session.rollback()
        return None, f"Skipped: {what}: {exc.message}"
    n = len(booking.occurrences)
    first = wall(booking.occurrences[0].starts_at, zone)
    state = "pending approval" if booking.status == Status.PENDING else booking.status.value
    when = f"{n} dates from {first:%a %d %b %Y}" if spec.freq else f"on {first:%a %d %b %Y}"
    return booking, (f"Booked: {what} for {org.name}, {when}, "
                     f"{spec.visibility.value}, {state}")


__all__ = ["seed", "survey", "Survey", "SeedRefused", "MARK", "BOOKINGS", "ROOMS", "USERS", "ORGANISATIONS",
           "DemoBooking"]
