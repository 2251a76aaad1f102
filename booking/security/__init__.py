"""Security hardening (issue 11): response headers, no caching of private answers, login throttling, secrets.

- headers.py: a Content-Security-Policy without inline script, nosniff, the referrer policy, no framing,
  HSTS in production; `Cache-Control: no-store` on what a logged-in browser or the API gets.
- throttle.py: failed logins counted per account and per client address, shared by every worker and
  server (the database by default, Redis when RATELIMIT_STORAGE_URI names one); sql_storage.py is the
  database's storage for it.
- secrets.py: production refuses to start with the development secret key or none.
"""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Install the response headers and the login throttle on `app`."""
    from . import headers, throttle

    headers.install(app)
    throttle.install(app)
