"""GET /api/v1/day and PUT .../attendance (filled in by the calendar work)."""
from __future__ import annotations

from . import bp  # noqa: F401
