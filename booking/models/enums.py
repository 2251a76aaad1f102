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


class Members(dict):
    """An enum's values -> its members (and None -> None), saying which values there are when asked for another."""

    def __init__(self, enum_cls: type[StrEnum], name: str):
        super().__init__([(m.value, m) for m in enum_cls] + [(None, None)])
        self.name = name

    def __missing__(self, value):
        raise LookupError(f"{value!r} is not among the values of {self.name}: {', '.join(sorted(k for k in self if k))}")


class LookupEnum(Enum):
    """SQLAlchemy's Enum, reading each value with one dictionary lookup (C, no Python call) instead of two Python
    calls: a day's or a series' hundreds of dates each read a status, a visibility, an attendance."""

    cache_ok = True

    def result_processor(self, dialect, coltype):
        if super(Enum, self).result_processor(dialect, coltype) is not None:  # the string needs converting first
            return super().result_processor(dialect, coltype)
        return Members(self.enum_class, self.name).__getitem__


def enum_column(enum_cls: type[StrEnum], name: str) -> Enum:
    """A portable string column restricted to the enum's values by a CHECK constraint."""
    return LookupEnum(enum_cls, name=name, native_enum=False, create_constraint=True, length=20,
                      values_callable=lambda e: [m.value for m in e], validate_strings=True)
