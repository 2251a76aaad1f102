"""The free-room finder's page (filled in by the finder work)."""
from __future__ import annotations

from . import bp  # noqa: F401
