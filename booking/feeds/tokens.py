"""The secret tokens in private feed URLs: derived, never stored.

A token is an HMAC-SHA256 of the app's secret key over the user, their feed generation and the
feed, cut to 160 bits: the same URL can be shown again, regenerating (the generation grows) makes
every old URL of the user answer 404, and nobody can make one for another user or feed.
"""
from __future__ import annotations

import base64
import hashlib
import hmac

# 20 bytes: 160 bits of the HMAC, 27 characters in a URL.
TOKEN_BYTES = 20


def feed_token(secret: str | bytes, user_id: int, generation: int, feed: str) -> str:
    """The token of `feed` ('room:3', 'organisation:2', 'personal') of `user_id` at `generation`."""
    key = secret if isinstance(secret, bytes) else secret.encode()
    mac = hmac.new(key, f"calendar-feed\x00{user_id}\x00{generation}\x00{feed}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()[:TOKEN_BYTES]).rstrip(b"=").decode()


def token_matches(secret: str | bytes, user_id: int, generation: int, feed: str, given: str) -> bool:
    """Whether `given` is the token of that feed, compared in constant time."""
    if not given or len(given) > 64:
        return False
    return hmac.compare_digest(feed_token(secret, user_id, generation, feed).encode(), given.encode("utf-8", "replace"))
