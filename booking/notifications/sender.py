"""Send what the outbox holds: draft the notices' messages, claim due messages atomically, deliver them,
note the outcome.

A claim is one conditional UPDATE (PostgreSQL: over the due rows FOR UPDATE SKIP LOCKED; SQLite: under
BEGIN IMMEDIATE), so two senders at once, in one process or several, never take the same message. A
claim lasts CLAIM_LEASE: a sender that died with messages claimed leaves them to be taken again then.
A failure is logged, counted, and tried again after a growing pause (30 s, 1 min, 2 min, ... 1 hour).
"""
from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..database import begin_write, commit
from ..models import MailNotice, OutboxMessage
from .delivery import MailSettings, Postman
from .drafting import draft_due
from .queries import claimed, due

log = logging.getLogger(__name__)

CLAIM_LEASE = timedelta(minutes=15)
BATCH = 20
FIRST_PAUSE = timedelta(seconds=30)
LONGEST_PAUSE = timedelta(hours=1)


@dataclass(frozen=True)
class Outcome:
    """What became of one message in a round."""

    id: int
    recipient: str
    kind: str
    error: str | None = None
    next_try: datetime | None = None


@dataclass
class Round:
    """The messages one round took, sent or failed."""

    sent: list[Outcome] = field(default_factory=list)
    failed: list[Outcome] = field(default_factory=list)

    @property
    def taken(self) -> int:
        """How many messages the round claimed."""
        return len(self.sent) + len(self.failed)


def pause_after(attempts: int) -> timedelta:
    """How long to wait before trying a message again after its `attempts`-th failure."""
    return min(FIRST_PAUSE * 2 ** max(attempts - 1, 0), LONGEST_PAUSE)


def anything_to_do(session: Session, now: datetime) -> bool:
    """Whether a notice waits to be drafted or a message is due: one read, no write lock."""
    waiting = select(MailNotice.id).where(MailNotice.drafted_at.is_(None)).limit(1)
    return session.scalar(select(waiting.exists() | select(OutboxMessage.id).where(*due(now)).limit(1).exists())) \
        or False


def claim(session: Session, now: datetime, limit: int = BATCH) -> str:
    """Mark up to `limit` due messages as this sender's, in a transaction of its own; the claim's token."""
    token = secrets.token_hex(16)
    begin_write(session)
    pick = select(OutboxMessage.id).where(*due(now)).order_by(OutboxMessage.next_try, OutboxMessage.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(pick.scalar_subquery()), *due(now))
                    .values(claimed_until=now + CLAIM_LEASE, claim_token=token)
                    .execution_options(synchronize_session=False))
    session.commit()
    return token


def settle(session: Session, message: OutboxMessage, token: str, now: datetime, error: str | None) -> Outcome:
    """Note a delivery or a failure of a claimed message, in a write transaction of its own."""
    attempts = (message.attempts or 0) + 1
    values: dict = {"attempts": attempts, "claimed_until": None, "claim_token": None}
    if error is None:
        values["sent_at"] = now
        outcome = Outcome(message.id, message.recipient, message.kind)
    else:
        values.update(last_error=error[:2000], next_try=now + pause_after(attempts))
        outcome = Outcome(message.id, message.recipient, message.kind, error, values["next_try"])
    begin_write(session, keep_loaded=True)
    session.execute(update(OutboxMessage).where(OutboxMessage.id == message.id, OutboxMessage.claim_token == token)
                    .values(**values).execution_options(synchronize_session=False))
    commit(session, keep_loaded=True)
    return outcome


def send_due(session: Session, settings: MailSettings, now: datetime, limit: int = BATCH) -> Round:
    """One round: draft the open notices' messages, claim up to `limit` due messages and deliver each;
    failures wait for a later round."""
    done = Round()
    if not anything_to_do(session, now):  # a plain read first: no write lock while the outbox is empty
        session.commit()
        return done
    while draft_due(session, now, limit) == limit:
        pass
    token = claim(session, now, limit)
    messages = claimed(session, token)
    if not messages:
        session.commit()
        return done
    postman = Postman(settings)
    try:
        for message in messages:
            try:
                postman.deliver(message)
            except Exception as exc:  # noqa: BLE001  (any failure of a mail server or disk is retried later)
                postman.drop_connection()
                outcome = settle(session, message, token, now, f"{type(exc).__name__}: {exc}")
                log.warning("mail %s to %s failed (attempt %s, next try %s): %s", message.id, message.recipient,
                            message.attempts + 1, outcome.next_try, outcome.error)
                done.failed.append(outcome)
            else:
                done.sent.append(settle(session, message, token, now, None))
    finally:
        postman.close()
    session.commit()
    return done


def send_all_due(session: Session, settings: MailSettings, now: datetime, limit: int = BATCH) -> Round:
    """Rounds until nothing is due: what `flask mail send` and the background sender do."""
    total = Round()
    while True:
        done = send_due(session, settings, now, limit)
        total.sent += done.sent
        total.failed += done.failed
        if done.taken < limit:
            return total
