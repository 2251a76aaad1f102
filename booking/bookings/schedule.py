"""Plan the slots of a request and find what stands in their way: clashes, closures, rules."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from datetime import datetime, timedelta
from typing import Iterable, Iterator, Sequence

from sqlalchemy import Integer, Select, and_, bindparam, func, literal, or_, select, union_all
from sqlalchemy.dialects.postgresql import TSTZMULTIRANGE, Range
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.sql.elements import ColumnElement

from ..domain.clock import local_to_utc, wall, zone_of
from ..domain.errors import Clash, InvalidInput
from ..domain.overlap import Held, HeldIndex, merge, too_close
from ..domain.recurrence import Recurrence, expand
from ..domain.rules import ClosurePeriod, Problem, slot_problems
from ..domain.messages import N_
from ..models import Closure, Occurrence, Room, RoomHold, User
from ..models.room import room_part
from ..models.types import aware_utc, bare_instant
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
    """Closures in [first, last) of the building, the room, its parts or a combination it belongs to.

    One statement: the rooms that share an indivisible room with this one are the room, its parts
    (loaded with it) and every combination above them (a recursive query over room_part).
    """
    rows = session.execute(_closures_statement(), {"building": room.building_id, "first": first, "last": last,
                                                   "below": sorted({room.id} | room.part_ids())})
    return [ClosurePeriod(*row) for row in rows]


@cache
def _closures_statement() -> Select:
    # Built once with its values as parameters (`below` a list): building the recursive query for every
    # booking cost more than running it.
    below = bindparam("below", expanding=True)
    above = (select(room_part.c.combination_id.label("room_id")).where(room_part.c.part_id.in_(below))
             .cte("above", recursive=True))
    above = above.union(select(room_part.c.combination_id).where(room_part.c.part_id == above.c.room_id))
    return (select(Closure.starts_at, Closure.ends_at, Closure.reason).where(
        Closure.building_id == bindparam("building"), Closure.starts_at < bindparam("last"),
        Closure.ends_at > bindparam("first"),
        or_(Closure.room_id.is_(None), Closure.room_id.in_(below), Closure.room_id.in_(select(above.c.room_id))))
        .order_by(Closure.starts_at, Closure.id))


# SQLite takes the slots of a series in batches of this many (unit, window) rows per statement.
WINDOW_ROWS = 400


def held_in(session: Session, room: Room, windows: Sequence[tuple[datetime, datetime]],
            exclude: Iterable[int] = ()) -> list[RoomHold]:
    """The holds on the room's indivisible parts that reach into any of the windows, with their dates."""
    return holds_on(session, room.unit_ids(), windows, exclude)


def holds_on(session: Session, unit_ids: Iterable[int], windows: Sequence[tuple[datetime, datetime]],
             exclude: Iterable[int] = ()) -> list[RoomHold]:
    """The holds on any of these indivisible rooms that reach into any of the windows, with their dates
    and bookings; `exclude` names occurrences to leave out (a date being moved)."""
    loaded = (joinedload(RoomHold.occurrence).joinedload(Occurrence.booking),)
    found: dict[int, RoomHold] = {}
    for reaching in holds_reaching(session, unit_ids, windows, exclude):
        for h in session.scalars(select(RoomHold).options(*loaded).where(reaching)).unique():
            found[h.id] = h
    return list(found.values())


def held_times(session: Session, unit_ids: Iterable[int],
               windows: Sequence[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime, datetime]]:
    """(starts_at, ends_at, blocked_until) in UTC of every date holding one of these indivisible rooms within
    the windows, once per date: what holds_on finds, without loading the holds, dates and bookings as objects
    (a room's availability needs only their times)."""
    dates, holds = Occurrence.__table__, RoomHold.__table__
    found: dict[int, tuple[datetime, datetime, datetime]] = {}
    for reaching in holds_reaching(session, unit_ids, windows):
        rows = session.connection().execute(
            select(dates.c.id, bare_instant(dates.c.starts_at), bare_instant(dates.c.ends_at),
                   bare_instant(dates.c.blocked_until))
            .join_from(holds, dates, holds.c.occurrence_id == dates.c.id).where(reaching)).all()  # at once
        for occurrence_id, starts_at, ends_at, blocked_until in rows:
            found[occurrence_id] = (aware_utc(starts_at), aware_utc(ends_at), aware_utc(blocked_until))
    return list(found.values())


