"""What every page's menu says about the front desk's work: how many requests wait for a decision."""
from __future__ import annotations

from functools import cache

from flask_login import current_user
from sqlalchemy import Select, exists, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ..extensions import db
from ..models import Booking, Occurrence, Status
from ..readcache import latest_or_read, remembered_state


def pending_count(session: Session) -> int:
    """How many bookings wait for the front desk's decision (those with a pending date): one count statement.

    A series with a pending date is itself pending (domain/status.py), so the few pending series are
    found first and only their dates are looked at; not every date of the building (80 ms at 1M dates).
    """
    return session.scalar(_pending_statement()) or 0


@cache
def _pending_statement() -> Select:
    # Built once: every page the front desk opens asks it.
    waiting = exists().where(Occurrence.booking_id == Booking.id, Occurrence.status == Status.PENDING)
    return select(func.count(Booking.id)).where(Booking.status == Status.PENDING, waiting)


def menu_counts() -> dict:
    """The template context of every page: `pending_requests`, the number the 'Front desk' link shows.

    Counted only for the front desk and administrators (one statement, none while kept under the change key
    the page read: readcache.remember_state), and only when a page is rendered for them; everyone else gets
    None and costs nothing.
    """
    if not (current_user and current_user.is_authenticated and current_user.is_staff):
        return {"pending_requests": None}
    try:
        # Kept while the database is unchanged, when the page read the change key first (the front desk's day):
        # the screen that is reloaded all day then asks nothing for the menu.
        count = latest_or_read(("pending-requests",), remembered_state(), lambda: pending_count(db.session))
        return {"pending_requests": count}
    except SQLAlchemyError:  # the error page of a broken database still renders, without the number
        db.session.rollback()
        return {"pending_requests": None}
