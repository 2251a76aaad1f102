"""The front desk's decisions on requests for rooms that require approval."""
from __future__ import annotations

from .. import audit
from ..domain.errors import Forbidden, InvalidInput
from ..domain.messages import N_
from ..models import Booking, Status
from ..notifications.services import booking_changed
from .context import Context
from .locking import open_booking
from .placing import drop_holds, settle_status


def _decide(ctx: Context, booking_id: int) -> Booking:
    if not ctx.actor.is_staff:
        raise Forbidden(N_("Only the front desk can approve or reject requests."))
    booking = open_booking(ctx, booking_id)
    if not any(o.status == Status.PENDING for o in booking.occurrences):
        raise InvalidInput(N_("This request has already been decided."), {})
    booking.decided_by, booking.decided_at = ctx.actor, ctx.now
    return booking


def approve(ctx: Context, booking_id: int, note: str = "") -> Booking:
    """Confirm every pending date of a request; they held their slots all along."""
    booking = _decide(ctx, booking_id)
    decided = [o for o in booking.occurrences if o.status == Status.PENDING]
    for occ in decided:
        occ.status = Status.CONFIRMED
    booking.decision_note = note
    settle_status(booking, ctx.now)
    audit.record(ctx.session, ctx.actor, "booking.approve", "booking", booking.id, note=note)
    booking_changed(ctx, booking, "approved", decided, reason=note)
    ctx.session.commit()
    return booking


def reject(ctx: Context, booking_id: int, reason: str) -> Booking:
    """Refuse a request with a reason; its slots are free at once."""
    if not reason.strip():
        msg = N_("Give a reason, so the requester knows why.")
        raise InvalidInput(msg, {"reason": [msg]})
    booking = _decide(ctx, booking_id)
    refused = [o for o in booking.occurrences if o.status == Status.PENDING]
    for occ in refused:
        occ.status = Status.REJECTED
    drop_holds(ctx.session, refused)  # one DELETE, not a read and a delete per date
    booking.decision_note = reason.strip()
    # A refused request is rejected; a confirmed series with one refused change stays confirmed.
    settle_status(booking, ctx.now)
    audit.record(ctx.session, ctx.actor, "booking.reject", "booking", booking.id, reason=reason)
    booking_changed(ctx, booking, "rejected", refused, reason=reason.strip())
    ctx.session.commit()
    return booking
