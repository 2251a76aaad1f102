"""GET /healthz: whether this app server can reach its database, for the proxy and the monitoring."""
from __future__ import annotations

from flask import current_app, jsonify

from . import bp
from .health import database_answers


@bp.get("/healthz")
def healthz():
    """200 {"status": "ok"} when the database answers a SELECT 1 in time, else 503 {"status": "unavailable"}."""
    ok = database_answers(current_app)
    resp = jsonify(status="ok" if ok else "unavailable")
    resp.status_code = 200 if ok else 503
    # A cached 'ok' would hide an outage from whoever asks next.
    resp.headers["Cache-Control"] = "no-store"
    return resp
