"""One date of a booking with a title of its own (a talk in a series of lectures, a special evening)."""
from __future__ import annotations

from .. import audit
from ..domain.errors import InvalidInput
from ..domain.messages import N_
from ..domain.text import has_control_chars
from ..models import Booking, Occurrence
from .context import Context

# As long as a booking's title may be.
MAX_TITLE = 200
# move_occurrence's `title` when the title stays as it is.
KEEP = object()


def clean_title(title: str | None) -> str | None:
    """A date's own title as stored: trimmed, None for none; InvalidInput for one too long or with control characters."""
    title = (title or "").strip()
    if len(title) > MAX_TITLE:
        msg = N_("Use at most 200 characters.")
        raise InvalidInput(msg, {"title": [msg]})
    if has_control_chars(title, False):
        msg = N_("Remove the control characters from this text.")
        raise InvalidInput(msg, {"title": [msg]})
    return title or None


def set_title(ctx: Context, booking: Booking, occ: Occurrence, title: str | None) -> bool:
    """Give `occ` its own title (None, '' or the booking's own title: none), audited, in the caller's
    transaction; False when nothing changed. The date's sequence stays: its time did not change."""
    title = clean_title(title)
    if title == booking.title:
        title = None
    if title == occ.title:
        return False
    # old/new as the audit trail reads them; 'title' is what retention and erasure scrub.
    audit.record(ctx.session, ctx.actor, "occurrence.retitle", "occurrence", occ.id, booking_id=booking.id,
                 old={"title": occ.title}, new={"title": title})
    occ.title = title
    booking.changed_at = ctx.now  # the feeds' LAST-MODIFIED and the key of their 304
    return True
