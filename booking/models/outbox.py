"""The mail outbox: messages written in the transaction of the change, sent after the commit."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import UTCDateTime, utcnow


class OutboxMessage(db.Model):
    """One email to one recipient, composed in full when the booking changed (migration 0008).

    A worker claims due rows (claimed_until in the future, claim_token its own), sends them and
    stamps sent_at; a failure adds to attempts, keeps last_error and moves next_try on (backoff)."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        # The worker's question: unsent and due, oldest first.
        Index("ix_outbox_message_due", "sent_at", "next_try"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(String(250))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    # The .ics attachment and its METHOD (REQUEST or CANCEL), for the text/calendar part's method.
    ics: Mapped[str | None] = mapped_column(Text)
    ics_method: Mapped[str | None] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(30))
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("booking.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)
    next_try: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claim_token: Mapped[str | None] = mapped_column(String(32))


class MailNotice(db.Model):
    """A change to a booking that is still to be told (migration 0016): one row, written in the change's
    own transaction; the sender turns it into the outbox messages after the commit.

    Writing the letters and their .ics in the booking's transaction held the room lock while Python
    composed them; this row is all that transaction now writes for the mail."""

    __tablename__ = "mail_notice"
    __table_args__ = (
        # The sender's question: the notices not yet turned into messages, oldest first.
        Index("ix_mail_notice_open", "drafted_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("booking.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(30))             # created, approved, rejected, changed, cancelled
    how: Mapped[str] = mapped_column(String(30), default="")  # moved, moved_from, extended; date, from, all
    reason: Mapped[str] = mapped_column(Text, default="")
    # The dates the change concerns, as a JSON list of occurrence ids; NULL: every date of the booking.
    date_ids: Mapped[str | None] = mapped_column(Text)
    # The booking's status and whether dates now wait for the front desk, as they were at the change.
    status: Mapped[str] = mapped_column(String(20))
    new_request: Mapped[bool] = mapped_column(Boolean, default=False)
    # The app's address as the change's request came in (or BOOKING_PUBLIC_URL), for the letters' links.
    base_url: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    drafted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
