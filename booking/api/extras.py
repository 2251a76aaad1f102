"""GET /api/v1/extras: the equipment and extras a building's bookings can ask for."""
from __future__ import annotations

from flask import jsonify, request

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
    building_id = f.query_id("building_id")  # 0 for a number no building has: 404
    f.check()
    building, extras = building_extras(db.session, building_id)
    return jsonify({"building_id": building.id, "extras": [extra_dict(e) for e in extras]})
