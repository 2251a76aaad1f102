"""School holiday periods per building (issue 10, Closures): entered by administrators, skipped by series on request.

The blueprint lives in views.py (as bookings' does), so the booking services can read the periods
(queries.py) without loading the pages.
"""
