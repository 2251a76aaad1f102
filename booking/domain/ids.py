"""What can be an id: the database's ids are 32-bit integers."""
from __future__ import annotations

# A larger number in a URL or a request is no id, and would overflow the database's integer.
MAX_ID = 2**31 - 1


def is_id(value: object) -> bool:
    """Whether `value` is a whole number that an id can be (1 .. MAX_ID); booleans are not numbers."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def parse_id(raw: str | None) -> int | None:
    """A text id ('12') as an int, or None when it is not one ('²', '-1', '0', 99999999999)."""
    if raw and raw.isascii() and raw.isdigit() and len(raw) <= 10 and 0 < int(raw) <= MAX_ID:
        return int(raw)
    return None
