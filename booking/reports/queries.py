"""What the reports read: a fixed number of statements, whatever the period or the number of bookings.

1. the buildings with their opening hours (calendar.day_queries.buildings);
2. every room of the building with the rooms it combines;
3. the closures of the building (and of its rooms) that overlap the period;
4. the confirmed hours, added up in the database per piece of the period (reports.hours.pieces: a piece
   lies within one week and one month), room, organisation and public or not: each date clipped to
   each piece it overlaps, with the number of dates that start in the piece and how many of those
   were marked arrived or no-show;
and, for the attendance shares only,
5. the cancelled dates that start in the period;
6. the audit entries that cancelled them (reports.lateness reads the time from them).

The pieces go into statement 4 as a VALUES list, so the hours of a two-year period are one statement of
about 130 rows joined to the dates by time, not a statement per week or per room.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Float, Integer, case, column, func, literal, or_, select, values
from sqlalchemy.orm import Session

from ..calendar.day_queries import DayBuilding, buildings, pick_building
from ..domain.clock import local_day_bounds, zone_of
from ..domain.rules import LONGEST_DATE
from ..models import AuditEntry, Booking, Closure, Occurrence, Organisation, Room, Status, Visibility, room_part
from ..models.enums import Attendance, OrganisationKind
from ..models.types import UTCDateTime
from .hours import Piece, pieces
from .lateness import CANCEL_ACTIONS, CancelEntry, CancelledDate


@dataclass(frozen=True)
class ReportRoom:
    """A room of the building, whether it is in use, and the rooms it combines."""

    id: int
    name: str
    active: bool
    part_ids: tuple[int, ...]


@dataclass(frozen=True)
class BookedSum:
    """Confirmed time of one room and organisation in one piece of the period (public bookings apart)."""

    piece: int
    room_id: int
    organisation_id: int
    organisation: str
    kind: OrganisationKind
    public: bool
    seconds: float
    dates: int        # dates that start in the piece
    arrived: int
    no_show: int


@dataclass(frozen=True)
class ReportData:
    """Everything a report is made of, for one building and the local days first..last."""

    building: DayBuilding
    buildings: list[DayBuilding]
    zone: ZoneInfo
    first: date
    last: date
    pieces: list[Piece]
    rooms: list[ReportRoom]
    closures: list[tuple[int | None, datetime, datetime]]
    booked: list[BookedSum]
    cancelled: list[CancelledDate]
    cancel_entries: list[CancelEntry]

    @property
    def parts(self) -> dict[int, tuple[int, ...]]:
        """Every room -> the rooms it combines."""
        return {r.id: r.part_ids for r in self.rooms}


def building_rooms(session: Session, building_id: int) -> list[ReportRoom]:
    """Every room of the building, in use or not, with the rooms it combines, by id. One statement."""
    found: dict[int, tuple[str, bool, list[int]]] = {}
    rows = session.execute(select(Room.id, Room.name, Room.active, room_part.c.part_id)
                           .outerjoin(room_part, room_part.c.combination_id == Room.id)
                           .where(Room.building_id == building_id).order_by(Room.id, room_part.c.part_id))
    for room_id, name, active, part_id in rows:
        entry = found.setdefault(room_id, (name, active, []))
        if part_id is not None:
            entry[2].append(part_id)
    return [ReportRoom(rid, name, active, tuple(ps)) for rid, (name, active, ps) in found.items()]


def building_closures(session: Session, building_id: int, start: datetime, end: datetime
                      ) -> list[tuple[int | None, datetime, datetime]]:
    """(room_id or None for the whole building, start, end) of the closures overlapping [start, end). One statement."""
    rows = session.execute(select(Closure.room_id, Closure.starts_at, Closure.ends_at)
                           .where(Closure.building_id == building_id, Closure.starts_at < end, Closure.ends_at > start)
                           .order_by(Closure.starts_at, Closure.id))
    return [tuple(r) for r in rows]


def _seconds(dialect: str, start, end):
    """The seconds from `start` to `end`, written for the database at hand."""
    if dialect == "sqlite":
        return (func.julianday(end) - func.julianday(start)) * 86400.0
    return func.extract("epoch", end - start)


def _later(dialect: str, a, b):
    return func.max(a, b) if dialect == "sqlite" else func.greatest(a, b)


def _earlier(dialect: str, a, b):
    return func.min(a, b) if dialect == "sqlite" else func.least(a, b)


def booked_sums(session: Session, building_id: int, parts: list[Piece]) -> list[BookedSum]:
    """The confirmed time of the building's rooms per piece, room, organisation and public or not, each
    date clipped to the piece. One statement, the pieces joined in as a VALUES list."""
    dialect = session.get_bind().dialect.name
    table = values(column("piece", Integer), column("lo", UTCDateTime()), column("hi", UTCDateTime()),
                   column("earliest", UTCDateTime()), name="piece").data(
        [(p.index, p.start, p.end, p.start - LONGEST_DATE) for p in parts]).cte("piece")
    starts_here = Occurrence.starts_at >= table.c.lo
    clipped = _seconds(dialect, _later(dialect, Occurrence.starts_at, table.c.lo),
                       _earlier(dialect, Occurrence.ends_at, table.c.hi))
    public = case((Booking.visibility == Visibility.PUBLIC, literal(True)), else_=literal(False)).label("public")

    def count(condition=None):
        return func.sum(case((starts_here if condition is None else starts_here & condition, 1), else_=0))

    stmt = (select(table.c.piece, Occurrence.room_id, Booking.organisation_id, Organisation.name, Organisation.kind,
                   public, func.sum(clipped).cast(Float), count(), count(Occurrence.attendance == Attendance.ARRIVED),
                   count(Occurrence.attendance == Attendance.NO_SHOW))
            .select_from(table)
            .join(Occurrence, (Occurrence.starts_at < table.c.hi) & (Occurrence.starts_at > table.c.earliest)
                  & (Occurrence.ends_at > table.c.lo))
            .join(Booking, Booking.id == Occurrence.booking_id)
            .join(Organisation, Organisation.id == Booking.organisation_id)
            .where(Occurrence.status == Status.CONFIRMED,
                   Occurrence.room_id.in_(select(Room.id).where(Room.building_id == building_id)))
            .group_by(table.c.piece, Occurrence.room_id, Booking.organisation_id, Organisation.name,
                      Organisation.kind, public))
    # Whole seconds: SQLite works the seconds out through julianday(), a float a hair off the exact figure.
    return [BookedSum(piece, room, org, name, kind, bool(pub), float(round(seconds or 0)), int(n), int(a), int(ns))
            for piece, room, org, name, kind, pub, seconds, n, a, ns in session.execute(stmt)]


def cancelled_dates(session: Session, building_id: int, start: datetime, end: datetime) -> list[CancelledDate]:
    """The cancelled dates of the building's rooms that start in [start, end). One statement."""
    rows = session.execute(select(Occurrence.id, Occurrence.booking_id, Occurrence.room_id, Occurrence.starts_at,
                                  Occurrence.ends_at)
                           .where(Occurrence.status == Status.CANCELLED, Occurrence.starts_at >= start,
                                  Occurrence.starts_at < end,
                                  Occurrence.room_id.in_(select(Room.id).where(Room.building_id == building_id)))
                           .order_by(Occurrence.starts_at, Occurrence.id))
    return [CancelledDate(*r) for r in rows]


