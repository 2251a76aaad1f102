"""The extras a booking asks for: checked, stock-checked under the lock, and written with the booking.

A loanable item (a beamer) is never promised twice at the same time: on every date of a booking,
the quantities asked for by active (confirmed or pending) bookings whose dates overlap must stay
within the stock. The check runs in the booking's write transaction after the extras' rows are
locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises every
writer), so two bookings of different rooms cannot both take the last beamer.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Sequence

from sqlalchemy import and_, insert, or_, select

from ..domain.clock import wall, zone_of
from ..domain.errors import InvalidInput, RuleViolation
from ..domain.ids import is_id
from ..domain.messages import N_
from ..domain.overlap import merge
from ..domain.stock import MAX_QUANTITY, Use, available_per_slot
from ..models import ACTIVE_STATUSES, BookingExtra, Extra, Occurrence, Room
from ..bookings.context import Context
from ..database import begin_write

# Windows per statement when reading what is in use: a flat OR of this many terms stays far below
# SQLite's expression depth limit (1000).
WINDOWS_PER_READ = 200
# The dates a refusal names at most (a daily series can be short on hundreds).
DAYS_NAMED = 8


@dataclass(frozen=True)
class ExtraRequest:
    """`quantity` of the extra with id `extra_id`, as a form or the API asks for it (not yet checked)."""

    extra_id: object
    quantity: object


@dataclass(frozen=True)
class Wanted:
    """A checked request: `quantity` (1 .. MAX_QUANTITY) of an active extra of the room's building."""

    extra: Extra
    quantity: int


class ExtrasShort(RuleViolation):
    """A loanable extra is not free in the asked number on some dates (409); nothing was written.

    A RuleViolation, so that every page that shows a broken rule shows this one too."""

    code = "extras_unavailable"
    status = 409


def bad(message: str, index: int | None = None) -> InvalidInput:
    """InvalidInput naming the field 'extras' (and the item's place in the list, for the API)."""
    return InvalidInput(message, {"extras" if index is None else f"extras.{index}": [message]})


def check_requests(ctx: Context, room: Room, requests: Sequence[ExtraRequest]) -> list[Wanted]:
    """The requests as checked Wanted items; InvalidInput for a quantity that is no whole number from 1 to
    MAX_QUANTITY, an extra asked twice, and an extra that is unknown, inactive or of another building.

    One statement (none for no requests)."""
    if not requests:
        return []
    if len(requests) > 100:
        raise bad(N_("Ask for at most 100 extras."))
    for i, r in enumerate(requests):
        if not is_id(r.extra_id):
            raise bad(N_("No extra with this id."), i)
        if not isinstance(r.quantity, int) or isinstance(r.quantity, bool) or not 1 <= r.quantity <= MAX_QUANTITY:
            raise bad(N_("The number of an extra must be a whole number from 1 to %(most)s.", most=MAX_QUANTITY), i)
    ids = [r.extra_id for r in requests]
    if len(set(ids)) != len(ids):
        raise bad(N_("Each extra can be asked for once; give the total number."))
    found = {e.id: e for e in ctx.session.scalars(select(Extra).where(Extra.id.in_(ids)))}
    wanted = []
    for i, r in enumerate(requests):
        extra = found.get(r.extra_id)
        if extra is None or extra.building_id != room.building_id or not extra.active:
            raise bad(N_("This extra cannot be asked for with a booking of %(room)s.", room=room.name), i)
        wanted.append(Wanted(extra, r.quantity))
    return wanted


def lock_extras(ctx: Context, wanted: Sequence[Wanted]) -> None:
    """Take the write lock on the loanable extras asked for (after the rooms' lock, in id order, so two
    writers never wait for each other crosswise). On SQLite the write transaction's BEGIN IMMEDIATE is the lock."""
    lock_extra_rows(ctx, [w.extra.id for w in wanted if w.extra.is_loan])


def lock_extra_rows(ctx: Context, extra_ids: Sequence[int]) -> None:
    """Take the write lock on these extras' rows, in id order, and read them afresh under it (their stock as it
    is now): FOR UPDATE on PostgreSQL; on SQLite the write transaction's BEGIN IMMEDIATE is the lock."""
    ids = sorted(set(extra_ids))
    if not ids or not ctx.guard:
        return
    begin_write(ctx.session, keep_loaded=True)
    fresh = select(Extra).where(Extra.id.in_(ids)).order_by(Extra.id).execution_options(populate_existing=True)
    if ctx.session.get_bind().dialect.name != "sqlite":
        fresh = fresh.with_for_update()
    ctx.session.scalars(fresh).all()


