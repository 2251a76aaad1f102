"""Bookings: the service every page and API endpoint calls to book, move and cancel."""
