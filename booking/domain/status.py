"""A series' status from its dates: the one rule every transition (book, move, cancel, decide) uses."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable

# The states as plain strings, so this module needs neither the models nor the database.
CONFIRMED, PENDING, REJECTED, CANCELLED = "confirmed", "pending", "rejected", "cancelled"
ACTIVE = (CONFIRMED, PENDING)


@dataclass(frozen=True)
class DateState:
    """What the rule needs to know of one date: its status and when it ends."""

    status: str
    ends_at: datetime


def series_status(current: str, dates: Iterable[DateState], now: datetime) -> str:
    """The status a series has after a change to its dates.

    - Waiting while any date waits for the front desk.
    - Confirmed while any active date is still to come, or when it simply ran its course.
    - Rejected stays rejected (cancelling a refused request later does not make it 'cancelled'),
      and a request none of whose dates was ever confirmed is rejected once refused.
    - Otherwise cancelled: no date left to come, and at least one was called off before its time.
    """
    dates = list(dates)
    active = [d for d in dates if d.status in ACTIVE]
    if any(d.status == PENDING for d in active):
        return PENDING
    if any(d.ends_at > now for d in active):
        return CONFIRMED
    if current == REJECTED:
        return REJECTED
    if any(d.status == REJECTED for d in dates) and not any(d.status == CONFIRMED for d in dates):
        return REJECTED
    called_off_early = any(d.status in (CANCELLED, REJECTED) and d.ends_at > now for d in dates)
    if active and not called_off_early:
        return CONFIRMED
    return CANCELLED
