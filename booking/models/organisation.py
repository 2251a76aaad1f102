"""Organisations that book rooms: the GP practice, welfare, volunteers, residents' groups."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, String, true
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .enums import OrganisationKind, enum_column
from .types import UTCDateTime


class Organisation(db.Model):
    """A tenant or group that books rooms in its own name."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind, "organisation_kind"),
                                                   default=OrganisationKind.OTHER)
    # Who to reach and how; a colour for the calendars ('#RRGGBB' or empty); a deactivated organisation
    # keeps its bookings as history but books nothing new (migration 0009).
    contact: Mapped[str] = mapped_column(String(250), default="", server_default="")
    colour: Mapped[str] = mapped_column(String(7), default="", server_default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # When its described values (the name above all) last changed: feeds show the name (migration 0013).
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
