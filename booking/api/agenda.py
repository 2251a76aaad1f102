"""GET /api/v1/agenda: the public activities of the building, for anyone (no token)."""
from __future__ import annotations

from flask import current_app, jsonify, request

from ..domain.clock import zone_of
from ..domain.errors import InvalidInput
from ..extensions import db
from ..public.queries import public_events
from . import bp
from .openapi import documented
from .parse import Fields
from .schema import MOMENT, STRING, Day, Shape, array, obj
from .serialise import local

# The most days one request may ask for (both ends included).
MAX_DAYS = 62


AGENDA_QUERY = Shape(Day("start"), Day("end", description="Included; at most 62 days after the start."))
EVENT = obj({"start": MOMENT, "end": MOMENT, "title": STRING, "room": STRING, "organisation": STRING})


@bp.get("/agenda")
@documented(tag="building", query=AGENDA_QUERY, answers={200: obj({"events": array(EVENT)})})
def agenda():
    """The confirmed dates of public bookings overlapping the days start..end (YYYY-MM-DD, both included,
    in the building's zone), soonest first: {"events": [{"start", "end", "title", "room", "organisation"}]}.

    No token: this is what the public agenda in the building shows. Bad or missing dates, an end before
    the start or more than 62 days answer 422 with the API's error shape.
    """
    f = Fields(request.args.to_dict())
    v = AGENDA_QUERY.read(f)
    first, last = v["start"], v["end"]
    f.check("Give a start and an end date as YYYY-MM-DD.")
    if last < first:
        msg = "The end must not be before the start."
        raise InvalidInput(msg, {"end": [msg]})
    if (last - first).days + 1 > MAX_DAYS:
        msg = f"Ask for at most {MAX_DAYS} days at once."
        raise InvalidInput(msg, {"end": [msg]})
    events = public_events(db.session, first, last, zone_of(current_app.config["DEFAULT_TIMEZONE"]))
    return jsonify({"events": [{"start": local(e.start, e.zone), "end": local(e.end, e.zone), "title": e.title,
                                "room": e.room, "organisation": e.organisation} for e in events]})
