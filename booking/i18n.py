"""Languages and the Dutch way of showing dates: Dutch first, English second."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date
from flask import Flask, current_app, g, request
from flask_babel import Babel, get_locale, get_translations, gettext
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


class DateWords:
    """One language's names of weekdays and months, as Babel writes them in dates.

    A list page shows a hundred dates; Babel's format_date parses its locale and pattern on every
    call, which cost more than reading the page's rows. The names are read from Babel once per
    language (so they are exactly its words) and the patterns below are put together by hand.
    """

    def __init__(self, locale: str):
        monday = date(2024, 1, 1)
        self.short_days = [format_date(date(2024, 1, 1 + i), "EEE", locale=locale) for i in range(7)]
        self.long_days = [format_date(date(2024, 1, 1 + i), "EEEE", locale=locale) for i in range(7)]
        self.short_months = [""] + [format_date(monday.replace(month=m), "MMM", locale=locale) for m in range(1, 13)]
        self.long_months = [""] + [format_date(monday.replace(month=m), "MMMM", locale=locale) for m in range(1, 13)]

    def day(self, d: date) -> str:
        """'ma 29 mrt 2027' (Babel's 'EEE d MMM y')."""
        return f"{self.short_days[d.weekday()]} {d.day} {self.short_months[d.month]} {d.year}"

    def long_day(self, d: date) -> str:
        """'maandag 29 maart 2027' (Babel's 'EEEE d MMMM y')."""
        return f"{self.long_days[d.weekday()]} {d.day} {self.long_months[d.month]} {d.year}"


@lru_cache(maxsize=None)
def date_words(locale: str) -> DateWords:
    """The date words of one language, read from Babel once."""
    return DateWords(locale)


def locale_name() -> str:
    """The current language's code ('nl'), looked up once per request and locale."""
    return _current()[1]


def translations():
    """The current language's catalogue, looked up once per request and locale.

    Flask-Babel's own lookup formats the locale's name on every call: 300 times on a list of 50 rows.
    `force_locale` puts another locale object in place, so the cache is keyed on that object.
    """
    return _current()[2]


def _current() -> tuple:
    locale = get_locale()
    cached = g.get("i18n_current")
    if cached is None or cached[0] is not locale:
        cached = g.i18n_current = (locale, str(locale), get_translations())
    return cached


def _words() -> DateWords:
    return date_words(locale_name())


def when(instant: datetime, tz: str | None = None) -> str:
    """'ma 29 mrt 2027, 09:00' in the building's zone and the user's language."""
    local = instant.astimezone(_zone(tz))
    return f"{_words().day(local)}, {local:%H:%M}"


def day(instant: datetime, tz: str | None = None) -> str:
    """'ma 29 mrt 2027'."""
    return _words().day(instant.astimezone(_zone(tz)))


def long_day(instant: datetime, tz: str | None = None) -> str:
    """'maandag 29 maart 2027'."""
    return _words().long_day(instant.astimezone(_zone(tz)))


def date_label(value) -> str:
    """'ma 29 mrt 2027' for a plain date."""
    return _words().day(value)


def clock(instant: datetime, tz: str | None = None) -> str:
    """'09:00'."""
    return f"{instant.astimezone(_zone(tz)):%H:%M}"


def span(start: datetime, end: datetime, tz: str | None = None) -> str:
    """'ma 29 mrt 2027, 09:00-11:00', or both full moments when the span crosses a day."""
    zone = _zone(tz)
    if start.astimezone(zone).date() == end.astimezone(zone).date():
        return f"{when(start, tz)}–{clock(end, tz)}"
    return f"{when(start, tz)} – {when(end, tz)}"


def period(start: datetime, end: datetime, tz: str | None = None) -> str:
    """A closure's time: 'vr 1 jan 2027, whole day' or '... to ..., whole days' when it runs from midnight
    to midnight in the building's zone (23 or 25 hours on a DST day too), else as span() writes it."""
    zone = _zone(tz)
    first, last = start.astimezone(zone), end.astimezone(zone)
    if (first.hour, first.minute, last.hour, last.minute) != (0, 0, 0, 0) or last.date() <= first.date():
        return span(start, end, tz)
    to = last - timedelta(days=1)  # the last day closed, a local midnight; the naive step keeps the wall time
    if to.date() == first.date():
        return gettext("%(day)s, whole day", day=_words().day(first))
    return gettext("%(first)s to %(last)s, whole days", first=_words().day(first), last=_words().day(to))


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
        span=span, period=period, LANGUAGES=LANGUAGES, current_locale=locale_name,
        status_label=_label(STATUS_LABELS), visibility_label=_label(VISIBILITY_LABELS),
        role_label=_label(ROLE_LABELS), rule_label=_label(RULE_LABELS))
    # Templates translate through the per-request catalogue (see translations()), not Flask-Babel's lookup.
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n))
