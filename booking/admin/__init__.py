"""Administration (issue 10): the index of the admin pages, closures and the Dutch public holidays."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from . import audit_views, building_views, organisation_views, room_views, views  # noqa: E402,F401  (routes register on import)
