"""Fixtures of the web page tests: a building with rooms, people who log in.

The app (CSRF-protected, as configured for testing), client and database fixtures are the
suite's own (tests/fixtures/). The helpers the tests call (login, form_post, page_text, ...)
are in helpers.py.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from booking.extensions import db
from booking.models import Building, Organisation, OrganisationKind, Role, Room, User

from .helpers import PASSWORD


# --- the building ----------------------------------------------------------------------------------

@dataclass
class Site:
    """De Kiekmure with its rooms and organisations."""

    building: Building
    zaal: Room          # Vergaderzaal, 12 people
    kamer: Room         # Spreekkamer, 6 people
    theater: Room       # Theaterzaal, 80 people, requires approval
    behandel: Room      # Behandelkamer, only care organisations
    welzijn: Organisation
    huisarts: Organisation
    kiekmure: Organisation


@pytest.fixture
def site(app) -> Site:
    """The building (open 07:00-23:00 every day), four rooms and three organisations."""
    building = Building(name="De Kiekmure", timezone="Europe/Amsterdam")
    building.set_every_day()
    rooms = [Room(building=building, name="Vergaderzaal", capacity=12, facilities="beamer, whiteboard"),
             Room(building=building, name="Spreekkamer", capacity=6),
             Room(building=building, name="Theaterzaal", capacity=80, requires_approval=True),
             Room(building=building, name="Behandelkamer", capacity=3, allowed_kinds="care")]
    orgs = [Organisation(name="Welzijn Harderwijk", kind=OrganisationKind.WELFARE),
            Organisation(name="Huisartsenpraktijk Stadsdennen", kind=OrganisationKind.CARE),
            Organisation(name="De Kiekmure", kind=OrganisationKind.OTHER)]
    db.session.add_all([building, *rooms, *orgs])
    db.session.commit()
    return Site(building, *rooms, *orgs)


@pytest.fixture
def make_user(site):
    """make_user(role, org) -> a User with PASSWORD; org is an Organisation or None."""
    def make(role: str = "member", org: Organisation | None = None, email: str | None = None,
             language: str | None = None, name: str | None = None) -> User:
        n = db.session.scalar(select(func.count()).select_from(User)) + 1
        user = User(email=email or f"{role}{n}@example.org", name=name or f"{role.title()} {n}", role=Role(role),
                    organisation=org, language=language)
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
        return user
    return make


@pytest.fixture
def member(make_user, site) -> User:
    """A member of Welzijn Harderwijk."""
    return make_user("member", site.welzijn, email="anne@welzijn.example", name="Anne de Vries")


@pytest.fixture
def other_member(make_user, site) -> User:
    """A member of the GP practice."""
    return make_user("member", site.huisarts, email="bart@huisarts.example", name="Bart Jansen")


@pytest.fixture
def frontdesk(make_user, site) -> User:
    """A front-desk worker of the centre."""
    return make_user("frontdesk", site.kiekmure, email="balie@kiekmure.example", name="Carla Balie")


@pytest.fixture
def admin(make_user, site) -> User:
    """An administrator of the centre."""
    return make_user("admin", site.kiekmure, email="beheer@kiekmure.example", name="Dirk Beheer")


