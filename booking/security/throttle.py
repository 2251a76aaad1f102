"""Login throttling: after 5 failed logins for one account within 15 minutes, tries for it are refused
(429 with Retry-After) until the oldest of those failures is 15 minutes old; one client address may
fail 100 times in 15 minutes (a whole office shares one address). Both limits are settings
(LOGIN_LIMIT_PER_ACCOUNT, LOGIN_LIMIT_PER_ADDRESS). Only failures count: a successful login is never
refused for earlier successes, and it clears its account's failures.

How, and why this way:
- The counts live where every worker and server sees them: in the app's database by default (table
  login_failure, through sql_storage.DatabaseStorage, a storage class for the `limits` library), or in
  Redis when RATELIMIT_STORAGE_URI names one (redis://host:6379/0). The `limits` library has no SQL
  storage of its own, and a deployment with one database and no Redis must still share the counts.
- Flask-Limiter provides the storage (built from the URI and its options) and the moving-window
  strategy, one Limiter per app (apps in one process may use different storages: tests, two servers).
  No route gets a Flask-Limiter limit (its request hook finds none to check): its decorators count
  requests, and what must count here is the outcome of the password check, known only inside the
  view. The login service below asks the strategy before the check and counts after it.
  RATELIMIT_ENABLED = False (Flask-Limiter's own switch) turns the throttle off.
- Moving window, so '5 within 15 minutes' holds at every moment, not per fixed quarter of an hour.
- Keys carry a SHA-256 of the normalised email and of the address, never the text typed in the email
  field (which is sometimes a password).
- Check and count are two steps: requests for one account that are in flight at the same moment all
  pass the check; the overshoot is at most the number of requests the servers answer at once.
- When the storage does not answer (Redis down), logging in goes on unthrottled and the error is logged:
  a broken counter must not lock everybody out.
"""
from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse
from limits.errors import StorageError
from sqlalchemy.orm import Session

from ..accounts.services import log_in, normalise_email
from ..models import User
from . import sql_storage  # noqa: F401  (registers the bookingdb:// storage scheme)

log = logging.getLogger(__name__)

EXTENSION = "booking_login_throttle"


@dataclass(frozen=True)
class LoginAttempt:
    """What came of a login: the user (None: refused), and the seconds to wait when throttled."""

    user: User | None
    retry_after: int | None = None


class LoginThrottle:
    """The two limits of an app, over its Flask-Limiter storage."""

    def __init__(self, limiter: Limiter, per_account: RateLimitItem, per_address: RateLimitItem,
                 prefix: str) -> None:
        self.limiter = limiter
        self.per_account = per_account
        self.per_address = per_address
        self.prefix = prefix  # keeps installations sharing one Redis apart

    def limits(self, email: str, address: str | None) -> list[tuple[RateLimitItem, str, str, str]]:
        """The limits that apply to a login with `email` from `address`, each with its key's parts."""
        return [(self.per_account, self.prefix, "login-account", digest(normalise_email(email))),
                (self.per_address, self.prefix, "login-address", digest(address or "unknown"))]

    def wait(self, email: str, address: str | None) -> int | None:
        """Seconds until a login with `email` from `address` may be tried again; None: now."""
        if not self.limiter.enabled:
            return None
        strategy = self.limiter.limiter
        waits = []
        for item, *key in self.limits(email, address):
            if not strategy.test(item, *key):
                reset, _remaining = strategy.get_window_stats(item, *key)
                waits.append(max(1, math.ceil(reset - time.time())))
        return max(waits) if waits else None

    def failed(self, email: str, address: str | None) -> None:
        """Count a failed login under both limits."""
        if not self.limiter.enabled:
            return
        for item, *key in self.limits(email, address):
            self.limiter.limiter.hit(item, *key)

    def succeeded(self, email: str) -> None:
        """Forget the account's failures (the address's stay: other accounts may be tried from it)."""
        if not self.limiter.enabled:
            return
        item, *key = self.limits(email, None)[0]
        self.limiter.limiter.clear(item, *key)


def digest(text: str) -> str:
    """A key part that names no email or address in the storage."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def install(app: Flask) -> None:
    """Give `app` its login throttle over the configured storage."""
    uri = app.config.get("RATELIMIT_STORAGE_URI") or "bookingdb://"
    prefix = app.config.get("RATELIMIT_KEY_PREFIX") or "booking"
    limiter = Limiter(get_remote_address, app=app, storage_uri=uri, strategy="moving-window",
                      storage_options={"wrap_exceptions": True, **app.config.get("RATELIMIT_STORAGE_OPTIONS", {})},
                      key_prefix=prefix, headers_enabled=False)
    app.extensions[EXTENSION] = LoginThrottle(limiter, parse(app.config["LOGIN_LIMIT_PER_ACCOUNT"]),
                                              parse(app.config["LOGIN_LIMIT_PER_ADDRESS"]), prefix)


def throttle() -> LoginThrottle:
    """The login throttle of the current app."""
    return current_app.extensions[EXTENSION]


def attempt_login(session: Session, email: str, password: str, address: str | None, now: datetime) -> LoginAttempt:
    """Log in unless the account or the address has failed too often; count a failure, clear on success.

    A throttled try is refused without checking the password: the right one is refused too.
    """
    limits = throttle()
    try:
        wait = limits.wait(email, address)
    except StorageError:
        log.exception("login throttle: the storage does not answer; this login is not throttled")
        wait = None
    if wait is not None:
        return LoginAttempt(None, wait)
    user = log_in(session, email, password, now)
    try:
        if user is None:
            limits.failed(email, address)
        else:
            limits.succeeded(email)
    except StorageError:
        log.exception("login throttle: the storage does not answer; this login was not counted")
    return LoginAttempt(user)
