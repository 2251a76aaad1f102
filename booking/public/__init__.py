"""What residents see without logging in: the public agenda and the lobby screen."""
from flask import Blueprint

bp = Blueprint("public", __name__)

from . import views  # noqa: E402,F401  (routes register on import)
