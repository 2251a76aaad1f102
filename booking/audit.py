"""Write entries to the audit trail."""
from __future__ import annotations

import json

from sqlalchemy import insert
from sqlalchemy.orm import Session

from .models import AuditEntry, User
from .models.types import utcnow

AUDIT_TABLE = AuditEntry.__table__


def entry(actor: User | None, action: str, subject_type: str, subject_id: int | None, **detail) -> dict:
    """The audit_entry row of an action, as values to insert (record writes it; a booking folds it into its
    own INSERT, bookings/placing.py)."""
    return {"at": utcnow(), "actor_id": actor.id if actor else None, "action": action, "subject_type": subject_type,
            "subject_id": subject_id, "detail": json.dumps(detail, default=str, sort_keys=True) if detail else ""}


def record(session: Session, actor: User | None, action: str, subject_type: str,
           subject_id: int | None, **detail) -> None:
    """Write an audit entry in the session's current transaction (committed, or rolled back, with the change)."""
    # A plain INSERT of the table, not an object for the unit of work: no flush to plan, and the entry is
    # in the transaction at once. Its only reference is the actor, who is stored already.
    session.execute(insert(AUDIT_TABLE).values(**entry(actor, action, subject_type, subject_id, **detail)))
