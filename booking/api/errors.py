"""Every API error is JSON: {"error": CODE, "message": TEXT, ...}."""
from __future__ import annotations

from flask import current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from ..domain.errors import BookingConflict, BookingError
from ..extensions import db
from . import bp
from .serialise import clash_dict, zone_for_request

HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type"}


def error_response(status: int, code: str, message: str, **extra):
    """A JSON error answer."""
    body = {"error": code, "message": message}
    body.update(extra)
    return jsonify(body), status


@bp.errorhandler(BookingError)
def booking_error(exc: BookingError):
    db.session.rollback()
    body = exc.as_dict()
    zone = zone_for_request()
    for occ in body.get("occurrences", []):
        occ["start"], occ["end"] = occ["start"].astimezone(zone).isoformat(), occ["end"].astimezone(zone).isoformat()
    return jsonify(body), exc.status


@bp.errorhandler(BookingConflict)
def booking_conflict(exc: BookingConflict):
    db.session.rollback()
    zone = zone_for_request()
    return error_response(409, "conflict", exc.message, conflicts=[clash_dict(c, zone) for c in exc.clashes])


@bp.app_errorhandler(HTTPException)
def http_error(exc: HTTPException):
    """JSON for HTTP errors under /api/, the ordinary page elsewhere."""
    if not request.path.startswith(bp.url_prefix + "/"):
        return exc
    code = HTTP_CODES.get(exc.code or 500, "error")
    return error_response(exc.code or 500, code, exc.description or code)


@bp.app_errorhandler(500)
def server_error(exc):
    """A last resort: log it, answer JSON under /api/, never a stack trace."""
    db.session.rollback()
    current_app.logger.exception("unhandled error on %s", request.path)
    if request.path.startswith(bp.url_prefix + "/"):
        return error_response(500, "server_error", "Something went wrong on our side.")
    return "Internal Server Error", 500