def holds_reaching(session: Session, unit_ids: Iterable[int], windows: Sequence[tuple[datetime, datetime]],
                   exclude: Iterable[int] = ()) -> Iterator[ColumnElement[bool]]:
    """Conditions on room_hold, one per statement to send, that together pick the holds on any of these
    indivisible rooms reaching into any of the windows (none for no rooms or no windows).

    Only what can clash is read: on PostgreSQL one statement that asks the exclusion constraint's
    GiST index for holds overlapping any of the windows (a multirange); on SQLite two index
    searches per unit and window (see below), in batches.
    """
    units = sorted(set(unit_ids))
    if not windows or not units:
        return
    exclude = sorted(set(exclude))
    if session.get_bind().dialect.name == "postgresql":
        held = func.tstzrange(RoomHold.starts_at, RoomHold.blocked_until, "[)")
        wanted = bindparam("windows", [Range(s, e, bounds="[)") for s, e in merge(list(windows))],
                           type_=TSTZMULTIRANGE)
        yield and_(RoomHold.room_id.in_(units), held.op("&&")(wanted),
                   *([RoomHold.occurrence_id.not_in(exclude)] if exclude else []))
        return
    # SQLite: `starts_at < e AND blocked_until > s` bounds only one end of the index's starts_at, so
    # it reads every earlier hold of the room. The guard triggers keep the holds of one unit apart,
    # so sorted by start they are sorted by end too: a hold reaches into [s, e) iff it starts in
    # [s, e), or it is the last one to start before s and ends after s. Both are searches of
    # ix_room_hold_room_time, per unit and window. `exclude` is applied inside the search for the
    # last one before s, so that an excluded date does not hide the one before it.
    windows = merge(list(windows))
    stamp = RoomHold.starts_at.type
    table = RoomHold.__table__
    # The windows as a UNION ALL of bound rows, at most SQLite's 500 compound terms: a statement of
    # the same shape is compiled once and cached (a VALUES list with .data() is never cached, and
    # compiling this one cost more than running it).
    per_batch = max(1, WINDOW_ROWS // len(units))
    for i in range(0, len(windows), per_batch):
        batch = windows[i:i + per_batch]
        w = union_all(*(select(literal(u, Integer).label("u"), literal(s, stamp).label("s"),
                               literal(e, stamp).label("e")) for s, e in batch for u in units)).cte("w")
        inside, earlier, last = table.alias("inside"), table.alias("earlier"), table.alias("last_before")
        starting_inside = select(inside.c.id).join_from(w, inside, and_(
            inside.c.room_id == w.c.u, inside.c.starts_at >= w.c.s, inside.c.starts_at < w.c.e))
        before = (select(earlier.c.id).where(earlier.c.room_id == w.c.u, earlier.c.starts_at < w.c.s)
                  .order_by(earlier.c.starts_at.desc()).limit(1))
        if exclude:
            starting_inside = starting_inside.where(inside.c.occurrence_id.not_in(exclude))
            before = before.where(earlier.c.occurrence_id.not_in(exclude))
        reaching_in = (select(last.c.id).join_from(w, last, last.c.id == before.scalar_subquery())
                       .where(last.c.blocked_until > w.c.s))
        yield RoomHold.id.in_(union_all(starting_inside, reaching_in))




def holds_index(session: Session, room: Room, windows: Sequence[tuple[datetime, datetime]],
                exclude: Iterable[int] = ()) -> HeldIndex[Occurrence]:
    """The held time of every active occurrence on the room's indivisible parts that reaches into the windows."""
    return HeldIndex(Held(h.starts_at, h.blocked_until, h.occurrence) for h in held_in(session, room, windows, exclude))


def reach_of(room: Room) -> timedelta:
    """How far around a slot another booking can stand in its way: the larger of two rooms' buffers,
    at most the building's largest (a booking keeps the buffer its room had when it was made)."""
    return timedelta(minutes=max(room.buffer_minutes, room.building.largest_buffer_minutes or 0))


def find_clashes(session: Session, actor: User | None, room: Room, slots: Sequence[Slot],
                 exclude: Iterable[int] = ()) -> list[list[Clash]]:
    """For each slot, the active occurrences it collides with, changeover buffers included."""
    if not slots:
        return []
    buffer = timedelta(minutes=room.buffer_minutes)
    reach = reach_of(room)
    index = holds_index(session, room, [(s.start - reach, s.end + reach) for s in slots], exclude)
    result = []
    for slot in slots:
        seen: dict[int, Clash] = {}
        for held in index.clashing(slot.start - reach, slot.end + reach):
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
    reach = reach_of(room)
    spans = []
    for starts_at, ends_at, blocked_until in held_times(session, room.unit_ids(), [(start - reach, end + reach)]):
        gap = max(buffer, blocked_until - ends_at)
        if starts_at - gap < end and start < ends_at + gap:
            spans.append((starts_at - gap, ends_at + gap))
    return merge(spans)


def judge_rules(session: Session, actor: User, room: Room, slots: Sequence[Slot], now: datetime) -> list[SlotVerdict]:
    """Every slot with the rules it breaks (opening hours, closures, the room's limits); clashes not yet looked at."""
    if not slots:
        return []
    zone = zone_of(room.building.timezone)
    hours = room.building.hours_rule()
    closures = building_closures(session, room, min(s.start for s in slots), max(s.end for s in slots))
    rules = room.rules()
    return [SlotVerdict(s, slot_problems(s.start, s.end, zone=zone, hours=hours, closures=closures,
                                         rules=rules, now=now, bound_by_notice=not actor.is_staff))
            for s in slots]


def add_clashes(session: Session, actor: User, room: Room, verdicts: Sequence[SlotVerdict],
                exclude: Iterable[int] = ()) -> list[SlotVerdict]:
    """The verdicts with the occurrences each slot clashes with filled in (one read of what can clash)."""
    for verdict, clashes in zip(verdicts, find_clashes(session, actor, room, [v.slot for v in verdicts], exclude)):
        verdict.clashes = clashes
    return list(verdicts)


def judge_slots(session: Session, actor: User, room: Room, slots: Sequence[Slot], now: datetime,
                exclude: Iterable[int] = ()) -> list[SlotVerdict]:
    """Every slot with the rules it breaks and the occurrences it clashes with."""
    return add_clashes(session, actor, room, judge_rules(session, actor, room, slots, now), exclude)
