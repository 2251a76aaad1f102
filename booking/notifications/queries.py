"""Reads of the notifications: the people to tell of a change, the messages of the outbox."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..models import OutboxMessage, Role, User
from .compose import Person

STAFF_ROLES = (Role.ADMIN, Role.FRONTDESK)


def people_to_tell(session: Session, organisation_id: int, creator_id: int | None, staff: bool) -> list[Person]:
    """The active users who may hear of a change: the organisation's, the creator, and with `staff`
    the front desk and admins. One statement, however many they are."""
    who = [User.organisation_id == organisation_id]
    if creator_id is not None:
        who.append(User.id == creator_id)
    if staff:
        who.append(User.role.in_(STAFF_ROLES))
    rows = session.execute(select(User.id, User.email, User.name, User.language, User.role, User.organisation_id)
                           .where(User.active, or_(*who)).order_by(User.id))
    return [Person(id=i, email=email, name=name, language=language, staff=Role(role) in STAFF_ROLES,
                   organisation_id=org) for i, email, name, language, role, org in rows]


def due(now: datetime):
    """The condition of a message a sender may take: unsent, due, and not claimed by a sender still at it."""
    return (OutboxMessage.sent_at.is_(None), OutboxMessage.next_try <= now,
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now))


def claimed(session: Session, token: str) -> list[OutboxMessage]:
    """The messages a sender claimed with `token`, oldest first."""
    return list(session.scalars(select(OutboxMessage).where(OutboxMessage.claim_token == token)
                                .order_by(OutboxMessage.next_try, OutboxMessage.id)))
