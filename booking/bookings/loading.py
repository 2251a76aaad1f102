"""What a booking needs of its room, loaded in one statement: building and opening hours, parts, who may book."""
from __future__ import annotations

from sqlalchemy.orm import Session, joinedload

from ..domain.ids import is_id
from ..models import Building, Room

# A room's parts and theirs, joined: two levels cover a combination of combinations; deeper nesting
# loads lazily, still correct. What a room's indivisible units (Room.unit_ids) are read from.
PARTS_TWO_DEEP = joinedload(Room.parts).joinedload(Room.parts)

ROOM_FOR_BOOKING = (
    joinedload(Room.building).joinedload(Building.opening_hours),
    PARTS_TWO_DEEP,
    joinedload(Room.allowed_organisations),
)


def room_for_booking(session: Session, room_id: int) -> Room | None:
    """The room with everything the checks read, or None (also for numbers no id can have).

    A room already loaded in this session is returned as it is, without a statement.
    """
    return session.get(Room, room_id, options=ROOM_FOR_BOOKING) if is_id(room_id) else None
