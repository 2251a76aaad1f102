"""When a cancelled date was cancelled, read from the audit trail, and whether that was late (pure Python).

The cancel path stores no time on the date itself (Occurrence has a status and a reason only); the audit
trail holds one entry per cancelling action, with its time:

- 'occurrence.cancel' (subject: the occurrence) for one date;
- 'booking.cancel' (subject: the booking) for every date of the series not yet over at that moment;
- 'series.cancel_from' (subject: the booking, detail {"occurrence_id": the chosen date}) for that date
  and every later one not yet over.

A date is cancelled once (a cancelled date cannot be cancelled again, moved or restored), so the time it
was cancelled is the time of its own entry, or else of the earliest entry of its series that covered
it: made before the date ended and, for 'from this date on', from a date at or before it. A date with
no such entry (cancelled outside the application) has no known time and does not count as late.

A date the administrator cancelled because a new closure covers it ('occurrence.cancel' with a
"closure_id" in its detail, admin/closures.py) was called off by the building, not by the organisation:
it never counts as cancelled late.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable

# Cancelled within this long before the start (or after it began): late.
LATE_WINDOW = timedelta(hours=24)
OCCURRENCE_CANCEL = "occurrence.cancel"
SERIES_CANCELS = ("booking.cancel", "series.cancel_from")
CANCEL_ACTIONS = (OCCURRENCE_CANCEL, *SERIES_CANCELS)


@dataclass(frozen=True)
class CancelledDate:
    """A cancelled date: which series and room, and when it was to take place."""

    id: int
    booking_id: int
    room_id: int
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class CancelEntry:
    """An audit entry of a cancelling action."""

    at: datetime
    action: str
    subject_type: str
    subject_id: int | None
    detail: str


def from_date(entry: CancelEntry) -> int | None:
    """The date a 'from this date on' cancellation started at (None for other entries or unreadable detail)."""
    if entry.action != "series.cancel_from":
        return None
    value = detail_of(entry).get("occurrence_id")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def detail_of(entry: CancelEntry) -> dict:
    """The entry's detail as a dict (empty when it is none or unreadable)."""
    try:
        found = json.loads(entry.detail or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def closed_by_building(entries: Iterable[CancelEntry]) -> set[int]:
    """The ids of the dates cancelled because a closure of the building or room covers them."""
    return {e.subject_id for e in entries if e.subject_type == "occurrence" and e.action == OCCURRENCE_CANCEL
            and e.subject_id is not None and detail_of(e).get("closure_id") is not None}


def cancel_times(dates: Iterable[CancelledDate], entries: Iterable[CancelEntry]) -> dict[int, datetime | None]:
    """For each cancelled date (by id), when it was cancelled, or None when the audit trail does not say."""
    dates = list(dates)
    starts = {d.id: d.starts_at for d in dates}
    own: dict[int, datetime] = {}
    series: dict[int, list[tuple[datetime, int | None]]] = {}
    for e in entries:
        if e.subject_id is None:
            continue
        if e.subject_type == "occurrence" and e.action == OCCURRENCE_CANCEL:
            own[e.subject_id] = min(e.at, own.get(e.subject_id, e.at))
        elif e.subject_type == "booking" and e.action in SERIES_CANCELS:
            series.setdefault(e.subject_id, []).append((e.at, from_date(e)))
    out: dict[int, datetime | None] = {}
    for d in dates:
        if d.id in own:
            out[d.id] = own[d.id]
            continue
        covering = [at for at, first in series.get(d.booking_id, ())
                    if at < d.ends_at and (first is None or first not in starts or starts[first] <= d.starts_at)]
        out[d.id] = min(covering) if covering else None
    return out


def is_late(cancelled_at: datetime | None, starts_at: datetime, window: timedelta = LATE_WINDOW) -> bool:
    """Whether a date cancelled at `cancelled_at` was cancelled late: within `window` before its start, or after."""
    return cancelled_at is not None and cancelled_at >= starts_at - window
