"""The audit trail read back: entries with who, when, what, and the old and new values, filtered.

Entries keep their detail as JSON (booking/audit.py). Admin changes write {"old": ..., "new": ...};
the booking services write the values of the change (a move its 'before' and 'after', an attendance
mark its 'before' and 'attendance', a cancellation its reason). old_and_new reads each kind into the
same shape, with every instant written as local time with offset in the building's zone.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..bookings.queries import Page, read_page
from ..domain.ids import is_id
from ..models import AuditEntry, Booking, Occurrence, User

# What a status change leaves behind, for the actions that record no status of their own.
STATUS_AFTER = {"booking.cancel": (None, "cancelled"), "occurrence.cancel": (None, "cancelled"),
                "series.cancel_from": (None, "cancelled"), "booking.approve": ("pending", "confirmed"),
                "booking.reject": ("pending", "rejected")}
# The most of an entry's values the screen shows (the demo seed records every row it made).
SHOWN_LENGTH = 300


@dataclass(frozen=True)
class TrailEntry:
    """One audit entry as the trail shows it."""

    id: int
    at: datetime
    actor: str | None
    action: str
    subject_type: str
    subject_id: int | None
    old: dict | None
    new: dict | None


def local_times(value, zone: ZoneInfo):
    """`value` with every ISO instant with an offset in it written as local time with offset in `zone`."""
    if isinstance(value, dict):
        return {k: local_times(v, zone) for k, v in value.items()}
    if isinstance(value, list):
        return [local_times(v, zone) for v in value]
    if isinstance(value, str) and len(value) >= 16 and value[4:5] == "-" and "T" in value:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        return moment.astimezone(zone).isoformat() if moment.tzinfo else value
    return value


def slot(values, occurrence_id: int | None) -> dict:
    """A [start, end, room_id] list as a dict."""
    start, end, room_id = (list(values) + [None, None, None])[:3]
    return {"occurrence_id": occurrence_id, "start": start, "end": end, "room_id": room_id}


def old_and_new(entry: AuditEntry, zone: ZoneInfo) -> tuple[dict | None, dict | None]:
    """The values before and after the change an entry records (None where it records none)."""
    try:
        detail = json.loads(entry.detail) if entry.detail else {}
    except ValueError:
        detail = {"detail": entry.detail}
    if not isinstance(detail, dict):
        detail = {"detail": detail}
    occurrence_id = entry.subject_id if entry.subject_type == "occurrence" else detail.get("occurrence_id")
    if "old" in detail or "new" in detail:
        old, new = detail.get("old"), detail.get("new")
    elif entry.action == "occurrence.move":
        old, new = slot(detail.get("before") or [], occurrence_id), slot(detail.get("after") or [], occurrence_id)
    elif entry.action == "occurrence.attendance":
        old = {"occurrence_id": occurrence_id, "attendance": detail.get("before")}
        new = {"occurrence_id": occurrence_id, "attendance": detail.get("attendance")}
    else:
        new = {k: v for k, v in detail.items() if k != "booking_id"}
        if entry.subject_type == "occurrence":
            new["occurrence_id"] = occurrence_id
        old = None
        if entry.action in STATUS_AFTER:
            before, after = STATUS_AFTER[entry.action]
            old = {"status": before} if before else None
            new["status"] = after
    return local_times(old, zone), local_times(new, zone)


def booking_trail(session: Session, booking: Booking, zone: ZoneInfo) -> list[TrailEntry]:
    """Every entry about a booking and its dates, oldest first (two statements: the entries, their actors)."""
    dates = select(Occurrence.id).where(Occurrence.booking_id == booking.id)
    rows = session.execute(
        select(AuditEntry, User.email).outerjoin(User, User.id == AuditEntry.actor_id)
        .where(or_((AuditEntry.subject_type == "booking") & (AuditEntry.subject_id == booking.id),
                   (AuditEntry.subject_type == "occurrence") & AuditEntry.subject_id.in_(dates)))
        .order_by(AuditEntry.at, AuditEntry.id)).all()
    return [TrailEntry(e.id, e.at, email, e.action, e.subject_type, e.subject_id, *old_and_new(e, zone))
            for e, email in rows]


@dataclass(frozen=True)
class TrailFilter:
    """What the audit screen asks for: a kind of subject and its id, an actor's email, an action, local days."""

    subject_type: str | None = None
    subject_id: int | None = None
    actor: str | None = None
    action: str | None = None
    first: date | None = None
    last: date | None = None


def trail_page(session: Session, wanted: TrailFilter, zone: ZoneInfo, number: int) -> Page[TrailEntry]:
    """One page of the audit trail, newest first, filtered; days are local days in `zone`."""
    where = []
    if wanted.subject_type:
        where.append(AuditEntry.subject_type == wanted.subject_type)
    if wanted.subject_id is not None:
        where.append(AuditEntry.subject_id == (wanted.subject_id if is_id(wanted.subject_id) else 0))
    if wanted.action:
        where.append(AuditEntry.action.startswith(wanted.action, autoescape=True))
    if wanted.actor:
        where.append(func.lower(User.email).contains(wanted.actor.lower(), autoescape=True))
    if wanted.first:
        where.append(AuditEntry.at >= datetime.combine(wanted.first, datetime.min.time(), zone))
    if wanted.last:
        where.append(AuditEntry.at < datetime.combine(date.fromordinal(wanted.last.toordinal() + 1),
                                                      datetime.min.time(), zone))
    base = select(AuditEntry, User.email).outerjoin(User, User.id == AuditEntry.actor_id).where(*where)
    count = select(func.count()).select_from(base.subquery())

    def rows(offset: int, limit: int, backwards: bool) -> list[TrailEntry]:
        order = (AuditEntry.at, AuditEntry.id) if backwards else (AuditEntry.at.desc(), AuditEntry.id.desc())
        return [TrailEntry(e.id, e.at, email, e.action, e.subject_type, e.subject_id, *old_and_new(e, zone))
                for e, email in session.execute(base.order_by(*order).offset(offset).limit(limit))]
    return read_page(session, count, rows, number)


def subject_types(session: Session) -> list[str]:
    """The kinds of subject the trail holds, to filter by."""
    return list(session.scalars(select(AuditEntry.subject_type).distinct().order_by(AuditEntry.subject_type)))


def booking_for_trail(session: Session, booking_id: int | None) -> Booking | None:
    """A booking with its room and building (for the zone), or None."""
    return session.get(Booking, booking_id) if is_id(booking_id) else None


def audit_screen(session: Session, wanted: TrailFilter, zone: ZoneInfo,
                 number: int) -> tuple[Page[TrailEntry], list[str]]:
    """The audit screen's page of entries and the kinds of subject to filter by."""
    return trail_page(session, wanted, zone, number), subject_types(session)


def shown(values: dict | None) -> str:
    """Old or new values as short text for the screen ('' for none)."""
    if not values:
        return ""
    text = ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v}"
                     for k, v in values.items())
    return text if len(text) <= SHOWN_LENGTH else text[:SHOWN_LENGTH] + "…"
