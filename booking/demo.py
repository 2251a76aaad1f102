"""Demo data for De Kiekmure (filled in by seed-demo)."""
from __future__ import annotations

from typing import Iterator

from sqlalchemy.orm import Session


def seed(session: Session, reset: bool = False) -> Iterator[str]:
    """Placeholder until the demo data lands."""
    yield "nothing yet"
