"""Security headers on every response, and `Cache-Control: no-store` on private ones.

The Content-Security-Policy allows scripts and stylesheets from the site itself only: no inline
<script>, no event-handler attributes, no <style> elements. Inline `style` attributes are allowed
(style-src-attr 'unsafe-inline'): the week and day grids place each booking with a computed
grid-row and CSS variables written on the element, and an organisation's colour swatch is its
colour; such attributes run no script, and every value in them is escaped by Jinja. Images from the
site and data: URLs (the charts are inline SVG). frame-ancestors 'none' (and X-Frame-Options for
older browsers) keeps the approve and cancel forms out of other sites' frames.
"""
from __future__ import annotations

from flask import Flask, Response, request, session

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'self'",
])

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # Nothing of our addresses (feed links and invitations carry secret tokens) goes to other sites.
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def install(app: Flask) -> None:
    """Add the headers to every response of `app`."""
    hsts = int(app.config.get("HSTS_SECONDS") or 0)

    @app.after_request
    def security_headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if hsts > 0:
            response.headers.setdefault("Strict-Transport-Security", f"max-age={hsts}")
        if private_answer(response):
            response.headers["Cache-Control"] = "no-store"
        return response


def private_answer(response: Response) -> bool:
    """Whether no cache may keep `response`: an API answer, or a page for a logged-in browser.

    An answer that set its own caching keeps it (the calendar feeds: an ETag, private or public
    max-age, 304s), as do the static files. A session that carries a user id is a logged-in
    browser; reading it sends no query (the user is not loaded for this).
    """
    if request.endpoint == "static" or "Cache-Control" in response.headers or "ETag" in response.headers:
        return False
    if request.path.startswith("/api/"):
        return True
    return "_user_id" in session
