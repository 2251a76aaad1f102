"""Placing, holding, moving and cancelling dates, and the checks every placement passes.

Create, extend and move all come through here, so a date is held, released and
re-spaced in one way only.
"""
from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Sequence

from sqlalchemy import Integer, Select, Table, Text, bindparam, delete, func, insert, literal, select, true, union_all
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from ..domain.errors import BookingConflict, InvalidInput, RuleViolation
from ..domain.messages import N_
from ..domain.overlap import blocked_until
from ..domain.status import DateState, series_status
from ..models import ACTIVE_STATUSES, Booking, Occurrence, Organisation, Role, Room, RoomHold, Status
from ..models.types import UTCDateTime
from .context import Context
from .locking import unique_clashes
from .schedule import Slot, SlotVerdict


def check_room_admits(ctx: Context, room: Room, organisation: Organisation) -> None:
    """Refuse a room the organisation may not book (its kind or the room's list of organisations)."""
    if not room.admits(organisation, ctx.actor.role):
        raise RuleViolation(N_("%(organisation)s may not book %(room)s.", organisation=organisation.name, room=room.name),
                            {"room_id": [N_("%(organisation)s may not book this room.", organisation=organisation.name)]},
                            rule="not_allowed")


def check_people(room: Room, expected: int | None) -> None:
    """Refuse more expected people than the room holds."""
    if expected is not None and room.capacity and expected > room.capacity:
        msg = N_("%(room)s holds at most %(n)s people.", room=room.name, n=room.capacity)
        raise InvalidInput(msg, {"expected_people": [msg]})


def check_own_gaps(room: Room, slots: Sequence[Slot]) -> None:
    """Refuse a series whose own dates come closer together than the room's changeover buffer.

    The clash check compares a request with what is booked already, not with itself; without
    this, the database's guard would refuse the insert and the answer would name no conflict.
    """
    ordered = sorted(slots, key=lambda s: s.start)
    for a, b in zip(ordered, ordered[1:]):
        if b.start < blocked_until(a.end, room.buffer_minutes):
            msg = N_("The dates of this series follow each other too closely: %(room)s needs "
                     "%(minutes)s minutes between two bookings.", room=room.name, minutes=room.buffer_minutes)
            raise InvalidInput(msg, {"recurrence": [msg]})


def raise_for(verdicts: Sequence[SlotVerdict]) -> None:
    """Refuse the whole request if any slot breaks a rule (422) or clashes (409)."""
    broken = [v for v in verdicts if v.problems]
    if broken:
        first = broken[0].problems[0]
        raise RuleViolation(first.message, {"start": [p.message for v in broken for p in v.problems][:20]},
                            rule=first.rule, occurrences=[
                                {"start": v.slot.start, "end": v.slot.end,
                                 "problems": [{"rule": p.rule, "message": p.message} for p in v.problems]}
                                for v in broken])
    clashes = [c for v in verdicts for c in v.clashes]
    if clashes:
        raise BookingConflict(unique_clashes(clashes))


def status_for(ctx: Context, room: Room) -> Status:
    """A member's booking or change in a room that requires approval waits for the front desk."""
    return Status.PENDING if room.requires_approval and ctx.actor.role == Role.MEMBER else Status.CONFIRMED


def hold(occurrence: Occurrence, room: Room) -> None:
    """Give an active occurrence its rows in room_hold, one per indivisible room."""
    occurrence.holds = [RoomHold(room_id=u, starts_at=occurrence.starts_at,
                                 blocked_until=occurrence.blocked_until) for u in sorted(room.unit_ids())]


def place(session: Session, booking: Booking, room: Room, slots: Sequence[Slot], status: Status,
          along: Sequence[tuple[Table, dict]] = (), new: bool = False) -> None:
    """Add a date to `booking` for every slot, each holding its room, and write the rows `along` with them
    (the audit entry and mail notice of the change: (table, values) pairs) in the same transaction.

    PostgreSQL: one statement, however many dates (dates_and_holds). SQLite: the dates as one batch, their
    holds in one INSERT ... SELECT over the booking's active dates that hold nothing yet, then each row
    along. The database's guard checks every hold as it is inserted.

    `new`: the booking was just made, so the dates written are all it has and become its list at once
    (its answer shows them without reading them again); otherwise its list is read again when next used.
    """
    session.add(booking)
    session.flush()  # the booking's id
    units = sorted(room.unit_ids()) if status in ACTIVE_STATUSES else []
    along = [(table, values) for table, values in along if values is not None]  # a notice of nothing is none
    if session.get_bind().dialect.name == "postgresql":
        written, values = dates_and_holds(booking.id, room, slots, status, units, along)
        dates = session.scalars(select(Occurrence).from_statement(written), values).all()
    else:
        dates = session.scalars(insert(Occurrence).returning(Occurrence), [
            {"booking_id": booking.id, "room_id": room.id, "starts_at": s.start, "ends_at": s.end,
             "blocked_until": blocked_until(s.end, room.buffer_minutes), "status": status} for s in slots]).all()
        held = select(Room.id).where(Room.id.in_(units)).subquery()
        session.execute(insert(RoomHold).from_select(
            ["occurrence_id", "room_id", "starts_at", "blocked_until"],
            select(Occurrence.id, held.c.id, Occurrence.starts_at, Occurrence.blocked_until)
            .join(held, true())
            .where(Occurrence.booking_id == booking.id, Occurrence.status.in_(ACTIVE_STATUSES),
                   ~Occurrence.holds.any())))
        for table, values in along:
            session.execute(insert(table).values(**values))
    if new:  # in the relationship's order (SQLite returns a batch in no promised order)
        set_committed_value(booking, "occurrences", sorted(dates, key=lambda o: o.starts_at))
    else:
        session.expire(booking, ["occurrences"])


