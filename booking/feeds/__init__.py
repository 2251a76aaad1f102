"""Calendar feeds (issue 9): iCalendar feeds per room, organisation and user, the public agenda as a
feed, the Subscribe page, and the .ics download of one booking."""
from flask import Blueprint

bp = Blueprint("feeds", __name__, url_prefix="/feeds")

from . import views  # noqa: E402,F401  (routes register on import)
