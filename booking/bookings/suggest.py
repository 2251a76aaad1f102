"""Alternatives to offer when a request meets a conflict: another room, or the nearest free time."""
from __future__ import annotations

from datetime import timedelta
from typing import Sequence

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..domain.clock import exists_locally, local_to_utc, wall, zone_of
from ..models import Organisation, Room
from .context import Context
from .schedule import Slot, judge_slots

STEP_MINUTES = 15


def alternative_rooms(ctx: Context, room: Room, slots: Sequence[Slot], organisation: Organisation,
                      expected_people: int | None) -> list[Room]:
    """Other rooms of the building the organisation may book that are free at every requested slot."""
    candidates = ctx.session.scalars(
        select(Room).where(Room.building_id == room.building_id, Room.active, Room.id != room.id)
        .options(selectinload(Room.parts), selectinload(Room.allowed_organisations))
        .order_by(Room.name)).all()
    # Rooms of about the asked room's size first: a clash in the large hall suggests halls, not a cupboard.
    candidates = sorted(candidates, key=lambda r: (abs(r.capacity - room.capacity), r.name))
    out = []
    for other in candidates:
        if not other.admits(organisation, ctx.actor.role):
            continue
        if expected_people and other.capacity and other.capacity < expected_people:
            continue
        if all(v.free for v in judge_slots(ctx.session, ctx.actor, other, slots, ctx.now)):
            out.append(other)
    return out


# Searching a common free time over more dates than this costs more than it helps.
MAX_DATES_FOR_TIME = 60


def nearest_free_time(ctx: Context, room: Room, slots: Sequence[Slot]) -> tuple[Slot, ...] | None:
    """The same wall-clock times on the same local days, shifted as little as possible, that are free
    on every date; None if there is none (or too many dates to search)."""
    if not slots or len(slots) > MAX_DATES_FOR_TIME:
        return None
    zone = zone_of(room.building.timezone)
    walls = [(wall(s.start, zone), wall(s.end, zone)) for s in slots]
    shifts: dict[int, tuple[Slot, ...]] = {}
    for minutes in range(-24 * 60 + STEP_MINUTES, 24 * 60, STEP_MINUTES):
        if minutes == 0:
            continue
        moved = []
        for start, end in walls:
            new_start, new_end = start + timedelta(minutes=minutes), end + timedelta(minutes=minutes)
            if new_start.date() != start.date() or not (exists_locally(new_start, zone)
                                                        and exists_locally(new_end, zone)):
                break
            moved.append(Slot(local_to_utc(new_start, zone), local_to_utc(new_end, zone)))
        else:
            shifts[minutes] = tuple(moved)
    verdicts = judge_slots(ctx.session, ctx.actor, room, [s for m in shifts.values() for s in m], ctx.now)
    free = {v.slot for v in verdicts if v.free}
    for minutes in sorted(shifts, key=lambda m: (abs(m), m)):
        if all(s in free for s in shifts[minutes]):
            return shifts[minutes]
    return None
