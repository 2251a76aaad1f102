"""Book, move and cancel: all-or-nothing, conflict-checked under the write lock."""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..database import begin_write
from ..domain.clock import wall, zone_of
from ..domain.errors import BookingConflict, Clash, InvalidInput, NotFound, RuleViolation
from ..domain.overlap import blocked_until
from ..domain.recurrence import Recurrence, rule_text
from ..domain.messages import N_
from ..models import Booking, Occurrence, Organisation, Role, Room, RoomHold, Status, Visibility
from .context import Context
from .permissions import booking_organisation, require_change
from .schedule import Slot, SlotVerdict, find_clashes, judge_slots, plan_slots


@dataclass
class BookingRequest:
    """A request for a single booking or a series; naive times are the building's local time."""

    room_id: int
    title: str
    start: datetime
    end: datetime
    description: str = ""
    visibility: Visibility = Visibility.INTERNAL
    organisation_id: int | None = None
    recurrence: Recurrence | None = None
    expected_people: int | None = None
    setup_notes: str = ""


# Ids are 32-bit integers; a larger number in a URL is no id, and would overflow the database's integer.
MAX_ID = 2**31 - 1


def fetch(ctx: Context, model, ident: int):
    """The row of `model` with primary key `ident`, or None (also for numbers no id can have)."""
    return ctx.session.get(model, ident) if 0 < ident <= MAX_ID else None


def get_room(ctx: Context, room_id: int, field: str = "room_id") -> Room:
    """An active room, or InvalidInput naming the field."""
    room = fetch(ctx, Room, room_id)
    if room is None or not room.active:
        raise InvalidInput(N_("Unknown room."), {field: [N_("No bookable room with this id.")]})
    return room


def open_booking(ctx: Context, booking_id: int) -> Booking:
    """Start the write transaction, lock the booking's row, then read it afresh.

    Cancel, move, extend, approve and reject of one booking thus run one after the other,
    each seeing what the one before wrote (PostgreSQL: FOR UPDATE; SQLite: BEGIN IMMEDIATE).
    """
    begin_write(ctx.session)
    if 0 < booking_id <= MAX_ID:
        ctx.session.execute(select(Booking.id).where(Booking.id == booking_id).with_for_update())
    return get_booking(ctx, booking_id)


def get_booking(ctx: Context, booking_id: int) -> Booking:
    """A booking by id, or NotFound."""
    booking = fetch(ctx, Booking, booking_id)
    if booking is None:
        raise NotFound(N_("No booking with this id."))
    return booking


def _check_room_admits(ctx: Context, room: Room, organisation: Organisation) -> None:
    if not room.admits(organisation, ctx.actor.role):
        raise RuleViolation(N_("%(organisation)s may not book %(room)s.", organisation=organisation.name, room=room.name),
                            {"room_id": [N_("%(organisation)s may not book this room.", organisation=organisation.name)]},
                            rule="not_allowed")


def _check_people(room: Room, expected: int | None) -> None:
    if expected is not None and room.capacity and expected > room.capacity:
        msg = N_("%(room)s holds at most %(n)s people.", room=room.name, n=room.capacity)
        raise InvalidInput(msg, {"expected_people": [msg]})


def _check_own_gaps(room: Room, slots: Sequence[Slot]) -> None:
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


def _raise_for(verdicts: Sequence[SlotVerdict]) -> None:
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
        raise BookingConflict(_unique(clashes))


def _unique(clashes: list[Clash]) -> list[Clash]:
    seen, out = set(), []
    for c in clashes:
        if c.occurrence_id not in seen:
            seen.add(c.occurrence_id)
            out.append(c)
    return out


def _lock_rooms(ctx: Context, rooms: Sequence[Room]) -> None:
    """Take the write lock before reading: BEGIN IMMEDIATE on SQLite, room rows FOR UPDATE on PostgreSQL."""
    if not ctx.guard:
        return
    begin_write(ctx.session)
    units = sorted({u for r in rooms for u in r.unit_ids()})
    ctx.session.execute(select(Room.id).where(Room.id.in_(units)).order_by(Room.id).with_for_update())


