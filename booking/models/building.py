"""Buildings, their opening hours and their closures."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.rules import OpeningHours as OpeningHoursRule
from ..extensions import db
from .types import UTCDateTime

DEFAULT_TIMEZONE = "Europe/Amsterdam"


class Building(db.Model):
    """A centre such as De Kiekmure; its zone is the one people see times in."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    address: Mapped[str] = mapped_column(String(250), default="")
    timezone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIMEZONE)
    # A deactivated building keeps its rooms and bookings as history (the reports) but is offered nowhere
    # for booking, on the day page, the public agenda or the lobby (migration 0012).
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # When its name or address last changed: feeds show them in LOCATION (migration 0013).
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    rooms: Mapped[list["Room"]] = relationship(back_populates="building")  # noqa: F821
    opening_hours: Mapped[list["OpeningHours"]] = relationship(
        back_populates="building", cascade="all, delete-orphan", order_by="OpeningHours.weekday")

    def __init__(self, **kwargs):
        # The defaults hold from the start, not only after the first flush: the building's
        # zone, and open 07:00-23:00 every day unless other hours are given.
        kwargs.setdefault("timezone", DEFAULT_TIMEZONE)
        kwargs.setdefault("address", "")
        super().__init__(**kwargs)
        if "opening_hours" not in kwargs:
            self.set_every_day()

    def hours_rule(self) -> OpeningHoursRule:
        """The opening hours as the scheduling core's rule object."""
        return OpeningHoursRule({h.weekday: (h.opens_minute, h.closes_minute) for h in self.opening_hours})

    def set_every_day(self, opens_minute: int = 7 * 60, closes_minute: int = 23 * 60) -> None:
        """Open the same hours on all seven days (default 07:00-23:00)."""
        self.opening_hours = [OpeningHours(weekday=d, opens_minute=opens_minute,
                                           closes_minute=closes_minute) for d in range(7)]


class OpeningHours(db.Model):
    """When a building is open on one weekday (0 = Monday); no row means closed that day."""

    __tablename__ = "opening_hours"
    __table_args__ = (
        UniqueConstraint("building_id", "weekday"),
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("opens_minute >= 0 AND opens_minute < closes_minute AND closes_minute <= 1440",
                        name="hours"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    building_id: Mapped[int] = mapped_column(ForeignKey("building.id", ondelete="CASCADE"))
    weekday: Mapped[int]
    opens_minute: Mapped[int]
    closes_minute: Mapped[int]

    building: Mapped[Building] = relationship(back_populates="opening_hours")


class Closure(db.Model):
    """The building, or one room, closed from..to (holidays, maintenance), with a reason."""

    __table_args__ = (CheckConstraint("ends_at > starts_at", name="order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    building_id: Mapped[int] = mapped_column(ForeignKey("building.id", ondelete="CASCADE"), index=True)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(Text, default="")

    # For the administrator's list (admin/closure_queries.py), loaded with the closures.
    building: Mapped[Building] = relationship()
    room: Mapped["Room | None"] = relationship()  # noqa: F821
