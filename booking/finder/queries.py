"""Reads of the free-room finder and of the booking form's suggestions: one statement each, whatever the
number of rooms, dates and bookings (the holds of a long series on SQLite: one per SLOTS_PER_STATEMENT dates).

- every room with its building, opening hours, parts and the organisations it admits;
- the closures of the candidate buildings in the span of the requested dates;
- the holds on the candidate rooms' indivisible parts that reach into any requested date.
"""
from __future__ import annotations

from datetime import datetime
from typing import Iterable, Sequence

from sqlalchemy import and_, bindparam, func, or_, select
from sqlalchemy.dialects.postgresql import TSTZMULTIRANGE, Range
from sqlalchemy.orm import Session, joinedload

from ..bookings.schedule import SLOTS_PER_STATEMENT
from ..domain.overlap import merge
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
    """The holds on any of these indivisible rooms that reach into any of the windows, with their dates.

    schedule.held_in for many rooms at once: on PostgreSQL one statement asking the GiST index for holds
    overlapping a multirange of the windows; on SQLite an indexed range condition per window, in batches.
    """
    units = sorted(set(unit_ids))
    if not units or not windows:
        return []
    base = select(RoomHold).options(joinedload(RoomHold.occurrence)).where(RoomHold.room_id.in_(units))
    if session.get_bind().dialect.name == "postgresql":
        held = func.tstzrange(RoomHold.starts_at, RoomHold.blocked_until, "[)")
        wanted = bindparam("windows", [Range(s, e, bounds="[)") for s, e in merge(list(windows))],
                           type_=TSTZMULTIRANGE)
        return list(session.scalars(base.where(held.op("&&")(wanted))).unique())
    merged = merge(list(windows))
    found: dict[int, RoomHold] = {}
    for i in range(0, len(merged), SLOTS_PER_STATEMENT):
        batch = merged[i:i + SLOTS_PER_STATEMENT]
        q = base.where(or_(*(and_(RoomHold.starts_at < e, RoomHold.blocked_until > s) for s, e in batch)))
        for h in session.scalars(q).unique():
            found[h.id] = h
    return list(found.values())
