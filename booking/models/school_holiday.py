"""School holiday periods of a building: dates a recurring series may choose to leave out."""
from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .building import Building


class SchoolHoliday(db.Model):
    """A school holiday (herfstvakantie, ...) of one building, from start_date to end_date, both included.

    Local dates, not instants: a holiday is a run of whole days in the building's own calendar, and
    Dutch school holidays differ by region (noord, midden, zuid), hence a building of its own each.
    """

    __tablename__ = "school_holiday"
    __table_args__ = (CheckConstraint("end_date >= start_date", name="order"),
                      Index("ix_school_holiday_building_start", "building_id", "start_date"))

    id: Mapped[int] = mapped_column(primary_key=True)
    building_id: Mapped[int] = mapped_column(ForeignKey("building.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    region: Mapped[str] = mapped_column(String(40), default="")

    building: Mapped[Building] = relationship()
