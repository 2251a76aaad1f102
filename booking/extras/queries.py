"""Reads of the extras: the admin's list and form, a building's active extras, what bookings ask for."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload

from ..bookings.queries import Page, booking_page, booking_with_dates, read_page
from ..domain.errors import NotFound
from ..domain.ids import is_id
from ..domain.messages import N_
from ..models import BookingExtra, Building, Extra


@dataclass(frozen=True, slots=True)
class Asked:
    """One extra a booking asks for, as pages and the API show it."""

    extra_id: int
    name: str
    quantity: int


def extra_page(session: Session, number: int) -> Page[Extra]:
    """One page of every extra, active ones first, by building and name, with the building (two statements)."""
    count = select(func.count()).select_from(Extra)

    def rows(offset: int, limit: int, backwards: bool) -> list[Extra]:
        order = (Extra.active.asc(), Building.name.desc(), Extra.name.desc(), Extra.id.desc()) if backwards else (
            Extra.active.desc(), Building.name, Extra.name, Extra.id)
        return list(session.scalars(select(Extra).join(Building, Building.id == Extra.building_id)
                                    .options(joinedload(Extra.building)).order_by(*order).offset(offset).limit(limit)))
    return read_page(session, count, rows, number)


def extra_for_form(session: Session, extra_id: int) -> Extra | None:
    """An extra with its building, or None."""
    if not is_id(extra_id):
        return None
    return session.scalars(select(Extra).where(Extra.id == extra_id).options(joinedload(Extra.building))).first()


def active_extras(session: Session, building_ids: Iterable[int]) -> list[Extra]:
    """The active extras of the buildings, by building and name (one statement)."""
    ids = sorted(set(building_ids))
    if not ids:
        return []
    return list(session.scalars(select(Extra).where(Extra.building_id.in_(ids), Extra.active)
                                .options(joinedload(Extra.building))
                                .order_by(Extra.building_id, Extra.name, Extra.id)))


def asked_statement(bookings) -> Select:
    """The extras the bookings `bookings` (ids, or a subquery of them) ask for, by booking and then by name:
    read it with asked_from."""
    return (select(BookingExtra.booking_id, Extra.id, Extra.name, BookingExtra.quantity)
            .join(Extra, Extra.id == BookingExtra.extra_id)
            .where(BookingExtra.booking_id.in_(bookings))
            .order_by(BookingExtra.booking_id, Extra.name, Extra.id))


def asked_from(rows) -> dict[int, list[Asked]]:
    """booking id -> the extras it asks for, from the rows of an asked_statement."""
    found: dict[int, list[Asked]] = {}
    for booking_id, extra_id, name, quantity in rows:
        found.setdefault(booking_id, []).append(Asked(extra_id, name, quantity))
    return found


def asked_by(session: Session, booking_ids: Iterable[int]) -> dict[int, list[Asked]]:
    """booking id -> the extras it asks for, by name: one statement for any number of bookings."""
    ids = sorted(set(booking_ids))
    return asked_from(session.execute(asked_statement(ids))) if ids else {}


def asked_by_one(session: Session, booking_id: int) -> list[Asked]:
    """The extras one booking asks for, by name (one statement)."""
    return asked_by(session, [booking_id]).get(booking_id, [])


def building_extras(session: Session, building_id: int | None) -> tuple[Building, list[Extra]]:
    """A building (the default one, the oldest, without an id) and its active extras by name; NotFound when
    there is no such building. Two statements."""
    if building_id is None:
        building = session.scalars(select(Building).order_by(Building.id).limit(1)).first()
    else:
        building = session.get(Building, building_id) if is_id(building_id) else None
    if building is None:
        raise NotFound(N_("No building with this id."))
    return building, active_extras(session, [building.id])


def booking_with_extras(session: Session, booking_id: int) -> tuple:
    """bookings.queries.booking_with_dates (the booking and its dates as rows; NotFound when unknown) and the
    extras it asks for: three statements."""
    booking, dates = booking_with_dates(session, booking_id)
    return booking, dates, asked_by_one(session, booking.id)


def offered_extras(session: Session, rooms: Iterable) -> list[Extra]:
    """The active extras of the buildings of the rooms a booking form offers, by building and name (one statement)."""
    return active_extras(session, {r.building_id for r in rooms})


def booking_page_with_extras(session: Session, actor, booking_id: int) -> tuple:
    """bookings.queries.booking_page (NotFound, Forbidden as it decides) and the extras the booking asks for."""
    booking = booking_page(session, actor, booking_id)
    return booking, asked_by_one(session, booking.id)
