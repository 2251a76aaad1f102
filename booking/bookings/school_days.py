"""The dates of a series that fall in its building's school holidays (skipped when the user asks)."""
from __future__ import annotations

from datetime import date
from typing import Iterable

from sqlalchemy.orm import Session

from ..domain.clock import wall, zone_of
from ..domain.schoolholidays import days_in_holidays
from ..models import Room
from ..schoolholidays.queries import periods_between


def school_holidays_met(session: Session, room: Room, slots: Iterable) -> dict[date, str]:
    """The local days of `slots` in a school holiday of the room's building, with its name (one statement)."""
    zone = zone_of(room.building.timezone)
    days = {wall(s.start, zone).date() for s in slots}
    if not days:
        return {}
    return days_in_holidays(days, periods_between(session, room.building_id, min(days), max(days)))
