"""Checks on free text people type."""
from __future__ import annotations

import unicodedata


def has_control_chars(text: str, multiline: bool) -> bool:
    """Whether `text` holds control characters (newlines and tabs allowed in multi-line text)."""
    allowed = {"\n", "\r", "\t"} if multiline else set()
    return any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in allowed for ch in text)
