"""Fixtures of the feed tests: a building with rooms, people, and bookings made through the services.

The bookings go through create_booking, move_occurrence and cancel_occurrence themselves, so the
feeds read what those write (original starts, sequences, last changes), not hand-made rows.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from booking.bookings.context import Context
from booking.bookings.services import (BookingRequest, cancel_occurrence, create_booking, move_occurrence,
                                      retitle_occurrence)
from booking.domain.recurrence import Recurrence
from booking.extensions import db
from booking.feeds.reading import forget_everything
from booking.models import Building, Occurrence, Organisation, OrganisationKind, Role, Room, User, Visibility

from fixtures.clock import NOW

PASSWORD = "correct horse battery"


@dataclass
class Site:
    """De Kiekmure with two rooms, two organisations and their people."""

    building: Building
    zaal: Room
    kamer: Room
    welzijn: Organisation
    huisarts: Organisation
    anne: User       # member of Welzijn
    bart: User       # member of the GP practice
    desk: User       # front desk, no organisation


@pytest.fixture(autouse=True)
def fresh_cache():
    """Every test starts without rendered feeds, events or expanded rules (they are kept per process)."""
    forget_everything()
    yield
    forget_everything()


@pytest.fixture
def site(app) -> Site:
    """The building (open every day), Vergaderzaal and Spreekkamer, Welzijn and the GP practice."""
    building = Building(name="De Kiekmure", timezone="Europe/Amsterdam", address="Stadsdennen 1, Harderwijk")
    building.set_every_day()
    zaal = Room(building=building, name="Vergaderzaal", capacity=12)
    kamer = Room(building=building, name="Spreekkamer", capacity=6)
    welzijn = Organisation(name="Welzijn Harderwijk", kind=OrganisationKind.WELFARE)
    huisarts = Organisation(name="Huisartsenpraktijk Stadsdennen", kind=OrganisationKind.CARE)
    people = [User(email="anne@welzijn.example", name="Anne de Vries", role=Role.MEMBER, organisation=welzijn),
              User(email="bart@huisarts.example", name="Bart Jansen", role=Role.MEMBER, organisation=huisarts,
                   language="en"),
              User(email="desk@kiekmure.example", name="Balie", role=Role.FRONTDESK)]
    for p in people:
        p.set_password(PASSWORD)
    db.session.add_all([building, zaal, kamer, welzijn, huisarts, *people])
    db.session.commit()
    return Site(building, zaal, kamer, welzijn, huisarts, *people)


def ctx(actor: User, now: datetime = NOW) -> Context:
    """A service context acting as `actor` at `now`."""
    return Context(session=db.session, actor=actor, now=now)


def book(actor: User, room: Room, title: str, start: datetime, end: datetime, recurrence: Recurrence | None = None,
         visibility: Visibility = Visibility.INTERNAL, now: datetime = NOW, description: str = "") -> int:
    """Book through the service; the booking's id. Times are naive local."""
    b = create_booking(ctx(actor, now), BookingRequest(room_id=room.id, title=title, start=start, end=end,
                                                       recurrence=recurrence, visibility=visibility,
                                                       description=description))
    return b.id


def date_id(booking_id: int, day: date) -> int:
    """The id of the booking's date that starts on `day` (UTC day is the local day for daytime dates)."""
    for occ in db.session.scalars(select(Occurrence).where(Occurrence.booking_id == booking_id)):
        if occ.starts_at.date() == day:
            return occ.id
    raise LookupError(day)


@dataclass
class Story:
    """What the engine comparison tests book: ids of the interesting bookings and dates."""

    weekly: int
    monthly: int
    single: int
    cancelled_single: int
    private_other: int


