"""The front desk's day of the whole building (filled in by the calendar work)."""
from __future__ import annotations

from . import bp  # noqa: F401
