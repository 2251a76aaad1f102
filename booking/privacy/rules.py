"""Pure rules of the privacy work: the retention cutoff and what of an audit entry is personal text."""
from __future__ import annotations

import json
from datetime import datetime

# What a booking's title becomes once its retention period is over (stored data, in the building's language).
ANONYMISED_TITLE = "Geanonimiseerd"
# The name an erased user's row keeps (the row stays: audit entries and bookings point at it).
ERASED_NAME = "Verwijderde gebruiker"
# Keys of an audit entry's detail (at any depth, so also inside old/new) that hold free text people typed
# about a booking or a person: titles, descriptions, notes, reasons, names and addresses.
PERSONAL_KEYS = frozenset({"title", "description", "setup_notes", "reason", "note", "decision_note",
                           "cancel_reason", "message", "contact", "name", "email"})
# What an erased user's own audit entries (subject: the user) lose: the address and the name.
PERSON_KEYS = frozenset({"email", "name"})


def erased_email(user_id: int) -> str:
    """The unique placeholder address of an erased user (.invalid never delivers: RFC 2606)."""
    return f"erased-{user_id}@erased.invalid"


def retention_cutoff(now: datetime, months: int) -> datetime | None:
    """The instant `months` calendar months before `now` (the day clipped to the month's end);
    None for 0 or less: keep forever."""
    if months <= 0:
        return None
    index = now.year * 12 + now.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    following = datetime(year + (month == 12), month % 12 + 1, 1)
    last_day = (following - datetime(year, month, 1)).days
    return now.replace(year=year, month=month, day=min(now.day, last_day))


def scrubbed(value, keys: frozenset[str] = PERSONAL_KEYS):
    """`value` (parsed JSON) with every string under one of `keys` emptied, at any depth."""
    if isinstance(value, dict):
        return {k: ("" if k in keys and isinstance(v, str) else scrubbed(v, keys)) for k, v in value.items()}
    if isinstance(value, list):
        return [scrubbed(v, keys) for v in value]
    return value


def scrubbed_detail(detail: str, keys: frozenset[str] = PERSONAL_KEYS) -> str:
    """An audit entry's JSON detail without its personal texts (as audit.record writes it: sorted keys);
    a detail that is not JSON is free text, and goes."""
    if not detail:
        return detail
    try:
        parsed = json.loads(detail)
    except ValueError:
        return ""
    return json.dumps(scrubbed(parsed, keys), default=str, sort_keys=True)
