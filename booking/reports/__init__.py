"""Usage reports (issue 10): occupancy per room, hours per organisation and kind, public activities, the
year's occupancy rate against the year before; as pages with SVG charts and as CSV, and for scripts as
GET /api/v1/reports/occupancy.

hours.py and lateness.py are the pure arithmetic, queries.py the reads (a fixed number of statements),
tally.py adds the figures up, build.py puts each report together for the views, csvfile.py and
charts.py write CSV and SVG.
"""
from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")

from . import views  # noqa: E402,F401  (routes register on import)
