"""Rendered reads kept in memory per server process, served only while the database is exactly as it was.

The front desk's day, as a page and as JSON, is asked again and again (the front desk's screen, a lobby
screen every minute, scripts) while nothing changes. Each answer is kept under a key made of what was asked, what
the viewer may see (staff, or which organisation), and the database's change key (database.change_key_columns),
read in the first statement, *before* the data: an entry is only found while that key is unchanged, so it
is never older than the database, in this process or another (each process has its own entries and
reads the key itself). The change key moves with any commit, so any write makes every entry unused;
what is unused is dropped, least recently used first, when the entries pass READ_CACHE_BYTES.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, Hashable, TypeVar

from flask import current_app, g

_KEY = "booking.read_cache"
T = TypeVar("T")


class ReadCache:
    """A thread-safe least-recently-used map from a key to bytes (or text), holding at most `max_bytes` of them
    (a character of text counted as a byte)."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.items: OrderedDict[Hashable, bytes | str | tuple] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key: Hashable) -> bytes | str | tuple | None:
        """The bytes kept under `key`, if any."""
        with self.lock:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
            return found

    def put(self, key: Hashable, value: bytes | str | tuple) -> None:
        """Keep `value` (bytes, text, or a tuple of them) under `key`, dropping the least recently used beyond
        the size (a value larger than a quarter of it is not kept: it would push out everything else)."""
        size = _size(value)
        if size > self.max_bytes // 4:
            return
        with self.lock:
            old = self.items.pop(key, None)
            if old is not None:
                self.size -= _size(old)
            self.items[key] = value
            self.size += size
            while self.size > self.max_bytes:
                _, dropped = self.items.popitem(last=False)
                self.size -= _size(dropped)


def _size(value) -> int:
    return sum(len(v) for v in value) if isinstance(value, tuple) else len(value)


def read_cache() -> ReadCache | None:
    """This process's cache (made on first use), or None when READ_CACHE_BYTES is 0."""
    app = current_app._get_current_object()
    limit = int(app.config.get("READ_CACHE_BYTES") or 0)
    if limit <= 0:
        return None
    cache = app.extensions.get(_KEY)
    if cache is None:
        cache = app.extensions.setdefault(_KEY, ReadCache(limit))
    return cache


def viewer_of(actor) -> tuple:
    """What decides what a viewer sees of other organisations' bookings: staff see everything, anyone else
    their own organisation's private bookings (bookings.permissions.sees_details, may_change)."""
    return ("staff",) if actor.is_staff else ("organisation", actor.organisation_id)


def kept(asked: tuple, state: tuple | None) -> bytes | str | tuple | None:
    """What was kept for `asked` (which must name the viewer: viewer_of) while the database's change key was
    `state` (database.change_key_of, read before the data), if anything."""
    cache = read_cache()
    return cache.get((*asked, state)) if cache is not None and state is not None else None


def keep(asked: tuple, state: tuple | None, body: bytes | str | tuple) -> None:
    """Keep `body`, made from data read after the change key `state`, for later reads of `asked` while the
    key is unchanged (nothing, without a key: this session has written, or the cache is off)."""
    cache = read_cache()
    if cache is not None and state is not None:
        cache.put((*asked, state), body)


_LATEST = "booking.read_cache.latest"


def latest(name: Hashable, state: tuple | None):
    """What keep_latest kept under `name`, if it was kept while the database's change key was `state`."""
    if state is None or read_cache() is None:
        return None
    found = current_app.extensions.get(_LATEST, {}).get(name)
    return found[1] if found is not None and found[0] == state else None


def keep_latest(name: Hashable, state: tuple | None, value) -> None:
    """Keep `value`, read after the change key `state`, for later reads of `name` while the key is unchanged,
    in place of what was kept under `name` before: one entry per name (a building's rooms), so no size to
    count. Nothing without a key, or when the cache is off."""
    if state is not None and read_cache() is not None:
        current_app.extensions.setdefault(_LATEST, {})[name] = (state, value)


def latest_or_read(name: Hashable, state: tuple | None, read: Callable[[], T]) -> T:
    """What keep_latest kept under `name` while the change key is `state`; else `read()`, kept so (when there is
    a key and the cache is on)."""
    found = latest(name, state)
    if found is None:
        found = read()
        keep_latest(name, state, found)
    return found


def remember_state(state: tuple | None) -> None:
    """Note the change key this request read in its first statement (its data were read after it), so that
    the rest of the request (the menu's count) may use what was kept under it."""
    g.read_state = state


def remembered_state() -> tuple | None:
    """The change key this request noted (remember_state), or None."""
    return g.get("read_state")


def remember_first_state(state: tuple | None) -> None:
    """Note the change key read in the request's first statement, the login's (its user or its API token):
    a read that follows may use it instead of reading one itself (day_queries.day_buildings)."""
    g.first_state = state


def first_state() -> tuple | None:
    """The change key noted by remember_first_state, or None."""
    return g.get("first_state")


def forget_all() -> None:
    """Forget everything this process kept: the next reads read again (a test that counts statements)."""
    current_app.extensions.pop(_KEY, None)
    current_app.extensions.pop(_LATEST, None)
