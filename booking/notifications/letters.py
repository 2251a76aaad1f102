"""Subjects and bodies of the messages, in each recipient's language (templates/notifications/).

The texts are here, translatable; the templates lay them out as plain text and as HTML.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from flask import current_app, url_for
from flask_babel import force_locale, gettext, ngettext
from flask_babel import lazy_gettext as _l

from ..i18n import STATUS_LABELS, span
from ..models import Booking, Occurrence, Room
from .compose import Envelope

# At most this many dates are listed in a message; the rest are counted.
MAX_DATES = 12

SUBJECTS = {
    "confirmed": _l("Booking confirmed: %(title)s"),
    "pending": _l("Request received, waiting for approval: %(title)s"),
    "approved": _l("Request approved: %(title)s"),
    "rejected": _l("Request rejected: %(title)s"),
    "changed": _l("Booking changed: %(title)s"),
    "cancelled": _l("Booking cancelled: %(title)s"),
    "request": _l("New request to decide on: %(title)s"),
}
LEADS = {
    ("confirmed", ""): _l("The booking below is confirmed."),
    ("pending", ""): _l("The request below was received. The front desk decides on it; you will hear of the decision."),
    ("approved", ""): _l("The front desk approved the request below."),
    ("rejected", ""): _l("The front desk rejected the request below; its dates are free again."),
    ("changed", ""): _l("The booking below was changed."),
    ("changed", "moved"): _l("A date of the booking below was moved."),
    ("changed", "moved_from"): _l("Dates of the booking below were moved to new times."),
    ("changed", "extended"): _l("The series below was extended with new dates."),
    ("changed", "retitled"): _l("A date of the booking below got a title of its own."),
    ("cancelled", ""): _l("The booking below was cancelled."),
    ("cancelled", "date"): _l("One date of the booking below was cancelled."),
    ("cancelled", "from"): _l("A date of the booking below was cancelled, and every later date with it."),
    ("request", ""): _l("The request below waits for your decision."),
}
DATES_LABELS = {
    "changed": _l("Changed dates"),
    "cancelled": _l("Cancelled dates"),
    "rejected": _l("Rejected dates"),
}


@dataclass(frozen=True)
class Letter:
    """A message's subject and its bodies."""

    subject: str
    text: str
    html: str


def location(room: Room) -> str:
    """'room, building, address', as the feeds write a LOCATION."""
    return ", ".join(p for p in (room.name, room.building.name, room.building.address) if p)


def link(base: str | None, endpoint: str, **values) -> str | None:
    """An absolute link into the app below `base` (the app's address at the change); None without one."""
    if not base:
        return None
    with current_app.test_request_context():
        return base.rstrip("/") + url_for(endpoint, **values)


def write_letter(booking: Booking, envelope: Envelope, dates: Sequence[Occurrence], how: str, reason: str,
                 links: dict[str, str | None], name: str | None = None) -> Letter:
    """The message of one envelope, in its recipient's language (greeting `name`, else the recipient's)."""
    zone = booking.room.building.timezone
    with force_locale(envelope.language):
        title = booking.title if envelope.sees_title else gettext("Busy")
        kind = envelope.kind
        facts = [(gettext("What"), title)]
        if envelope.sees_title:
            facts.append((gettext("Organisation"), booking.organisation.name))
        if kind == "request" and booking.creator is not None:
            facts.append((gettext("Requested by"), f"{booking.creator.name} <{booking.creator.email}>"))
        facts += [(gettext("Room"), location(booking.room)),
                  (gettext("Status"), str(STATUS_LABELS.get(booking.status.value, booking.status.value)))]
        shown = [span(o.starts_at, o.ends_at, zone) for o in dates[:MAX_DATES]]
        rest = len(dates) - len(shown)
        subject = str(SUBJECTS[kind]) % {"title": title}
        values = dict(
            language=envelope.language, subject=subject,
            greeting=gettext("Hello %(name)s,", name=envelope.person.name if name is None else name),
            lead=str(LEADS.get((kind, how)) or LEADS[(kind, "")]), facts=facts,
            dates_label=str(DATES_LABELS.get(kind, _l("Dates"))), dates=shown,
            more=ngettext("and %(num)d more date", "and %(num)d more dates", rest) if rest > 0 else "",
            reason_label=gettext("Reason") if kind in ("cancelled", "rejected") else gettext("Note"),
            # The reason is the organisation's (or the desk's) own words about a date: a reader who may not
            # see a private booking's title (its booker, moved to another organisation) does not read it either.
            reason=reason if envelope.sees_title else "",
            link_label=gettext("Decide on the request") if kind == "request" else gettext("See the booking"),
            link=links["approvals" if kind == "request" else "booking"],
            footer=gettext("This message comes from the room booking of %(building)s. The attached calendar "
                           "file puts the booking in your own calendar, or takes it out.",
                           building=booking.room.building.name))
        # Straight from the Jinja environment: render_template would run every page's context
        # processors (the signed-in user, the menu's count of waiting requests), three statements a letter.
        env = current_app.jinja_env
        return Letter(subject, env.get_template("notifications/letter.txt").render(**values),
                      env.get_template("notifications/letter.html").render(**values))
