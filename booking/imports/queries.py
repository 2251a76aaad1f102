"""Reads of the import: whether a preview booked before, and the bookings it made."""
from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from ..models import AuditEntry, Booking, Room

CONFIRMED = "import.confirm"


def imported_before(session: Session, key: str) -> list[int] | None:
    """The ids of the bookings the confirmation of preview `key` made, or None if it has not been confirmed.

    The confirmation's audit entry is the record: written in the same transaction as the bookings, so
    it exists exactly when they do. Read under the write lock, so two confirmations do not both miss it.
    """
    if not key:
        return None
    fragment = json.dumps({"key": key})[1:-1]  # '"key": "..."', as audit.record writes it (sorted keys)
    detail = session.scalars(select(AuditEntry.detail).where(
        AuditEntry.action == CONFIRMED, AuditEntry.detail.contains(fragment, autoescape=True)).limit(1)).first()
    if detail is None:
        return None
    return [int(i) for i in json.loads(detail).get("bookings", [])]


def bookings_by_id(session: Session, ids: list[int]) -> list[Booking]:
    """The bookings with these ids, with their room, building, organisation and dates, in id order."""
    if not ids:
        return []
    return list(session.scalars(
        select(Booking).where(Booking.id.in_(ids)).order_by(Booking.id)
        .options(joinedload(Booking.room).joinedload(Room.building), joinedload(Booking.organisation),
                 selectinload(Booking.occurrences))).unique())
