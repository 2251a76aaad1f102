"""The outbox writes: the booking services call booking_changed beside their audit write, in the same
transaction, so a change and its notice are committed, or rolled back, together.

The notice is one row: what changed, which dates, how and why. The letters and their .ics are written
from it after the commit (drafting.py), so the room lock is never held while Python composes mail.
"""
from __future__ import annotations

import json
from typing import Sequence

from flask import current_app, has_request_context, request
from sqlalchemy import insert

from ..bookings.context import Context
from ..models import Booking, MailNotice, Occurrence, Status

NOTICE_TABLE = MailNotice.__table__


def booking_changed(ctx: Context, booking: Booking, kind: str, dates: Sequence[Occurrence] = (), how: str = "",
                    reason: str = "") -> int:
    """Write the notice of a change to `booking` (not committed: the caller commits); 1, or 0 for none.

    `kind`: created (confirmed or pending, as the booking now is), approved, rejected, changed or
    cancelled; `dates`: the dates the change concerns (every date for created); `how`: moved,
    moved_from or extended for a change, date, from or all for a cancellation.
    """
    values = notice(ctx, booking, kind, dates, how, reason)
    if values is None:
        return 0
    # A plain INSERT of the table (no unit of work, no autoflush): unflushed changes of the booking wait
    # for the caller's guarded commit.
    ctx.session.execute(insert(NOTICE_TABLE).values(**values))
    return 1


def notice(ctx: Context, booking: Booking, kind: str, dates: Sequence[Occurrence] = (), how: str = "",
           reason: str = "") -> dict | None:
    """The mail_notice row booking_changed writes, as values to insert (a new booking folds it into its own
    INSERT, bookings/placing.py); None when nothing changed after all (a series whose dates are all over)."""
    if kind == "created":
        date_ids, new_request = None, booking.status == Status.PENDING
    elif not dates:
        return None
    else:
        date_ids = json.dumps([o.id for o in dates])
        new_request = kind in ("pending", "changed") and any(o.status == Status.PENDING for o in dates)
    return {"booking_id": booking.id, "kind": kind, "how": how, "reason": reason, "date_ids": date_ids,
            "status": booking.status.value, "new_request": new_request, "base_url": base_url(),
            "created_at": ctx.now, "drafted_at": None}


def base_url() -> str | None:
    """Where the letters' links point: BOOKING_PUBLIC_URL, else the address the request came in on."""
    return current_app.config.get("PUBLIC_URL") or (request.url_root if has_request_context() else None)
