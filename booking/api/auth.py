"""Bearer-token authentication for the API."""
from __future__ import annotations

from datetime import UTC, datetime
from functools import wraps

from flask import g, request

from .. import web
from ..accounts.tokens import user_for_token
from ..bookings.context import Context
from ..database import read_without_transaction
from ..extensions import db
from ..readcache import remember_first_state
from ..models import User
from .errors import error_response


def token_user(header: str | None) -> User | None:
    """The active user whose token is in an 'Authorization: Bearer TOKEN' header; the database's change key read
    with it is noted for the request (readcache.remember_first_state)."""
    if not header or not header.startswith("Bearer "):
        return None
    user, state = user_for_token(db.session, header[len("Bearer "):].strip(), datetime.now(UTC))
    remember_first_state(state)
    return user


def token_required(view):
    """Answer 401 unless the request carries a valid token; the user lands in g.actor."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if request.method in ("GET", "HEAD"):  # a read: no BEGIN and ROLLBACK round trips on PostgreSQL
            read_without_transaction(db.session)
        user = token_user(request.headers.get("Authorization"))
        if user is None:
            return error_response(401, "unauthorized", "A valid API token is required.")
        g.actor = user
        return view(*args, **kwargs)
    wrapper.needs_token = True  # the OpenAPI document asks for the token here
    return wrapper


def context() -> Context:
    """The service context of this API request (the token's user acts)."""
    return web.context(g.actor)