def _hold(occurrence: Occurrence, room: Room) -> None:
    """Give an active occurrence its rows in room_hold, one per indivisible room."""
    occurrence.holds = [RoomHold(room_id=u, starts_at=occurrence.starts_at,
                                 blocked_until=occurrence.blocked_until) for u in sorted(room.unit_ids())]


def _commit_guarded(ctx: Context, room: Room, slots: Sequence[Slot], exclude: Sequence[int] = (),
                    flush_only: bool = False) -> None:
    """Commit (or only flush); if the database's own guard refuses an overlap, answer as the service check would."""
    try:
        if flush_only:
            ctx.session.flush()
        else:
            ctx.session.commit()
    except IntegrityError as exc:
        ctx.session.rollback()
        if not is_overlap_violation(exc):
            raise
        clashes = find_clashes(ctx.session, ctx.actor, room, slots, exclude)
        raise BookingConflict(_unique([c for cs in clashes for c in cs])) from None


def is_overlap_violation(exc: IntegrityError) -> bool:
    """Whether the database refused an overlapping room hold (PostgreSQL 23P01, our SQLite trigger)."""
    orig = exc.orig
    return getattr(orig, "sqlstate", None) == "23P01" or "room_hold_overlap" in str(orig)


def _delay_if_unguarded(ctx: Context) -> None:
    """The naive path of the negative control: check, end the transaction, wait, then write."""
    if not ctx.guard and ctx.race_delay:
        ctx.session.commit()
        time.sleep(ctx.race_delay)


def first_wall_times(room: Room, req: BookingRequest) -> tuple[datetime, datetime]:
    """The request's start and end as naive local wall times of the room's building."""
    zone = zone_of(room.building.timezone)
    return tuple(t if t.tzinfo is None else wall(t, zone) for t in (req.start, req.end))


def create_booking(ctx: Context, req: BookingRequest) -> Booking:
    """Book a room once or as a series; every occurrence is free or nothing is written."""
    room = get_room(ctx, req.room_id)
    org = booking_organisation(ctx.actor, ctx.session.get(Organisation, req.organisation_id)
                               if req.organisation_id is not None else None, req.organisation_id)
    _check_room_admits(ctx, room, org)
    _check_people(room, req.expected_people)
    slots = plan_slots(room, req.start, req.end, req.recurrence, ctx.max_months)
    _check_own_gaps(room, slots)
    status = status_for(ctx, room)
    _lock_rooms(ctx, [room])
    _raise_for(judge_slots(ctx.session, ctx.actor, room, slots, ctx.now))
    _delay_if_unguarded(ctx)
    booking = Booking(room=room, organisation=org, creator=ctx.actor, title=req.title,
                      description=req.description, visibility=req.visibility, status=status,
                      recurrence=rule_text(req.recurrence, first_wall_times(room, req)) if req.recurrence else "",
                      expected_people=req.expected_people, setup_notes=req.setup_notes)
    for s in slots:
        occ = Occurrence(room=room, starts_at=s.start, ends_at=s.end,
                         blocked_until=blocked_until(s.end, room.buffer_minutes), status=status)
        _hold(occ, room)
        booking.occurrences.append(occ)
    ctx.session.add(booking)
    _commit_guarded(ctx, room, slots, flush_only=True)  # the guard may refuse at this flush already
    audit.record(ctx.session, ctx.actor, "booking.create", "booking", booking.id,
                 room_id=room.id, occurrences=len(slots), status=status.value)
    _commit_guarded(ctx, room, slots)
    return booking


def status_for(ctx: Context, room: Room) -> Status:
    """A member's booking or change in a room that requires approval waits for the front desk."""
    return Status.PENDING if room.requires_approval and ctx.actor.role == Role.MEMBER else Status.CONFIRMED


def _settle_status(booking: Booking) -> None:
    """The series' state from its dates: waiting while any date waits, cancelled when none is active."""
    if booking.status in (Status.CANCELLED, Status.REJECTED) and not any(
            o.status == Status.PENDING for o in booking.occurrences):
        return
    active = [o for o in booking.occurrences if o.is_active]
    if any(o.status == Status.PENDING for o in active):
        booking.status = Status.PENDING
    elif active:
        booking.status = Status.CONFIRMED
    else:
        booking.status = Status.CANCELLED


