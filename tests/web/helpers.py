"""Helpers of the web page tests: log in through the form, post with the page's CSRF token, read pages."""
from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, select

from booking.bookings.context import Context
from booking.bookings.services import BookingRequest, create_booking
from booking.domain.recurrence import Recurrence
from booking.extensions import db
from booking.models import AuditEntry, Booking, Occurrence, Organisation, Room, RoomHold, User, Visibility

from fixtures.clock import NOW  # noqa: F401  (the suite's pinned 'now', for the tests here)

AMS = ZoneInfo("Europe/Amsterdam")
PASSWORD = "correct horse battery"


class _Inputs(HTMLParser):
    """Collects the form controls and labels of a page."""

    def __init__(self):
        super().__init__()
        self.controls: list[dict] = []
        self.label_for: set[str] = set()
        self.label_depth = 0
        self.meta: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "label":
            self.label_depth += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        elif tag in ("input", "select", "textarea"):
            self.controls.append({"tag": tag, "in_label": self.label_depth > 0, **a})
        elif tag == "meta":
            self.meta.append(a)

    def handle_endtag(self, tag):
        if tag == "label":
            self.label_depth -= 1


def parse(html: str) -> _Inputs:
    """The controls, labels and meta tags of a page."""
    p = _Inputs()
    p.feed(html)
    return p


def csrf_tokens(html: str) -> dict[str, str]:
    """Every CSRF field of a page by name ('csrf_token', 'pw-csrf_token', ...)."""
    return {c["name"]: c["value"] for c in parse(html).controls
            if c["tag"] == "input" and c.get("name", "").endswith("csrf_token")}


def form_post(client, url: str, data: dict, source: str | None = None, **kwargs):
    """POST `data` to `url` with the csrf_token of the page at `source` (default: `url` itself)."""
    page = client.get(source or url)
    assert page.status_code == 200, (source or url, page.status_code)
    html = page.get_data(as_text=True)
    tokens = csrf_tokens(html)
    assert tokens, f"no csrf_token on {source or url}"
    body = dict(data)
    # As a browser does: the page's hidden fields travel with the post (the CSRF tokens among them).
    for c in parse(html).controls:
        if c["tag"] == "input" and c.get("type") == "hidden" and c.get("name"):
            body.setdefault(c["name"], c.get("value", ""))
    body.setdefault("csrf_token", next(iter(tokens.values())))
    return client.post(url, data=body, **kwargs)


def login(client, user: User, password: str = PASSWORD):
    """Log in through the real form; return the answer to the POST."""
    return form_post(client, "/login", {"email": user.email, "password": password})


def logged_in(client, user: User):
    """Log in and check it worked; return the client."""
    resp = login(client, user)
    assert resp.status_code == 302, page_text(resp)
    return client


_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S)


def page_text(resp) -> str:
    """The text a person reads on the page: tags removed, entities decoded, whitespace collapsed."""
    html = resp.get_data(as_text=True) if hasattr(resp, "get_data") else resp
    return re.sub(r"\s+", " ", unescape(_TAGS.sub(" ", html))).strip()


def field_errors(resp, field_id: str) -> list[str]:
    """The error messages shown under one form field (the <ul id="FIELD-errors">)."""
    html = resp.get_data(as_text=True)
    m = re.search(rf'<ul class="errors" id="{re.escape(field_id)}-errors">(.*?)</ul>', html, re.S)
    return [unescape(x).strip() for x in re.findall(r"<li>(.*?)</li>", m.group(1), re.S)] if m else []


def input_value(resp, name: str) -> str | None:
    """The value attribute of the (first) input called `name`, or the text of such a textarea."""
    html = resp.get_data(as_text=True)
    for c in parse(html).controls:
        if c.get("name") == name and c["tag"] == "input":
            return c.get("value")
    m = re.search(rf'<textarea[^>]*name="{re.escape(name)}"[^>]*>(.*?)</textarea>', html, re.S)
    return unescape(m.group(1)).lstrip("\r\n") if m else None


def counts() -> dict[str, int]:
    """Rows in the booking tables, read fresh: a refused request writes nothing."""
    db.session.rollback()

    def n(model):
        return db.session.scalar(select(func.count()).select_from(model))
    return {"bookings": n(Booking), "occurrences": n(Occurrence), "holds": n(RoomHold), "audit": n(AuditEntry)}


def local(y, mo, d, h=0, mi=0) -> datetime:
    """An aware Amsterdam wall time."""
    return datetime(y, mo, d, h, mi, tzinfo=AMS)


def book(actor: User, room: Room, start: datetime, end: datetime, title: str = "Overleg", *,
         recurrence: Recurrence | None = None, visibility: str = "internal",
         organisation: Organisation | None = None, now: datetime | None = None) -> Booking:
    """A booking made through the service (as `actor`, at instant `now`), to set the scene for a page."""
    ctx = Context(session=db.session, actor=actor, now=now or current_app.config["NOW"])
    req = BookingRequest(room_id=room.id, title=title, start=start.replace(tzinfo=None),
                         end=end.replace(tzinfo=None), visibility=Visibility(visibility),
                         organisation_id=organisation.id if organisation else None, recurrence=recurrence)
    return create_booking(ctx, req)


def occurrences_of(booking_id: int) -> list[Occurrence]:
    """The occurrences of a booking as stored now."""
    db.session.rollback()
    return list(db.session.scalars(select(Occurrence).where(Occurrence.booking_id == booking_id)
                                   .order_by(Occurrence.starts_at)))


def utc_iso(instant: datetime) -> str:
    """'2027-03-29T07:00' in UTC, for comparing stored instants."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")


def booking_form(room: Room, **overrides) -> dict:
    """The fields of the booking form for a single booking on Monday 29 March 2027, 09:00-11:00."""
    data = {"room_id": str(room.id), "title": "Koffieochtend", "description": "", "visibility": "internal",
            "expected_people": "", "setup_notes": "", "day": "2027-03-29", "start_time": "09:00",
            "end_time": "11:00", "repeat": "none", "interval": "1", "monthly_mode": "date", "ends": "count",
            "count": "", "until": "", "skip_dates": ""}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def rows(resp) -> list[list[str]]:
    """The body rows of the page's tables, each as the texts of its cells."""
    html = resp.get_data(as_text=True)
    out = []
    for body in re.findall(r"<tbody>(.*?)</tbody>", html, re.S):
        for row in re.findall(r"<tr\b[^>]*>(.*?)</tr>", body, re.S):
            out.append([page_text(cell) for cell in re.findall(r"<td\b[^>]*>(.*?)</td>", row, re.S)])
    return out


def notices(resp) -> list[str]:
    """The texts of the flashed messages and the other notices (class "flash") on a page."""
    html = resp.get_data(as_text=True)
    return [page_text(m) for m in re.findall(r'<p class="flash flash-\w+"[^>]*>(.*?)</p>', html, re.S)]


def heading(resp) -> str:
    """The text of the page's <h1>."""
    m = re.search(r"<h1>(.*?)</h1>", resp.get_data(as_text=True), re.S)
    return page_text(m.group(1)) if m else ""


def form_errors(resp) -> list[str]:
    """The messages about the form as a whole, shown above its fields."""
    m = re.search(r'<div class="flash flash-error" role="alert">(.*?)</div>', resp.get_data(as_text=True), re.S)
    return [page_text(p) for p in re.findall(r"<p>(.*?)</p>", m.group(1), re.S)] if m else []
