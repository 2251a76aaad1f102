"""API tokens: find the user behind a bearer token, and issue new ones."""
from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import Select, bindparam, literal_column, select, update
from sqlalchemy.orm import Session, joinedload

from .. import audit
from ..database import begin_write, change_key_of, change_key_texts
from ..models import ApiToken, User

# How often a token's last use is written down: a write on every request would queue readers behind writers.
TOUCH_EVERY = timedelta(hours=1)
LONGEST_TOKEN = 200
NAME_LENGTH = 80


@cache
def _token_statement(key: tuple[str, ...]) -> Select:
    # Built once (for each kind of connection's change key): every API request asks it, and building and keying
    # a new select cost more than running it.
    return (select(ApiToken, *(literal_column(k) for k in key))
            .options(joinedload(ApiToken.user).joinedload(User.organisation))
            .where(ApiToken.token_hash == bindparam("digest")))


def user_for_token(session: Session, plain: str, now: datetime) -> tuple[User | None, tuple | None]:
    """The active user whose token `plain` is, or None; notes the token's use at most hourly. And the database's
    change key, read in the same statement, a request's first (database.change_key_of): None when none can be
    read, or when the token's use was written down (what the request reads after is newer than the key)."""
    if not plain or len(plain) > LONGEST_TOKEN:
        return None, None
    row = session.execute(_token_statement(change_key_texts(session)), {"digest": ApiToken.digest(plain)}).first()
    if row is None or not row[0].user.active:
        return None, None
    token, state = row[0], change_key_of(session, tuple(row[1:]))
    user = token.user
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        begin_write(session)  # a write that starts holding the lock, never a lock upgrade
        session.execute(update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now))
        session.commit()
        state = None
    return user, state


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
