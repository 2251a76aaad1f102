"""The write lock every booking change takes before it reads, and the commit the database guards."""
from __future__ import annotations

import time
from typing import Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..database import begin_write, commit
from ..domain.errors import BookingConflict, Clash, NotFound
from ..domain.ids import is_id
from ..domain.messages import N_
from ..models import Booking, Room
from .context import Context
from .schedule import Slot, find_clashes


def fetch(ctx: Context, model, ident: int):
    """The row of `model` with primary key `ident`, or None (also for numbers no id can have)."""
    return ctx.session.get(model, ident) if is_id(ident) else None


def get_booking(ctx: Context, booking_id: int) -> Booking:
    """A booking by id, or NotFound."""
    booking = fetch(ctx, Booking, booking_id)
    if booking is None:
        raise NotFound(N_("No booking with this id."))
    return booking


def open_booking(ctx: Context, booking_id: int) -> Booking:
    """Start the write transaction, lock the booking's row, then read it afresh.

    Cancel, move, extend, approve and reject of one booking thus run one after the other,
    each seeing what the one before wrote (PostgreSQL: FOR UPDATE; SQLite: BEGIN IMMEDIATE).
    """
    begin_write(ctx.session, keep=(ctx.actor,))
    if is_id(booking_id):
        ctx.session.execute(select(Booking.id).where(Booking.id == booking_id).with_for_update())
    return get_booking(ctx, booking_id)


def lock_rooms(ctx: Context, rooms: Sequence[Room], keep_loaded: bool = False) -> None:
    """Take the write lock before reading: BEGIN IMMEDIATE on SQLite, room rows FOR UPDATE on PostgreSQL.

    `keep_loaded`: what was read before stays loaded (see database.begin_write).
    """
    if not ctx.guard:
        return
    units = sorted({u for r in rooms for u in r.unit_ids()})
    begin_write(ctx.session, keep_loaded, keep=(ctx.actor,))
    if ctx.session.get_bind().dialect.name != "sqlite":  # SQLite's BEGIN IMMEDIATE locks the whole database
        ctx.session.execute(select(Room.id).where(Room.id.in_(units)).order_by(Room.id).with_for_update())


def unique_clashes(clashes: list[Clash]) -> list[Clash]:
    """Each clashing occurrence once, in the order first met."""
    seen, out = set(), []
    for c in clashes:
        if c.occurrence_id not in seen:
            seen.add(c.occurrence_id)
            out.append(c)
    return out


def commit_guarded(ctx: Context, room: Room, slots: Sequence[Slot], exclude: Sequence[int] = (),
                   keep_loaded: bool = False) -> None:
    """Commit; if the database's own guard refuses an overlap, answer as the service check would.

    `keep_loaded`: what was written stays loaded for the answer (see database.commit).
    """
    try:
        commit(ctx.session, keep_loaded)
    except IntegrityError as exc:
        raise_guarded(ctx, exc, room, slots, exclude)


def raise_guarded(ctx: Context, exc: IntegrityError, room: Room, slots: Sequence[Slot],
                  exclude: Sequence[int] = ()) -> None:
    """After the database refused a write: roll back, and if it refused an overlap, raise the conflict
    the service's own check would have named; any other refusal is raised as it is."""
    ctx.session.rollback()
    if not is_overlap_violation(exc):
        raise exc
    clashes = find_clashes(ctx.session, ctx.actor, room, slots, exclude)
    raise BookingConflict(unique_clashes([c for cs in clashes for c in cs])) from None


def is_overlap_violation(exc: IntegrityError) -> bool:
    """Whether the database refused an overlapping room hold (PostgreSQL 23P01, our SQLite trigger)."""
    orig = exc.orig
    return getattr(orig, "sqlstate", None) == "23P01" or "room_hold_overlap" in str(orig)


def delay_if_unguarded(ctx: Context) -> None:
    """The naive path of the negative control: check, end the transaction, wait, then write."""
    if not ctx.guard and ctx.race_delay:
        ctx.session.commit()
        time.sleep(ctx.race_delay)
