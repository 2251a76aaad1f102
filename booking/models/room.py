"""Rooms, the combinations of rooms, and who may book them."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (func, select, Boolean, CheckConstraint, Column, ForeignKey, Integer, String, Table, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from ..domain.rules import RoomRules
from ..extensions import db
from .building import Building
from .enums import OrganisationKind, Role, enum_column
from .organisation import Organisation
from .types import UTCDateTime

room_part = Table(
    "room_part", db.metadata,
    Column("combination_id", ForeignKey("room.id", ondelete="CASCADE"), primary_key=True),
    Column("part_id", ForeignKey("room.id", ondelete="CASCADE"), primary_key=True),
)

room_organisation = Table(
    "room_organisation", db.metadata,
    Column("room_id", ForeignKey("room.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True),
)


class Room(db.Model):
    """A bookable room; a combination (the large hall = hall A + hall B) holds all its parts."""

    __table_args__ = (
        CheckConstraint("capacity >= 0", name="capacity"),
        CheckConstraint("buffer_minutes >= 0 AND buffer_minutes <= 1440", name="buffer"),
        UniqueConstraint("building_id", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    building_id: Mapped[int] = mapped_column(ForeignKey("building.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    capacity: Mapped[int] = mapped_column(Integer, default=0)
    facilities: Mapped[str] = mapped_column(Text, default="")
    buffer_minutes: Mapped[int] = mapped_column(Integer, default=0)
    requires_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Comma-separated organisation kinds allowed to book; empty with no listed
    # organisations means every organisation may.
    allowed_kinds: Mapped[str] = mapped_column(String(200), default="")
    min_notice_minutes: Mapped[int | None]
    max_advance_days: Mapped[int | None]
    max_duration_minutes: Mapped[int | None]
    # Unused: booking writes lock the room rows with SELECT ... FOR UPDATE instead (bookings/locking.py).
    # Kept because dropping a column rebuilds the table on SQLite, which other tables reference.
    version: Mapped[int] = mapped_column(Integer, default=0)
    # Rental charges (migration 0011): by the hour or by the day part (domain.charges), at the rates in
    # room_rate per kind of organisation; a cancelled date is still charged when it was cancelled less than
    # this many hours before its start (0: cancelling is always free). The services check the values.
    charge_mode: Mapped[str] = mapped_column(String(10), default="hour", server_default="hour")
    cancel_deadline_hours: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # When its described values (the name above all) last changed: feeds show the name (migration 0013).
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    building: Mapped[Building] = relationship(back_populates="rooms")
    parts: Mapped[list["Room"]] = relationship(
        secondary=room_part, primaryjoin=lambda: Room.id == room_part.c.combination_id,
        secondaryjoin=lambda: Room.id == room_part.c.part_id, back_populates="combinations")
    combinations: Mapped[list["Room"]] = relationship(
        secondary=room_part, primaryjoin=lambda: Room.id == room_part.c.part_id,
        secondaryjoin=lambda: Room.id == room_part.c.combination_id, back_populates="parts")
    allowed_organisations: Mapped[list[Organisation]] = relationship(secondary=room_organisation)
    rates: Mapped[list["RoomRate"]] = relationship(back_populates="room", cascade="all, delete-orphan",
                                                   order_by="RoomRate.kind")

    def unit_ids(self, _seen: frozenset[int] = frozenset()) -> set[int]:
        """The ids of the indivisible rooms this room occupies: itself, or all its parts' units."""
        if not self.parts or self.id in _seen:
            return {self.id}
        units: set[int] = set()
        for part in self.parts:
            units |= part.unit_ids(_seen | {self.id})
        return units

    def part_ids(self, _seen: frozenset[int] = frozenset()) -> set[int]:
        """The ids of every room inside this one: its parts, their parts, and so on."""
        found: set[int] = set()
        for part in self.parts:
            if part.id not in _seen:
                found |= {part.id} | part.part_ids(_seen | {self.id})
        return found

    def facility_list(self) -> list[str]:
        """The facilities as a list ('beamer', 'sink', ...)."""
        return [f.strip() for f in self.facilities.split(",") if f.strip()]

    def kinds(self) -> set[str]:
        """The organisation kinds allowed to book, empty if not restricted by kind."""
        return {k.strip() for k in self.allowed_kinds.split(",") if k.strip()}

    def rules(self) -> RoomRules:
        """The room's limits as the scheduling core's rule object."""
        return RoomRules(self.min_notice_minutes, self.max_advance_days, self.max_duration_minutes)

    def admits(self, organisation: Organisation | None, role: Role | None = None) -> bool:
        """Whether `organisation` may book this room (admins always may)."""
        if role == Role.ADMIN:
            return True
        kinds, orgs = self.kinds(), self.allowed_organisations
        if not kinds and not orgs:
            return True
        if organisation is None:
            return False
        return organisation.kind.value in kinds or any(o.id == organisation.id for o in orgs)


class RoomRate(db.Model):
    """What one kind of organisation pays for a room, in euro cents: per hour and per day part (NULL: free)."""

    __tablename__ = "room_rate"
    __table_args__ = (
        CheckConstraint("hour_cents IS NULL OR hour_cents >= 0", name="hour_cents"),
        CheckConstraint("daypart_cents IS NULL OR daypart_cents >= 0", name="daypart_cents"),
    )

    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind, "room_rate_kind"), primary_key=True)
    hour_cents: Mapped[int | None] = mapped_column(Integer)
    daypart_cents: Mapped[int | None] = mapped_column(Integer)

    room: Mapped[Room] = relationship(back_populates="rates")


# The largest changeover buffer of the building's rooms, loaded with the building in the same statement:
# the clash check reads around each requested slot by this much, not by the 24 hours a buffer may be.
Building.largest_buffer_minutes = column_property(
    select(func.coalesce(func.max(Room.buffer_minutes), 0)).where(Room.building_id == Building.id)
    .correlate_except(Room).scalar_subquery())


__all__ = ["Room", "RoomRate", "room_part", "room_organisation", "OrganisationKind"]
