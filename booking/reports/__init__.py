"""Usage reports (issue 10): occupancy per room, hours per organisation and kind, public activities, the
year's occupancy rate against the year before, rental charges per organisation per month; as pages with SVG
charts and as CSV, for scripts as GET /api/v1/reports/occupancy and /charges, and as `flask report export`.

hours.py and lateness.py are the pure arithmetic, queries.py the reads (a fixed number of statements),
tally.py adds the figures up, build.py puts each report together for the views, csvfile.py and
charts.py write CSV and SVG. The charges have their own reads (charge_queries.py), tally (charges.py, on the
pure arithmetic of domain/charges.py and domain/dayparts.py) and page (charges_page.py).
"""
from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")

from . import views  # noqa: E402,F401  (routes register on import)
