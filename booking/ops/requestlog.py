"""One JSON line per request on the logger 'booking.requests' (LOG_JSON): what, how long, for whom.

Secrets travel in some paths (a calendar feed's token, an invitation's token): those segments are
masked before anything is written, and the query string is never logged.
"""
from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, Response, g, request
from sqlalchemy import inspect

LOGGER = logging.getLogger("booking.requests")
LOGGER.setLevel(logging.INFO)
MASK = "***"
# /feeds/<user>/<token>/...: the token; /invitation/<token>: the token. Matched on the raw path, so a
# path no route answers (a 404 with a real token in it) is masked too.
SECRET_PATHS = (re.compile(r"^(/feeds/(?!bookings/)[^/]+/)[^/]+"), re.compile(r"^(/invitation/)[^/]+"))
# A request id from the proxy (nginx's $request_id) is kept when it looks like one.
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def masked_path(path: str, view_args: dict | None = None) -> str:
    """`path` with every secret segment replaced by ***: the known token paths, and any route argument named *token."""
    for pattern in SECRET_PATHS:
        path = pattern.sub(lambda m: m.group(1) + MASK, path)
    for name, value in (view_args or {}).items():
        if "token" in name and isinstance(value, str) and value:
            path = path.replace(value, MASK)
    return path


def user_id() -> int | None:
    """The id of the user this request acted for, if it loaded one anyway: no query of its own.

    The API puts its token's user in g.actor; Flask-Login keeps the session's user in g._login_user
    once something asked for current_user. The id comes from the identity map (it survives a commit
    that expired the object, where reading .id would query the database again).
    """
    for user in (g.get("actor"), g.get("_login_user")):
        if user is None or not getattr(user, "is_authenticated", False):
            continue
        state = inspect(user, raiseerr=False)
        if state is not None and state.identity:
            return state.identity[0]
    return None


def line(response: Response) -> str:
    """The JSON line of this request and its `response`."""
    started = g.get("request_started")
    duration = (time.perf_counter() - started) * 1000 if started is not None else None
    return json.dumps({
        "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "request_id": g.get("request_id"),
        "method": request.method,
        "path": masked_path(request.path, request.view_args),
        "status": response.status_code,
        "duration_ms": round(duration, 1) if duration is not None else None,
        "user_id": user_id(),
    })


def stderr_handler() -> logging.Handler:
    """The handler that writes the lines, bare, to stderr (gunicorn's error log, journald under systemd)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.set_name("booking.requests.json")
    return handler


def install(app: Flask) -> None:
    """Time every request and, while LOG_JSON is on, log its line once the response is ready."""
    if app.config.get("LOG_JSON") and not any(h.get_name() == "booking.requests.json" for h in LOGGER.handlers):
        LOGGER.addHandler(stderr_handler())
        LOGGER.propagate = False  # one line, not a second copy through the root logger

    @app.before_request
    def start_request_clock() -> None:
        g.request_started = time.perf_counter()
        given = request.headers.get("X-Request-ID", "")
        g.request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex

    @app.after_request
    def log_request(response: Response) -> Response:
        if app.config.get("LOG_JSON"):
            LOGGER.info(line(response))
            response.headers.setdefault("X-Request-ID", g.get("request_id", ""))
        return response
