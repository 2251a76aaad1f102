"""Equipment and extras a booking can ask for: loanable items with a stock, and consumables per person."""
from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .building import Building
from .enums import enum_column


class ExtraKind(StrEnum):
    """A loanable item (a beamer: a stock, never promised twice at once) or a consumable (coffee: no limit)."""

    LOAN = "loan"
    CONSUMABLE = "consumable"


class Extra(db.Model):
    """One kind of equipment or extra of a building, such as 'Beamer' (2 in stock) or 'Koffie en thee'."""

    __table_args__ = (
        UniqueConstraint("building_id", "name"),
        CheckConstraint("stock >= 0", name="stock"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    building_id: Mapped[int] = mapped_column(ForeignKey("building.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[ExtraKind] = mapped_column(enum_column(ExtraKind, "extra_kind"), default=ExtraKind.LOAN)
    # How many a loanable item has; unused (0) for a consumable, which has no limit.
    stock: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    note: Mapped[str] = mapped_column(Text, default="", server_default="")

    building: Mapped[Building] = relationship()

    @property
    def is_loan(self) -> bool:
        """Whether the item is lent out from a stock (and so can run short)."""
        return self.kind == ExtraKind.LOAN


class BookingExtra(db.Model):
    """What a booking asks for: `quantity` of one extra on every date of the booking."""

    __tablename__ = "booking_extra"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity"),
        # The stock check sums the requests of one extra: from the extra to its bookings.
        Index("ix_booking_extra_extra", "extra_id", "booking_id"),
    )

    booking_id: Mapped[int] = mapped_column(ForeignKey("booking.id", ondelete="CASCADE"), primary_key=True)
    extra_id: Mapped[int] = mapped_column(ForeignKey("extra.id"), primary_key=True)
    quantity: Mapped[int] = mapped_column(Integer)

    extra: Mapped[Extra] = relationship()