def _cancel(occ: Occurrence, reason: str) -> None:
    occ.status = Status.CANCELLED
    occ.cancel_reason = reason
    occ.holds = []


def cancel_booking(ctx: Context, booking_id: int, reason: str = "") -> Booking:
    """Cancel every occurrence of a series that has not ended yet; past ones stay as history."""
    booking = open_booking(ctx, booking_id)
    require_change(ctx.actor, booking)
    cancelled = 0
    for occ in booking.occurrences:
        if occ.is_active and occ.ends_at > ctx.now:
            _cancel(occ, reason)
            cancelled += 1
    booking.status = Status.CANCELLED
    audit.record(ctx.session, ctx.actor, "booking.cancel", "booking", booking.id,
                 occurrences=cancelled, reason=reason)
    ctx.session.commit()
    return booking


def get_occurrence(ctx: Context, booking: Booking, occurrence_id: int) -> Occurrence:
    """An occurrence of `booking`, or NotFound."""
    occ = fetch(ctx, Occurrence, occurrence_id)
    if occ is None or occ.booking_id != booking.id:
        raise NotFound(N_("No such occurrence in this booking."))
    return occ


def require_not_over(ctx: Context, occ: Occurrence) -> None:
    """A date that is over stays as it was (honest usage figures); the front desk may still correct it."""
    if occ.ends_at <= ctx.now and not ctx.actor.is_staff:
        msg = N_("This date is over; it stays as it was.")
        raise InvalidInput(msg, {"occurrence_id": [msg]})


def cancel_occurrence(ctx: Context, booking_id: int, occurrence_id: int, reason: str = "") -> Booking:
    """Cancel one date of a series; its slot is free at once."""
    booking = open_booking(ctx, booking_id)
    require_change(ctx.actor, booking)
    occ = get_occurrence(ctx, booking, occurrence_id)
    require_not_over(ctx, occ)
    if occ.is_active:
        _cancel(occ, reason)
        _settle_status(booking)
        audit.record(ctx.session, ctx.actor, "occurrence.cancel", "occurrence", occ.id,
                     booking_id=booking.id, reason=reason)
    ctx.session.commit()
    return booking


def move_occurrence(ctx: Context, booking_id: int, occurrence_id: int, start: datetime, end: datetime,
                    room_id: int | None = None) -> Booking:
    """Move one occurrence to another time or room, conflict-checked like a new booking."""
    booking = open_booking(ctx, booking_id)
    require_change(ctx.actor, booking)
    occ = get_occurrence(ctx, booking, occurrence_id)
    require_not_over(ctx, occ)
    if not occ.is_active:
        raise InvalidInput(N_("This date is cancelled; book it anew instead."),
                           {"occurrence_id": [N_("This date is cancelled.")]})
    room = get_room(ctx, room_id) if room_id is not None else occ.room
    _check_room_admits(ctx, room, booking.organisation)
    _check_people(room, booking.expected_people)
    slot = plan_slots(room, start, end, None)[0]
    _lock_rooms(ctx, [room])
    _raise_for(judge_slots(ctx.session, ctx.actor, room, [slot], ctx.now, exclude=[occ.id]))
    _delay_if_unguarded(ctx)
    before = (occ.starts_at, occ.ends_at, occ.room_id)
    occ.holds = []
    ctx.session.flush()  # release the old hold first, or the guard sees the occurrence clash with itself
    occ.room, occ.starts_at, occ.ends_at = room, slot.start, slot.end
    occ.blocked_until = blocked_until(slot.end, room.buffer_minutes)
    occ.status = status_for(ctx, room)
    _settle_status(booking)
    _hold(occ, room)
    audit.record(ctx.session, ctx.actor, "occurrence.move", "occurrence", occ.id, booking_id=booking.id,
                 before=[before[0].isoformat(), before[1].isoformat(), before[2]],
                 after=[slot.start.isoformat(), slot.end.isoformat(), room.id])
    _commit_guarded(ctx, room, [slot], exclude=[occ.id])
    return booking
