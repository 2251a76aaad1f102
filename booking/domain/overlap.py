"""When two slots of the same rooms collide, changeover buffers included."""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Generic, Iterable, TypeVar

T = TypeVar("T")


def blocked_until(end: datetime, buffer_minutes: int) -> datetime:
    """The end of the time a slot keeps its room: its end plus the room's changeover buffer.

    Storing [start, end + buffer) for every slot makes any two slots of a room at least
    `buffer` apart on either side: the later one must start after the earlier one's buffer.
    """
    return end + timedelta(minutes=buffer_minutes)


def clashes(a_start: datetime, a_blocked_until: datetime,
            b_start: datetime, b_blocked_until: datetime) -> bool:
    """Whether two half-open held intervals intersect (back-to-back ones do not)."""
    return a_start < b_blocked_until and b_start < a_blocked_until


@dataclass(frozen=True)
class Held(Generic[T]):
    """An interval a room is held for, carrying whatever identifies its owner."""

    start: datetime
    until: datetime
    owner: T


class HeldIndex(Generic[T]):
    """Held intervals sorted by start, to find clashes of many slots in O(n log n)."""

    def __init__(self, held: Iterable[Held[T]]):
        self._held = sorted(held, key=lambda h: (h.start, h.until))
        self._starts = [h.start for h in self._held]
        # Longest held interval bounds how far back a clashing one can start.
        self._longest = max((h.until - h.start for h in self._held), default=timedelta(0))

    def clashing(self, start: datetime, until: datetime) -> list[Held[T]]:
        """Every held interval that intersects [start, until)."""
        lo = bisect_left(self._starts, start - self._longest)
        hi = bisect_left(self._starts, until)
        return [h for h in self._held[lo:hi] if clashes(start, until, h.start, h.until)]


def merge(intervals: Iterable[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """Merge overlapping or touching intervals into a sorted, disjoint list."""
    out: list[tuple[datetime, datetime]] = []
    for s, e in sorted(intervals):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def too_close(a_start: datetime, a_end: datetime, a_buffer: timedelta,
              b_start: datetime, b_end: datetime, b_buffer: timedelta) -> bool:
    """Whether two slots of shared rooms clash: they overlap, or the gap between them is shorter
    than the larger of their rooms' buffers (each room wants its buffer on either side).

    The database's own guard holds [start, end + buffer) per room; that never refuses what this
    allows, and this is the service's stricter, symmetric reading for combined rooms.
    """
    gap = max(a_buffer, b_buffer)
    return a_start < b_end + gap and b_start < a_end + gap
