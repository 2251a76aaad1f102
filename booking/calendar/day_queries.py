"""What the front desk's day reads (the page and GET /api/v1/day): four statements, however many
rooms, bookings and dates the database holds.

1. the buildings (to choose from), each with its opening hours (joined), and for the read cache the
   database's change key in the same statement (buildings_and_change_key); or, when the login's
   statement read the key already, the buildings kept under it (day_buildings): a day kept there is
   answered without a statement of its own;
2. every room of the shown building (id, name, whether active) with the ids of the rooms it
   combines (room_part joined), unless they were kept under the same change key (kept_rooms);
3. the confirmed and pending dates of its active rooms that overlap the local day, with what the
   day shows of each one's booking and organisation (joined);
4. the closures of the building that overlap the day;
5. for the page (not the API), and only when the day has dates, the extras its bookings ask for.

Columns, not mapped objects, and each statement built once with bound parameters: a full day has
hundreds of dates, and loading them as objects, or building and keying the statements afresh on
every request, would cost more than the rest of the page.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session, aliased

from ..database import change_key_columns, change_key_of
from ..domain.clock import local_day_bounds, zone_of
from ..domain.errors import NotFound
from ..extras.queries import Asked, asked_from, asked_statement
from ..domain.grid import RoomNode, group_rooms
from ..domain.rules import LONGEST_DATE
from ..domain.ids import is_id
from ..domain.messages import N_
from ..domain.rules import OpeningHours as OpeningHoursRule
from ..models import (Booking, Building, Closure, Occurrence, OpeningHours, Organisation, Room, Status, Visibility,
                      room_part)
from ..models.enums import Attendance
from ..models.types import active_written_out
from ..readcache import latest_or_read



@dataclass(frozen=True)
class DayBuilding:
    """A building as the day shows it: its name, zone and opening hours."""

    id: int
    name: str
    timezone: str
    hours: OpeningHoursRule
    # False for a deactivated building: the reports still show it, the day page's picker does not.
    active: bool = True


@dataclass(frozen=True)
class DayRoom:
    """An active room of the building and the ids of the rooms it combines."""

    id: int
    name: str
    part_ids: tuple[int, ...]

    @property
    def node(self) -> RoomNode:
        return RoomNode(self.id, self.name, self.part_ids)


@dataclass(slots=True)
class DayDate:
    """One date of the day with what the day shows of its booking. It has a booking's `visibility` and
    `organisation_id`, so bookings.permissions.sees_details and shown_title take it as the booking.
    Not frozen: a frozen dataclass sets each of its fields through object.__setattr__, 2.2 instead of
    0.5 µs for each of a full day's hundreds of dates."""

    id: int
    booking_id: int
    room_id: int
    starts_at: datetime
    ends_at: datetime
    status: Status
    attendance: Attendance | None
    setup_done_at: datetime | None
    title: str
    visibility: Visibility
    organisation_id: int
    organisation: str
    expected_people: int | None
    setup_notes: str


@dataclass(frozen=True, slots=True)
class DayClosure:
    """A closure of the building (room_id None) or of one room."""

    room_id: int | None
    starts_at: datetime
    ends_at: datetime
    reason: str


@dataclass(frozen=True)
class DayData:
    """One building's local day: its rooms (grouped: combinations beside their parts), the active
    dates overlapping [start, end) in time order, and the closures overlapping it."""

    day: date
    building: DayBuilding
    buildings: list[DayBuilding]
    zone: ZoneInfo
    start: datetime
    end: datetime
    rooms: list[DayRoom]
    parts: dict[int, tuple[int, ...]]   # every room of the building, also inactive ones -> its parts
    occurrences: list[DayDate]
    closures: list[DayClosure]
    # booking id -> the extras it asks for (the page's; the API's day leaves them out).
    extras: dict[int, list[Asked]] = field(default_factory=dict)


@cache
def _buildings_statement() -> Select:
    return (select(Building.id, Building.name, Building.timezone, OpeningHours.weekday, OpeningHours.opens_minute,
                   OpeningHours.closes_minute, Building.active)
            .outerjoin(OpeningHours, OpeningHours.building_id == Building.id)
            .order_by(Building.id, OpeningHours.weekday))


@cache
def _rooms_statement() -> Select:
    return (select(Room.id, Room.name, Room.active, room_part.c.part_id)
            .outerjoin(room_part, room_part.c.combination_id == Room.id)
            .where(Room.building_id == bindparam("building"))
            .order_by(Room.id, room_part.c.part_id))


