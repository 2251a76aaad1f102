"""The public agenda and the lobby screen (filled in by the residents' work)."""
from __future__ import annotations

from . import bp  # noqa: F401
