"""Fixtures of the privacy tests: the web tests' building and people, API tokens, and an old and a recent booking."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from booking.bookings.context import Context
from booking.bookings.services import cancel_occurrence, retitle_occurrence
from booking.calendar.attendance import mark_attendance
from booking.domain.recurrence import Recurrence
from booking.extensions import db
from booking.models import AuditEntry, Booking
from booking.models.enums import Attendance
from web.conftest import admin, frontdesk, make_user, member, other_member, site  # noqa: F401  (fixtures)
from web.helpers import book, local


@dataclass
class Story:
    """Two bookings of the GP practice's member: one whose last date ended 25 months before the suite's now
    (Monday 4 January 2027), one 23 months before."""

    old: Booking
    recent: Booking


def personal(booking: Booking, text: str) -> None:
    """Give a booking a description, setup notes and a decision note that name someone."""
    booking.description, booking.setup_notes, booking.decision_note = (
        f"Consult {text}", f"Stoel voor {text}", f"Goedgekeurd voor {text}")
    db.session.commit()


@pytest.fixture
def story(site, other_member, frontdesk) -> Story:
    """The old booking is weekly on two Mondays (2 and 9 December 2024, 09:00-11:00), one date cancelled with
    a reason and the other marked arrived; the recent one is on Monday 3 February 2025, 09:00-11:00."""
    then = datetime(2024, 11, 1, 9, tzinfo=UTC)
    old = book(other_member, site.kamer, local(2024, 12, 2, 9), local(2024, 12, 2, 11), "Spreekuur mevrouw Jansen",
               recurrence=Recurrence(freq="weekly", count=2), visibility="private", now=then)
    recent = book(other_member, site.kamer, local(2025, 2, 3, 9), local(2025, 2, 3, 11), "Spreekuur meneer Smit",
                  visibility="private", now=then)
    personal(old, "mevrouw Jansen")
    personal(recent, "meneer Smit")
    first, second = sorted(old.occurrences, key=lambda o: o.starts_at)
    desk = Context(session=db.session, actor=frontdesk, now=datetime(2024, 12, 2, 7, tzinfo=UTC))
    mark_attendance(desk, old.id, first.id, Attendance.ARRIVED)
    retitle_occurrence(Context(session=db.session, actor=other_member, now=datetime(2024, 12, 1, 7, tzinfo=UTC)),
                       old.id, first.id, "Spreekuur mevrouw Jansen, herhaling")
    cancel_occurrence(Context(session=db.session, actor=other_member, now=datetime(2024, 12, 3, 7, tzinfo=UTC)),
                      old.id, second.id, reason="mevrouw Jansen is ziek")
    # An edit of the title, as a later change screen would record it: old and new values quote it.
    db.session.add(AuditEntry(actor_id=other_member.id, action="booking.update", subject_type="booking",
                              subject_id=old.id, detail='{"new": {"title": "Spreekuur mevrouw Jansen"}, '
                                                        '"old": {"title": "Spreekuur Jansen"}}'))
    db.session.commit()
    return Story(old, recent)
