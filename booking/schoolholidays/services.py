"""Add, change and remove a building's school holidays: one transaction each, audited.

Overlapping periods are allowed: a building may keep a region's break and its own extra days, and
regions' dates overlap anyway. An identical period (same building, name, days and region) is never
stored twice, so a form posted twice adds one.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from .. import audit
from ..bookings.context import Context
from ..database import begin_write, commit
from ..domain.errors import Forbidden, InvalidInput, NotFound
from ..domain.ids import is_id
from ..domain.messages import N_
from ..domain.schoolholidays import check_period
from ..domain.text import EARLIEST_YEAR, LATEST_YEAR, has_control_chars
from ..models import Building, Role, SchoolHoliday
from ..rooms.editing import undo_on_error

REGIONS = ("noord", "midden", "zuid")
LONGEST_NAME = 120


@dataclass(frozen=True)
class HolidayInput:
    """A school holiday as entered: local days, both included."""

    building_id: int | None
    name: str
    start_date: date | None
    end_date: date | None
    region: str = ""


def require_admin(actor) -> None:
    """Only administrators enter school holidays."""
    if actor is None or actor.role != Role.ADMIN:
        raise Forbidden(N_("Only an administrator may enter school holidays."))


def holiday_building(ctx: Context, building_id: int | None) -> Building:
    """The building named, or InvalidInput."""
    building = ctx.session.get(Building, building_id) if is_id(building_id) else None
    if building is None:
        msg = N_("No building with this id.")
        raise InvalidInput(N_("Unknown building."), {"building_id": [msg]})
    return building


def checked(data: HolidayInput) -> HolidayInput:
    """The input with its name trimmed, or InvalidInput naming every field at fault."""
    errors: dict[str, list[str]] = {}
    name = (data.name or "").strip()
    if not name:
        errors["name"] = [N_("Give a name, such as Herfstvakantie.")]
    elif len(name) > LONGEST_NAME or has_control_chars(name, False):
        errors["name"] = [N_("At most %(max)s characters, without control characters.", max=LONGEST_NAME)]
    for key, day in (("start_date", data.start_date), ("end_date", data.end_date)):
        if not isinstance(day, date) or not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            errors[key] = [N_("Choose a date between %(first)s and %(last)s.", first=EARLIEST_YEAR, last=LATEST_YEAR)]
    if data.region not in ("", *REGIONS):
        errors["region"] = [N_("Choose noord, midden or zuid, or no region.")]
    if errors:
        raise InvalidInput(N_("The school holiday is not valid."), errors)
    check_period(data.start_date, data.end_date)
    return HolidayInput(data.building_id, name, data.start_date, data.end_date, data.region)


def holiday_detail(holiday: SchoolHoliday) -> dict:
    """What the audit trail keeps of a school holiday."""
    return {"building_id": holiday.building_id, "name": holiday.name, "region": holiday.region,
            "start_date": holiday.start_date.isoformat(), "end_date": holiday.end_date.isoformat()}


def same_holiday(ctx: Context, data: HolidayInput, building_id: int) -> SchoolHoliday | None:
    """A stored school holiday identical to `data`, if any."""
    return ctx.session.scalars(select(SchoolHoliday).where(
        SchoolHoliday.building_id == building_id, SchoolHoliday.name == data.name,
        SchoolHoliday.start_date == data.start_date, SchoolHoliday.end_date == data.end_date,
        SchoolHoliday.region == data.region)).first()


@undo_on_error
def add_school_holiday(ctx: Context, data: HolidayInput) -> tuple[SchoolHoliday, bool]:
    """Enter a school holiday; an identical one already there is returned as it is (False: not new)."""
    require_admin(ctx.actor)
    begin_write(ctx.session)
    data = checked(data)
    building = holiday_building(ctx, data.building_id)
    existing = same_holiday(ctx, data, building.id)
    if existing is not None:
        ctx.session.rollback()
        return existing, False
    holiday = SchoolHoliday(building_id=building.id, name=data.name, start_date=data.start_date,
                            end_date=data.end_date, region=data.region)
    ctx.session.add(holiday)
    ctx.session.flush()
    audit.record(ctx.session, ctx.actor, "school_holiday.create", "school_holiday", holiday.id,
                 new=holiday_detail(holiday))
    commit(ctx.session, keep_loaded=True)
    return holiday, True


def stored_holiday(ctx: Context, holiday_id: int) -> SchoolHoliday:
    """A stored school holiday, or NotFound."""
    holiday = ctx.session.get(SchoolHoliday, holiday_id) if is_id(holiday_id) else None
    if holiday is None:
        raise NotFound(N_("No school holiday with this id."))
    return holiday


@undo_on_error
def change_school_holiday(ctx: Context, holiday_id: int, data: HolidayInput) -> SchoolHoliday:
    """Change a school holiday's building, name, days or region; dates booked already stay as they are."""
    require_admin(ctx.actor)
    begin_write(ctx.session)
    holiday = stored_holiday(ctx, holiday_id)
    data = checked(data)
    building = holiday_building(ctx, data.building_id)
    old = holiday_detail(holiday)
    holiday.building_id, holiday.name, holiday.region = building.id, data.name, data.region
    holiday.start_date, holiday.end_date = data.start_date, data.end_date
    new = holiday_detail(holiday)
    if new != old:
        audit.record(ctx.session, ctx.actor, "school_holiday.update", "school_holiday", holiday.id, old=old, new=new)
    commit(ctx.session, keep_loaded=True)
    return holiday


@undo_on_error
def delete_school_holiday(ctx: Context, holiday_id: int) -> SchoolHoliday:
    """Remove a school holiday; series that skipped its dates keep those dates skipped."""
    require_admin(ctx.actor)
    begin_write(ctx.session)
    holiday = stored_holiday(ctx, holiday_id)
    audit.record(ctx.session, ctx.actor, "school_holiday.delete", "school_holiday", holiday.id,
                 old=holiday_detail(holiday))
    ctx.session.delete(holiday)
    commit(ctx.session, keep_loaded=True)
    return holiday
