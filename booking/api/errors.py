"""Every API error is JSON: {"error": CODE, "message": TEXT, ...}."""
from __future__ import annotations

from flask import jsonify, request
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


def is_api_request() -> bool:
    """Whether this request is for the JSON API (its errors are JSON, not pages)."""
    return request.path.startswith(bp.url_prefix + "/")


def http_error(exc: HTTPException):
    """An HTTP error as the API's JSON (booking.errors sends API requests here)."""
    code = HTTP_CODES.get(exc.code or 500, "error")
    return error_response(exc.code or 500, code, exc.description or code)


def server_error():
    """The API's last resort: JSON, never a stack trace."""
    return error_response(500, "server_error", "Something went wrong on our side.")
