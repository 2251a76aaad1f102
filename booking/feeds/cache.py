"""The rendered feeds kept in memory, by the key that decides whether a feed changed.

A small LRU per server process: a subscribed client asks every 15 to 60 minutes and nearly always
gets the same body (or a 304) back, decided by one cheap statement instead of a rendering.
"""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Hashable

# How many rendered feeds one process keeps (a feed is a few kB to a few hundred kB).
MAX_FEEDS = 256


@dataclass(frozen=True)
class Entry:
    """What a process knows of one feed: the newest change of any booking when it last looked, the
    feed's own change key then, its last change, and its body (None until rendered)."""

    stamp: object
    key: Hashable
    last_modified: object
    rendered: "Rendered | None" = None


@dataclass(frozen=True)
class Rendered:
    """A feed's body and its strong ETag (a digest of exactly these bytes)."""

    body: bytes
    etag: str

    @classmethod
    def of(cls, body: bytes) -> "Rendered":
        """The body with its ETag."""
        return cls(body, hashlib.sha256(body).hexdigest()[:32])


class FeedCache:
    """A thread-safe least-recently-used map from a feed (its scope, reader and window) to its Entry."""

    def __init__(self, size: int = MAX_FEEDS):
        self.size = size
        self.items: OrderedDict[Hashable, Entry] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable) -> Entry | None:
        """What is kept of the feed `key`, if anything."""
        with self.lock:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
            return found

    def put(self, key: Hashable, entry: Entry) -> None:
        """Keep what is known of a feed, dropping the least recently used beyond the size."""
        with self.lock:
            self.items[key] = entry
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        """Forget every rendered feed (tests, benchmarks)."""
        with self.lock:
            self.items.clear()


feeds = FeedCache()
