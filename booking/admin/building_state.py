"""Deactivate and reactivate a building. Deactivating never deletes history: the building's rooms stop taking
bookings (they are deactivated with it), its past bookings stay in the reports, and it is refused while any of
its rooms has confirmed or pending dates to come (those are listed)."""
from __future__ import annotations

import json

from sqlalchemy import select

from .. import audit
from ..bookings.context import Context
from ..database import begin_write, commit
from ..domain.messages import N_
from ..models import AuditEntry, Building, Occurrence, Room
from ..rooms.editing import RoomInUse, future_bookings_in, undo_on_error
from .closures import require_admin
from .records import record_to_change


class BuildingInUse(RoomInUse):
    """Rooms of the building still have confirmed or pending dates to come (409); the bookings are listed."""

    def __init__(self, bookings):
        super().__init__(bookings)
        self.message = N_("This building still has bookings to come; cancel or move them first.")


def rooms_taken_down_with(ctx: Context, building: Building) -> set[int]:
    """The rooms the building's last deactivation deactivated (those to bring back with it)."""
    detail = ctx.session.scalars(select(AuditEntry.detail).where(
        AuditEntry.subject_type == "building", AuditEntry.subject_id == building.id,
        AuditEntry.action == "building.deactivate").order_by(AuditEntry.at.desc(), AuditEntry.id.desc())).first()
    try:
        return set(json.loads(detail or "{}").get("rooms", []))
    except (ValueError, AttributeError):
        return set()


@undo_on_error
def set_building_active(ctx: Context, building_id: int, active: bool) -> Building:
    """Deactivate a building with its rooms (refused with the bookings to come), or reactivate it with the
    rooms its deactivation took down (a room deactivated on its own before stays so); audited."""
    require_admin(ctx.actor)
    begin_write(ctx.session)
    building = record_to_change(ctx, Building, building_id, N_("No building with this id."))
    if building.active == active:
        commit(ctx.session)
        return building
    rooms = list(ctx.session.scalars(select(Room).where(Room.building_id == building.id).order_by(Room.id)))
    if not active:
        waiting = future_bookings_in(ctx, Occurrence.room_id.in_([r.id for r in rooms]))
        if waiting:
            raise BuildingInUse(waiting)
        changed = [r for r in rooms if r.active]
    else:
        back = rooms_taken_down_with(ctx, building)
        changed = [r for r in rooms if not r.active and r.id in back]
    building.active = active
    for room in changed:
        room.active = active
    audit.record(ctx.session, ctx.actor, "building.activate" if active else "building.deactivate", "building",
                 building.id, rooms=[r.id for r in changed])
    commit(ctx.session)
    return building
