"""The .ics download of one booking ('Add to my calendar'): the same serialiser and UID as the feeds."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from ..bookings.permissions import require_change
from ..domain.errors import NotFound
from ..domain.ids import is_id
from ..domain.messages import N_
from ..models import Booking, Room, User
from . import queries
from .dates import booking_data
from .data import FeedCalendar
from .ical import render
from .queries import Viewer
from .reading import Labels


def booking_ics(session: Session, actor: User, booking_id: int, rules_year: int,
                labels: Labels) -> tuple[bytes, str]:
    """The booking as an .ics file with all its dates, and its file name; NotFound when unknown,
    Forbidden where the actor may not open its page (another organisation's booking)."""
    booking = session.scalars(select(Booking).where(Booking.id == booking_id).options(
        joinedload(Booking.room).joinedload(Room.building), joinedload(Booking.organisation),
        selectinload(Booking.occurrences))).first() if is_id(booking_id) else None
    if booking is None:
        raise NotFound(N_("No booking with this id."))
    require_change(actor, booking)
    viewer = Viewer(staff=actor.is_staff, organisation_id=actor.organisation_id, busy=labels.busy)
    data = booking_data(booking, viewer, queries.locations(session))
    calendar = FeedCalendar(booking.title, labels.description, booking.room.building.timezone, (data,), None,
                            rules_year)
    return render(calendar), f"booking-{booking.id}.ics"
