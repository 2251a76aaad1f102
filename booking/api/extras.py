"""GET /api/v1/extras: the equipment and extras a building's bookings can ask for."""
from __future__ import annotations

from flask import jsonify, request

from ..domain.ids import parse_id
from ..extensions import db
from ..extras.queries import building_extras
from . import bp
from .auth import token_required
from .parse import Fields
from .serialise import extra_dict


@bp.get("/extras")
@token_required
def list_extras():
    """?building_id=ID: the building's active extras (the default building without it); 404 for an unknown one."""
    f = Fields(request.args.to_dict())
    raw = request.args.get("building_id")
    building_id = None
    if raw is not None:
        if not (raw.isascii() and raw.isdigit()):  # isdigit() alone admits '²'
            f.fail("building_id", "Must be a whole number.")
        else:
            building_id = parse_id(raw) or 0  # 0, or beyond any id: no building has it (404)
    f.check()
    building, extras = building_extras(db.session, building_id)
    return jsonify({"building_id": building.id, "extras": [extra_dict(e) for e in extras]})
