"""Plan the slots of a request and find what stands in their way: clashes, closures, rules."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from ..domain.clock import local_to_utc, wall, zone_of
from ..domain.errors import Clash, InvalidInput
from ..domain.overlap import MAX_BUFFER, Held, HeldIndex, merge, too_close
from ..domain.recurrence import Recurrence, expand
from ..domain.rules import ClosurePeriod, Problem, slot_problems
from ..domain.messages import N_
from ..models import Closure, Occurrence, Room, RoomHold, User
from .permissions import shown_title


@dataclass(frozen=True)
class Slot:
    """One requested time in UTC."""

    start: datetime
    end: datetime


@dataclass
class SlotVerdict:
    """What stands in the way of one requested slot; free when both lists are empty."""

    slot: Slot
    problems: list[Problem] = field(default_factory=list)
    clashes: list[Clash] = field(default_factory=list)

    @property
    def free(self) -> bool:
        """Whether the slot can be booked as it is."""
        return not self.problems and not self.clashes


def plan_slots(room: Room, start: datetime, end: datetime, recurrence: Recurrence | None,
               max_months: int = 24) -> list[Slot]:
    """The UTC slots of a request; naive times are the building's local wall time.

    A series is expanded in local wall time and each date converted on its own, so a
    weekly 09:00 stays 09:00 across daylight-saving changes.
    """
    zone = zone_of(room.building.timezone)
    if recurrence is None:
        s, e = local_to_utc(start, zone, "start"), local_to_utc(end, zone, "end")
        if e <= s:
            msg = N_("The end must be after the start.")
            raise InvalidInput(msg, {"end": [msg]})
        return [Slot(s, e)]
    local_start = start if start.tzinfo is None else wall(start, zone)
    local_end = end if end.tzinfo is None else wall(end, zone)
    slots = []
    for ws, we in expand(recurrence, local_start, local_end, max_months):
        slots.append(Slot(local_to_utc(ws, zone, "start"), local_to_utc(we, zone, "end")))
    return slots


def building_closures(session: Session, room: Room, first: datetime, last: datetime) -> list[ClosurePeriod]:
    """Closures of the building, the room, its parts or a combination it belongs to, in [first, last)."""
    units = room.unit_ids()
    rows = session.scalars(select(Closure).where(
        Closure.building_id == room.building_id, Closure.starts_at < last, Closure.ends_at > first)).all()
    rooms = {r.id: r for r in session.scalars(select(Room).where(
        Room.id.in_({c.room_id for c in rows if c.room_id is not None}))).all()}
    return [ClosurePeriod(c.starts_at, c.ends_at, c.reason) for c in rows
            if c.room_id is None or rooms[c.room_id].unit_ids() & units]


def holds_index(session: Session, room: Room, first: datetime, last: datetime,
                exclude: Iterable[int] = ()) -> HeldIndex[Occurrence]:
    """The held time of every active occurrence on the room's indivisible parts that reaches into [first, last)."""
    q = (select(RoomHold).options(joinedload(RoomHold.occurrence).joinedload(Occurrence.booking))
         .where(RoomHold.room_id.in_(room.unit_ids()), RoomHold.starts_at < last,
                RoomHold.blocked_until > first))
    exclude = set(exclude)
    if exclude:
        q = q.where(RoomHold.occurrence_id.not_in(exclude))
    return HeldIndex(Held(h.starts_at, h.blocked_until, h.occurrence) for h in session.scalars(q).unique())


def find_clashes(session: Session, actor: User | None, room: Room, slots: Sequence[Slot],
                 exclude: Iterable[int] = ()) -> list[list[Clash]]:
    """For each slot, the active occurrences it collides with, changeover buffers included."""
    if not slots:
        return []
    buffer = timedelta(minutes=room.buffer_minutes)
    index = holds_index(session, room, min(s.start for s in slots) - MAX_BUFFER,
                        max(s.end for s in slots) + MAX_BUFFER, exclude)
    result = []
    for slot in slots:
        seen: dict[int, Clash] = {}
        for held in index.clashing(slot.start - MAX_BUFFER, slot.end + MAX_BUFFER):
            occ = held.owner
            if occ.id in seen or not too_close(slot.start, slot.end, buffer, occ.starts_at, occ.ends_at,
                                               occ.blocked_until - occ.ends_at):
                continue
            seen[occ.id] = Clash(
                booking_id=occ.booking_id, occurrence_id=occ.id, room_id=occ.room_id,
                start=occ.starts_at, end=occ.ends_at, title=shown_title(actor, occ.booking),
                requested_start=slot.start, requested_end=slot.end)
        result.append(sorted(seen.values(), key=lambda c: (c.start, c.occurrence_id)))
    return result


def busy_times(session: Session, room: Room, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """The times in [start, end) a new booking of `room` may not touch: other bookings of its
    rooms, widened by the larger of the two rooms' buffers on either side; merged."""
    buffer = timedelta(minutes=room.buffer_minutes)
    index = holds_index(session, room, start - MAX_BUFFER, end + MAX_BUFFER)
    spans = []
    for held in index.clashing(start - MAX_BUFFER, end + MAX_BUFFER):
        occ = held.owner
        gap = max(buffer, occ.blocked_until - occ.ends_at)
        if occ.starts_at - gap < end and start < occ.ends_at + gap:
            spans.append((occ.starts_at - gap, occ.ends_at + gap))
    return merge(spans)


def judge_slots(session: Session, actor: User, room: Room, slots: Sequence[Slot], now: datetime,
                exclude: Iterable[int] = ()) -> list[SlotVerdict]:
    """Every slot with the rules it breaks and the occurrences it clashes with."""
    if not slots:
        return []
    zone = zone_of(room.building.timezone)
    hours = room.building.hours_rule()
    closures = building_closures(session, room, slots[0].start, max(s.end for s in slots))
    rules = room.rules()
    clashes = find_clashes(session, actor, room, slots, exclude)
    return [SlotVerdict(s, slot_problems(s.start, s.end, zone=zone, hours=hours, closures=closures,
                                         rules=rules, now=now, bound_by_notice=not actor.is_staff), c)
            for s, c in zip(slots, clashes)]
