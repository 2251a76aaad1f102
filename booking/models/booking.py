"""Bookings (series), their occurrences, and the room time each active occurrence holds."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .enums import Attendance, Status, Visibility, enum_column
from .organisation import Organisation
from .room import Room
from .types import UTCDateTime, utcnow
from .user import User


class Booking(db.Model):
    """One series: who books which room for what, and how it repeats."""

    __table_args__ = (CheckConstraint("expected_people IS NULL OR expected_people >= 0",
                                      name="expected_people"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    creator_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility, "booking_visibility"),
                                                   default=Visibility.INTERNAL)
    status: Mapped[Status] = mapped_column(enum_column(Status, "booking_status"), default=Status.CONFIRMED)
    # The repetition as an RFC 5545 RRULE (with EXDATE lines), empty for a single booking.
    recurrence: Mapped[str] = mapped_column(Text, default="")
    expected_people: Mapped[int | None] = mapped_column(Integer)
    setup_notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The front desk's decision on a request for a room that requires approval.
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_note: Mapped[str] = mapped_column(Text, default="")
    # When the booking or one of its dates last changed (create, cancel, move, extend, approve,
    # reject; migration 0007): the feeds' DTSTAMP and LAST-MODIFIED. NULL: not since created_at.
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    # The series was asked to leave out its building's school holidays (migration 0015): extending it
    # leaves out those of the next period too.
    skips_school_holidays: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    room: Mapped[Room] = relationship()
    organisation: Mapped[Organisation] = relationship()
    creator: Mapped[User | None] = relationship(foreign_keys=[creator_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    occurrences: Mapped[list["Occurrence"]] = relationship(
        back_populates="booking", cascade="all, delete-orphan", order_by="Occurrence.starts_at")


class Occurrence(db.Model):
    """One concrete slot of a booking, with its own state so one date can be moved or cancelled."""

    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="order"),
        CheckConstraint("blocked_until >= ends_at", name="buffer"),
        Index("ix_occurrence_room_time", "room_id", "starts_at", "ends_at"),
        # Lists page through the dates in time order; a booking's dates come in time order (migration 0005).
        Index("ix_occurrence_time", "starts_at", "id", "ends_at"),
        Index("ix_occurrence_booking_start", "booking_id", "starts_at"),
        # 'Series that end soon' groups a month of active dates by booking from this index alone,
        # without visiting the table (migration 0018); the front desk's day reads its dates from it
        # alone too, on PostgreSQL, which keeps the rest of what the day shows of a date beside the key
        # (INCLUDE; migration 0019).
        Index("ix_occurrence_active_dates", "starts_at", "booking_id",
              postgresql_include=["id", "room_id", "ends_at", "status", "attendance", "setup_done_at", "title"],
              postgresql_where=text("status IN ('confirmed', 'pending')"),
              sqlite_where=text("status IN ('confirmed', 'pending')")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("booking.id", ondelete="CASCADE"))
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # ends_at plus the room's changeover buffer, computed by the app: the database
    # cannot index `ends_at + interval`, and the guarantee needs an index.
    blocked_until: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[Status] = mapped_column(enum_column(Status, "occurrence_status"), default=Status.CONFIRMED)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    # The front desk's mark on the day page or through the API (calendar/attendance.py): arrived,
    # no-show, or nothing noted (NULL). Any date may be marked, also one still to come (an announced absence).
    attendance: Mapped[Attendance | None] = mapped_column(enum_column(Attendance, "occurrence_attendance"))
    # When the front desk marked the date 'arrived'; cleared when the mark becomes 'no-show' or is taken back.
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the front desk ticked off the booking's setup notes for this date (NULL: not done yet).
    setup_done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Where the series' rule put this date before it was first moved (a feed's RECURRENCE-ID);
    # NULL: never moved, starts_at is its original start (migration 0007).
    original_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Grows by one every time the date's time or room changes (a feed's SEQUENCE).
    sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # This date's own title (a feed's override event; migration 0013); NULL: the booking's title.
    # A retitle keeps the sequence: SUMMARY is not among what RFC 5545 counts as a significant change.
    title: Mapped[str | None] = mapped_column(String(200))

    booking: Mapped[Booking] = relationship(back_populates="occurrences")
    room: Mapped[Room] = relationship()
    holds: Mapped[list["RoomHold"]] = relationship(back_populates="occurrence", cascade="all, delete-orphan")

    @property
    def is_active(self) -> bool:
        """Confirmed and pending occurrences hold their room."""
        return self.status in (Status.CONFIRMED, Status.PENDING)

    @property
    def original_start(self) -> datetime:
        """Where the series' rule put this date, whether or not it was moved since."""
        return self.original_starts_at or self.starts_at


class RoomHold(db.Model):
    """The time one active occurrence keeps one indivisible room, buffer included.

    A combination room holds each of its parts, so booking the large hall blocks hall A and
    hall B and the other way round. The database guards this table against overlap: an
    exclusion constraint on PostgreSQL, triggers on SQLite (see the migrations).
    Rows exist only while their occurrence is active.
    """

    __tablename__ = "room_hold"
    __table_args__ = (
        CheckConstraint("blocked_until > starts_at", name="order"),
        Index("ix_room_hold_room_time", "room_id", "starts_at", "blocked_until"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrence.id", ondelete="CASCADE"), index=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    blocked_until: Mapped[datetime] = mapped_column(UTCDateTime())

    occurrence: Mapped[Occurrence] = relationship(back_populates="holds")
