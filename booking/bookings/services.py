"""Book, move and cancel: all-or-nothing, conflict-checked under the write lock."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from .. import audit
from ..database import commit
from ..domain.clock import wall, zone_of
from ..domain.errors import InvalidInput, NotFound
from ..domain.messages import N_
from ..domain.recurrence import Recurrence, rule_text
from ..extras.requests import (ExtraRequest, add_extras, check_requests, check_stock_locked, described, lock_extras,
                              recheck_stock)
from ..models import Booking, Occurrence, Organisation, Room, Visibility
from ..notifications.services import NOTICE_TABLE, booking_changed, notice
from .context import Context
from .loading import room_for_booking
from .locking import commit_guarded, raise_guarded, delay_if_unguarded, fetch, get_booking, lock_rooms, open_booking
from .permissions import booking_organisation, require_change
from .placing import (call_off, check_own_gaps, check_people, check_room_admits, move, pending_detail, place, raise_for,
                      release, settle_status, status_for)
from .schedule import Slot, add_clashes, judge_rules, judge_slots, plan_slots
from .school_days import school_holidays_met
from .titles import KEEP, set_title


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
    skip_school_holidays: bool = False  # a series leaves out the building's school holidays (as EXDATEs)
    # Equipment and extras asked for on every date (issue 10): checked by extras.requests.
    extras: tuple[ExtraRequest, ...] = ()


def get_room(ctx: Context, room_id: int, field: str = "room_id") -> Room:
    """An active room, or InvalidInput naming the field."""
    room = room_for_booking(ctx.session, room_id)
    if room is None or not room.active:
        raise InvalidInput(N_("Unknown room."), {field: [N_("No bookable room with this id.")]})
    return room


def get_occurrence(ctx: Context, booking: Booking, occurrence_id: int) -> Occurrence:
    """An occurrence of `booking`, or NotFound."""
    occ = fetch(ctx, Occurrence, occurrence_id)
    if occ is None or occ.booking_id != booking.id:
        raise NotFound(N_("No such occurrence in this booking."))
    return occ


def booking_for(ctx: Context, booking_id: int) -> Booking:
    """A booking the actor may see and change: NotFound when unknown, Forbidden when another organisation's."""
    booking = get_booking(ctx, booking_id)
    require_change(ctx.actor, booking)
    return booking


def first_wall_times(room: Room, req: BookingRequest) -> tuple[datetime, datetime]:
    """The request's start and end as naive local wall times of the room's building."""
    zone = zone_of(room.building.timezone)
    return tuple(t if t.tzinfo is None else wall(t, zone) for t in (req.start, req.end))


def request_organisation(ctx: Context, req: BookingRequest) -> Organisation:
    """The organisation a request books for (the actor's own unless staff name another)."""
    requested = fetch(ctx, Organisation, req.organisation_id) if req.organisation_id is not None else None
    return booking_organisation(ctx.actor, requested, req.organisation_id)


def check_request(ctx: Context, room: Room, req: BookingRequest) -> Organisation:
    """The checks of a request that need no dates: who books, may they book the room, does it fit."""
    org = request_organisation(ctx, req)
    check_room_admits(ctx, room, org)
    check_people(room, req.expected_people)
    return org


def create_booking(ctx: Context, req: BookingRequest) -> Booking:
    """Book a room once or as a series; every occurrence is free or nothing is written."""
    booking, room, slots = add_booking(ctx, req)
    commit_guarded(ctx, room, slots, keep_loaded=True)  # the answer shows what was just written
    return booking


def without_school_holidays(ctx: Context, room: Room, req: BookingRequest,
                            slots: list[Slot]) -> tuple[BookingRequest, list[Slot]]:
    """A series asked to skip school holidays, with the days it meets in them added to its skipped dates
    (they become the stored rule's EXDATEs), and its slots without them; any other request as it is."""
    if not req.skip_school_holidays or req.recurrence is None:
        return req, slots
    met = school_holidays_met(ctx.session, room, slots)
    if not met:
        return req, slots
    req = replace(req, recurrence=replace(req.recurrence, exdates=req.recurrence.exdates | frozenset(met)))
    return req, plan_slots(room, req.start, req.end, req.recurrence, ctx.max_months)


