"""What the rental charges report reads: a fixed number of statements, whatever the number of bookings.

1. the buildings (calendar.day_queries.buildings);
2. the building's rooms with their charging mode and cancellation deadline;
3. their rates per kind of organisation;
4. the confirmed and cancelled dates that start in the period, with their organisation and its kind;
5. the audit entries that cancelled the cancelled ones (reports.lateness reads the time from them; no
   statement when none was cancelled).

A date counts in the period its start lies in (the local days first..last of the building's zone), whole:
a bill charges a date once, in the month it began.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..calendar.day_queries import DayBuilding, buildings, pick_building
from ..domain.charges import Rate
from ..domain.clock import local_day_bounds, zone_of
from ..models import Booking, Occurrence, Organisation, Room, RoomRate, Status
from ..models.enums import OrganisationKind
from .lateness import CancelEntry, CancelledDate
from .queries import cancel_entries


@dataclass(frozen=True)
class ChargeRoom:
    """A room of the building: how it charges and its cancellation deadline in hours (0: none)."""

    id: int
    name: str
    mode: str
    deadline_hours: int


@dataclass(frozen=True)
class ChargeDate:
    """A confirmed or cancelled date that starts in the period, with who booked it."""

    id: int
    booking_id: int
    room_id: int
    starts_at: datetime
    ends_at: datetime
    status: Status
    organisation_id: int
    organisation: str
    kind: OrganisationKind


@dataclass(frozen=True)
class ChargeData:
    """Everything the charges report is made of, for one building and the local days first..last."""

    building: DayBuilding
    buildings: list[DayBuilding]
    zone: ZoneInfo
    first: date
    last: date
    rooms: dict[int, ChargeRoom]
    rates: dict[tuple[int, OrganisationKind], Rate]
    dates: list[ChargeDate]
    cancel_entries: list[CancelEntry]


def charge_rooms(session: Session, building_id: int) -> dict[int, ChargeRoom]:
    """The building's rooms (in use or not) by id, with mode and deadline. One statement."""
    rows = session.execute(select(Room.id, Room.name, Room.charge_mode, Room.cancel_deadline_hours)
                           .where(Room.building_id == building_id).order_by(Room.id))
    return {r.id: ChargeRoom(r.id, r.name, r.charge_mode, r.cancel_deadline_hours) for r in rows}


def room_rates(session: Session, building_id: int) -> dict[tuple[int, OrganisationKind], Rate]:
    """The rates of the building's rooms by (room id, kind). One statement."""
    rows = session.execute(select(RoomRate.room_id, RoomRate.kind, RoomRate.hour_cents, RoomRate.daypart_cents)
                           .join(Room, Room.id == RoomRate.room_id).where(Room.building_id == building_id))
    return {(r.room_id, r.kind): Rate(r.hour_cents, r.daypart_cents) for r in rows}


def charge_dates(session: Session, building_id: int, start: datetime, end: datetime) -> list[ChargeDate]:
    """The confirmed and cancelled dates of the building's rooms that start in [start, end), in time order.
    Pending and rejected dates are never charged and are not read. One statement."""
    rows = session.execute(
        select(Occurrence.id, Occurrence.booking_id, Occurrence.room_id, Occurrence.starts_at, Occurrence.ends_at,
               Occurrence.status, Booking.organisation_id, Organisation.name, Organisation.kind)
        .join(Booking, Booking.id == Occurrence.booking_id)
        .join(Organisation, Organisation.id == Booking.organisation_id)
        .where(Occurrence.status.in_((Status.CONFIRMED, Status.CANCELLED)), Occurrence.starts_at >= start,
               Occurrence.starts_at < end,
               Occurrence.room_id.in_(select(Room.id).where(Room.building_id == building_id)))
        .order_by(Occurrence.starts_at, Occurrence.id))
    return [ChargeDate(*r) for r in rows]


def load_charges(session: Session, building_id: int | None, first: date, last: date) -> ChargeData:
    """Everything the charges report shows of one building (the default one without `building_id`) for the
    local days first..last. NotFound for an unknown building. Five statements (four without cancelled dates)."""
    choices = buildings(session)
    building = pick_building(choices, building_id)
    zone = zone_of(building.timezone)
    start, end = local_day_bounds(first, zone)[0], local_day_bounds(last, zone)[1]
    rooms = charge_rooms(session, building.id)
    rates = room_rates(session, building.id)
    dates = charge_dates(session, building.id, start, end)
    cancelled = [CancelledDate(d.id, d.booking_id, d.room_id, d.starts_at, d.ends_at)
                 for d in dates if d.status == Status.CANCELLED]
    entries = cancel_entries(session, cancelled)
    return ChargeData(building, choices, zone, first, last, rooms, rates, dates, entries)
