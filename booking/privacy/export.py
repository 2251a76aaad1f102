"""A user's personal data as one JSON document (AVG/GDPR art. 15 and 20): profile, organisation,
the bookings they asked for with their dates, what they did (the audit trail), logins and tokens."""
from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from ..domain.clock import zone_of
from ..domain.ids import is_id
from ..models import ApiToken, AuditEntry, Booking, Invitation, Room, User
from ..models.user_session import UserSession


def instant(value: datetime | None, zone) -> str | None:
    """An instant as local time with offset in `zone` (None stays None)."""
    return value.astimezone(zone).isoformat() if value is not None else None


def detail_of(entry: AuditEntry):
    """An audit entry's detail as data (its text where it is no JSON)."""
    try:
        return json.loads(entry.detail) if entry.detail else None
    except ValueError:
        return entry.detail


def user_to_export(session: Session, user_id: int) -> User | None:
    """The user with their organisation, or None."""
    if not is_id(user_id):
        return None
    return session.scalars(select(User).where(User.id == user_id).options(joinedload(User.organisation))).first()


def personal_data(session: Session, user: User, zone_name: str) -> dict:
    """Everything stored about `user` as plain data; times local with offset in the building's zone.

    Six statements whatever the amounts: bookings (with room, building, organisation), their dates,
    audit entries, login sessions, API tokens, invitations.
    """
    zone = zone_of(zone_name)
    bookings = session.scalars(
        select(Booking).where(Booking.creator_id == user.id)
        .options(joinedload(Booking.room).joinedload(Room.building), joinedload(Booking.organisation),
                 selectinload(Booking.occurrences))
        .order_by(Booking.created_at, Booking.id)).unique().all()
    entries = session.scalars(select(AuditEntry).where(AuditEntry.actor_id == user.id)
                              .order_by(AuditEntry.at, AuditEntry.id)).all()
    logins = session.scalars(select(UserSession).where(UserSession.user_id == user.id)
                             .order_by(UserSession.created_at, UserSession.id)).all()
    tokens = session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                             .order_by(ApiToken.created_at, ApiToken.id)).all()
    invitations = session.scalars(select(Invitation).where(Invitation.user_id == user.id)
                                  .order_by(Invitation.created_at, Invitation.id)).all()
    org = user.organisation
    return {
        "profile": {"id": user.id, "name": user.name, "email": user.email, "role": user.role.value,
                    "language": user.language, "active": user.active,
                    "created_at": instant(user.created_at, zone)},
        "memberships": ([{"organisation_id": org.id, "name": org.name, "kind": org.kind.value, "role": user.role.value}]
                        if org else []),
        "bookings": [{
            "id": b.id, "title": b.title, "description": b.description, "organisation": b.organisation.name,
            "room": b.room.name, "building": b.room.building.name, "visibility": b.visibility.value,
            "status": b.status.value, "expected_people": b.expected_people, "setup_notes": b.setup_notes,
            "created_at": instant(b.created_at, zone),
            "dates": [{"start": instant(o.starts_at, zone), "end": instant(o.ends_at, zone),
                       "status": o.status.value} for o in b.occurrences]} for b in bookings],
        "audit": [{"at": instant(e.at, zone), "action": e.action, "subject_type": e.subject_type,
                   "subject_id": e.subject_id, "detail": detail_of(e)} for e in entries],
        "logins": [{"created_at": instant(s.created_at, zone), "ended_at": instant(s.ended_at, zone)}
                   for s in logins],
        "api_tokens": [{"created_at": instant(t.created_at, zone), "last_used_at": instant(t.last_used_at, zone)}
                       for t in tokens],
        "invitations": [{"created_at": instant(i.created_at, zone), "expires_at": instant(i.expires_at, zone),
                         "used_at": instant(i.used_at, zone)} for i in invitations],
    }
