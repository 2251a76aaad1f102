"""Failed logins, counted by the login throttle when no Redis is configured (booking/security/sql_storage.py)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import UTCDateTime


class LoginFailure(db.Model):
    """One counted failure under one throttle key (an account or a client address, hashed: no email
    typed into the login form is stored); rows older than the window are deleted as new ones come."""

    __tablename__ = "login_failure"
    __table_args__ = (
        # The throttle's question: how many under this key since a moment, and the oldest of them.
        Index("ix_login_failure_key_at", "key", "at"),
        # Clearing out what is old, whatever the key.
        Index("ix_login_failure_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
