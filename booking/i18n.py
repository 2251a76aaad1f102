"""Languages and the Dutch way of showing dates: Dutch first, English second."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from babel.dates import format_date, format_datetime, format_time
from flask import Flask, current_app, request
from flask_babel import Babel, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .domain.clock import zone_of

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
babel = Babel()


def select_locale() -> str:
    """The user's chosen language; for visitors the browser's, if it is one we speak; else Dutch."""
    if current_user and current_user.is_authenticated and current_user.language in LANGUAGES:
        return current_user.language
    return request.accept_languages.best_match(LANGUAGES, default=DEFAULT_LANGUAGE)


def select_timezone() -> str:
    """Times are shown in the building's zone, not the browser's."""
    return current_app.config["DEFAULT_TIMEZONE"]


def _zone(tz: str | None):
    return zone_of(tz or current_app.config["DEFAULT_TIMEZONE"])


def when(instant: datetime, tz: str | None = None) -> str:
    """'ma 29 mrt 2027, 09:00' in the building's zone and the user's language."""
    return format_datetime(instant.astimezone(_zone(tz)), "EEE d MMM y, HH:mm", locale=str(get_locale()))


def day(instant: datetime, tz: str | None = None) -> str:
    """'ma 29 mrt 2027'."""
    return format_date(instant.astimezone(_zone(tz)), "EEE d MMM y", locale=str(get_locale()))


def long_day(instant: datetime, tz: str | None = None) -> str:
    """'maandag 29 maart 2027'."""
    return format_date(instant.astimezone(_zone(tz)), "EEEE d MMMM y", locale=str(get_locale()))


def date_label(value) -> str:
    """'ma 29 mrt 2027' for a plain date."""
    return format_date(value, "EEE d MMM y", locale=str(get_locale()))


def clock(instant: datetime, tz: str | None = None) -> str:
    """'09:00'."""
    return format_time(instant.astimezone(_zone(tz)), "HH:mm", locale=str(get_locale()))


def span(start: datetime, end: datetime, tz: str | None = None) -> str:
    """'ma 29 mrt 2027, 09:00-11:00', or both full moments when the span crosses a day."""
    zone = _zone(tz)
    if start.astimezone(zone).date() == end.astimezone(zone).date():
        return f"{when(start, tz)}–{clock(end, tz)}"
    return f"{when(start, tz)} – {when(end, tz)}"


STATUS_LABELS = {"confirmed": _l("confirmed"), "pending": _l("waiting for approval"),
                 "rejected": _l("rejected"), "cancelled": _l("cancelled")}
VISIBILITY_LABELS = {"public": _l("public"), "internal": _l("internal"), "private": _l("private")}
ROLE_LABELS = {"admin": _l("administrator"), "frontdesk": _l("front desk"), "member": _l("member")}
RULE_LABELS = {"opening_hours": _l("outside opening hours"), "closure": _l("closed"), "too_long": _l("too long"),
               "in_past": _l("in the past"), "notice": _l("too short notice"), "horizon": _l("too far ahead"),
               "invalid": _l("not valid")}


def _label(table):
    return lambda value: table.get(getattr(value, "value", value), value)


def init_app(app: Flask) -> None:
    """Bind Flask-Babel and the date filters."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(Path(__file__).parent / "translations"))
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.jinja_env.filters.update(when=when, day=day, long_day=long_day, clock=clock, date_label=date_label)
    app.jinja_env.globals.update(
        span=span, LANGUAGES=LANGUAGES, current_locale=lambda: str(get_locale()),
        status_label=_label(STATUS_LABELS), visibility_label=_label(VISIBILITY_LABELS),
        role_label=_label(ROLE_LABELS), rule_label=_label(RULE_LABELS))
