"""Bookings: the services every page and API endpoint calls to book, move and cancel, and their pages.

services.py (book, move, cancel) and series.py (from one date onward, extend) are the writes;
locking.py takes the lock and guards the commit; placing.py places, holds, moves and cancels dates;
schedule.py plans slots and finds what stands in their way; preview.py is the new-booking use case;
queries.py holds the reads; views.py and change_views.py are the pages.
"""
