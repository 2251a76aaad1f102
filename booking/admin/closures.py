"""Add and remove closures of a building or a room; a new closure may cancel the dates it falls on.

Each write is one transaction with its audit entries. An identical closure (same building, room,
times and reason) is never added twice: a form posted twice, or a script run again, finds the first.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from .. import audit
from ..bookings.context import Context
from ..bookings.placing import call_off, settle_status
from ..database import begin_write, commit
from ..domain.clock import local_to_utc, zone_of
from ..domain.errors import Forbidden, InvalidInput, NotFound
from ..domain.ids import is_id
from ..domain.messages import N_
from ..models import Booking, Building, Closure, Occurrence, Role, Room
from ..rooms.editing import undo_on_error
from .closure_queries import dates_under


@dataclass(frozen=True)
class ClosureRequest:
    """A closure as asked for; naive times are the building's local wall time."""

    start: datetime
    end: datetime
    reason: str
    building_id: int | None = None
    room_id: int | None = None


@dataclass
class PlannedClosure:
    """A checked closure, in UTC, and the active dates it falls on."""

    building: Building
    room: Room | None
    start: datetime
    end: datetime
    reason: str
    dates: list[Occurrence] = field(default_factory=list)


@dataclass
class ClosureOutcome:
    """What entering a closure did: the closure, the dates cancelled, whether it is new; or, with
    `to_confirm`, nothing yet: the dates it falls on, for the admin to decide about first."""

    closure: Closure | None = None
    cancelled: list[Occurrence] = field(default_factory=list)
    created: bool = False
    to_confirm: PlannedClosure | None = None


def require_admin(actor) -> None:
    """Only administrators enter or remove closures."""
    if actor is None or actor.role != Role.ADMIN:
        raise Forbidden(N_("Only an administrator may enter closures."))


def closure_place(ctx: Context, req: ClosureRequest) -> tuple[Building, Room | None]:
    """The building and room a request names: the room's building, the named one, or the first one."""
    room = None
    if req.room_id is not None:
        room = ctx.session.get(Room, req.room_id) if is_id(req.room_id) else None
        if room is None:
            raise InvalidInput(N_("Unknown room."), {"room_id": [N_("No room with this id.")]})
    if req.building_id is not None:
        building = ctx.session.get(Building, req.building_id) if is_id(req.building_id) else None
        if building is None:
            raise InvalidInput(N_("Unknown building."), {"building_id": [N_("No building with this id.")]})
        if room is not None and room.building_id != building.id:
            msg = N_("This room is in another building.")
            raise InvalidInput(msg, {"room_id": [msg]})
    elif room is not None:
        building = room.building
    else:
        building = ctx.session.scalars(select(Building).order_by(Building.id)).first()
        if building is None:
            raise InvalidInput(N_("Unknown building."), {"building_id": [N_("There is no building yet.")]})
    return building, room


def plan_closure(ctx: Context, req: ClosureRequest) -> PlannedClosure:
    """Check a closure request and find the confirmed and pending dates it falls on (nothing is written)."""
    require_admin(ctx.actor)
    building, room = closure_place(ctx, req)
    zone = zone_of(building.timezone)
    start, end = local_to_utc(req.start, zone, "start"), local_to_utc(req.end, zone, "end")
    if end <= start:
        msg = N_("The end must be after the start.")
        raise InvalidInput(msg, {"end": [msg]})
    reason = (req.reason or "").strip()
    if not reason:
        msg = N_("Give a reason.")
        raise InvalidInput(msg, {"reason": [msg]})
    return PlannedClosure(building, room, start, end, reason,
                          dates_under(ctx.session, building, room, start, end))


def same_closure(ctx: Context, plan: PlannedClosure) -> Closure | None:
    """An existing closure identical to the plan, if any."""
    room_id = plan.room.id if plan.room else None
    return ctx.session.scalars(select(Closure).where(
        Closure.building_id == plan.building.id,
        Closure.room_id.is_(None) if room_id is None else Closure.room_id == room_id,
        Closure.starts_at == plan.start, Closure.ends_at == plan.end, Closure.reason == plan.reason)).first()


