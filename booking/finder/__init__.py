"""The free-room finder (/find): rooms free for every date of a request, best fit first."""
from flask import Blueprint

bp = Blueprint("finder", __name__)

from . import views  # noqa: E402,F401  (routes register on import)
