"""Which of many rooms are free at every requested date, in a fixed number of statements.

schedule.judge_slots answers for one room (a closure read and a hold read per room); asking it for
each candidate room costs two statements a room. Here the closures of all candidate buildings are
read once and applied per room in Python (a closure counts for a room when it is the building's or
when its room shares an indivisible room with this one: the room, its parts, a combination holding
them), and the holds on all candidate rooms' indivisible parts are read once for all requested
dates; the rules (opening hours, closures, the room's limits) and the clash test are the ones the
booking service applies (domain.rules.slot_problems, domain.overlap.too_close).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Mapping, Sequence

from sqlalchemy.orm import Session

from ..bookings.schedule import Slot, reach_of
from ..domain.clock import zone_of
from ..domain.overlap import Held, HeldIndex, too_close
from ..domain.rules import ClosurePeriod, slot_problems
from ..models import Room, User
from . import queries


@dataclass(frozen=True)
class Answer:
    """How many of a room's requested dates are not free (0: free at every date)."""

    room: Room
    dates: int
    blocked: int

    @property
    def free(self) -> bool:
        return self.dates > 0 and self.blocked == 0


def units_of(rooms: Sequence[Room]) -> dict[int, set[int]]:
    """The indivisible rooms each room occupies (its parts must be loaded, as queries.all_rooms does)."""
    return {r.id: r.unit_ids() for r in rooms}


def answers(session: Session, actor: User, rooms: Sequence[Room], slots: Mapping[int, Sequence[Slot]],
            now: datetime, units: Mapping[int, set[int]]) -> dict[int, Answer]:
    """For each room, how many of its slots (`slots[room.id]`, UTC) break a rule or clash: two statements
    (closures, holds) whatever the number of rooms and bookings. `units` maps every room id (candidates
    and the rooms closures name) to its indivisible rooms."""
    rooms = [r for r in rooms if slots.get(r.id)]
    if not rooms:
        return {}
    every = [s for r in rooms for s in slots[r.id]]
    first, last = min(s.start for s in every), max(s.end for s in every)
    closures = queries.closures_in(session, {r.building_id for r in rooms}, first, last)
    blocked: dict[int, set[Slot]] = {}
    for room in rooms:
        mine = units.get(room.id, {room.id})
        periods = [ClosurePeriod(c.starts_at, c.ends_at, c.reason) for c in closures
                   if c.building_id == room.building_id
                   and (c.room_id is None or units.get(c.room_id, {c.room_id}) & mine)]
        zone, hours, rules = zone_of(room.building.timezone), room.building.hours_rule(), room.rules()
        blocked[room.id] = {s for s in slots[room.id] if slot_problems(
            s.start, s.end, zone=zone, hours=hours, closures=periods, rules=rules, now=now,
            bound_by_notice=not actor.is_staff)}
    # Only rooms the rules allow at every date can be free: only their holds are read.
    open_rooms = [r for r in rooms if not blocked[r.id]]
    if open_rooms:
        reach = max(reach_of(r) for r in open_rooms)
        windows = [(s.start - reach, s.end + reach) for r in open_rooms for s in slots[r.id]]
        held_by_unit: dict[int, list] = defaultdict(list)
        for h in queries.holds_on(session, {u for r in open_rooms for u in units.get(r.id, {r.id})}, windows):
            held_by_unit[h.room_id].append(h)
        for room in open_rooms:
            blocked[room.id] = _clashing(room, slots[room.id], units.get(room.id, {room.id}), held_by_unit)
    return {r.id: Answer(r, len(slots[r.id]), len(blocked[r.id])) for r in rooms}


def _clashing(room: Room, slots: Sequence[Slot], units: set[int], held_by_unit: Mapping[int, list]) -> set[Slot]:
    """The slots that clash with a hold on one of the room's indivisible rooms, changeover buffers included
    (schedule.find_clashes' test)."""
    index = HeldIndex(Held(h.starts_at, h.blocked_until, h.occurrence) for u in units for h in held_by_unit.get(u, ()))
    buffer, reach = timedelta(minutes=room.buffer_minutes), reach_of(room)
    out = set()
    for slot in slots:
        for held in index.clashing(slot.start - reach, slot.end + reach):
            occ = held.owner
            if too_close(slot.start, slot.end, buffer, occ.starts_at, occ.ends_at, occ.blocked_until - occ.ends_at):
                out.add(slot)
                break
    return out
