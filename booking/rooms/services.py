"""Create buildings and rooms."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit
from ..domain.clock import zone_of
from ..domain.errors import Forbidden, InvalidInput
from ..domain.ids import is_id
from ..domain.messages import N_
from ..models import Building, Role, Room, User


def default_building(session: Session, name: str, timezone: str) -> Building:
    """The building new rooms go into when none is named, made on first use (open 07:00-23:00 daily)."""
    building = session.scalars(select(Building).order_by(Building.id)).first()
    if building is None:
        zone_of(timezone)
        building = Building(name=name, timezone=timezone)
        building.set_every_day()
        session.add(building)
        session.flush()
    return building


def create_room(session: Session, actor: User, building: Building, *, name: str, capacity: int,
                buffer_minutes: int = 0, requires_approval: bool = False, facilities: str = "",
                part_ids: list[int] | None = None) -> Room:
    """Add a room (admins only); with parts it is a combination that holds all of them."""
    if actor.role != Role.ADMIN:
        raise Forbidden(N_("Only an administrator may add rooms."))
    if not building.active:
        msg = N_("This building is deactivated; reactivate it first.")
        raise InvalidInput(msg, {"building_id": [msg]})
    if session.scalars(select(Room).where(Room.building_id == building.id, Room.name == name)).first():
        raise InvalidInput(N_("A room with this name already exists."), {"name": [N_("This name is taken.")]})
    parts = []
    for pid in part_ids or []:
        part = session.get(Room, pid)
        if part is None or part.building_id != building.id:
            raise InvalidInput(N_("Unknown part room."), {"parts": [N_("No room %(id)s in this building.", id=pid)]})
        if not part.active:  # the combination would book a room taken out of use
            msg = N_("Reactivate its parts first: %(rooms)s.", rooms=part.name)
            raise InvalidInput(msg, {"parts": [msg]})
        parts.append(part)
    room = Room(building=building, name=name, capacity=capacity, buffer_minutes=buffer_minutes,
                requires_approval=requires_approval, facilities=facilities, parts=parts)
    session.add(room)
    session.flush()
    audit.record(session, actor, "room.create", "room", room.id, name=name)
    session.commit()
    return room


def add_room(session: Session, actor: User, building_id: int | None, default_name: str, default_timezone: str,
             **fields) -> Room:
    """Add a room to the named building, or to the default one (made on first use); admins only."""
    if actor.role != Role.ADMIN:  # before the default building is made: a refused caller writes nothing
        raise Forbidden(N_("Only an administrator may add rooms."))
    if building_id is not None:
        building = session.get(Building, building_id) if is_id(building_id) else None
        if building is None:
            raise InvalidInput(N_("Unknown building."), {"building_id": [N_("No building with this id.")]})
    else:
        building = default_building(session, default_name, default_timezone)
    return create_room(session, actor, building, **fields)
