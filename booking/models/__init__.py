"""The data model; importing this package registers every table."""
from .audit import AuditEntry
from .booking import Booking, Occurrence, RoomHold
from .building import Building, Closure, OpeningHours
from .enums import ACTIVE_STATUSES, OrganisationKind, Role, Status, Visibility
from .login_failure import LoginFailure
from .organisation import Organisation
from .outbox import OutboxMessage
from .room import Room, room_organisation, room_part
from .user import ApiToken, Invitation, User
from .user_session import UserSession  # noqa: F401  (registers the table)

__all__ = [
    "AuditEntry", "Booking", "Occurrence", "RoomHold", "Building", "Closure", "OpeningHours",
    "ACTIVE_STATUSES", "OrganisationKind", "Role", "Status", "Visibility", "Organisation",
    "Room", "room_organisation", "room_part", "ApiToken", "Invitation", "User",
    "OutboxMessage", "LoginFailure",
]
