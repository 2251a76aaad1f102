"""The data model; importing this package registers every table."""
from .audit import AuditEntry
from .booking import Booking, Occurrence, RoomHold
from .building import Building, Closure, OpeningHours
from .extra import BookingExtra, Extra, ExtraKind
from .enums import ACTIVE_STATUSES, OrganisationKind, Role, Status, Visibility
from .login_failure import LoginFailure
from .organisation import Organisation
from .outbox import MailNotice, OutboxMessage
from .room import Room, RoomRate, room_organisation, room_part
from .school_holiday import SchoolHoliday
from .user import ApiToken, Invitation, User
from .user_session import UserSession  # noqa: F401  (registers the table)

__all__ = [
    "AuditEntry", "Booking", "Occurrence", "RoomHold", "Building", "Closure", "OpeningHours",
    "ACTIVE_STATUSES", "OrganisationKind", "Role", "Status", "Visibility", "Organisation",
    "Room", "RoomRate", "room_organisation", "room_part", "ApiToken", "Invitation", "User",
    "MailNotice", "OutboxMessage", "SchoolHoliday", "BookingExtra", "Extra", "ExtraKind", "LoginFailure",
]
