"""What the account pages and the login check read: people, organisations, the user behind a session."""
from __future__ import annotations

from functools import cache

from sqlalchemy import Select, bindparam, func, literal_column, select
from sqlalchemy.orm import Session, selectinload

from ..database import change_key_of, change_key_texts
from ..domain.ids import is_id, parse_id
from ..models import Organisation, User
from ..models.user_session import UserSession

MAX_TOKEN_LENGTH = 100


def people(session: Session) -> list[User]:
    """Everyone, for the user list: active people first, then by name."""
    return list(session.scalars(select(User).options(selectinload(User.organisation))
                                .order_by(User.active.desc(), User.name)))


def organisations(session: Session) -> list[Organisation]:
    """Every organisation by name, to choose from."""
    return list(session.scalars(select(Organisation).order_by(Organisation.name)))


def organisation(session: Session, organisation_id: int) -> Organisation | None:
    """The organisation with this id, or None."""
    return session.get(Organisation, organisation_id) if is_id(organisation_id) else None


def user(session: Session, user_id: int) -> User | None:
    """The user with this id, or None."""
    return session.get(User, user_id) if is_id(user_id) else None


def user_by_email(session: Session, email: str) -> User | None:
    """The user with this email (compared without case), or None."""
    return session.scalars(select(User).where(func.lower(User.email) == email.strip().lower())).first()


@cache
def _session_user_statement(key: tuple[str, ...]) -> Select:
    # Built once (for each kind of connection's change key): every page a logged-in user opens asks it.
    return (select(User, *(literal_column(k) for k in key)).join(UserSession, UserSession.user_id == User.id)
            .where(User.id == bindparam("user_id"), UserSession.token_hash == bindparam("digest"),
                   UserSession.ended_at.is_(None)))


def session_user(session: Session, session_id: str) -> User | None:
    """The active user of an open login session, from what Flask-Login keeps in the cookie
    ("<user id>:<session token>", see User.get_id), or None.

    A bare user id (a cookie from before login sessions were kept), an ended session, another
    user's token or a deactivated user: None, and the visitor is not logged in.
    """
    return session_user_and_key(session, session_id)[0]


def session_user_and_key(session: Session, session_id: str) -> tuple[User | None, tuple | None]:
    """session_user, and the database's change key read in the same statement (database.change_key_of; None
    when none can be read): the login's statement is a request's first, so what the request reads after it
    is at least what the key describes (readcache)."""
    user_id, colon, token = (session_id or "").partition(":")
    if not colon or not token or len(token) > MAX_TOKEN_LENGTH or parse_id(user_id) is None:
        return None, None
    row = session.execute(_session_user_statement(change_key_texts(session)),
                          {"user_id": parse_id(user_id), "digest": UserSession.digest(token)}).first()
    if row is None or not row[0].active:
        return None, None
    found = row[0]
    found.session_token = token
    return found, change_key_of(session, tuple(row[1:]))
