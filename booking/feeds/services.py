"""Writes of the feeds: regenerating a user's feed links."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from .. import audit
from ..models import User


def regenerate_links(session: Session, user: User, now: datetime) -> int:
    """Give `user` new feed URLs (their old ones answer 404 from now on), audited; the new generation."""
    user.feed_generation = (user.feed_generation or 0) + 1
    audit.record(session, user, "feeds.regenerate", "user", user.id, generation=user.feed_generation,
                 at=now.isoformat())
    session.commit()
    return user.feed_generation
