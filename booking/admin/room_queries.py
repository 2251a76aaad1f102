"""Reads of the admin's room pages: the list, one room with what its form shows, the choices."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from ..bookings.queries import Page, read_page
from ..domain.ids import is_id
from ..models import Building, Organisation, Room
from .closure_queries import buildings


def room_page(session: Session, number: int) -> Page[Room]:
    """One page of every room, active ones first, by building and name, with the building."""
    count = select(func.count()).select_from(Room)

    def rows(offset: int, limit: int, backwards: bool) -> list[Room]:
        order = (Room.active.asc(), Building.name.desc(), Room.name.desc(), Room.id.desc()) if backwards else (
            Room.active.desc(), Building.name, Room.name, Room.id)
        return list(session.scalars(select(Room).join(Building, Building.id == Room.building_id)
                                    .options(joinedload(Room.building)).order_by(*order).offset(offset).limit(limit)))
    return read_page(session, count, rows, number)


def room_for_form(session: Session, room_id: int) -> Room | None:
    """A room with its building, the organisations allowed to book it and its rates, or None."""
    if not is_id(room_id):
        return None
    return session.scalars(select(Room).where(Room.id == room_id).options(
        joinedload(Room.building), selectinload(Room.allowed_organisations), selectinload(Room.rates))).first()


def room_form_choices(session: Session) -> tuple[list[Building], list[Organisation]]:
    """The buildings and organisations a room form offers."""
    return buildings(session), list(session.scalars(select(Organisation).order_by(Organisation.name)))


def building_for_form(session: Session, building_id: int) -> Building | None:
    """A building with its opening hours, or None."""
    if not is_id(building_id):
        return None
    return session.scalars(select(Building).where(Building.id == building_id)
                           .options(selectinload(Building.opening_hours))).first()


def building_list(session: Session) -> list[Building]:
    """Every building, those in use first, by name with its opening hours (a handful: one installation, a few centres)."""
    return list(session.scalars(select(Building).options(selectinload(Building.opening_hours))
                                .order_by(Building.active.desc(), Building.name, Building.id)))


def organisation_page(session: Session, number: int) -> Page[Organisation]:
    """One page of every organisation, active ones first, by name."""
    count = select(func.count()).select_from(Organisation)

    def rows(offset: int, limit: int, backwards: bool) -> list[Organisation]:
        order = (Organisation.active.asc(), Organisation.name.desc(), Organisation.id.desc()) if backwards else (
            Organisation.active.desc(), Organisation.name, Organisation.id)
        return list(session.scalars(select(Organisation).order_by(*order).offset(offset).limit(limit)))
    return read_page(session, count, rows, number)


def organisation_by_id(session: Session, organisation_id: int) -> Organisation | None:
    """An organisation by id, or None."""
    return session.get(Organisation, organisation_id) if is_id(organisation_id) else None
