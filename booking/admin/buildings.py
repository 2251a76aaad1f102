"""Add and change buildings: name, address, time zone and opening hours per weekday (a day without hours is closed)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from .. import audit
from ..bookings.context import Context
from ..database import begin_write, commit
from ..domain.clock import zone_of
from ..domain.errors import InvalidInput
from ..domain.messages import N_
from ..models import ACTIVE_STATUSES, Building, Occurrence, OpeningHours, Room
from ..rooms.editing import undo_on_error
from .closures import require_admin
from .records import record_to_change, require_free_name


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
    building = record_to_change(ctx, Building, building_id, N_("No building with this id."))
    require_free_name(ctx, Building, values.name, building, N_("A building with this name already exists."))
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
        building.changed_at = ctx.now  # feeds show its name and address: their 304 key reads this
        audit.record(ctx.session, ctx.actor, "building.update" if old else "building.create", "building",
                     building.id, old=old, new=new)
    commit(ctx.session)
    return building
