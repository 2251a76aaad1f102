"""Reads of closures: the administrator's list, the API's window, the dates a closure falls on."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from ..bookings.queries import Page, read_page
from ..domain.ids import is_id
from ..domain.rules import LONGEST_DATE
from ..models import ACTIVE_STATUSES, Booking, Building, Closure, Occurrence, Room

PAGE_SIZE = 50


@dataclass(frozen=True)
class ClosureFilter:
    """Which closures the list shows: still to come or over, of one building or all."""

    past: bool = False
    building_id: int | None = None


def rooms_sharing(session: Session, building: Building, room: Room | None) -> list[int]:
    """The ids of the rooms a closure of `room` (None: the whole building) closes: every room of the
    building, or the rooms that share an indivisible room with it (its parts, the combinations it is in)."""
    rooms = session.scalars(select(Room).where(Room.building_id == building.id)
                            .options(selectinload(Room.parts, recursion_depth=-1))).all()
    if room is None:
        return sorted(r.id for r in rooms)
    units = next(r for r in rooms if r.id == room.id).unit_ids()
    return sorted(r.id for r in rooms if r.unit_ids() & units)


def dates_under(session: Session, building: Building, room: Room | None, start: datetime,
                end: datetime) -> list[Occurrence]:
    """The confirmed and pending dates a closure of [start, end) falls on, by time, with booking,
    organisation and room."""
    ids = rooms_sharing(session, building, room)
    return list(session.scalars(
        select(Occurrence).options(joinedload(Occurrence.booking).joinedload(Booking.organisation),
                                   joinedload(Occurrence.room))
        .where(Occurrence.room_id.in_(ids), Occurrence.status.in_(ACTIVE_STATUSES),
               Occurrence.starts_at < end, Occurrence.starts_at > start - LONGEST_DATE, Occurrence.ends_at > start)
        .order_by(Occurrence.starts_at, Occurrence.id)))


def closure_page(session: Session, wanted: ClosureFilter, now: datetime, number: int) -> Page[Closure]:
    """One page of closures by building, then time: those to come from the soonest, those over from the latest."""
    where = [Closure.ends_at <= now] if wanted.past else [Closure.ends_at > now]
    if wanted.building_id is not None:
        where.append(Closure.building_id == wanted.building_id)
    count = select(func.count()).select_from(Closure).where(*where)

    def rows(offset: int, limit: int, backwards: bool) -> list[Closure]:
        later_first = wanted.past != backwards
        order = (Building.name.desc() if backwards else Building.name,
                 Closure.starts_at.desc() if later_first else Closure.starts_at,
                 Closure.id.desc() if later_first else Closure.id)
        return list(session.scalars(
            select(Closure).join(Building, Building.id == Closure.building_id)
            .options(joinedload(Closure.building), joinedload(Closure.room)).where(*where)
            .order_by(*order).offset(offset).limit(limit)))
    return read_page(session, count, rows, number, PAGE_SIZE)


def closure_list(session: Session, wanted: ClosureFilter, now: datetime,
                 number: int) -> tuple[Page[Closure], list[Building]]:
    """The list page's closures and the buildings to filter them by."""
    return closure_page(session, wanted, now, number), buildings(session)


def closures_between(session: Session, start: datetime, end: datetime) -> list[Closure]:
    """Every closure overlapping [start, end), by start, with its building (for its zone)."""
    return list(session.scalars(select(Closure).options(joinedload(Closure.building))
                                .where(Closure.starts_at < end, Closure.ends_at > start)
                                .order_by(Closure.starts_at, Closure.id)))


def closure_with_building(session: Session, closure_id: int) -> Closure | None:
    """A closure by id with its building, or None."""
    if not is_id(closure_id):
        return None
    return session.scalars(select(Closure).options(joinedload(Closure.building))
                           .where(Closure.id == closure_id)).first()


def buildings(session: Session) -> list[Building]:
    """Every building by name, to choose from."""
    return list(session.scalars(select(Building).order_by(Building.name, Building.id)))


def rooms_by_building(session: Session) -> list[Room]:
    """Every room with its building, by building and name, to choose from."""
    return list(session.scalars(select(Room).join(Building, Building.id == Room.building_id)
                                .options(joinedload(Room.building)).order_by(Building.name, Room.name, Room.id)))
