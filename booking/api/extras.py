"""GET /api/v1/extras: the equipment and extras a building's bookings can ask for."""
from __future__ import annotations

from flask import jsonify, request

from ..extensions import db
from ..extras.queries import building_extras
from . import bp
from .auth import token_required
from .openapi import ERROR, documented
from .parse import Fields
from .schema import INTEGER, QueryId, Shape, array, obj
from .serialise import EXTRA, extra_dict


EXTRAS_QUERY = Shape(QueryId("building_id", description="The default building when left out."))


@bp.get("/extras")
@token_required
@documented(tag="building", query=EXTRAS_QUERY,
            answers={200: obj({"building_id": INTEGER, "extras": array(EXTRA)}), 404: ERROR})
def list_extras():
    """?building_id=ID: the building's active extras (the default building without it); 404 for an unknown one."""
    f = Fields(request.args.to_dict())
    building_id = EXTRAS_QUERY.read(f)["building_id"]  # 0 for a number no building has: 404
    f.check()
    building, extras = building_extras(db.session, building_id)
    return jsonify({"building_id": building.id, "extras": [extra_dict(e) for e in extras]})
