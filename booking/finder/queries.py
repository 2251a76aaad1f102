"""Reads of the free-room finder and of the booking form's suggestions: one statement each, whatever the
number of rooms, dates and bookings (the holds of a long series on SQLite: one per schedule.WINDOW_ROWS
(room, date) pairs).

- every room with its building, opening hours, parts and the organisations it admits;
- the closures of the candidate buildings in the span of the requested dates;
- the holds on the candidate rooms' indivisible parts that reach into any requested date.
"""
from __future__ import annotations

from datetime import datetime
from typing import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from ..bookings import schedule
from ..models import Building, Closure, Room, RoomHold


def all_rooms(session: Session) -> list[Room]:
    """Every room, in use or not, by name, with its building and opening hours, its parts and the
    organisations it admits: one statement. Every room comes along, so that the parts of parts are
    loaded too and Room.unit_ids() asks nothing more."""
    q = (select(Room).options(joinedload(Room.building).joinedload(Building.opening_hours),
                              joinedload(Room.parts), joinedload(Room.allowed_organisations))
         .order_by(Room.name, Room.id))
    return list(session.scalars(q).unique())


def closures_in(session: Session, building_ids: Iterable[int], start: datetime, end: datetime) -> list[Closure]:
    """The closures of these buildings (of the whole building or of one room) overlapping [start, end)."""
    ids = sorted(set(building_ids))
    if not ids:
        return []
    return list(session.scalars(select(Closure).where(
        Closure.building_id.in_(ids), Closure.starts_at < end, Closure.ends_at > start)
        .order_by(Closure.starts_at, Closure.id)))


def holds_on(session: Session, unit_ids: Iterable[int], windows: Sequence[tuple[datetime, datetime]]) -> list[RoomHold]:
    """The holds on any of these indivisible rooms that reach into any of the windows (schedule.holds_on)."""
    return schedule.holds_on(session, unit_ids, windows)
