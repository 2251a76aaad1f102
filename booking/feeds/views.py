"""The feeds over HTTP, the Subscribe page, and 'Add to my calendar'.

Feed URLs answer whatever the Accept header asks (calendar clients send none, */*, text/calendar
or text/html): always the calendar, or a bare 404 for a bad token, an unknown room or a
deactivated user.
"""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..database import read_without_transaction
from ..extensions import db
from . import bp, reading
from .download import booking_ics
from .queries import visible_rooms
from .services import regenerate_links
from .web import download, feed_links, labels_for, respond, settings


@bp.get("/<id:user_id>/<token>/rooms/<id:room_id>.ics")
def room_feed(user_id: int, token: str, room_id: int):
    """A room's bookings, as the token's user may see them."""
    return respond(reading.room_feed(read_without_transaction(db.session), settings(), user_id, token, room_id, labels_for))


@bp.get("/<id:user_id>/<token>/organisation.ics")
def organisation_feed(user_id: int, token: str):
    """The bookings of the token user's organisation, in every room."""
    return respond(reading.organisation_feed(read_without_transaction(db.session), settings(), user_id, token, labels_for))


@bp.get("/<id:user_id>/<token>/personal.ics")
def personal_feed(user_id: int, token: str):
    """What the token's user booked."""
    return respond(reading.personal_feed(read_without_transaction(db.session), settings(), user_id, token, labels_for))


@bp.get("/public.ics")
def public_feed():
    """The public agenda of the building as a feed: no token."""
    return respond(reading.public_feed(read_without_transaction(db.session), settings(), labels_for))


@bp.get("/")
@login_required
def subscribe():
    """The user's feed URLs, with how to subscribe in Outlook, Google Calendar and Apple Calendar."""
    links = feed_links(current_user, visible_rooms(db.session))
    return render_template("feeds/subscribe.html", links=links)


@bp.post("/regenerate")
@login_required
def regenerate():
    """New feed URLs for the user; the old ones stop working."""
    regenerate_links(db.session, current_user._get_current_object(), settings().now)
    flash(_("Your calendar links are new. Subscriptions with the old links no longer receive anything: "
            "subscribe again with the links below."), "success")
    return redirect(url_for("feeds.subscribe"))


@bp.get("/bookings/<id:booking_id>.ics")
@login_required
def booking_download(booking_id: int):
    """One booking with all its dates as an .ics file, to add to one's own calendar."""
    body, filename = booking_ics(db.session, current_user, booking_id, settings().now.year,
                                 labels_for(current_user.language, "booking", ""))
    return download(body, filename)
