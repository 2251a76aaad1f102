"""JSON API v1: parses, calls the same services as the pages, serialises."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from . import agenda, audit, bookings, closures, day, document, errors, extras, feeds, reports, rooms  # noqa: E402,F401  (routes register on import)
