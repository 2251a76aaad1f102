"""Import an .ics file (the GP's consultation hours, a group's season) into one room as bookings.

events.py   what a file holds, as plain data, and the limits
ics.py      the pure parser: bytes -> events (or one message for a file that cannot be read)
rules.py    an RRULE with its EXDATEs as the app's Recurrence
services.py the preview (the booking form's checks) and the confirmation (add_booking, all or nothing)
payload.py  the signed preview the confirmation form carries
views.py    /imports/new and /imports/confirm; cli.py: flask import-ics
"""
from flask import Blueprint

bp = Blueprint("imports", __name__, url_prefix="/imports")

from . import views  # noqa: E402,F401  (routes register on import)
