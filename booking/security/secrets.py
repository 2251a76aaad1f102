"""The secret key: production refuses to start without one of its own."""
from __future__ import annotations

from typing import Any, Mapping

from config import Config

# The key config.py ships for development: public, so anyone could sign a session cookie with it.
DEVELOPMENT_KEY = Config.SECRET_KEY


class InsecureSecretKey(RuntimeError):
    """The configuration would run production with a key that signs nothing safely."""


def check_secret_key(config: Mapping[str, Any], production: bool) -> None:
    """Raise InsecureSecretKey when the secret key is empty, or in production the development one."""
    key = config.get("SECRET_KEY")
    text = key.decode("utf-8", "replace") if isinstance(key, bytes) else str(key or "")
    hint = ("set BOOKING_SECRET_KEY (or SECRET_KEY in instance/config.py) to a long random value, "
            "e.g. the output of: python3 -c 'import secrets; print(secrets.token_hex(32))'")
    if not text.strip():
        raise InsecureSecretKey(f"The secret key is empty: {hint}")
    if production and text.strip() == DEVELOPMENT_KEY:
        raise InsecureSecretKey("BOOKING_CONFIG=production refuses the development secret key from config.py "
                                f"(it is public, so anyone could forge a login): {hint}")
