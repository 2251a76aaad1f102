"""Reads of school holidays: the administrator's list of a building, and a building's periods in a window."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..bookings.queries import Page, read_page
from ..domain.ids import is_id
from ..domain.schoolholidays import HolidayPeriod
from ..models import Building, SchoolHoliday

PAGE_SIZE = 50


def holiday_page(session: Session, building_id: int, number: int) -> Page[SchoolHoliday]:
    """One page of a building's school holidays, earliest first (two statements, whatever the number)."""
    where = SchoolHoliday.building_id == building_id
    count = select(func.count()).select_from(SchoolHoliday).where(where)

    def rows(offset: int, limit: int, backwards: bool) -> list[SchoolHoliday]:
        order = ((SchoolHoliday.start_date.desc(), SchoolHoliday.id.desc()) if backwards
                 else (SchoolHoliday.start_date, SchoolHoliday.id))
        return list(session.scalars(select(SchoolHoliday).where(where).order_by(*order).offset(offset).limit(limit)))
    return read_page(session, count, rows, number, PAGE_SIZE)


def buildings(session: Session) -> list[Building]:
    """Every building by name, to choose from."""
    return list(session.scalars(select(Building).order_by(Building.name, Building.id)))


def chosen_building(places: list[Building], building_id: int | None) -> Building | None:
    """The building asked for among `places`, else the first one (None when there is none)."""
    return next((b for b in places if b.id == building_id), places[0] if places else None)


def holiday_by_id(session: Session, holiday_id: int) -> SchoolHoliday | None:
    """A school holiday by id, or None."""
    return session.get(SchoolHoliday, holiday_id) if is_id(holiday_id) else None


def periods_between(session: Session, building_id: int, first: date, last: date) -> list[HolidayPeriod]:
    """The building's school holidays that share a day with first..last (both included), one statement."""
    rows = session.execute(select(SchoolHoliday.name, SchoolHoliday.start_date, SchoolHoliday.end_date).where(
        SchoolHoliday.building_id == building_id, SchoolHoliday.start_date <= last, SchoolHoliday.end_date >= first)
        .order_by(SchoolHoliday.start_date, SchoolHoliday.id))
    return [HolidayPeriod(name, start, end) for name, start, end in rows]


def same_holidays(session: Session, building_id: int, first: date, last: date) -> set[tuple[str, date, date]]:
    """(name, first, last) of the building's school holidays starting in first..last: what is entered already."""
    rows = session.execute(select(SchoolHoliday.name, SchoolHoliday.start_date, SchoolHoliday.end_date).where(
        SchoolHoliday.building_id == building_id, SchoolHoliday.start_date >= first, SchoolHoliday.start_date <= last))
    return {tuple(r) for r in rows}