def uses_of(ctx: Context, extra_ids: Iterable[int], windows: Sequence[tuple[datetime, datetime]],
            exclude_dates: Iterable[int] = ()) -> dict[int, list[Use]]:
    """What active dates overlapping the windows have of each extra: extra id -> uses; `exclude_dates` names
    occurrences to leave out (dates being moved). One statement per WINDOWS_PER_READ merged windows."""
    ids = sorted(set(extra_ids))
    merged = merge(list(windows))
    found: dict[int, list[Use]] = {i: [] for i in ids}
    if not ids or not merged:
        return found
    base = (select(BookingExtra.extra_id, BookingExtra.quantity, Occurrence.starts_at, Occurrence.ends_at)
            .join(Occurrence, Occurrence.booking_id == BookingExtra.booking_id)
            .where(BookingExtra.extra_id.in_(ids), Occurrence.status.in_(ACTIVE_STATUSES)))
    skip = sorted(set(exclude_dates))
    if skip:
        base = base.where(Occurrence.id.not_in(skip))
    for i in range(0, len(merged), WINDOWS_PER_READ):
        batch = merged[i:i + WINDOWS_PER_READ]
        q = base.where(or_(*(and_(Occurrence.starts_at < e, Occurrence.ends_at > s) for s, e in batch)))
        for extra_id, quantity, start, end in ctx.session.execute(q):
            found[extra_id].append(Use(start, end, quantity))
    return found


def day_list(days: list) -> str:
    """'29-03-2027, 05-04-2027' and, past DAYS_NAMED dates, how many more."""
    shown = ", ".join(f"{d:%d-%m-%Y}" for d in days[:DAYS_NAMED])
    return shown if len(days) <= DAYS_NAMED else f"{shown} (+{len(days) - DAYS_NAMED})"


def check_stock(ctx: Context, room: Room, wanted: Sequence[Wanted], slots: Sequence,
                exclude_dates: Iterable[int] = ()) -> None:
    """Refuse (ExtrasShort) when a loanable extra asked for is not free in the asked number on every slot;
    the message names the item and the local dates where it is short."""
    loans = [w for w in wanted if w.extra.is_loan]
    if not loans or not slots:
        return
    windows = [(s.start, s.end) for s in slots]
    uses = uses_of(ctx, [w.extra.id for w in loans], windows, exclude_dates)
    zone = zone_of(room.building.timezone)
    fields, occurrences, shortages, first = [], [], [], None
    for w in loans:
        free = available_per_slot(windows, uses[w.extra.id], w.extra.stock)
        short = [(slot, n) for slot, n in zip(slots, free) if n < w.quantity]
        if not short:
            continue
        days = [wall(slot.start, zone).date() for slot, _ in short]
        least = min(n for _, n in short)
        msg = N_("Not enough %(name)s free on %(days)s: %(free)s of %(stock)s free, %(asked)s asked.",
                 name=w.extra.name, days=day_list(days), free=least, stock=w.extra.stock, asked=w.quantity)
        first = first or msg
        fields.append(msg)
        shortages.append({"extra_id": w.extra.id, "name": w.extra.name, "requested": w.quantity,
                          "stock": w.extra.stock, "dates": [d.isoformat() for d in days]})
        occurrences += [{"start": slot.start, "end": slot.end,
                         "problems": [{"rule": "extra_stock", "message": msg}]} for slot, _ in short]
    if first is not None:
        raise ExtrasShort(first, {"extras": fields}, shortages=shortages,
                          occurrences=sorted(occurrences, key=lambda o: o["start"])[:50])


def add_extras(ctx: Context, booking_id: int, wanted: Sequence[Wanted]) -> None:
    """Write what the booking asks for (one statement)."""
    if wanted:
        ctx.session.execute(insert(BookingExtra), [
            {"booking_id": booking_id, "extra_id": w.extra.id, "quantity": w.quantity} for w in wanted])


def described(wanted: Sequence[Wanted]) -> list[list]:
    """What the audit trail keeps of the extras asked for: [[id, name, quantity], ...]."""
    return [[w.extra.id, w.extra.name, w.quantity] for w in wanted]


def wanted_by(ctx: Context, booking_id: int) -> list[Wanted]:
    """What a booking asks for, as checked items (an extra deactivated since still counts: the booking has it).
    One statement."""
    rows = ctx.session.execute(select(Extra, BookingExtra.quantity).join(BookingExtra, BookingExtra.extra_id == Extra.id)
                               .where(BookingExtra.booking_id == booking_id).order_by(Extra.id)).all()
    return [Wanted(extra, quantity) for extra, quantity in rows]


def recheck_stock(ctx: Context, booking_id: int, room: Room, slots: Sequence, exclude_dates: Iterable[int] = ()) -> None:
    """Dates of a booking moved or added (under the room lock): what it asks for must be free at the new times
    too. The dates being moved (`exclude_dates`) do not count against themselves. Equipment stays in its
    building: a booking with extras cannot move to a room of another building."""
    wanted = wanted_by(ctx, booking_id)
    if not wanted:
        return
    if any(w.extra.building_id != room.building_id for w in wanted):
        msg = N_("This booking asks for extras of its own building; it cannot move to %(room)s.", room=room.name)
        raise InvalidInput(msg, {"room_id": [msg]})
    lock_extras(ctx, wanted)
    check_stock_locked(ctx, room, wanted, slots, exclude_dates)


def check_stock_locked(ctx: Context, room: Room, wanted: Sequence[Wanted], slots: Sequence,
                       exclude_dates: Iterable[int] = ()) -> None:
    """check_stock under the write lock: a refusal first lets go of the lock (rolls back), so that the page
    that shows it does not keep every other writer waiting."""
    try:
        check_stock(ctx, room, wanted, slots, exclude_dates)
    except ExtrasShort:
        ctx.session.rollback()
        raise
