"""The database check of /healthz: one SELECT 1 on a connection of its own, with a short timeout.

The app's own pool has no connect timeout (a request may wait for a busy database); a health check
must answer quickly whatever the database does, so it has an engine of its own per process. That
engine keeps no connection between checks (NullPool): each check connects afresh, which is what it
should prove, and nothing is left open in a process that forks or a test that ends.
"""
from __future__ import annotations

import logging
import os
import threading
from urllib.parse import quote

from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from ..extensions import db

log = logging.getLogger(__name__)
_KEY = "booking_health_engine"
_lock = threading.Lock()


def health_engine_for(uri: str, timeout: float) -> Engine:
    """An engine on `uri` that gives up after about `timeout` seconds, and never creates a database."""
    url = make_url(uri)
    seconds = max(1, round(timeout))
    if url.get_backend_name() == "sqlite":
        path = url.database or ""
        if path in ("", ":memory:") or path.startswith("file:"):
            return create_engine(url, poolclass=NullPool)
        # mode=rw: a missing file is an error, not a new empty database.
        rw = URL.create("sqlite", database=f"file:{quote(os.path.abspath(path))}",
                        query={"mode": "rw", "uri": "true"})
        return create_engine(rw, poolclass=NullPool, connect_args={"timeout": timeout})
    connect_args = {}
    if url.get_backend_name() == "postgresql":
        connect_args = {"connect_timeout": seconds,
                        "options": f"-c statement_timeout={int(timeout * 1000)}"}
    return create_engine(url, poolclass=NullPool, connect_args=connect_args)


def engine_of(app: Flask) -> Engine:
    """This process's health engine of `app`, made on first use (after gunicorn forked the worker)."""
    # The app engine's URL, not the setting: Flask-SQLAlchemy puts a relative SQLite path in the instance folder.
    uri = db.engine.url.render_as_string(hide_password=False)
    pid = os.getpid()
    with _lock:
        made = app.extensions.get(_KEY)
        if made is None or made[0] != pid or made[1] != uri:
            made = app.extensions[_KEY] = (pid, uri, health_engine_for(uri, float(app.config["HEALTH_TIMEOUT"])))
        return made[2]


def database_answers(app: Flask) -> bool:
    """Whether the database answers SELECT 1 within HEALTH_TIMEOUT seconds."""
    try:
        with engine_of(app).connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError as exc:
        log.warning("health check: the database does not answer: %s", str(exc).splitlines()[0])
        return False
