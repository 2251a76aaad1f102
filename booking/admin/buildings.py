"""Add and change buildings: name, address, time zone and opening hours per weekday (a day without hours is closed)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from .. import audit
from ..bookings.context import Context
from ..database import begin_write, commit
from ..domain.clock import zone_of
from ..domain.errors import InvalidInput, NotFound
from ..domain.ids import is_id
from ..domain.messages import N_
from ..models import ACTIVE_STATUSES, Building, Occurrence, OpeningHours, Room
from ..rooms.editing import undo_on_error
from .closures import require_admin


@dataclass(frozen=True)
class BuildingValues:
    """What the building form says: hours maps a weekday (0 = Monday) to (opens, closes) in minutes."""

    name: str
    address: str
    timezone: str
    hours: dict[int, tuple[int, int]]


def check_building(values: BuildingValues) -> None:
    """Refuse an unknown zone, an empty name and hours that close before they open."""
    zone_of(values.timezone)
    if not values.name.strip():
        msg = N_("Give the building a name.")
        raise InvalidInput(msg, {"name": [msg]})
    for day, (opens, closes) in values.hours.items():
        if not (0 <= day <= 6 and 0 <= opens < closes <= 1440):
            msg = N_("The building must open before it closes.")
            raise InvalidInput(msg, {f"closes_{day}": [msg]})


def described(building: Building) -> dict:
    """What the audit trail keeps of a building."""
    return {"name": building.name, "address": building.address, "timezone": building.timezone,
            "hours": {h.weekday: [h.opens_minute, h.closes_minute] for h in building.opening_hours}}


def has_dates_to_come(ctx: Context, building: Building) -> bool:
    """Whether a room of the building has confirmed or pending dates that have not ended."""
    return ctx.session.scalars(select(Occurrence.id).join(Room, Room.id == Occurrence.room_id).where(
        Room.building_id == building.id, Occurrence.status.in_(ACTIVE_STATUSES),
        Occurrence.ends_at > ctx.now).limit(1)).first() is not None


@undo_on_error
def save_building(ctx: Context, building_id: int | None, values: BuildingValues) -> Building:
    """Add a building (no id) or change one (administrators), audited. The zone of a building with dates to
    come stays: its bookings would move on the clock."""
    require_admin(ctx.actor)
    check_building(values)
    begin_write(ctx.session)
    building = None
    if building_id is not None:
        building = ctx.session.get(Building, building_id) if is_id(building_id) else None
        if building is None:
            raise NotFound(N_("No building with this id."))
    taken = select(Building.id).where(Building.name == values.name.strip())
    if building is not None:
        taken = taken.where(Building.id != building.id)
    if ctx.session.scalars(taken).first():
        raise InvalidInput(N_("A building with this name already exists."), {"name": [N_("This name is taken.")]})
    old = described(building) if building is not None else None
    if building is not None and values.timezone != building.timezone and has_dates_to_come(ctx, building):
        msg = N_("This building has bookings to come; their times would move with another time zone.")
        raise InvalidInput(msg, {"timezone": [msg]})
    if building is None:
        building = Building(name=values.name.strip(), opening_hours=[])
        ctx.session.add(building)
    building.name, building.address, building.timezone = values.name.strip(), values.address.strip(), values.timezone
    building.opening_hours.clear()
    ctx.session.flush()  # the old hours go before the new ones come (one row per building and weekday)
    building.opening_hours = [OpeningHours(weekday=d, opens_minute=o, closes_minute=c)
                              for d, (o, c) in sorted(values.hours.items())]
    ctx.session.flush()
    new = described(building)
    if old != new:
        audit.record(ctx.session, ctx.actor, "building.update" if old else "building.create", "building",
                     building.id, old=old, new=new)
    commit(ctx.session)
    return building
