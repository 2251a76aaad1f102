"""GET /api/v1/agenda, the public activities (filled in by the residents' work)."""
from __future__ import annotations

from . import bp  # noqa: F401