def cancel_dates(ctx: Context, dates: list[Occurrence], reason: str, closure_id: int) -> list[Occurrence]:
    """Cancel dates as cancel_occurrence does (holds released, series' status settled), each audited."""
    booking_ids = sorted({o.booking_id for o in dates})
    if booking_ids:  # one writer per booking: lock their rows before changing them (as open_booking does)
        ctx.session.execute(select(Booking.id).where(Booking.id.in_(booking_ids)).with_for_update())
    call_off(ctx.session, dates, reason)
    for occ in dates:
        audit.record(ctx.session, ctx.actor, "occurrence.cancel", "occurrence", occ.id,
                     booking_id=occ.booking_id, reason=reason, closure_id=closure_id)
    for booking in {o.booking_id: o.booking for o in dates}.values():
        settle_status(booking, ctx.now)
    return dates


@undo_on_error
def add_closure(ctx: Context, req: ClosureRequest, cancel_ids: frozenset[int] = frozenset(),
                message: str = "") -> ClosureOutcome:
    """Enter a closure and cancel those of its dates named in `cancel_ids` (what the admin was shown),
    with `message` (else the reason) as their reason: one transaction, audited.

    An identical closure already entered is returned as it is, and nothing is cancelled again.
    """
    require_admin(ctx.actor)
    begin_write(ctx.session)
    plan = plan_closure(ctx, req)
    existing = same_closure(ctx, plan)
    if existing is not None:
        ctx.session.rollback()
        return ClosureOutcome(existing)
    closure = Closure(building_id=plan.building.id, room_id=plan.room.id if plan.room else None,
                      starts_at=plan.start, ends_at=plan.end, reason=plan.reason)
    ctx.session.add(closure)
    ctx.session.flush()
    audit.record(ctx.session, ctx.actor, "closure.create", "closure", closure.id,
                 new=closure_detail(closure, plan.building))
    cancelled = cancel_dates(ctx, [o for o in plan.dates if o.id in cancel_ids],
                             (message or "").strip() or plan.reason, closure.id)
    commit(ctx.session, keep_loaded=True)
    return ClosureOutcome(closure, cancelled, created=True)


@undo_on_error
def submit_closure(ctx: Context, req: ClosureRequest, seen: frozenset[int], cancel_seen: bool,
                   message: str = "") -> ClosureOutcome:
    """The closure form's step: while the closure falls on dates the admin has not been shown, nothing
    is written and those dates come back to confirm; then the closure is entered, and the dates shown
    cancelled if the admin chose so (dates that ended up elsewhere meanwhile are left alone)."""
    plan = plan_closure(ctx, req)
    if {o.id for o in plan.dates} - seen:
        return ClosureOutcome(to_confirm=plan)
    return add_closure(ctx, req, seen if cancel_seen else frozenset(), message)


def closure_detail(closure: Closure, building: Building) -> dict:
    """What the audit trail keeps of a closure: its place, local times and reason."""
    zone = zone_of(building.timezone)
    return {"building_id": closure.building_id, "room_id": closure.room_id, "reason": closure.reason,
            "start": closure.starts_at.astimezone(zone).isoformat(), "end": closure.ends_at.astimezone(zone).isoformat()}


@undo_on_error
def delete_closure(ctx: Context, closure_id: int) -> Closure:
    """Remove a closure (administrators); bookings cancelled for it stay cancelled."""
    require_admin(ctx.actor)
    begin_write(ctx.session)
    closure = ctx.session.get(Closure, closure_id) if is_id(closure_id) else None
    if closure is None:
        raise NotFound(N_("No closure with this id."))
    audit.record(ctx.session, ctx.actor, "closure.delete", "closure", closure.id,
                 old=closure_detail(closure, closure.building))
    ctx.session.delete(closure)
    commit(ctx.session, keep_loaded=True)
    return closure
