"""The outbox writes: the booking services call booking_changed beside their audit write, in the same
transaction, so a change and its messages are committed, or rolled back, together."""
from __future__ import annotations

from email.utils import parseaddr
from typing import Sequence

from flask import current_app
from flask_babel import force_locale, gettext
from markupsafe import escape
from sqlalchemy import insert

from ..bookings.context import Context
from ..feeds.dates import booking_data
from ..feeds.queries import Viewer
from ..models import Booking, Occurrence, OutboxMessage, Status, Visibility
from .compose import Change, Envelope, envelopes
from .invite import invitation
from .letters import Letter, link, location, write_letter
from .queries import people_to_tell

# Where a recipient's name goes in a letter written for several recipients.
NAME_SLOT = "\x00name\x00"


def booking_changed(ctx: Context, booking: Booking, kind: str, dates: Sequence[Occurrence] = (), how: str = "",
                    reason: str = "") -> int:
    """Write the messages that tell of a change to `booking` (not committed: the caller commits); how many.

    `kind`: created (confirmed or pending, as the booking now is), approved, rejected, changed or
    cancelled; `dates`: the dates the change concerns (every date for created); `how`: moved,
    moved_from or extended for a change, date, from or all for a cancellation.
    """
    with ctx.session.no_autoflush:  # the database's guard answers at the caller's commit, not here
        if kind == "created":
            kind = "pending" if booking.status == Status.PENDING else "confirmed"
            dates = list(booking.occurrences)
        if not dates:  # nothing changed after all (a series whose dates are all over)
            return 0
        new_request = kind in ("pending", "changed") and any(o.status == Status.PENDING for o in dates)
        change = Change(kind=kind, organisation_id=booking.organisation_id, creator_id=booking.creator_id,
                        private=booking.visibility == Visibility.PRIVATE, new_request=new_request)
        chosen = envelopes(change, people_to_tell(ctx.session, booking.organisation_id, booking.creator_id,
                                                  staff=new_request))
        if not chosen:
            return 0
        # One INSERT for them all (executemany); unflushed changes wait for the caller's guarded commit.
        rows = compose_messages(ctx, booking, chosen, list(dates), how, reason)
        ctx.session.execute(insert(OutboxMessage), rows)
    return len(rows)


def compose_messages(ctx: Context, booking: Booking, chosen: list[Envelope], dates: list[Occurrence], how: str,
                     reason: str) -> list[dict]:
    """The outbox rows of the chosen envelopes: their letters and .ics."""
    places = {o.room_id: location(o.room) for o in booking.occurrences}
    places.setdefault(booking.room_id, location(booking.room))
    links = {"booking": link("bookings.detail", booking_id=booking.id), "approvals": link("frontdesk.approvals")}
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
                                            booking.room.building.timezone, ctx.now.year, env.method,
                                            cancelled if env.method == "CANCEL" else (), organizer)
        letter_key = (env.language, env.sees_title, env.kind)
        if letter_key not in letters:
            letters[letter_key] = write_letter(booking, env, dates, how, reason, links, name=NAME_SLOT)
        letter = letters[letter_key]
        out.append(dict(recipient=env.person.email, language=env.language, subject=letter.subject[:250],
                        body_text=letter.text.replace(NAME_SLOT, env.person.name),
                        body_html=letter.html.replace(NAME_SLOT, str(escape(env.person.name))),
                        ics=calendars[ics_key], ics_method=env.method, kind=env.kind, booking_id=booking.id,
                        created_at=ctx.now, next_try=ctx.now, attempts=0, sent_at=None, last_error=None,
                        claimed_until=None, claim_token=None))
    return out