def _on_the_day(dates):
    """The confirmed and pending dates (of `dates`, Occurrence or an alias) of the building's active rooms that
    overlap [start, end). The rooms as a subquery, not a list of ids: the statement's text stays the same
    for any building, so the driver prepares it once. The statuses written into the text (active_written_out),
    so that PostgreSQL may use the partial index of active dates (migration 0019) in any plan."""
    return (dates.room_id.in_(select(Room.id).where(Room.building_id == bindparam("building"), Room.active)),
            active_written_out(dates.status),
            dates.starts_at < bindparam("end"), dates.starts_at > bindparam("earliest"),
            dates.ends_at > bindparam("start"))


@cache
def _dates_statement() -> Select:
    return (select(Occurrence.id, Occurrence.booking_id, Occurrence.room_id, Occurrence.starts_at,
                   Occurrence.ends_at, Occurrence.status, Occurrence.attendance, Occurrence.setup_done_at,
                   # the date's own title where it has one (migration 0013), else the booking's
                   func.coalesce(Occurrence.title, Booking.title), Booking.visibility, Booking.organisation_id,
                   Organisation.name, Booking.expected_people, Booking.setup_notes)
            .join(Booking, Booking.id == Occurrence.booking_id)
            .join(Organisation, Organisation.id == Booking.organisation_id)
            .where(*_on_the_day(Occurrence))
            .order_by(Occurrence.starts_at, Occurrence.ends_at, Occurrence.id))


@cache
def _extras_statement() -> Select:
    dates = aliased(Occurrence)
    return asked_statement(select(dates.booking_id).where(*_on_the_day(dates)))


@cache
def _closures_statement() -> Select:
    return (select(Closure.room_id, Closure.starts_at, Closure.ends_at, Closure.reason)
            .where(Closure.building_id == bindparam("building"), Closure.starts_at < bindparam("end"),
                   Closure.ends_at > bindparam("start"))
            .order_by(Closure.starts_at, Closure.id))


def _rows(session: Session, statement: Select, params: dict) -> list:
    """The rows of a statement of columns, run on the session's connection (in its transaction) rather than
    through the session: the ORM's execution and per-row wrapping are of no use to plain columns, and cost
    0.2 ms for a full day's dates at 274k. Fetched at once: iterating the result asks the driver for one
    row at a time, in Python, 0.3 ms more for a full day's dates."""
    return session.connection().execute(statement, params).all()


def buildings(session: Session) -> list[DayBuilding]:
    """Every building with its opening hours, oldest first: the first is the default building,
    the one new rooms go into (rooms.services.default_building). One statement."""
    return _buildings_from(session.execute(_buildings_statement()))


def buildings_and_change_key(session: Session) -> tuple[list[DayBuilding], tuple | None]:
    """buildings(), and in the same statement the database's change key (database.change_key_columns: None
    when none can be read now), for a day kept in the read cache."""
    statement = _buildings_statement()
    width = len(statement.selected_columns)  # the buildings' own columns; the change key's come after them
    rows = session.execute(statement.add_columns(*change_key_columns(session))).all()
    return (_buildings_from(r[:width] for r in rows),
            change_key_of(session, tuple(rows[0][width:]) if rows else ()))


def day_buildings(session: Session, state: tuple | None) -> tuple[list[DayBuilding], tuple | None]:
    """buildings_and_change_key, but when the request's first statement read the change key already (`state`,
    the login's: readcache.first_state) the buildings kept under it (readcache.keep_latest), read once
    until anything changes: then a day seen again costs no statement of its own."""
    if state is None:
        return buildings_and_change_key(session)
    return list(latest_or_read(("day-buildings",), state, lambda: buildings(session))), state


def _buildings_from(rows) -> list[DayBuilding]:
    found: dict[int, tuple[str, str, dict[int, tuple[int, int]], bool]] = {}
    for building_id, name, timezone, weekday, opens, closes, active in rows:
        days = found.setdefault(building_id, (name, timezone, {}, active))[2]
        if weekday is not None:
            days[weekday] = (opens, closes)
    return [DayBuilding(bid, name, tz, OpeningHoursRule(days), bool(active))
            for bid, (name, tz, days, active) in found.items()]


