"""GET /api/v1/feeds: the token user's calendar feed URLs."""
from __future__ import annotations

from flask import g, jsonify

from ..extensions import db
from ..feeds.queries import visible_rooms
from ..feeds.web import feed_links
from . import bp
from .auth import token_required
from .openapi import documented
from .schema import STRING, nullable, obj


FEED_LINKS = obj({"rooms": {"type": "object", "additionalProperties": STRING,
                             "description": "Per room id, its feed's URL."},
                   "organisation": nullable(STRING), "personal": STRING, "public": STRING})


@bp.get("/feeds")
@token_required
@documented(tag="feeds", answers={200: FEED_LINKS})
def feeds():
    """{"rooms": {"ROOM_ID": URL, ...}, "organisation": URL, "personal": URL, "public": URL}: absolute URLs
    (BOOKING_PUBLIC_URL, else the request's scheme and host); "organisation" is null for a user without one."""
    links = feed_links(g.actor, visible_rooms(db.session))
    return jsonify({"rooms": {str(room.id): link.url for room, link in links.rooms},
                    "organisation": links.organisation.url if links.organisation else None,
                    "personal": links.personal.url, "public": links.public.url})
