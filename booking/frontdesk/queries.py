"""What the front desk's approval queue reads: a page of waiting requests and the extras each asks for."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..bookings.queries import Page, PendingRequest, pending_requests
from ..extras.queries import Asked, asked_by


@dataclass(frozen=True)
class ApprovalQueue:
    """A page of requests, and per booking id the extras it asks for (the beamer must be free too)."""

    requests: Page[PendingRequest]
    extras: dict[int, list[Asked]]


def approval_queue(session: Session, number: int) -> ApprovalQueue:
    """Page `number` of the waiting requests with their extras: two statements and the page's count."""
    requests = pending_requests(session, number)
    return ApprovalQueue(requests, asked_by(session, [r.booking.id for r in requests.rows]))