STAMPS = ARRAY(UTCDateTime())


def dates_and_holds(booking_id: int, room: Room, slots: Sequence[Slot], status: Status, units: Sequence[int],
                    along: Sequence[tuple[Table, dict]]) -> tuple[Select, dict]:
    """PostgreSQL: one statement that inserts the dates, a hold for each date on each unit, and the rows
    along, and returns the dates; with the values to send with it.

    Data-modifying CTEs: one round trip instead of one per table. The dates come in as three arrays
    (unnest), so the statement's text is the same for any number of dates: compiled once, prepared by
    the server once. The holds are made from what the dates' INSERT returns; the foreign keys are checked
    at the end of the statement, the exclusion constraint as each hold goes in, so a clash fails the whole
    statement (and the transaction) as before.
    """
    statement = placing_statement(len(units), tuple((table, tuple(values)) for table, values in along))
    values = {"booking": booking_id, "room": room.id, "status": status, "starts": [s.start for s in slots],
              "ends": [s.end for s in slots], "blocked": [blocked_until(s.end, room.buffer_minutes) for s in slots]}
    values.update((f"unit_{i}", u) for i, u in enumerate(units))
    values.update((f"along_{i}_{name}", v) for i, (_table, row) in enumerate(along) for name, v in row.items())
    return statement, values


@cache
def placing_statement(units: int, along: tuple[tuple[Table, tuple[str, ...]], ...]) -> Select:
    """dates_and_holds' statement for this many units and these rows along (table, column names), every value a
    parameter: built once per shape, as building it for every booking cost more than sending it."""
    table, hold = Occurrence.__table__, RoomHold.__table__
    times = func.unnest(
        bindparam("starts", type_=STAMPS), bindparam("ends", type_=STAMPS), bindparam("blocked", type_=STAMPS),
    ).table_valued("starts_at", "ends_at", "blocked_until").render_derived()
    rows = select(bindparam("booking", type_=Integer), bindparam("room", type_=Integer), times.c.starts_at,
                  times.c.ends_at, times.c.blocked_until, bindparam("status", type_=table.c.status.type),
                  literal("", Text), literal(0, Integer))
    dates = (insert(table).from_select(["booking_id", "room_id", "starts_at", "ends_at", "blocked_until", "status",
                                        "cancel_reason", "sequence"], rows)
             .returning(*table.c).cte("placed"))
    per_unit = [select(dates.c.id, bindparam(f"unit_{u}", type_=Integer), dates.c.starts_at, dates.c.blocked_until)
                for u in range(units)]
    parts = [insert(hold).from_select(["occurrence_id", "room_id", "starts_at", "blocked_until"],
                                      per_unit[0] if len(per_unit) == 1 else union_all(*per_unit)).cte("held")
             ] if units else []
    parts += [insert(t).values({name: bindparam(f"along_{i}_{name}", type_=t.c[name].type) for name in names})
              .cte(f"along_{i}") for i, (t, names) in enumerate(along)]
    return select(dates).add_cte(*parts)


def release(ctx: Context, occurrences: Sequence[Occurrence]) -> None:
    """Drop the holds of dates about to move, at once, so the guard does not see them clash with themselves.

    One DELETE for all of them (as call_off), not a read and a delete per date.
    """
    drop_holds(ctx.session, occurrences)
    ctx.session.flush()


def drop_holds(session: Session, dates: Sequence[Occurrence]) -> None:
    """Delete the holds of these stored dates in one statement; their `holds` are then known to be empty."""
    if dates:
        session.execute(delete(RoomHold).where(RoomHold.occurrence_id.in_([o.id for o in dates])))
    for occ in dates:
        set_committed_value(occ, "holds", [])  # what the DELETE left, known without reading it


def move(occ: Occurrence, room: Room, slot: Slot, status: Status) -> None:
    """Put a released date at a new time and room, holding it again; it keeps its original start."""
    occ.original_starts_at = occ.original_start
    occ.sequence = (occ.sequence or 0) + 1
    occ.room, occ.starts_at, occ.ends_at = room, slot.start, slot.end
    occ.blocked_until = blocked_until(slot.end, room.buffer_minutes)
    occ.status = status
    hold(occ, room)


def pending_detail(dates) -> dict:
    """For a cancelling action's audit entry: the ids of the dates that were still waiting for approval
    ({"pending": [...]}, nothing when none was). The rental charges never charge such a date, however late
    it was cancelled: it was never confirmed."""
    ids = sorted(o.id for o in dates if o.status == Status.PENDING)
    return {"pending": ids} if ids else {}


def call_off(session: Session, dates: Sequence[Occurrence], reason: str) -> None:
    """Cancel these dates; their rooms are free at once.

    Their holds go in one DELETE, whatever the number of dates: emptying each date's `holds` would read
    them first, a statement per date (a two-year series has 730).
    """
    for occ in dates:
        occ.status = Status.CANCELLED
        occ.cancel_reason = reason
    drop_holds(session, dates)


def settle_status(booking: Booking, now: datetime) -> None:
    """Give the series the status its dates now call for (the one rule in domain/status.py).

    Every change of a booking ends here, so here it is marked changed at `now` (the feeds' LAST-MODIFIED).
    """
    booking.changed_at = now
    booking.status = Status(series_status(booking.status.value,
                                          [DateState(o.status.value, o.ends_at) for o in booking.occurrences],
                                          now))
