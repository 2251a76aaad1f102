"""Alternatives to offer when a request meets a conflict: another room, or the nearest free time."""
from __future__ import annotations

from datetime import timedelta
from typing import Sequence

from ..domain.clock import exists_locally, local_to_utc, wall, zone_of
from ..domain.fit import Candidate, Need, facility_set, ranked
from ..finder import availability, queries as finder_queries
from ..models import Organisation, Room
from .context import Context
from .schedule import Slot, judge_slots

STEP_MINUTES = 15


def group_size(expected_people: int | None, room: Room) -> int | None:
    """The group a suggestion must hold: the expected people, or, not given, half the room asked for
    (a group rarely books a room twice its size; a 40-seat hall is not asked for four people)."""
    if expected_people:
        return expected_people
    return -(-room.capacity // 2) if room.capacity else None


def alternative_rooms(ctx: Context, room: Room, slots: Sequence[Slot], organisation: Organisation,
                      expected_people: int | None) -> list[Room]:
    """Other rooms of the building the organisation may book that are free at every requested slot,
    best fit first (domain/fit.py): the smallest that holds the group, of the kind asked for (sharing a
    facility with the room asked for, or a plain room), with the fewest facilities nobody asked for.
    Rooms too small, far too large or of another kind (the kitchen for a meeting) are not offered.

    Three statements whatever the number of rooms and bookings: the rooms, their closures, their holds.
    """
    rooms = finder_queries.all_rooms(ctx.session)
    units = availability.units_of(rooms)
    need = Need(people=group_size(expected_people, room), kind=facility_set(room.facilities))
    candidates = [r for r in rooms if r.building_id == room.building_id and r.active and r.id != room.id]
    fitting = [r for r, fit in ranked(candidates, need, lambda r: Candidate(
        r.name, r.capacity, facility_set(r.facilities), r.admits(organisation, ctx.actor.role)))
        if not fit.too_large and not fit.other_kind]
    found = availability.answers(ctx.session, ctx.actor, fitting, {r.id: slots for r in fitting}, ctx.now, units)
    return [r for r in fitting if found[r.id].free]


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
