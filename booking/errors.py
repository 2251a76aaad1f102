"""Error answers for the whole app: JSON under /api/, a translated page elsewhere; never a stack trace.

Pages let the services' NotFound and Forbidden through to here: one mapping to 404 and 403 pages,
not a try/except in every view.
"""
from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .api.errors import http_error as api_http_error
from .api.errors import is_api_request, server_error as api_server_error
from .domain.errors import BookingConflict, BookingError
from .extensions import db
from .web import tr

PAGES = {
    400: (lambda: _("The request could not be understood"),
          lambda: _("Something in the form or the address was not right. Go back and try again.")),
    403: (lambda: _("Not allowed"), lambda: _("You may not see or change this. It belongs to another organisation, "
                                             "or it needs another role.")),
    404: (lambda: _("Not found"), lambda: _("This page or booking does not exist (any more).")),
    405: (lambda: _("Not allowed"), lambda: _("This page cannot be used this way.")),
    413: (lambda: _("Too large"), lambda: _("What you sent is too large.")),
}


def page(status: int, heading: str, explanation: str):
    """A plain error page with a way back."""
    return render_template("errors/error.html", heading=heading, explanation=explanation), status


def register(app: Flask) -> None:
    """Install the handlers."""

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        return page(400, _("This form has expired"),
                    _("The security token of the form was missing or no longer valid. Go back, reload the "
                      "page and send the form again."))

    @app.errorhandler(BookingError)
    def booking_error(exc: BookingError):
        # The API answers these itself (its blueprint's handlers); a page gets the error page that fits.
        db.session.rollback()
        if exc.status in PAGES:
            heading, text = PAGES[exc.status]
            return page(exc.status, heading(), text())
        return page(exc.status, _("This could not be done"), tr(exc.message))

    @app.errorhandler(BookingConflict)
    def booking_conflict(exc: BookingConflict):
        db.session.rollback()
        return page(409, _("This could not be done"), tr(exc.message))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if is_api_request():
            return api_http_error(exc)
        if exc.code in PAGES:
            heading, text = PAGES[exc.code]
            return page(exc.code, heading(), text())
        return exc

    @app.errorhandler(500)
    def server_error(exc):
        db.session.rollback()
        app.logger.error("unhandled error on %s", request.path, exc_info=getattr(exc, "original_exception", exc))
        if is_api_request():
            return api_server_error()
        return page(500, _("Something went wrong"), _("This is our fault. Try again in a moment; if it keeps "
                                                      "happening, tell the front desk."))
