"""Calendar views: the front desk's day of the whole building, and week and month views.

day.py: the front desk's day (/frontdesk/day), attendance and setup notes.
week.py: a room's or an organisation's week and month.
"""
from flask import Blueprint

bp = Blueprint("calendar", __name__)

from . import day, week  # noqa: E402,F401  (routes register on import)
