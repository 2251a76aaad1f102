"""Write entries to the audit trail."""
from __future__ import annotations

import json

from sqlalchemy.orm import Session

from .models import AuditEntry, User


def record(session: Session, actor: User | None, action: str, subject_type: str,
           subject_id: int | None, **detail) -> None:
    """Add an audit entry to the session's current transaction (committed with the change)."""
    session.add(AuditEntry(actor_id=actor.id if actor else None, action=action,
                           subject_type=subject_type, subject_id=subject_id,
                           detail=json.dumps(detail, default=str, sort_keys=True) if detail else ""))
