"""Who may see and change which booking."""
from __future__ import annotations

from ..domain.errors import Forbidden, InvalidInput
from ..domain.messages import N_
from ..models import Booking, Organisation, Role, User, Visibility

BUSY = "Busy"


def sees_details(actor: User | None, booking: Booking) -> bool:
    """Whether `actor` may see the title and description of `booking` (or of a row with its `visibility`
    and `organisation_id`, as queries.ListedDate)."""
    if booking.visibility != Visibility.PRIVATE:
        return True
    if actor is None:
        return False
    return actor.is_staff or (actor.organisation_id is not None
                              and actor.organisation_id == booking.organisation_id)


def shown_title(actor: User | None, booking: Booking) -> str:
    """The title, or 'Busy' where the actor may not see a private booking's title."""
    return booking.title if sees_details(actor, booking) else BUSY


def may_change(actor: User, booking: Booking) -> bool:
    """Admins and the front desk change any booking; a member only their organisation's."""
    return actor.is_staff or (actor.organisation_id is not None
                              and actor.organisation_id == booking.organisation_id)


def require_change(actor: User, booking: Booking) -> None:
    """Raise Forbidden unless `actor` may change or cancel `booking`."""
    if not may_change(actor, booking):
        raise Forbidden(N_("You may only change bookings of your own organisation."))


def booking_organisation(actor: User, requested: Organisation | None, requested_id: int | None) -> Organisation:
    """The organisation a new booking is for: the caller's own unless staff name another."""
    if requested_id is not None and requested is None:
        raise InvalidInput(N_("Unknown organisation."), {"organisation_id": [N_("No organisation with this id.")]})
    if requested is not None and requested.id != actor.organisation_id and actor.role == Role.MEMBER:
        raise Forbidden(N_("You may only book for your own organisation."))
    org = requested or actor.organisation
    if org is None:
        msg = N_("Name the organisation this booking is for.")
        raise InvalidInput(msg, {"organisation_id": [msg]})
    if org.active is False:  # deactivated by an administrator: its history stays, it books nothing new
        msg = N_("%(organisation)s is deactivated and cannot book.", organisation=org.name)
        raise InvalidInput(msg, {"organisation_id": [msg]})
    return org
