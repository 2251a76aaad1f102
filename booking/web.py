"""Small helpers shared by the page blueprints: translating domain messages, the clock, the context, roles."""
from __future__ import annotations

from datetime import UTC, datetime
from functools import wraps
from typing import Any

from babel.dates import format_date, format_datetime, get_day_names
from flask import abort, current_app
from flask_babel import get_locale, gettext
from flask_login import current_user, login_required

from .bookings.context import Context
from .database import read_without_transaction
from .domain.clock import zone_of
from .domain.messages import Day, Moment, Msg, WeekdayName
from .extensions import db
from .models import Role


def tr(text: Any) -> str:
    """A domain message in the user's language.

    Plain strings are looked up too: some services raise catalogue messages without N_
    ("The end must be after the start."); a string the catalogue lacks passes through.
    """
    if isinstance(text, Msg):
        return gettext(text.template, **{k: tr(v) if isinstance(v, (Msg, Moment, Day, WeekdayName)) else v
                                         for k, v in text.params.items()})
    if isinstance(text, Moment):
        return format_datetime(text.wall, "EEE d MMM y, HH:mm", locale=str(get_locale()))
    if isinstance(text, Day):
        return format_date(text.day, "EEE d MMM y", locale=str(get_locale()))
    if isinstance(text, WeekdayName):
        return get_day_names("wide", locale=str(get_locale()))[text.index]
    if isinstance(text, str) and text:
        return gettext(text)
    return text


def now() -> datetime:
    """The current instant; tests pin it with the NOW setting."""
    pinned = current_app.config.get("NOW")
    return pinned if pinned is not None else datetime.now(UTC)


def context(actor=None) -> Context:
    """The service context of this request: the given actor, else the logged-in user."""
    cfg = current_app.config
    return Context(session=db.session, actor=actor or current_user._get_current_object(), now=now(),
                   guard=cfg["BOOKING_GUARD"], max_months=cfg["SERIES_MAX_MONTHS"],
                   race_delay=float(cfg.get("RACE_DELAY", 0)))


def building_zone():
    """The configured default zone (DEFAULT_TIMEZONE), for pages about no one room or building."""
    return zone_of(current_app.config["DEFAULT_TIMEZONE"])


def reads_only(view):
    """For a page that writes nothing: on PostgreSQL its statements, the login's user among them, run without a
    transaction (database.read_without_transaction), as the API's reads do. Put it above login_required or
    roles_required: it must come before the user is loaded. Never on a page that writes on GET."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        read_without_transaction(db.session)
        return view(*args, **kwargs)
    return wrapper


def roles_required(*roles: Role):
    """Log in first; then 403 unless the user has one of `roles`."""
    def decorate(view):
        @wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)
        return wrapper
    return decorate
