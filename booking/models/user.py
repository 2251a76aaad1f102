"""People who log in, and the API tokens they use from scripts."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .enums import Role, enum_column
from .organisation import Organisation
from .types import UTCDateTime, utcnow

_spare_hash: list[str] = []


def _spare() -> str:
    """A real hash of a password nobody has, made the way stored hashes are made (on first use)."""
    if not _spare_hash:
        _spare_hash.append(generate_password_hash(secrets.token_urlsafe(16)))
    return _spare_hash[0]


class User(UserMixin, db.Model):
    """A coordinator, volunteer, front-desk worker or administrator."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(256), default="")
    role: Mapped[Role] = mapped_column(enum_column(Role, "user_role"), default=Role.MEMBER)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    language: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Part of every calendar feed token of this user (feeds/tokens.py): regenerating the feed
    # links adds one, and the old links stop working (migration 0007).
    feed_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    organisation: Mapped[Organisation | None] = relationship()

    # The token of the login session this object was loaded for or logged in with (not a column):
    # set by accounts.services when logging in and by accounts.queries for each request.
    session_token = None

    def get_id(self) -> str:
        """What Flask-Login keeps in the session cookie: the user and their login session, so that
        ending the session row (logout, new password, deactivation) ends the cookie too. Without a
        session token the id alone goes in, and the user loader refuses that."""
        return f"{self.id}:{self.session_token}" if self.session_token else str(self.id)

    def __eq__(self, other: object) -> bool:
        # UserMixin compares get_id(); the same person is the same user in any session.
        if isinstance(other, User):
            return self.id == other.id
        return NotImplemented

    __hash__ = object.__hash__

    @property
    def is_active(self) -> bool:  # flask-login refuses inactive users
        return self.active

    @property
    def is_staff(self) -> bool:
        """Admins and the front desk: they book for anyone and see private titles."""
        return self.role in (Role.ADMIN, Role.FRONTDESK)

    def set_password(self, password: str) -> None:
        """Store a salted hash of `password`."""
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        """Whether `password` matches the stored hash.

        Always exactly one real hash check, also for someone who has not chosen a password yet
        (an invited user) or nobody at all (``User().check_password``): the time a failed login
        takes must not tell these apart from a wrong password.
        """
        if not self.password_hash:
            check_password_hash(_spare(), password)
            return False
        return check_password_hash(self.password_hash, password)


class ApiToken(db.Model):
    """A bearer token for the JSON API; only its SHA-256 is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # What the user calls it ('Agenda-koppeling'), to tell their tokens apart on the account page (0017).
    name: Mapped[str] = mapped_column(String(80), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()

    @staticmethod
    def digest(token: str) -> str:
        """The stored form of a token."""
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str = "") -> tuple["ApiToken", str]:
        """A new token row for `user` and the plain token, shown once."""
        plain = secrets.token_urlsafe(32)
        return cls(user=user, token_hash=cls.digest(plain), name=name), plain


class Invitation(db.Model):
    """A single-use, expiring link with which an invited user sets their password."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()

    @classmethod
    def issue(cls, user: User, expires_at: datetime) -> tuple["Invitation", str]:
        """A new invitation row for `user` and the plain token for the link, shown once."""
        plain = secrets.token_urlsafe(32)
        return cls(user=user, token_hash=ApiToken.digest(plain), expires_at=expires_at), plain