@pytest.fixture
def story(site) -> Story:
    """A weekly series across both DST changes of 2027 with a cancelled, a moved, a clashing-moved and a
    retitled date (6 September: 'Lezing over de Stadsdennen');
    a monthly series by count; a single booking; a cancelled single booking; a private booking of another
    organisation. All in Vergaderzaal; Spreekkamer stays empty."""
    t = NOW
    weekly = book(site.anne, site.zaal, "Koffie-uurtje", datetime(2027, 3, 1, 9), datetime(2027, 3, 1, 10, 30),
                  Recurrence("weekly", byweekday=("MO",), until=date(2027, 11, 29)), description="Voor iedereen")
    t += timedelta(minutes=1)
    cancel_occurrence(ctx(site.anne, t), weekly, date_id(weekly, date(2027, 4, 5)), "Pasen")
    t += timedelta(minutes=1)
    # A move the override can show: a day later, between its neighbours.
    move_occurrence(ctx(site.anne, t), weekly, date_id(weekly, date(2027, 5, 10)),
                    datetime(2027, 5, 11, 14), datetime(2027, 5, 11, 15, 30))
    t += timedelta(minutes=1)
    # A move onto the day of the next date: Outlook refuses that as an override.
    move_occurrence(ctx(site.anne, t), weekly, date_id(weekly, date(2027, 6, 7)),
                    datetime(2027, 6, 14, 18), datetime(2027, 6, 14, 19))
    t += timedelta(minutes=1)
    # A date with a title of its own: an override with the series' UID, its time unchanged.
    retitle_occurrence(ctx(site.anne, t), weekly, date_id(weekly, date(2027, 9, 6)), "Lezing over de Stadsdennen")
    monthly = book(site.anne, site.zaal, "Buurtoverleg", datetime(2027, 1, 12, 19), datetime(2027, 1, 12, 21),
                   Recurrence("monthly", byweekday=("2TU",), count=6))
    single = book(site.anne, site.zaal, "Workshop", datetime(2027, 10, 31, 10), datetime(2027, 10, 31, 12))
    gone = book(site.anne, site.zaal, "Afgelast", datetime(2027, 2, 3, 10), datetime(2027, 2, 3, 11))
    t += timedelta(minutes=1)
    cancel_occurrence(ctx(site.anne, t), gone, date_id(gone, date(2027, 2, 3)))
    private = book(site.bart, site.zaal, "Spreekuur dr. Geheim", datetime(2027, 2, 4, 13), datetime(2027, 2, 4, 14),
                   Recurrence("weekly", byweekday=("TH",), count=4), visibility=Visibility.PRIVATE,
                   description="Patiënten")
    # Its own title for one date is as private as the booking's: the others read 'Bezet' there too.
    retitle_occurrence(ctx(site.bart, t), private, date_id(private, date(2027, 2, 18)), "Consult mevrouw X")
    return Story(weekly, monthly, single, gone, private)


def feed_url(user: User, kind: str, room: Room | None = None, generation: int = 0) -> str:
    """The path of one of `user`'s feeds ('room', 'organisation', 'personal'), with its token."""
    from booking.feeds.tokens import feed_token

    feed = f"room:{room.id}" if kind == "room" else kind
    token = feed_token("test", user.id, generation, feed)
    tail = f"rooms/{room.id}.ics" if kind == "room" else f"{kind}.ics"
    return f"/feeds/{user.id}/{token}/{tail}"


def active_dates(room: Room | None = None, organisation: Organisation | None = None) -> list[tuple]:
    """The active dates the database holds (start, end, title: the date's own, else the booking's), of a
    room or an organisation, sorted."""
    from sqlalchemy import func

    from booking.models import Booking, Status

    q = select(Occurrence.starts_at, Occurrence.ends_at, func.coalesce(Occurrence.title, Booking.title)).join(
        Booking).where(
        Occurrence.status.in_((Status.CONFIRMED, Status.PENDING)))
    if room is not None:
        q = q.where(Occurrence.room_id == room.id)
    if organisation is not None:
        q = q.where(Booking.organisation_id == organisation.id)
    return sorted(db.session.execute(q).all())
