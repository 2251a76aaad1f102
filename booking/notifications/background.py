"""The sender thread of an app where no `flask mail send` worker runs (BOOKING_MAIL_BACKGROUND).

Started by the first request a process answers (after gunicorn forked it), it sends what is due every
MAIL_INTERVAL seconds. Several processes may each run one: the claims keep every message to one sender.
"""
from __future__ import annotations

import logging
import os
import threading

from flask import Flask

from ..extensions import db
from ..web import now
from .delivery import settings_from
from .sender import send_all_due

log = logging.getLogger(__name__)
_KEY = "booking_mail_sender"
_lock = threading.Lock()


class Sender:
    """One process's sender thread and the event that stops it."""

    def __init__(self, app: Flask):
        self.app = app
        self.pid = os.getpid()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, name="mail-sender", daemon=True)

    def run(self) -> None:
        """Send what is due, then wait; until stopped."""
        interval = float(self.app.config.get("MAIL_INTERVAL") or 5)
        while not self.stopping.is_set():
            try:
                with self.app.app_context():
                    send_all_due(db.session, settings_from(self.app.config, self.app.instance_path), now())
            except Exception:  # noqa: BLE001  (the database may be away for a moment: try again next time)
                log.exception("the mail sender's round failed")
            self.stopping.wait(interval)


def start(app: Flask) -> Sender | None:
    """Start this process's sender thread, once (again in a forked child); None when switched off."""
    if not app.config.get("MAIL_BACKGROUND"):
        return None
    with _lock:
        sender = app.extensions.get(_KEY)
        if sender is not None and sender.pid == os.getpid() and sender.thread.is_alive():
            return sender
        sender = app.extensions[_KEY] = Sender(app)
        sender.thread.start()
        return sender


def stop(app: Flask, timeout: float = 5) -> None:
    """Stop this process's sender thread and wait for it to finish its round."""
    sender = app.extensions.pop(_KEY, None)
    if sender is not None:
        sender.stopping.set()
        sender.thread.join(timeout)


def install(app: Flask) -> None:
    """Start the sender with the first request each process answers."""
    @app.before_request
    def start_mail_sender() -> None:
        sender = app.extensions.get(_KEY)
        if sender is None or sender.pid != os.getpid():
            start(app)
