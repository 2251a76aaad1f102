"""Bearer-token authentication for the API."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import wraps

from flask import g, request
from sqlalchemy import select, update

from .. import web
from ..bookings.context import Context
from ..database import begin_write
from ..extensions import db
from ..models import ApiToken, User
from .errors import error_response


def token_user(header: str | None) -> User | None:
    """The active user whose token is in an 'Authorization: Bearer TOKEN' header."""
    if not header or not header.startswith("Bearer "):
        return None
    plain = header[len("Bearer "):].strip()
    if not plain or len(plain) > 200:
        return None
    token = db.session.scalars(select(ApiToken).where(ApiToken.token_hash == ApiToken.digest(plain))).first()
    if token is None or not token.user.active:
        return None
    now = datetime.now(UTC)
    # Touch last_used_at at most hourly: a write on every request would queue readers behind writers.
    if token.last_used_at is None or now - token.last_used_at > timedelta(hours=1):
        user = token.user
        begin_write(db.session)  # a write that starts holding the lock, never a lock upgrade
        db.session.execute(update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now))
        db.session.commit()
        return user
    return token.user


def token_required(view):
    """Answer 401 unless the request carries a valid token; the user lands in g.actor."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        user = token_user(request.headers.get("Authorization"))
        if user is None:
            return error_response(401, "unauthorized", "A valid API token is required.")
        g.actor = user
        return view(*args, **kwargs)
    return wrapper


def context() -> Context:
    """The service context of this API request (the token's user acts)."""
    return web.context(g.actor)
