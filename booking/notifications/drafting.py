"""Turn the notices the booking services wrote into outbox messages, after the change's commit.

Each notice becomes one message per recipient: the letter in their language and the .ics, written
from the booking as it is now and the dates the notice names. A notice is marked drafted in the same
short write transaction that inserts its messages, on the condition that no other sender drafted it
first, so two senders at once never write a change's messages twice.
"""
from __future__ import annotations

import json
import logging
from datetime import datetime
from email.utils import parseaddr

from flask import current_app
from flask_babel import force_locale, gettext
from markupsafe import escape
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session, joinedload, selectinload

from ..database import begin_write, commit
from ..feeds.dates import booking_data
from ..feeds.queries import Viewer
from ..models import Booking, MailNotice, Occurrence, OutboxMessage, Room, Status, Visibility
from .compose import Change, Envelope, envelopes
from .invite import invitation
from .letters import Letter, link, location, write_letter
from .queries import people_to_tell

log = logging.getLogger(__name__)

BATCH = 20
# Where a recipient's name goes in a letter written for several recipients.
NAME_SLOT = "\x00name\x00"


def open_notices(session: Session, limit: int = BATCH) -> list[MailNotice]:
    """The notices not yet drafted, oldest first."""
    return list(session.scalars(select(MailNotice).where(MailNotice.drafted_at.is_(None))
                                .order_by(MailNotice.drafted_at, MailNotice.id).limit(limit)))


def draft_due(session: Session, now: datetime, limit: int = BATCH) -> int:
    """Write the messages of up to `limit` open notices, each in a write transaction of its own; how many
    notices this sender drafted (a notice another sender drafted first is left to it)."""
    notices = open_notices(session, limit)
    if not notices:
        return 0
    bookings = {b.id: b for b in session.scalars(
        select(Booking).where(Booking.id.in_({n.booking_id for n in notices if n.booking_id is not None}))
        .options(selectinload(Booking.occurrences).joinedload(Occurrence.room).joinedload(Room.building),
                 joinedload(Booking.room).joinedload(Room.building), joinedload(Booking.organisation),
                 joinedload(Booking.creator)))}
    drafted = 0
    for notice in notices:
        booking = bookings.get(notice.booking_id)
        rows, error = [], None
        try:
            if booking is not None:
                rows = messages_of(session, notice, booking, now)
        except Exception as exc:  # noqa: BLE001  (one bad notice must not stop the mail of every other)
            log.exception("the mail of notice %s could not be written", notice.id)
            error = f"{type(exc).__name__}: {exc}"[:2000]
        begin_write(session, keep_loaded=True)
        won = session.execute(update(MailNotice).where(MailNotice.id == notice.id, MailNotice.drafted_at.is_(None))
                              .values(drafted_at=now, last_error=error)
                              .execution_options(synchronize_session=False)).rowcount
        if won and rows:
            session.execute(insert(OutboxMessage), rows)
        commit(session, keep_loaded=True)
        drafted += bool(won)
    return drafted


def dates_of(notice: MailNotice, booking: Booking) -> list[Occurrence]:
    """The dates a notice is about, in its order: every date of the booking when it names none."""
    if notice.date_ids is None:
        return sorted(booking.occurrences, key=lambda o: (o.starts_at, o.id))
    wanted = json.loads(notice.date_ids)
    by_id = {o.id: o for o in booking.occurrences}
    return [by_id[i] for i in wanted if i in by_id]


def messages_of(session: Session, notice: MailNotice, booking: Booking, now: datetime) -> list[dict]:
    """The outbox rows of one notice: who hears, and their letters and .ics."""
    kind = notice.kind
    if kind == "created":
        kind = "pending" if notice.status == Status.PENDING.value else "confirmed"
    dates = dates_of(notice, booking)
    if not dates:
        return []
    change = Change(kind=kind, organisation_id=booking.organisation_id, creator_id=booking.creator_id,
                    private=booking.visibility == Visibility.PRIVATE, new_request=notice.new_request)
    chosen = envelopes(change, people_to_tell(session, booking.organisation_id, booking.creator_id,
                                              staff=notice.new_request))
    return compose_messages(notice, booking, chosen, dates, now)


def compose_messages(notice: MailNotice, booking: Booking, chosen: list[Envelope], dates: list[Occurrence],
                     now: datetime) -> list[dict]:
    """The outbox rows of the chosen envelopes: their letters and .ics."""
    places = {o.room_id: location(o.room) for o in booking.occurrences}
    places.setdefault(booking.room_id, location(booking.room))
    links = {"booking": link(notice.base_url, "bookings.detail", booking_id=booking.id),
             "approvals": link(notice.base_url, "frontdesk.approvals")}
    sender = parseaddr(current_app.config.get("MAIL_FROM") or "")[1]
    organizer = (booking.room.building.name, sender)
    cancelled = [o.id for o in dates]
    # Letters are written once per language, sight and kind (the name goes in after), the .ics once per
    # method and sight (a private title becomes 'Busy' in the reader's language).
    letters: dict[tuple[str, bool, str], Letter] = {}
    calendars: dict[tuple[str, str | None], str] = {}
    out = []
    for env in chosen:
        busy = None
        if not env.sees_title:
            with force_locale(env.language):
                busy = gettext("Busy")
        ics_key = (env.method, busy)
        if ics_key not in calendars:
            viewer = Viewer(staff=env.sees_title, busy=busy or "")
            calendars[ics_key] = invitation(booking_data(booking, viewer, places),
                                            booking.room.building.timezone, notice.created_at.year, env.method,
                                            cancelled if env.method == "CANCEL" else (), organizer)
        letter_key = (env.language, env.sees_title, env.kind)
        if letter_key not in letters:
            letters[letter_key] = write_letter(booking, env, dates, notice.how, notice.reason, links,
                                               name=NAME_SLOT)
        letter = letters[letter_key]
        out.append(dict(recipient=env.person.email, language=env.language, subject=letter.subject[:250],
                        body_text=letter.text.replace(NAME_SLOT, env.person.name),
                        body_html=letter.html.replace(NAME_SLOT, str(escape(env.person.name))),
                        ics=calendars[ics_key], ics_method=env.method, kind=env.kind, booking_id=booking.id,
                        created_at=notice.created_at, next_try=now, attempts=0, sent_at=None, last_error=None,
                        claimed_until=None, claim_token=None))
    return out
