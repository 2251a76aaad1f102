"""Stock arithmetic for loanable extras: how many are in use at the busiest moment of a slot.

Intervals are half-open [start, end): a beamer returned at 11:00 can go out again at 11:00 (no
changeover buffer applies to equipment). Pure: no database, no Flask.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Sequence

# The most of one extra a booking may ask for: more than any building has, fewer than any overflow.
MAX_QUANTITY = 1000


@dataclass(frozen=True)
class Use:
    """`quantity` of one extra in use during [start, end) by another booking's date."""

    start: datetime
    end: datetime
    quantity: int


def peak_use(start: datetime, end: datetime, uses: Iterable[Use]) -> int:
    """The largest number in use at any one moment of [start, end)."""
    events: list[tuple[datetime, int]] = []
    for use in uses:
        s, e = max(use.start, start), min(use.end, end)
        if s < e:
            events += [(s, use.quantity), (e, -use.quantity)]
    # At the same instant a return (negative) comes before a new loan: back to back is no overlap.
    events.sort(key=lambda ev: (ev[0], ev[1]))
    current = peak = 0
    for _, change in events:
        current += change
        peak = max(peak, current)
    return peak


def available_per_slot(slots: Sequence[tuple[datetime, datetime]], uses: Sequence[Use], stock: int) -> list[int]:
    """For each slot, how many of the stock are free during the whole of it (never below 0)."""
    return [max(0, stock - peak_use(s, e, uses)) for s, e in slots]


def over_stock(uses: Iterable[Use], stock: int) -> list[tuple[datetime, int]]:
    """The moments at which more than `stock` are in use, with how many: [(start of that use, in use)], in order.

    What a lower stock would break: each entry is a loan that starts while the others out already fill it."""
    events = sorted(((u.start, u.quantity) for u in uses), key=lambda ev: ev[0])
    ends = sorted(((u.end, -u.quantity) for u in uses), key=lambda ev: ev[0])
    # Returns at an instant come before loans at that instant (back to back is no overlap), as in peak_use.
    timeline = sorted(events + ends, key=lambda ev: (ev[0], ev[1]))
    current, found = 0, []
    for moment, change in timeline:
        current += change
        if change > 0 and current > stock:
            found.append((moment, current))
    return found
