"""A room's or an organisation's week and month (filled in by the calendar work)."""
from __future__ import annotations

from . import bp  # noqa: F401
