"""Logged-in browser sessions, so that logging out, a new password or deactivation can end them."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import UTCDateTime, utcnow
from .user import User


class UserSession(db.Model):
    """One login in one browser. The signed session cookie carries the user id and a random token;
    only the token's SHA-256 is stored. The cookie counts only while its row has not ended."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()

    @staticmethod
    def digest(token: str) -> str:
        """The stored form of a session token."""
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def open(cls, user: User, now: datetime) -> tuple["UserSession", str]:
        """A new session row for `user` and the plain token for the cookie."""
        plain = secrets.token_urlsafe(32)
        return cls(user=user, token_hash=cls.digest(plain), created_at=now), plain
