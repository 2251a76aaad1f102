"""Checks on free text people type."""
from __future__ import annotations

import unicodedata

# The years a date people type may fall in; year 1 or 9999 breaks date arithmetic.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def has_control_chars(text: str, multiline: bool) -> bool:
    """Whether `text` holds control characters (newlines and tabs allowed in multi-line text)."""
    allowed = {"\n", "\r", "\t"} if multiline else set()
    return any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in allowed for ch in text)
