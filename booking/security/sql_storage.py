"""A `limits` storage kept in the app's own database (table login_failure), so that every worker and
server of one installation shares the login throttle's counts without a Redis server.

Registered under the scheme `bookingdb://` (the default RATELIMIT_STORAGE_URI). It supports the moving
window only (each counted hit is a row with its moment; a window is a COUNT over the rows of a key since
then), which is what the login throttle uses; the fixed-window calls answer from the same rows.

Each call runs on its own connection and transaction, apart from the request's session: a count
written here stays written when the request's own work is rolled back, and the request's transaction
is not committed by it. The check and the insert of a hit happen under a lock of the key (SQLite's
write lock, taken first with BEGIN IMMEDIATE; a PostgreSQL transaction-level advisory lock on the
key), so two workers cannot both take the last place in a window.
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Iterator

from limits.storage import MovingWindowSupport, Storage
from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.exc import SQLAlchemyError

from ..database import WRITE_OPTION
from ..extensions import db
from ..models import LoginFailure

# Rows older than this go whatever their key (no throttle window is longer).
KEEP = timedelta(days=1)


def moment(seconds: float) -> datetime:
    """An epoch time as an aware UTC datetime."""
    return datetime.fromtimestamp(seconds, UTC)


@contextmanager
def locked(key: str) -> Iterator:
    """A write transaction on its own connection, holding the lock that serialises the hits of `key`."""
    with db.engine.connect() as conn:
        conn = conn.execution_options(**{WRITE_OPTION: True})  # SQLite: BEGIN IMMEDIATE
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": key})
            yield conn


class DatabaseStorage(Storage, MovingWindowSupport):
    """Hits as rows of login_failure in the app's database (the app of the current app context)."""

    STORAGE_SCHEME = ["bookingdb"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self):
        return SQLAlchemyError

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        """Count `amount` hits under `key` unless that makes more than `limit` within `expiry` seconds."""
        if amount > limit:
            return False
        now = time.time()
        with locked(key) as conn:
            # A write first: on SQLite the lock is then held from the start (no upgrade to fail).
            conn.execute(delete(LoginFailure).where(LoginFailure.at < moment(now) - KEEP))
            taken = conn.scalar(select(func.count()).select_from(LoginFailure)
                                .where(LoginFailure.key == key, LoginFailure.at > moment(now - expiry)))
            if taken + amount > limit:
                return False
            conn.execute(insert(LoginFailure), [{"key": key, "at": moment(now)}] * amount)
        return True

    def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        """(the moment of the oldest hit in the window, how many hits are in it); (now, 0) without any."""
        now = time.time()
        with db.engine.connect() as conn:
            oldest, count = conn.execute(
                select(func.min(LoginFailure.at), func.count())
                .where(LoginFailure.key == key, LoginFailure.at > moment(now - expiry))).one()
        if not count:
            return now, 0
        # SQLite hands back a naive datetime for an aggregate (the column type is not applied to MIN).
        oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=UTC)
        return oldest.timestamp(), int(count)

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Fixed window: count `amount` hits, and answer how many there are within `expiry` seconds."""
        now = time.time()
        with locked(key) as conn:
            conn.execute(insert(LoginFailure), [{"key": key, "at": moment(now)}] * amount)
            return int(conn.scalar(select(func.count()).select_from(LoginFailure)
                                   .where(LoginFailure.key == key, LoginFailure.at > moment(now - expiry))))

    def get(self, key: str) -> int:
        """How many hits are stored under `key` (those older than a day are gone)."""
        with db.engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(LoginFailure)
                                   .where(LoginFailure.key == key)))

    def get_expiry(self, key: str) -> float:
        """When the newest hit under `key` is a day old (the rows carry no window of their own)."""
        with db.engine.connect() as conn:
            newest = conn.scalar(select(func.max(LoginFailure.at)).where(LoginFailure.key == key))
        if newest is None:
            return time.time()
        newest = newest if newest.tzinfo else newest.replace(tzinfo=UTC)
        return (newest + KEEP).timestamp()

    def check(self) -> bool:
        """Whether the database answers."""
        try:
            with db.engine.connect() as conn:
                conn.execute(select(1))
            return True
        except SQLAlchemyError:
            return False

    def reset(self) -> int | None:
        """Forget every hit."""
        with db.engine.begin() as conn:
            return conn.execute(delete(LoginFailure)).rowcount

    def clear(self, key: str) -> None:
        """Forget the hits under `key`."""
        with locked(key) as conn:
            conn.execute(delete(LoginFailure).where(LoginFailure.key == key))
