"""What a service call needs to know about its caller and its moment."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from ..models import User


@dataclass
class Context:
    """The session, the acting user, the current instant and the guard settings of one call."""

    session: Session
    actor: User
    now: datetime
    guard: bool = True
    max_months: int = 24
    # Only for the negative-control test: widen the check-then-insert window when unguarded.
    race_delay: float = 0.0
