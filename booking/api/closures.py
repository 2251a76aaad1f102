"""POST, GET and DELETE /api/v1/closures (administrators): closures of a building or one room."""
from __future__ import annotations

from flask import current_app, g, jsonify

from ..admin.closure_queries import closures_between
from ..admin.closures import ClosureRequest, add_closure, delete_closure, require_admin
from ..domain.clock import zone_of
from ..extensions import db
from ..models import Closure
from . import bp
from .auth import context, token_required
from .openapi import ERROR, documented, named
from .parse import Fields, json_body, same_kind_of_time
from .rooms import WINDOW, window
from .schema import INTEGER, MOMENT, STRING, Integer, Moment, Shape, Text, array, nullable, obj
from .serialise import local


def closure_dict(closure: Closure) -> dict:
    """A closure as the API shows it, times in its building's zone."""
    zone = zone_of(closure.building.timezone)
    return {"id": closure.id, "start": local(closure.starts_at, zone), "end": local(closure.ends_at, zone),
            "reason": closure.reason, "room_id": closure.room_id, "building_id": closure.building_id}


CLOSURE = named("Closure", obj({"id": INTEGER, "start": MOMENT, "end": MOMENT, "reason": STRING,
                                 "room_id": nullable(INTEGER), "building_id": INTEGER}))
NEW_CLOSURE = Shape(
    Moment("start"), Moment("end"),
    Text("reason", max_length=500, multiline=True),
    Integer("room_id", required=False, low=1, description="Close one room; the whole building when left out."),
    Integer("building_id", required=False, low=1, description="The default building when left out."))


@bp.post("/closures")
@token_required
@documented(tag="building", body=NEW_CLOSURE, answers={201: CLOSURE, 403: ERROR, 404: ERROR})
def post_closure():
    """Close a building or one room from start to end, with a reason (administrators)."""
    require_admin(g.actor)
    f = Fields(json_body())
    v = NEW_CLOSURE.read(f)
    same_kind_of_time(f, v["start"], v["end"])
    f.check()
    outcome = add_closure(context(), ClosureRequest(v["start"], v["end"], v["reason"], v["building_id"], v["room_id"]))
    return jsonify(closure_dict(outcome.closure)), 201


@bp.get("/closures")
@token_required
@documented(tag="building", query=WINDOW, answers={200: obj({"closures": array(CLOSURE)}), 403: ERROR})
def get_closures():
    """The closures overlapping the window ?start=&end= (administrators)."""
    require_admin(g.actor)
    start, end = window(zone_of(current_app.config["DEFAULT_TIMEZONE"]))
    return jsonify({"closures": [closure_dict(c) for c in closures_between(db.session, start, end)]})


@bp.delete("/closures/<id:closure_id>")
@token_required
@documented(tag="building", answers={200: CLOSURE, 403: ERROR})
def remove_closure(closure_id: int):
    """Remove a closure (administrators); answers the closure as it was."""
    closure = delete_closure(context(), closure_id)
    return jsonify(closure_dict(closure))