def add_booking(ctx: Context, req: BookingRequest) -> tuple[Booking, Room, list[Slot]]:
    """Everything create_booking does but the commit: under the write lock, checked, placed, audited and
    its mail notice written.

    Several bookings made this way in one transaction (an imported calendar) are committed together
    with commit_guarded, or, on any error, rolled back together.
    """
    room = get_room(ctx, req.room_id)
    org = check_request(ctx, room, req)
    wanted = check_requests(ctx, room, req.extras)
    slots = plan_slots(room, req.start, req.end, req.recurrence, ctx.max_months)
    req, slots = without_school_holidays(ctx, room, req, slots)
    check_own_gaps(room, slots)
    status = status_for(ctx, room)
    verdicts = judge_rules(ctx.session, ctx.actor, room, slots, ctx.now)
    raise_for(verdicts)  # the rules, before the lock: a refused request never waits for it
    lock_rooms(ctx, [room], keep_loaded=True)
    raise_for(add_clashes(ctx.session, ctx.actor, room, verdicts))  # under the lock: what can have changed
    lock_extras(ctx, wanted)  # after the rooms: every writer takes its locks in the same order
    check_stock_locked(ctx, room, wanted, slots)
    delay_if_unguarded(ctx)
    booking = Booking(room=room, organisation=org, creator=ctx.actor, title=req.title,
                      description=req.description, visibility=req.visibility, status=status,
                      recurrence=rule_text(req.recurrence, first_wall_times(room, req)) if req.recurrence else "",
                      expected_people=req.expected_people, setup_notes=req.setup_notes, changed_at=ctx.now,
                      skips_school_holidays=req.skip_school_holidays and req.recurrence is not None)
    if ctx.actor.id is None:  # the command line acts as no stored user: its bookings have no creator
        booking.creator = None
    ctx.session.add(booking)
    ctx.session.flush()  # the booking's id, for its dates and for the rows written along with them
    entry = audit.entry(ctx.actor, "booking.create", "booking", booking.id,
                        room_id=room.id, occurrences=len(slots), status=status.value,
                        **({"extras": described(wanted)} if wanted else {}))
    try:
        place(ctx.session, booking, room, slots, status, new=True,
              along=[(audit.AUDIT_TABLE, entry), (NOTICE_TABLE, notice(ctx, booking, "created"))])
    except IntegrityError as exc:  # the database's guard refused a hold: answer as the check would
        raise_guarded(ctx, exc, room, slots)
    add_extras(ctx, booking.id, wanted)
    return booking, room, slots


def cancel_booking(ctx: Context, booking_id: int, reason: str = "") -> Booking:
    """Cancel every occurrence of a series that has not ended yet; past ones stay as history."""
    booking = open_booking(ctx, booking_id)
    require_change(ctx.actor, booking)
    targets = [o for o in booking.occurrences if o.is_active and o.ends_at > ctx.now]
    pending = pending_detail(targets)  # before call_off() forgets which dates were still waiting
    call_off(ctx.session, targets, reason)
    settle_status(booking, ctx.now)
    audit.record(ctx.session, ctx.actor, "booking.cancel", "booking", booking.id,
                 occurrences=len(targets), reason=reason, **pending)
    booking_changed(ctx, booking, "cancelled", targets, "all", reason)
    commit(ctx.session, keep_loaded=True)  # the answer shows what was just written: nothing read again
    return booking


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
        pending = pending_detail([occ])  # before call_off() forgets whether the date was still waiting
        call_off(ctx.session, [occ], reason)
        settle_status(booking, ctx.now)
        audit.record(ctx.session, ctx.actor, "occurrence.cancel", "occurrence", occ.id,
                     booking_id=booking.id, reason=reason, **pending)
        booking_changed(ctx, booking, "cancelled", [occ], "date", reason)
    commit(ctx.session, keep_loaded=True)  # the answer shows what was just written
    return booking


def move_occurrence(ctx: Context, booking_id: int, occurrence_id: int, start: datetime, end: datetime,
                    room_id: int | None = None, title: str | None | object = KEEP) -> Booking:
    """Move one occurrence to another time or room, conflict-checked like a new booking; with `title`,
    give it its own title in the same transaction (bookings/titles.py)."""
    booking = open_booking(ctx, booking_id)
    require_change(ctx.actor, booking)
    occ = get_occurrence(ctx, booking, occurrence_id)
    require_not_over(ctx, occ)
    if not occ.is_active:
        raise InvalidInput(N_("This date is cancelled; book it anew instead."),
                           {"occurrence_id": [N_("This date is cancelled.")]})
    room = get_room(ctx, room_id) if room_id is not None else occ.room
    check_room_admits(ctx, room, booking.organisation)
    check_people(room, booking.expected_people)
    slot = plan_slots(room, start, end, None)[0]
    lock_rooms(ctx, [room])
    raise_for(judge_slots(ctx.session, ctx.actor, room, [slot], ctx.now, exclude=[occ.id]))
    recheck_stock(ctx, booking.id, room, [slot], exclude_dates=[occ.id])  # its beamer at the new time too
    delay_if_unguarded(ctx)
    before = (occ.starts_at, occ.ends_at, occ.room_id)
    release(ctx, [occ])
    move(occ, room, slot, status_for(ctx, room))
    settle_status(booking, ctx.now)
    audit.record(ctx.session, ctx.actor, "occurrence.move", "occurrence", occ.id, booking_id=booking.id,
                 before=[before[0].isoformat(), before[1].isoformat(), before[2]],
                 after=[slot.start.isoformat(), slot.end.isoformat(), room.id])
    if title is not KEEP:
        set_title(ctx, booking, occ, title)
    booking_changed(ctx, booking, "changed", [occ], "moved")
    commit_guarded(ctx, room, [slot], exclude=[occ.id])
    return booking


def retitle_occurrence(ctx: Context, booking_id: int, occurrence_id: int, title: str | None) -> Booking:
    """Give one date of a booking its own title, or take it away ('' or None), audited and committed."""
    booking = open_booking(ctx, booking_id)
    require_change(ctx.actor, booking)
    occ = get_occurrence(ctx, booking, occurrence_id)
    require_not_over(ctx, occ)
    if not occ.is_active:
        raise InvalidInput(N_("This date is cancelled; book it anew instead."),
                           {"occurrence_id": [N_("This date is cancelled.")]})
    if set_title(ctx, booking, occ, title):
        booking_changed(ctx, booking, "changed", [occ], "retitled")
    ctx.session.commit()
    return booking
