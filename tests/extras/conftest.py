"""Fixtures of the extras tests: the web tests' building and people, its extras, and API tokens."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from booking.extensions import db
from booking.models import Building, Extra, ExtraKind, Room
from web.conftest import admin, frontdesk, make_user, member, other_member, site  # noqa: F401  (fixtures)


@dataclass
class Stock:
    """De Kiekmure's extras, and one of another building."""

    beamer: Extra       # 2 lent out
    microfoon: Extra    # 1 lent out
    koffie: Extra       # consumed per person
    oud: Extra          # an inactive one
    elders: Extra       # a beamer of De Roef
    roef_room: Room


@pytest.fixture
def stock(site) -> Stock:
    """Beamer (2), Microfoon (1), Koffie en thee, an inactive Diaprojector, and De Roef's own beamer."""
    roef = Building(name="De Roef", timezone="Europe/Amsterdam")
    roef.set_every_day()
    roef_room = Room(building=roef, name="Zaal Roef", capacity=20)
    extras = [Extra(building=site.building, name="Beamer", kind=ExtraKind.LOAN, stock=2),
              Extra(building=site.building, name="Microfoon", kind=ExtraKind.LOAN, stock=1),
              Extra(building=site.building, name="Koffie en thee", kind=ExtraKind.CONSUMABLE, stock=0),
              Extra(building=site.building, name="Diaprojector", kind=ExtraKind.LOAN, stock=1, active=False),
              Extra(building=roef, name="Beamer", kind=ExtraKind.LOAN, stock=5)]
    db.session.add_all([roef, roef_room, *extras])
    db.session.commit()
    return Stock(*extras, roef_room)
