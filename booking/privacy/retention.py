"""Retention (AVG/GDPR): past bookings lose their titles, descriptions and personal data after
RETENTION_MONTHS, while their hours stay for the reports.

What a booking keeps: its room, organisation, dates (hours), statuses, attendance and visibility, so
that every report counts the same hours before and after. What it loses: the title (a neutral text),
description, setup notes, the front desk's decision note, each date's cancel reason, the link to the
user who asked for it and the one who decided (reports count per organisation, never per person; a
requester's name next to a GP practice's hour is exactly what should not outlive its use), the mail
messages about it (they quote the title), and the personal texts in its audit entries.

Bulk statements per batch of bookings (UPDATE ... WHERE id IN ...), one transaction each; a booking
once done is no longer due, so a run can stop anywhere and be run again (idempotent).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from sqlalchemy import bindparam, delete, exists, func, or_, select, update
from sqlalchemy.orm import Session

from .. import audit
from ..bookings.context import Context
from ..database import begin_write, commit
from ..domain.errors import Forbidden
from ..domain.messages import N_
from ..models import AuditEntry, Booking, MailNotice, Occurrence, OutboxMessage, Role
from .rules import ANONYMISED_TITLE, PERSONAL_KEYS, retention_cutoff, scrubbed_detail

# Bookings per transaction: short write locks on SQLite, a bounded IN list.
BATCH = 500


@dataclass(frozen=True)
class RetentionRun:
    """What a run did (or, dry, would do): the cutoff, the bookings anonymised and their audit entries scrubbed."""

    cutoff: datetime | None
    bookings: int
    audit_entries: int
    dry_run: bool


def not_anonymised():
    """The condition of a booking that still holds something anonymisation takes away."""
    personal_reason = exists().where(Occurrence.booking_id == Booking.id,
                                     or_(Occurrence.cancel_reason != "", Occurrence.title.is_not(None)))
    return or_(Booking.title != ANONYMISED_TITLE, Booking.description != "", Booking.setup_notes != "",
               Booking.decision_note != "", Booking.creator_id.is_not(None), Booking.decided_by_id.is_not(None),
               personal_reason)


def due(cutoff: datetime):
    """The bookings whose every date ended before `cutoff` and that are not anonymised yet."""
    later = exists().where(Occurrence.booking_id == Booking.id, Occurrence.ends_at >= cutoff)
    return select(Booking.id).where(~later, not_anonymised())


def due_count(session: Session, now: datetime, months: int) -> int:
    """How many bookings are due for anonymisation (0 when the setting keeps everything: months 0)."""
    cutoff = retention_cutoff(now, months)
    if cutoff is None:
        return 0
    return session.scalar(select(func.count()).select_from(due(cutoff).subquery())) or 0


def audit_ids_of(ids):
    """The audit entries about the bookings `ids` (a list, or a select of ids) and their dates."""
    dates = select(Occurrence.id).where(Occurrence.booking_id.in_(ids))
    return or_((AuditEntry.subject_type == "booking") & AuditEntry.subject_id.in_(ids),
               (AuditEntry.subject_type == "occurrence") & AuditEntry.subject_id.in_(dates))


def scrub_audit(session: Session, where, keys: frozenset[str] = PERSONAL_KEYS, write: bool = True) -> int:
    """Empty the personal texts in the details of the audit entries `where` selects; how many changed
    (`write` False: only how many would).

    The application never changes or deletes an audit entry: the trail is append-only. Retention and
    erasure are the exception the law (AVG/GDPR art. 5(1)(e) and 17) makes: an entry keeps who did
    what and when, but no longer the titles, descriptions, reasons, names or addresses it quoted.
    JSON is rewritten in Python (the databases' JSON functions differ), then one executemany UPDATE.
    """
    rows = session.execute(select(AuditEntry.id, AuditEntry.detail).where(where, AuditEntry.detail != "")).all()
    changed = [{"entry": i, "detail": new} for i, old in rows if (new := scrubbed_detail(old, keys)) != old]
    if changed and write:
        table = AuditEntry.__table__
        session.execute(update(table).where(table.c.id == bindparam("entry")).values(detail=bindparam("detail")),
                        changed)
    return len(changed)


def anonymise_batch(ctx: Context, ids: list[int], cutoff: datetime) -> int:
    """Anonymise the bookings `ids` (bulk statements in the caller's transaction); the audit entries scrubbed."""
    # changed_at moves on: a calendar feed (or its cache) that still holds one of them renders it afresh.
    ctx.session.execute(update(Booking).where(Booking.id.in_(ids)).values(
        title=ANONYMISED_TITLE, description="", setup_notes="", decision_note="", creator_id=None,
        decided_by_id=None, changed_at=ctx.now), execution_options={"synchronize_session": False})
    ctx.session.execute(update(Occurrence).where(Occurrence.booking_id.in_(ids), Occurrence.cancel_reason != "")
                        .values(cancel_reason=""), execution_options={"synchronize_session": False})
    # A date's own title (feeds' retitled date) is as personal as the booking's.
    ctx.session.execute(update(Occurrence).where(Occurrence.booking_id.in_(ids), Occurrence.title.is_not(None))
                        .values(title=None), execution_options={"synchronize_session": False})
    # The mail about them quoted their titles, its notices their reasons (sent or long overdue: nothing
    # left to deliver).
    ctx.session.execute(delete(OutboxMessage).where(OutboxMessage.booking_id.in_(ids)),
                        execution_options={"synchronize_session": False})
    ctx.session.execute(delete(MailNotice).where(MailNotice.booking_id.in_(ids)),
                        execution_options={"synchronize_session": False})
    scrubbed = scrub_audit(ctx.session, audit_ids_of(ids))
    audit.record(ctx.session, ctx.actor, "privacy.anonymise", "retention", None, bookings=len(ids),
                 first_id=min(ids), last_id=max(ids), cutoff=cutoff.isoformat())
    return scrubbed


def anonymise(ctx: Context, months: int, dry_run: bool = False,
              progress: Callable[[int, int], None] | None = None) -> RetentionRun:
    """Anonymise every booking whose last date ended more than `months` months before ctx.now
    (administrators and the command line); `dry_run` only counts. progress(done, total) after each batch."""
    if ctx.actor.role != Role.ADMIN:
        raise Forbidden(N_("Only an administrator may anonymise bookings."))
    cutoff = retention_cutoff(ctx.now, months)
    if cutoff is None:
        return RetentionRun(None, 0, 0, dry_run)
    total = due_count(ctx.session, ctx.now, months)
    if dry_run or not total:
        entries = scrub_audit(ctx.session, audit_ids_of(due(cutoff)), write=False) if total else 0
        ctx.session.rollback()
        return RetentionRun(cutoff, total, entries, dry_run)
    done = entries = 0
    while True:
        begin_write(ctx.session)
        ids = list(ctx.session.scalars(due(cutoff).order_by(Booking.id).limit(BATCH)))
        if not ids:
            ctx.session.rollback()
            break
        entries += anonymise_batch(ctx, ids, cutoff)
        commit(ctx.session)
        done += len(ids)
        if progress is not None:
            progress(done, max(total, done))
    return RetentionRun(cutoff, done, entries, dry_run)