def pick_building(choices: list[DayBuilding], building_id: int | None) -> DayBuilding:
    """The building asked for, or the default one; NotFound when there is no such building (or none at all)."""
    if building_id is None:
        if not choices:
            raise NotFound(N_("There is no building yet."))
        return choices[0]
    found = next((b for b in choices if b.id == building_id), None) if is_id(building_id) else None
    if found is None:
        raise NotFound(N_("No building with this id."))
    return found


def building_rooms(session: Session, building_id: int) -> tuple[list[DayRoom], dict[int, tuple[int, ...]]]:
    """The active rooms of the building in grid order (grid.group_rooms), and the parts of every
    room of the building, inactive ones included (a combination still holds an inactive part).
    One statement: the rooms with room_part joined."""
    rooms: dict[int, tuple[str, bool]] = {}
    parts: dict[int, list[int]] = {}
    for room_id, name, is_active, part_id in _rows(session, _rooms_statement(), {"building": building_id}):
        rooms[room_id] = (name, is_active)
        parts.setdefault(room_id, [])
        if part_id is not None:
            parts[room_id].append(part_id)
    frozen = {rid: tuple(ps) for rid, ps in parts.items()}
    active = {rid: DayRoom(rid, name, frozen[rid]) for rid, (name, is_active) in rooms.items() if is_active}
    nodes = [d.node for d in active.values()]
    return [active[n.id] for group in group_rooms(nodes) for n in group], frozen


def kept_rooms(session: Session, building_id: int, state: tuple | None) -> tuple[list[DayRoom], dict[int, tuple[int, ...]]]:
    """building_rooms, kept while the database's change key is `state` (readcache.keep_latest): the front desk
    going from day to day reads the building's rooms once, not once per day, until anything changes."""
    rooms, parts = latest_or_read(("day-rooms", building_id), state, lambda: building_rooms(session, building_id))
    return list(rooms), parts  # a list of its own for each day: the kept one is shared by every request


def day_occurrences(session: Session, building_id: int, start: datetime, end: datetime) -> list[DayDate]:
    """The confirmed and pending dates of the building's active rooms that overlap [start, end), by start,
    each with what the day shows of its booking and organisation. One statement."""
    rows = _rows(session, _dates_statement(), {"building": building_id, "start": start, "end": end,
                                                "earliest": start - LONGEST_DATE})
    return [DayDate(*row) for row in rows]


def day_extras(session: Session, building_id: int, start: datetime, end: datetime) -> dict[int, list[Asked]]:
    """booking id -> the extras it asks for, of every booking with a date on the day (as day_occurrences finds
    them), by name. One statement, whose text does not depend on how many bookings the day has."""
    return asked_from(_rows(session, _extras_statement(), {"building": building_id, "start": start, "end": end,
                                                           "earliest": start - LONGEST_DATE}))


def day_closures(session: Session, building_id: int, start: datetime, end: datetime) -> list[DayClosure]:
    """The closures of the building, or of one of its rooms, that overlap [start, end). One statement."""
    rows = _rows(session, _closures_statement(), {"building": building_id, "start": start, "end": end})
    return [DayClosure(*row) for row in rows]


def load_day(session: Session, building_id: int | None, day: date | None, now: datetime,
             with_extras: bool = False, every: list[DayBuilding] | None = None, state: tuple | None = None) -> DayData:
    """Everything the day shows of one building (the default one without `building_id`) on local `day`
    (today in the building's zone without one). NotFound for an unknown building. Four statements (three
    when `every` building was read already, two when its rooms were kept under the change key `state` too),
    and `with_extras` one more: the extras every booking of the day asks for."""
    every = buildings(session) if every is None else every
    # A deactivated building leaves the picker and is no default, but its past days can still be asked for by id.
    building = pick_building([b for b in every if b.active] or every, None) if building_id is None else \
        pick_building(every, building_id)
    # The default building stays first (the page leaves its id out of links); an inactive one asked for comes last.
    choices = [b for b in every if b.active] + ([building] if not building.active else [])
    zone = zone_of(building.timezone)
    day = day or now.astimezone(zone).date()
    start, end = local_day_bounds(day, zone)
    rooms, parts = kept_rooms(session, building.id, state)
    occurrences = day_occurrences(session, building.id, start, end)
    return DayData(day, building, choices, zone, start, end, rooms, parts, occurrences,
                   day_closures(session, building.id, start, end),
                   day_extras(session, building.id, start, end) if with_extras and occurrences else {})
