"""The front desk's marks on a date: arrived or no-show (kept for the reports), and setup notes done.

Each write: the front desk or an administrator only (Forbidden otherwise, before anything is read);
the booking's row locked first (locking.open_booking); the audit entry in the same transaction;
then commit. Setting what is already set writes nothing, not even an audit entry, so a form
posted twice does no harm.
"""
from __future__ import annotations

from .. import audit
from ..bookings.context import Context
from ..bookings.locking import open_booking
from ..bookings.services import get_occurrence
from ..database import commit
from ..domain.errors import Forbidden
from ..domain.messages import N_
from ..models import Occurrence
from ..models.enums import Attendance


def require_front_desk(ctx: Context) -> None:
    """Raise Forbidden unless the actor is the front desk or an administrator."""
    if not ctx.actor.is_staff:
        raise Forbidden(N_("Only the front desk marks arrivals and setup notes."))


def mark_attendance(ctx: Context, booking_id: int, occurrence_id: int, attendance: Attendance | None) -> Occurrence:
    """Mark one date arrived, no-show, or nothing (None takes a mark back). Any date may be marked,
    also one that has not begun yet (an absence announced ahead).

    occurrence.arrived_at is the moment the date was marked arrived; another mark clears it.
    """
    require_front_desk(ctx)
    booking = open_booking(ctx, booking_id)
    occ = get_occurrence(ctx, booking, occurrence_id)
    if occ.attendance != attendance:
        before = occ.attendance
        occ.attendance = attendance
        occ.arrived_at = ctx.now if attendance == Attendance.ARRIVED else None
        audit.record(ctx.session, ctx.actor, "occurrence.attendance", "occurrence", occ.id, booking_id=booking.id,
                     attendance=attendance.value if attendance else None, before=before.value if before else None)
    commit(ctx.session, keep_loaded=True)  # the answer shows the mark without reading it again
    return occ


def mark_setup_done(ctx: Context, booking_id: int, occurrence_id: int, done: bool = True) -> Occurrence:
    """Tick off (or, with done=False, untick) the booking's setup notes for one date."""
    require_front_desk(ctx)
    booking = open_booking(ctx, booking_id)
    occ = get_occurrence(ctx, booking, occurrence_id)
    if (occ.setup_done_at is not None) != done:
        occ.setup_done_at = ctx.now if done else None
        audit.record(ctx.session, ctx.actor, "occurrence.setup_done", "occurrence", occ.id, booking_id=booking.id,
                     done=done)
    commit(ctx.session, keep_loaded=True)  # the answer shows the mark without reading it again
    return occ
