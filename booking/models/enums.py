"""The fixed vocabularies of the building: roles, kinds, visibility, states."""
from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Enum


class Role(StrEnum):
    """What a user may do: admin everything, frontdesk the counter's work, member their own."""

    ADMIN = "admin"
    FRONTDESK = "frontdesk"
    MEMBER = "member"


class OrganisationKind(StrEnum):
    """The kinds of organisation that work under one roof."""

    CARE = "care"
    WELFARE = "welfare"
    VOLUNTEERS = "volunteers"
    RESIDENTS = "residents"
    OTHER = "other"


class Visibility(StrEnum):
    """Who sees a booking's title: everyone (public agenda), all users, or its own organisation."""

    PUBLIC = "public"
    INTERNAL = "internal"
    PRIVATE = "private"


class Status(StrEnum):
    """State of a booking or one occurrence; confirmed and pending ones hold the room."""

    CONFIRMED = "confirmed"
    PENDING = "pending"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


ACTIVE_STATUSES = (Status.CONFIRMED, Status.PENDING)


class Attendance(StrEnum):
    """What the front desk noted about one date: the group came, or did not (kept for the reports).

    No value (NULL) means nothing was noted yet.
    """

    ARRIVED = "arrived"
    NO_SHOW = "no_show"


def enum_column(enum_cls: type[StrEnum], name: str) -> Enum:
    """A portable string column restricted to the enum's values by a CHECK constraint."""
    return Enum(enum_cls, name=name, native_enum=False, create_constraint=True, length=20,
                values_callable=lambda e: [m.value for m in e], validate_strings=True)
