"""Fixtures of the school holiday tests: the web tests' building and people, API tokens, and region
midden's school holidays of 2027 entered for De Kiekmure."""
from __future__ import annotations

from datetime import date

import pytest

from booking.extensions import db
from booking.models import SchoolHoliday
from web.conftest import admin, frontdesk, make_user, member, other_member, site  # noqa: F401  (fixtures)


@pytest.fixture
def herfst(site) -> SchoolHoliday:
    """Herfstvakantie 2027, region midden: Saturday 16 to Sunday 24 October, both days included."""
    holiday = SchoolHoliday(building_id=site.building.id, name="Herfstvakantie", start_date=date(2027, 10, 16),
                            end_date=date(2027, 10, 24), region="midden")
    db.session.add(holiday)
    db.session.commit()
    return holiday
