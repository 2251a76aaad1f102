"""Domain errors raised by the scheduling core and the services, caught by views and the API."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .messages import N_


class BookingError(Exception):
    """Base class of every error a booking request can end in."""

    code = "invalid"
    status = 422

    def __init__(self, message: str, fields: dict[str, list[str]] | None = None, **extra):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        self.extra = extra

    def as_dict(self) -> dict:
        """Render the error the way the JSON API answers it."""
        body = {"error": self.code, "message": self.message}
        if self.fields:
            body["fields"] = self.fields
        body.update(self.extra)
        return body


class InvalidInput(BookingError):
    """The request itself is malformed or out of range (422)."""


class RuleViolation(BookingError):
    """A room or building rule refuses the request: opening hours, closure, too long, notice (422)."""


class Forbidden(BookingError):
    """The actor may not do this (403)."""

    code = "forbidden"
    status = 403


class NotFound(BookingError):
    """The thing asked for does not exist, or is not the actor's to see (404)."""

    code = "not_found"
    status = 404


@dataclass(frozen=True)
class Clash:
    """One existing occurrence that stands in the way of a requested slot."""

    booking_id: int
    occurrence_id: int
    room_id: int
    start: datetime
    end: datetime
    title: str
    requested_start: datetime | None = None
    requested_end: datetime | None = None


@dataclass
class BookingConflict(Exception):
    """The requested slots collide with active occurrences (409); nothing was written."""

    clashes: list[Clash] = field(default_factory=list)
    code = "conflict"
    status = 409

    @property
    def message(self) -> str:
        """A one-line summary for people."""
        n = len(self.clashes)
        if n == 1:
            return N_("The room is already booked at the requested time.")
        return N_("%(n)s existing bookings stand in the way of this request.", n=n)
