"""Changes to a series from one date onward, and extending a standing series."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..database import commit
from ..domain.clock import local_to_utc, wall, zone_of
from ..domain.errors import InvalidInput
from ..domain.messages import N_
from ..domain.recurrence import MAX_SERIES_MONTHS, Recurrence, expand, parse_rule_text, rule_text, series_times
from ..extras.requests import recheck_stock
from ..models import ACTIVE_STATUSES, Booking, Occurrence
from ..notifications.services import booking_changed
from .context import Context
from .locking import commit_guarded, lock_rooms, open_booking, raise_guarded
from .permissions import require_change
from .placing import (call_off, check_people, check_room_admits, move, pending_detail, place, raise_for, release,
                      settle_status, status_for)
from .schedule import Slot, SlotVerdict, judge_slots
from .school_days import school_holidays_met
from .services import get_occurrence, get_room

# How far from a series' first date its rule may be expanded when extending it, again and again.
EXTENSION_REACH_MONTHS = 240


def _following(ctx: Context, booking: Booking, occ: Occurrence) -> list[Occurrence]:
    """The active occurrences of `booking` from `occ` onward that are not over yet."""
    return [o for o in booking.occurrences
            if o.is_active and o.starts_at >= occ.starts_at and o.ends_at > ctx.now]


def cancel_from(ctx: Context, booking_id: int, occurrence_id: int, reason: str = "") -> Booking:
    """Cancel the chosen date and every later one of the series."""
    booking = open_booking(ctx, booking_id)
    require_change(ctx.actor, booking)
    occ = get_occurrence(ctx, booking, occurrence_id)
    targets = _following(ctx, booking, occ)
    pending = pending_detail(targets)  # before call_off() forgets which dates were still waiting
    call_off(ctx.session, targets, reason)
    settle_status(booking, ctx.now)
    audit.record(ctx.session, ctx.actor, "series.cancel_from", "booking", booking.id,
                 occurrence_id=occ.id, occurrences=len(targets), reason=reason, **pending)
    booking_changed(ctx, booking, "cancelled", targets, "from", reason)
    commit(ctx.session, keep_loaded=True)  # the answer shows what was just written
    return booking


def plan_move_from(ctx: Context, booking: Booking, occ: Occurrence, start: time, end: time,
                   room_id: int | None) -> tuple[list[Occurrence], list[Slot]]:
    """The occurrences from `occ` onward and their new slots: the same dates at new times."""
    if end <= start:
        msg = N_("The end must be after the start.")
        raise InvalidInput(msg, {"end": [msg]})
    room = get_room(ctx, room_id) if room_id is not None else occ.room
    zone = zone_of(room.building.timezone)
    targets = _following(ctx, booking, occ)
    if not targets:
        msg = N_("This date is over; it stays as it was.")
        raise InvalidInput(msg, {"occurrence_id": [msg]})
    slots = []
    for o in targets:
        d = wall(o.starts_at, zone).date()
        slots.append(Slot(local_to_utc(datetime.combine(d, start), zone, "start"),
                          local_to_utc(datetime.combine(d, end), zone, "end")))
    return targets, slots


def move_from(ctx: Context, booking_id: int, occurrence_id: int, start: time, end: time,
              room_id: int | None = None) -> Booking:
    """Move the chosen date and every later one to new times (and room): all or nothing."""
    booking = open_booking(ctx, booking_id)
    require_change(ctx.actor, booking)
    occ = get_occurrence(ctx, booking, occurrence_id)
    room = get_room(ctx, room_id) if room_id is not None else occ.room
    check_room_admits(ctx, room, booking.organisation)
    check_people(room, booking.expected_people)
    targets, slots = plan_move_from(ctx, booking, occ, start, end, room_id)
    ids = [o.id for o in targets]
    lock_rooms(ctx, [room])
    raise_for(judge_slots(ctx.session, ctx.actor, room, slots, ctx.now, exclude=ids))
    recheck_stock(ctx, booking.id, room, slots, exclude_dates=ids)  # its extras at the new times too
    release(ctx, targets)
    status = status_for(ctx, room)
    for o, s in zip(targets, slots):
        move(o, room, s, status)
    settle_status(booking, ctx.now)
    audit.record(ctx.session, ctx.actor, "series.move_from", "booking", booking.id, occurrence_id=occurrence_id,
                 occurrences=len(targets), start=start.isoformat(), end=end.isoformat(), room_id=room.id)
    booking_changed(ctx, booking, "changed", targets, "moved_from")
    commit_guarded(ctx, room, slots, exclude=ids)
    return booking


def plan_extension(booking: Booking) -> tuple[list[Slot], Recurrence, tuple[datetime, datetime]]:
    """The next period of a series (as long as the series so far, at most 24 months), its
    extended rule and the series' own first local times."""
    rule = parse_rule_text(booking.recurrence)
    if rule is None or not booking.occurrences:
        raise InvalidInput(N_("Only a repeating booking can be extended."), {})
    zone = zone_of(booking.room.building.timezone)
    first = series_times(booking.recurrence) or (wall(booking.occurrences[0].starts_at, zone),
                                                  wall(booking.occurrences[0].ends_at, zone))
    # The rule's own last date, whatever happened to single dates since.
    dates = expand(replace(rule, exdates=frozenset()), *first, max_months=EXTENSION_REACH_MONTHS)
    last_day = dates[-1][0].date()
    span = relativedelta(last_day, first[0].date())
    new_until = min(last_day + span, last_day + relativedelta(months=MAX_SERIES_MONTHS))
    if new_until <= last_day:
        new_until = last_day + relativedelta(months=1)
    extended = replace(rule, count=None, until=new_until)
    slots = [Slot(local_to_utc(s, zone, "start"), local_to_utc(e, zone, "end"))
             for s, e in expand(extended, *first, max_months=EXTENSION_REACH_MONTHS)
             if s.date() > last_day]
    if not slots:
        raise InvalidInput(N_("The repetition gives no dates."), {})
    return slots, extended, first


