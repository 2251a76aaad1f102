"""Alternatives to offer when a request meets a conflict: another room, or the nearest free time."""
from __future__ import annotations

from datetime import timedelta
from typing import Sequence

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..domain.clock import local_day_bounds, wall, zone_of
from ..models import Organisation, Room
from .context import Context
from .schedule import Slot, judge_slots

STEP = timedelta(minutes=15)


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


def nearest_free_slot(ctx: Context, room: Room, slot: Slot) -> Slot | None:
    """The free slot of the same length on the same local day whose start is nearest the requested one."""
    zone = zone_of(room.building.timezone)
    day_start, day_end = local_day_bounds(wall(slot.start, zone).date(), zone)
    length = slot.end - slot.start
    candidates: list[Slot] = []
    t = day_start
    while t + length <= day_end:
        if t != slot.start:
            candidates.append(Slot(t, t + length))
        t += STEP
    verdicts = judge_slots(ctx.session, ctx.actor, room, candidates, ctx.now)
    free = [v.slot for v in verdicts if v.free]
    if not free:
        return None
    return min(free, key=lambda s: (abs(s.start - slot.start), s.start))

