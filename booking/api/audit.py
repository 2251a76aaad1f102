"""GET /api/v1/audit?booking_id=ID (administrators): what happened to a booking, oldest first."""
from __future__ import annotations

from flask import g, jsonify, request

from ..admin.audit_trail import booking_for_trail, booking_trail
from ..domain.clock import zone_of
from ..domain.errors import Forbidden, NotFound
from ..domain.messages import N_
from ..models import Role
from ..extensions import db
from . import bp
from .auth import token_required
from .openapi import ERROR, documented
from .parse import Fields
from .schema import MOMENT, STRING, QueryId, Shape, array, nullable, obj
from .serialise import local


TRAIL_QUERY = Shape(QueryId("booking_id", required=True))
ENTRY = obj({"at": MOMENT, "actor": nullable(STRING), "action": STRING,
             "old": nullable({"type": "object"}), "new": nullable({"type": "object"})})


@bp.get("/audit")
@token_required
@documented(tag="reports", query=TRAIL_QUERY, answers={200: obj({"entries": array(ENTRY)}), 403: ERROR, 404: ERROR})
def audit_trail():
    """The audit entries of a booking and its dates: when, who (email), what, the old and new values."""
    if g.actor.role != Role.ADMIN:
        raise Forbidden(N_("Only an administrator may read the audit trail."))
    f = Fields(request.args.to_dict())
    raw = f.data.get("booking_id")
    booking_id = int(raw) if isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= 20 else None
    if booking_id is None:
        f.fail("booking_id", "Give a booking id.")
    f.check()
    booking = booking_for_trail(db.session, booking_id)
    if booking is None:
        raise NotFound("No booking with this id.")
    zone = g.zone = zone_of(booking.room.building.timezone)
    return jsonify({"entries": [{"at": local(e.at, zone), "actor": e.actor, "action": e.action, "old": e.old,
                                 "new": e.new} for e in booking_trail(db.session, booking, zone)]})
