"""What a booking needs of its room, loaded in one statement: building and opening hours, parts, who may book."""
from __future__ import annotations

from sqlalchemy.orm import Session, joinedload

from ..domain.ids import is_id
from ..models import Building, Room

# Two levels of parts cover a combination of combinations; deeper nesting loads lazily, still correct.
ROOM_FOR_BOOKING = (
    joinedload(Room.building).joinedload(Building.opening_hours),
    joinedload(Room.parts).joinedload(Room.parts),
    joinedload(Room.allowed_organisations),
)


def room_for_booking(session: Session, room_id: int) -> Room | None:
    """The room with everything the checks read, or None (also for numbers no id can have).

    A room already loaded in this session is returned as it is, without a statement.
    """
    return session.get(Room, room_id, options=ROOM_FOR_BOOKING) if is_id(room_id) else None
