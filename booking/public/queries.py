"""What the public may see: the confirmed dates of public bookings, in one statement.

Nothing else leaves here: no internal or private booking, no pending, rejected or cancelled
date, no description, no notes, no people. Each row carries only what the public agenda, the
lobby screen and GET /api/v1/agenda show.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.clock import local_day_bounds, zone_of
from ..domain.rules import LONGEST_DATE
from ..models import Booking, Building, Occurrence, Organisation, Room, Status, Visibility


@dataclass(frozen=True)
class PublicEvent:
    """One date of a public activity: when, what, where and by whom (times aware, UTC)."""

    start: datetime
    end: datetime
    title: str
    room: str
    organisation: str
    timezone: str  # the zone of the room's building, to show the times in

    @property
    def zone(self) -> ZoneInfo:
        return zone_of(self.timezone)


def public_events(session: Session, first: date, last: date, zone: ZoneInfo,
                  ending_after: datetime | None = None) -> list[PublicEvent]:
    """The confirmed dates of public bookings overlapping the local days `first`..`last` (both
    included, in `zone`), soonest first (ties by title, then id), with room and organisation
    names; only those still running after `ending_after` when it is given. One statement.

    A date counts when it is confirmed and so is its booking: a request waiting for approval
    (pending), a rejected or a cancelled one never shows.
    """
    start = local_day_bounds(first, zone)[0]
    end = local_day_bounds(last, zone)[1]
    q = (select(Occurrence.starts_at, Occurrence.ends_at, func.coalesce(Occurrence.title, Booking.title), Room.name,
                Organisation.name, Building.timezone)
         .join(Booking, Booking.id == Occurrence.booking_id)
         .join(Room, Room.id == Occurrence.room_id)
         .join(Building, Building.id == Room.building_id)
         .join(Organisation, Organisation.id == Booking.organisation_id)
         .where(Booking.visibility == Visibility.PUBLIC, Booking.status == Status.CONFIRMED,
                Building.active,  # a deactivated building is gone from the agenda and the lobby
                Occurrence.status == Status.CONFIRMED,
                Occurrence.starts_at < end, Occurrence.ends_at > start,
                Occurrence.starts_at > start - LONGEST_DATE)  # a range of starts, not all history
         .order_by(Occurrence.starts_at, Booking.title, Occurrence.id))
    if ending_after is not None:
        q = q.where(Occurrence.ends_at > ending_after)
    return [PublicEvent(*row) for row in session.execute(q)]