@dataclass(frozen=True)
class Period:
    """The first and last local day of the next period of a series: what the extend page showed."""

    first: date
    last: date


def period_of(booking: Booking, slots: list[Slot]) -> Period:
    """The local days the planned slots run from and to."""
    zone = zone_of(booking.room.building.timezone)
    return Period(wall(slots[0].start, zone).date(), wall(slots[-1].start, zone).date())


def next_period(ctx: Context, booking: Booking) -> tuple[list[Slot], Recurrence, tuple[datetime, datetime],
                                                        dict[date, str]]:
    """plan_extension, less the dates in the building's school holidays when the series skips them (then
    among the extended rule's EXDATEs), and those dates with the holiday's name."""
    slots, rule, first = plan_extension(booking)
    if not booking.skips_school_holidays:
        return slots, rule, first, {}
    met = school_holidays_met(ctx.session, booking.room, slots)
    zone = zone_of(booking.room.building.timezone)
    slots = [s for s in slots if wall(s.start, zone).date() not in met]
    if not slots:
        raise InvalidInput(N_("No dates are left: check the rule and the skipped dates."), {})
    return slots, replace(rule, exdates=rule.exdates | frozenset(met)), first, met


def extension_verdicts(ctx: Context, booking: Booking) -> tuple[Period, list[SlotVerdict], dict[date, str]]:
    """The next period of a series, what it would meet, date by date, and the school holidays it skips
    (nothing is written)."""
    slots, _rule, _first, skipped = next_period(ctx, booking)
    return (period_of(booking, slots), judge_slots(ctx.session, ctx.actor, booking.room, slots, ctx.now),
            skipped)


def extend(ctx: Context, booking_id: int, period: Period, skip: set[date] = frozenset()) -> Booking:
    """Add the previewed period to a standing series, conflict-checked; `skip` names dates the user left out.

    `period` is what the user saw: once it is booked the series' next period is another one, so a
    second submit of the same form, or several at once, is refused instead of booking on and on.
    """
    booking = open_booking(ctx, booking_id)
    require_change(ctx.actor, booking)
    if booking.status not in ACTIVE_STATUSES:
        raise InvalidInput(N_("A cancelled or rejected booking cannot be extended."), {})
    room = booking.room
    check_room_admits(ctx, room, booking.organisation)
    slots, rule, first, _skipped = next_period(ctx, booking)
    if period_of(booking, slots) != period:
        raise already_extended()
    zone = zone_of(room.building.timezone)
    slots = [s for s in slots if wall(s.start, zone).date() not in skip]
    if not slots:
        raise InvalidInput(N_("No dates are left: check the rule and the skipped dates."), {})
    text = rule_text(replace(rule, exdates=rule.exdates | frozenset(skip)), first)
    lock_rooms(ctx, [room])
    raise_for(judge_slots(ctx.session, ctx.actor, room, slots, ctx.now))
    recheck_stock(ctx, booking.id, room, slots)  # its extras on the added dates too
    # New dates in a room that needs approval wait for the front desk, as new bookings do.
    try:
        place(ctx.session, booking, room, slots, status_for(ctx, room))
    except IntegrityError as exc:  # the database's guard refused a hold: answer as the check would
        raise_guarded(ctx, exc, room, slots)
    booking.recurrence = text
    settle_status(booking, ctx.now)
    audit.record(ctx.session, ctx.actor, "series.extend", "booking", booking.id, occurrences=len(slots),
                 period=[period.first.isoformat(), period.last.isoformat()])
    added = [o for o in booking.occurrences if o.starts_at >= slots[0].start]
    booking_changed(ctx, booking, "changed", added, "extended")
    commit_guarded(ctx, room, slots)
    return booking


class AlreadyExtended(InvalidInput):
    """The period a form asks to add is no longer the series' next one: it was added already."""


def already_extended() -> AlreadyExtended:
    """The refusal of a period that was added to the series already (a form sent again, or at the same time)."""
    return AlreadyExtended(N_("This period has been added to the series already; nothing was booked twice."),
                           {"period": [N_("Already booked.")]})
