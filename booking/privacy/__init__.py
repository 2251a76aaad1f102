"""Privacy (AVG/GDPR, issue 10): retention of past bookings, and a user's data exported or erased."""
from flask import Blueprint

bp = Blueprint("privacy", __name__)

from . import views  # noqa: E402,F401  (routes register on import)
