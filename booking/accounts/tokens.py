"""API tokens: find the user behind a bearer token, and issue new ones."""
from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import Select, bindparam, select, update
from sqlalchemy.orm import Session, joinedload

from .. import audit
from ..database import begin_write
from ..models import ApiToken, User

# How often a token's last use is written down: a write on every request would queue readers behind writers.
TOUCH_EVERY = timedelta(hours=1)
LONGEST_TOKEN = 200
NAME_LENGTH = 80


@cache
def _token_statement() -> Select:
    # Built once: every API request asks it, and building and keying a new select cost more than running it.
    return (select(ApiToken).options(joinedload(ApiToken.user).joinedload(User.organisation))
            .where(ApiToken.token_hash == bindparam("digest")))


def user_for_token(session: Session, plain: str, now: datetime) -> User | None:
    """The active user whose token `plain` is, or None; notes the token's use at most hourly."""
    if not plain or len(plain) > LONGEST_TOKEN:
        return None
    token = session.scalars(_token_statement(), {"digest": ApiToken.digest(plain)}).first()
    if token is None or not token.user.active:
        return None
    user = token.user
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        begin_write(session)  # a write that starts holding the lock, never a lock upgrade
        session.execute(update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now))
        session.commit()
    return user


def issue_token(session: Session, actor: User | None, user: User, name: str = "", now: datetime | None = None) -> str:
    """A new API token for `user`, audited; the plain token is shown once and only its hash is kept."""
    begin_write(session)
    token, plain = ApiToken.issue(user, name.strip()[:NAME_LENGTH])
    if now is not None:
        token.created_at = now
    session.add(token)
    session.flush()
    audit.record(session, actor, "token.create", "api_token", token.id, user_id=user.id, name=token.name)
    session.commit()
    return plain


def tokens_of(session: Session, user: User) -> list[ApiToken]:
    """The user's API tokens, newest first (their names and dates; never the tokens themselves)."""
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def revoke_token(session: Session, actor: User, token_id: int) -> bool:
    """Delete one of the actor's own tokens, audited; False when they have no token of that id."""
    begin_write(session)
    token = session.scalars(select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == actor.id)).first()
    if token is None:
        session.rollback()
        return False
    audit.record(session, actor, "token.revoke", "api_token", token.id, user_id=actor.id, name=token.name)
    session.delete(token)
    session.commit()
    return True
