"""A small hand-checked building for the report tests, made through the models (not the services: the scene
has dates outside the opening hours and across the period's edge, which the booking rules would refuse).

De Kiekmure, open 08:00-22:00 (14 hours) every day, in the week of Monday 1 to Sunday 7 March 2027:

- rooms: Zaal A, Zaal B, Grote zaal (= Zaal A + Zaal B), Spreekkamer;
- closures: the building on Wednesday 3 March all day; Zaal A on Thursday 08:00-15:00 (half a day);
  Zaal B from Wednesday 12:00 to Thursday 10:00 (its Wednesday part lies in the building's closure);
- open hours: 7 x 14 = 98, less 14 (Wednesday): 84 for every room; Zaal A 84 - 7 = 77; Zaal B 84 - 2 = 82;
  Grote zaal (closed when a part is) 84 - 7 = 77 (Thursday 08:00-15:00 once, not 7 + 2);
- confirmed dates: Welzijn (welfare) Zaal A Mon 09:00-12:00 public, arrived; Welzijn Grote zaal Tue
  19:00-22:00 public, no-show; Huisarts (care) Spreekkamer Mon and Fri 08:00-12:30 (a series of two);
  Huisarts Zaal B Sun 28 Feb 23:00 - Mon 01:00 ... 02:00 (2 hours inside the period); Welzijn Zaal B Sun 7
  March 21:00 - Mon 8 March 01:00 (3 hours inside);
- not counted: Zaal B Thu 12:00-14:00 pending; Zaal B Fri 10:00-12:00 cancelled on Thursday 20:00 (late);
  Zaal A Sat 10:00-11:00 cancelled on Monday 1 March (in time);
- so booked: Zaal A 3, Zaal B 5, Grote zaal 3, Spreekkamer 9; Welzijn 9 hours, Huisarts 11 hours.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from booking.extensions import db
from booking.models import (AuditEntry, Booking, Building, Closure, Occurrence, Organisation, OrganisationKind, Role,
                            Room, RoomRate, Status, User, Visibility)
from booking.models.enums import Attendance
from web.helpers import PASSWORD, logged_in

AMS = ZoneInfo("Europe/Amsterdam")


def at(y, mo, d, h=0, mi=0) -> datetime:
    """An aware Amsterdam wall time."""
    return datetime(y, mo, d, h, mi, tzinfo=AMS)


@dataclass
class Scene:
    """The building, its rooms and organisations, and a way to add dates."""

    building: Building
    a: Room
    b: Room
    hall: Room
    consult: Room
    welzijn: Organisation
    huisarts: Organisation
    made: list[Booking] = field(default_factory=list)

    def book(self, room: Room, org: Organisation, *slots: tuple[datetime, datetime], status: Status = Status.CONFIRMED,
             visibility: Visibility = Visibility.INTERNAL, attendance: Attendance | None = None,
             title: str = "Overleg", commit: bool = True) -> Booking:
        """A booking with one date per slot, all in `status`."""
        booking = Booking(room=room, organisation=org, title=title, status=status, visibility=visibility)
        booking.occurrences = [Occurrence(room=room, starts_at=s.astimezone(UTC), ends_at=e.astimezone(UTC),
                                          blocked_until=e.astimezone(UTC), status=status, attendance=attendance)
                               for s, e in slots]
        db.session.add(booking)
        if commit:
            db.session.commit()
        self.made.append(booking)
        return booking

    def cancelled_at(self, occ: Occurrence, when: datetime) -> None:
        """Write the audit entry the cancel path writes for one date."""
        db.session.add(AuditEntry(at=when.astimezone(UTC), action="occurrence.cancel", subject_type="occurrence",
                                  subject_id=occ.id, detail=json.dumps({"booking_id": occ.booking_id, "reason": ""})))
        db.session.commit()


def make_scene() -> Scene:
    """The building and rooms of the module docstring, without dates."""
    building = Building(name="De Kiekmure", timezone="Europe/Amsterdam")
    building.set_every_day(8 * 60, 22 * 60)
    a, b = Room(building=building, name="Zaal A", capacity=20), Room(building=building, name="Zaal B", capacity=20)
    hall = Room(building=building, name="Grote zaal", capacity=40)
    hall.parts = [a, b]
    consult = Room(building=building, name="Spreekkamer", capacity=4)
    welzijn = Organisation(name="Welzijn Harderwijk", kind=OrganisationKind.WELFARE)
    huisarts = Organisation(name="Huisartsenpraktijk", kind=OrganisationKind.CARE)
    db.session.add_all([building, a, b, hall, consult, welzijn, huisarts])
    db.session.commit()
    return Scene(building, a, b, hall, consult, welzijn, huisarts)


@pytest.fixture
def scene(app) -> Scene:
    """The week of 1 March 2027 as described above."""
    s = make_scene()
    closures = [(None, at(2027, 3, 3), at(2027, 3, 4), "Studiedag"),
                (s.a.id, at(2027, 3, 4, 8), at(2027, 3, 4, 15), "Schilderwerk"),
                (s.b.id, at(2027, 3, 3, 12), at(2027, 3, 4, 10), "Nieuwe vloer")]
    db.session.add_all([Closure(building_id=s.building.id, room_id=r, starts_at=st.astimezone(UTC),
                                ends_at=en.astimezone(UTC), reason=why) for r, st, en, why in closures])
    s.book(s.a, s.welzijn, (at(2027, 3, 1, 9), at(2027, 3, 1, 12)), visibility=Visibility.PUBLIC,
           attendance=Attendance.ARRIVED, title="Koffieochtend")
    s.book(s.hall, s.welzijn, (at(2027, 3, 2, 19), at(2027, 3, 2, 22)), visibility=Visibility.PUBLIC,
           attendance=Attendance.NO_SHOW, title="Buurtavond")
    s.book(s.consult, s.huisarts, (at(2027, 3, 1, 8), at(2027, 3, 1, 12, 30)), (at(2027, 3, 5, 8), at(2027, 3, 5, 12, 30)),
           visibility=Visibility.PRIVATE, title="Spreekuur")
    s.book(s.b, s.huisarts, (at(2027, 2, 28, 23), at(2027, 3, 1, 2)), title="Nachtdienst")
    s.book(s.b, s.welzijn, (at(2027, 3, 7, 21), at(2027, 3, 8, 1)), title="Nachtwake")
    s.book(s.b, s.welzijn, (at(2027, 3, 4, 12), at(2027, 3, 4, 14)), status=Status.PENDING, title="Aanvraag")
    late = s.book(s.b, s.huisarts, (at(2027, 3, 5, 10), at(2027, 3, 5, 12)), status=Status.CANCELLED, title="Afgezegd")
    early = s.book(s.a, s.welzijn, (at(2027, 3, 6, 10), at(2027, 3, 6, 11)), status=Status.CANCELLED, title="Vervallen")
    s.cancelled_at(late.occurrences[0], at(2027, 3, 4, 20))
    s.cancelled_at(early.occurrences[0], at(2027, 3, 1, 9))
    return s


@pytest.fixture
def staff(app):
    """A user of `role` with an API token: staff('frontdesk') -> headers."""
    from booking.models import ApiToken

    made: dict[str, dict[str, str]] = {}

    def make(role: str = "frontdesk") -> dict[str, str]:
        if role in made:
            return made[role]
        user = User(email=f"{role}@kiekmure.example", name=role.title(), role=Role(role))
        user.set_password(PASSWORD)
        token, plain = ApiToken.issue(user)
        db.session.add_all([user, token])
        db.session.commit()
        made[role] = {"Authorization": f"Bearer {plain}"}
        return made[role]
    return make


def set_rates(room: Room, mode: str, deadline: int, **rates: tuple[int | None, int | None]) -> None:
    room.charge_mode, room.cancel_deadline_hours = mode, deadline
    room.rates = [RoomRate(kind=OrganisationKind(k), hour_cents=h, daypart_cents=d) for k, (h, d) in rates.items()]


@pytest.fixture
def priced(scene):
    """The scene with rental charges (test_charges.py): Zaal A and B by the hour, welfare EUR 12,50 and care
    EUR 25,00, 24 hours to cancel; Grote zaal by the day part, welfare EUR 40,00, 48 hours; Spreekkamer by the day
    part, care EUR 30,00 (EUR 99,00 an hour), no deadline."""
    set_rates(scene.a, "hour", 24, welfare=(1250, None), care=(2500, None))
    set_rates(scene.b, "hour", 24, welfare=(1250, None), care=(2500, None))
    set_rates(scene.hall, "daypart", 48, welfare=(None, 4000))
    set_rates(scene.consult, "daypart", 0, care=(9900, 3000))
    db.session.commit()
    return scene


def browser_as(app, role: Role, email: str, name: str):
    """A browser (its own test client) of a new user with `role`, logged in through the login form."""
    user = User(email=email, name=name, role=role)
    user.set_password(PASSWORD)
    db.session.add(user)
    db.session.commit()
    return logged_in(app.test_client(), user)


@pytest.fixture
def desk_browser(app):
    """A browser logged in as a front-desk user."""
    return browser_as(app, Role.FRONTDESK, "balie@kiekmure.example", "Balie")
