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
- The `limits` library provides the storage (built from the URI and its options) and the moving-window
  strategy, one pair per app (apps in one process may use different storages: tests, two servers).
  Not Flask-Limiter, which is built on it: its decorators count requests, and what must count here is
  the outcome of the password check, known only inside the view; and its request hooks, with no route
  limited, only cost every request a fifth of a millisecond. The login service below uses the
  strategy around the check itself. RATELIMIT_ENABLED = False turns the throttle off.
- Moving window, so '5 within 15 minutes' holds at every moment, not per fixed quarter of an hour.
- Keys carry a SHA-256 of the normalised email and of the address, never the text typed in the email
  field (which is sometimes a password).
- The account's try is counted before its password is checked, in one locked step of the storage
  (a success then clears the account's count), so tries sent at the same moment cannot pass 5. The
  address's failures are counted after the check: tries in flight at once may pass its (generous)
  limit by at most the number of requests the servers answer at the same time.
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
from limits import RateLimitItem, parse
from limits.errors import StorageError
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
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
    """The two limits of an app, over its storage's moving window (`strategy`; None: the throttle is off)."""

    def __init__(self, strategy: MovingWindowRateLimiter | None, per_account: RateLimitItem,
                 per_address: RateLimitItem, prefix: str) -> None:
        self.strategy = strategy
        self.per_account = per_account
        self.per_address = per_address
        self.prefix = prefix  # keeps installations sharing one Redis apart

    def account(self, email: str) -> tuple[RateLimitItem, str, str, str]:
        """The account's limit with its key's parts (the normalised email, hashed)."""
        return self.per_account, self.prefix, "login-account", digest(normalise_email(email))

    def address(self, address: str | None) -> tuple[RateLimitItem, str, str, str]:
        """The client address's limit with its key's parts."""
        return self.per_address, self.prefix, "login-address", digest(address or "unknown")

    def seconds_left(self, item: RateLimitItem, *key: str) -> int:
        """Seconds until the oldest try in the window of `key` leaves it."""
        reset, _remaining = self.strategy.get_window_stats(item, *key)
        return max(1, math.ceil(reset - time.time()))

    def reserve(self, email: str, address: str | None) -> int | None:
        """Take a place for one try: None, or the seconds to wait when the address or the account is full.

        The account's place is taken now, in one locked step (it becomes the failure if the password
        is wrong; a success clears it): tries that arrive at the same moment cannot pass the limit.
        """
        strategy = self.strategy
        if strategy is None:
            return None
        item, *key = self.address(address)
        if not strategy.test(item, *key):
            return self.seconds_left(item, *key)
        item, *key = self.account(email)
        if not strategy.hit(item, *key):
            return self.seconds_left(item, *key)
        return None

    def failed(self, address: str | None) -> None:
        """Count a failed login against the address (the account's was counted by reserve)."""
        if self.strategy is not None:
            self.strategy.hit(*self.address(address))

    def succeeded(self, email: str) -> None:
        """Forget the account's failures (the address's stay: other accounts may be tried from it)."""
        if self.strategy is not None:
            self.strategy.clear(*self.account(email))


def digest(text: str) -> str:
    """A key part that names no email or address in the storage."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def install(app: Flask) -> None:
    """Give `app` its login throttle over the configured storage."""
    uri = app.config.get("RATELIMIT_STORAGE_URI") or "bookingdb://"
    prefix = app.config.get("RATELIMIT_KEY_PREFIX") or "booking"
    strategy = None
    if app.config.get("RATELIMIT_ENABLED", True):
        # wrap_exceptions: a storage that does not answer raises StorageError, whatever it is (attempt_login).
        options = {"wrap_exceptions": True, **app.config.get("RATELIMIT_STORAGE_OPTIONS", {})}
        strategy = MovingWindowRateLimiter(storage_from_string(uri, **options))
    app.extensions[EXTENSION] = LoginThrottle(strategy, parse(app.config["LOGIN_LIMIT_PER_ACCOUNT"]),
                                              parse(app.config["LOGIN_LIMIT_PER_ADDRESS"]), prefix)


def throttle() -> LoginThrottle:
    """The login throttle of the current app."""
    return current_app.extensions[EXTENSION]


def release(session: Session) -> None:
    """End the request's read transaction (nothing is written at these points of a login), so that
    its connection goes back to the pool before the throttle takes one of its own: a request holding
    one connection while waiting for a second could, with every request doing the same, wait forever."""
    session.rollback()


def attempt_login(session: Session, email: str, password: str, address: str | None, now: datetime) -> LoginAttempt:
    """Log in unless the account or the address has failed too often; count a failure, clear on success.

    A throttled try is refused without checking the password: the right one is refused too.
    """
    limits = throttle()
    release(session)
    try:
        wait = limits.reserve(email, address)
    except StorageError:
        log.exception("login throttle: the storage does not answer; this login is not throttled")
        wait = None
    if wait is not None:
        return LoginAttempt(None, wait)
    user = log_in(session, email, password, now)
    release(session)
    try:
        if user is None:
            limits.failed(address)
        else:
            limits.succeeded(email)
    except StorageError:
        log.exception("login throttle: the storage does not answer; this login was not counted")
    return LoginAttempt(user)
