"""The feeds' glue to the web: settings from the app, texts in the reader's language, URLs, answers.

No queries here (feeds/queries.py) and no routes (feeds/views.py): what a view needs around them.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from flask import Response, current_app, request, url_for
from flask_babel import force_locale, gettext

from ..i18n import DEFAULT_LANGUAGE, LANGUAGES
from ..models import Room, User
from ..web import now
from .reading import FeedAnswer, Labels, Settings
from .tokens import feed_token

# A feed must never be stored compressed by a proxy nor transformed: calendar clients are fussy.
FEED_MIMETYPE = "text/calendar"


def settings() -> Settings:
    """The feeds' settings from the app's configuration and the (pinnable) clock."""
    cfg = current_app.config
    return Settings(secret=cfg["SECRET_KEY"], now=now(), days_back=int(cfg["FEED_DAYS_BACK"]),
                    months_ahead=int(cfg["FEED_MONTHS_AHEAD"]), zone=cfg["DEFAULT_TIMEZONE"])


def labels_for(language: str | None, kind: str, subject: str) -> Labels:
    """A feed's name, description, 'Busy' and file name in the subscriber's language (Dutch by default)."""
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    return _labels(current_app._get_current_object(), language, kind, subject)


@lru_cache(maxsize=1024)
def _labels(app, language: str, kind: str, subject: str) -> Labels:
    """labels_for, kept: switching the language reloads the catalogue, which costs more than a 304."""
    building = app.config["DEFAULT_BUILDING"]
    with force_locale(language):
        if kind == "room":
            name, text = subject, gettext("Bookings of %(room)s", room=subject)
        elif kind == "organisation":
            name, text = subject, gettext("Bookings of %(organisation)s in every room", organisation=subject)
        elif kind == "booking":
            name, text = subject, gettext("A booking at %(building)s", building=building)
        elif kind == "personal":
            name, text = gettext("Booked by %(name)s", name=subject), gettext("What %(name)s booked", name=subject)
        else:
            name, text = gettext("Public agenda of %(building)s", building=building), \
                gettext("The public activities of %(building)s", building=building)
        return Labels(name=name, description=text, busy=gettext("Busy"), filename=f"{kind}.ics")


def respond(answer: FeedAnswer | None) -> Response:
    """The feed answered by the HTTP rules: 404 for a bad URL; 304 on a matching If-None-Match (which
    wins over If-Modified-Since) decided without rendering when this process has the body; else the body."""
    if answer is None:
        return Response(status=404)
    cached = answer.cached()
    if request.if_none_match:
        if cached is None:
            cached = answer.rendered()
        if request.if_none_match.contains(cached.etag) or request.if_none_match.star_tag:
            return _headers(Response(status=304), answer, cached.etag)
    elif request.if_modified_since and answer.last_modified <= request.if_modified_since:
        return _headers(Response(status=304), answer, cached.etag if cached else None)
    rendered = cached or answer.rendered()
    resp = Response(rendered.body, status=200, mimetype=FEED_MIMETYPE)
    resp.headers["Content-Type"] = "text/calendar; charset=utf-8"
    resp.headers["Content-Disposition"] = f'inline; filename="{answer.filename}"'
    return _headers(resp, answer, rendered.etag)


def _headers(resp: Response, answer: FeedAnswer, etag: str | None) -> Response:
    if etag:
        resp.set_etag(etag)
    resp.last_modified = answer.last_modified
    resp.headers["Cache-Control"] = ("private" if answer.private else "public") + ", max-age=900, no-transform"
    return resp


def download(body: bytes, filename: str) -> Response:
    """An .ics file to save (one booking)."""
    resp = Response(body, mimetype=FEED_MIMETYPE)
    resp.headers["Content-Type"] = "text/calendar; charset=utf-8"
    resp.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    resp.headers["Cache-Control"] = "private, no-cache"
    return resp


@dataclass(frozen=True)
class Link:
    """One feed's addresses: the https (or http) URL and the webcal:// one."""

    label: str
    url: str

    @property
    def webcal(self) -> str:
        """The same feed for clients that open webcal:// links."""
        return "webcal://" + self.url.split("://", 1)[1]


@dataclass(frozen=True)
class FeedLinks:
    """A user's feed URLs: one per room they may see, their organisation's, their own, the public one."""

    rooms: tuple[tuple[Room, Link], ...]
    organisation: Link | None
    personal: Link
    public: Link


def base_url() -> str:
    """Where the app is reached: BOOKING_PUBLIC_URL when set, else the scheme and host the request came in on."""
    configured = current_app.config.get("PUBLIC_URL")
    return (configured or request.host_url).rstrip("/")


def feed_links(user: User, rooms: list[Room]) -> FeedLinks:
    """Every feed URL of `user`, absolute, with the tokens of their current generation."""
    base, secret, generation = base_url(), current_app.config["SECRET_KEY"], user.feed_generation or 0

    def url(endpoint: str, feed: str, **values) -> str:
        token = feed_token(secret, user.id, generation, feed)
        return base + url_for(endpoint, user_id=user.id, token=token, **values)
    org = None
    if user.organisation_id is not None:
        org = Link(user.organisation.name, url("feeds.organisation_feed", "organisation"))
    return FeedLinks(
        rooms=tuple((r, Link(r.name, url("feeds.room_feed", f"room:{r.id}", room_id=r.id))) for r in rooms),
        organisation=org, personal=Link(user.name, url("feeds.personal_feed", "personal")),
        public=Link("", base + url_for("feeds.public_feed")))