def cancel_entries(session: Session, dates: list[CancelledDate]) -> list[CancelEntry]:
    """The audit entries that may have cancelled `dates`: their own, and their series'. One statement (none
    when there are no dates)."""
    if not dates:
        return []
    occurrence_ids = sorted({d.id for d in dates})
    booking_ids = sorted({d.booking_id for d in dates})
    rows = session.execute(select(AuditEntry.at, AuditEntry.action, AuditEntry.subject_type, AuditEntry.subject_id,
                                  AuditEntry.detail)
                           .where(AuditEntry.action.in_(CANCEL_ACTIONS),
                                  or_((AuditEntry.subject_type == "occurrence")
                                      & AuditEntry.subject_id.in_(occurrence_ids),
                                      (AuditEntry.subject_type == "booking") & AuditEntry.subject_id.in_(booking_ids)))
                           .order_by(AuditEntry.at, AuditEntry.id))
    return [CancelEntry(*r) for r in rows]


def load_report(session: Session, building_id: int | None, first: date, last: date, *,
                attendance: bool = True) -> ReportData:
    """Everything the reports show of one building (the default one without `building_id`) for the local days
    first..last. NotFound for an unknown building. Four statements, six with `attendance` (five without
    cancelled dates)."""
    choices = buildings(session)
    building = pick_building(choices, building_id)
    zone = zone_of(building.timezone)
    start, end = local_day_bounds(first, zone)[0], local_day_bounds(last, zone)[1]
    parts = pieces(first, last, zone)
    rooms = building_rooms(session, building.id)
    closures = building_closures(session, building.id, start, end)
    booked = booked_sums(session, building.id, parts)
    cancelled = cancelled_dates(session, building.id, start, end) if attendance else []
    entries = cancel_entries(session, cancelled) if attendance else []
    return ReportData(building, choices, zone, first, last, parts, rooms, closures, booked, cancelled, entries)


