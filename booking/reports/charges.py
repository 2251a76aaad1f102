"""The rental charges per organisation per month, added up from what reports.charge_queries read (pure Python).

Per organisation and month (of the date's local start) two lines, each rounded to cents once
(domain.charges.Line): the dates that took place (confirmed), and the dates cancelled after their room's
cancellation deadline ('cancelled late'), charged as if they took place. A date cancelled in time, one the
building cancelled for a closure, one cancelled while it still waited for approval, a pending and a rejected
date cost nothing. Each date is charged at its own
room's mode and at the rate that room has now for the organisation's kind (the rates keep no history).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..domain.charges import DAYPART_MODE, Line, Rate, deadline_passed, usage
from ..models import Status
from ..models.enums import OrganisationKind
from .lateness import OCCURRENCE_CANCEL, CancelEntry, CancelledDate, cancel_times, closed_by_building, detail_of

if TYPE_CHECKING:  # pragma: no cover
    from .charge_queries import ChargeData

FREE = Rate()


@dataclass
class ChargeRow:
    """One organisation in one month: what took place and what was cancelled late, each a rounded line."""

    organisation_id: int
    organisation: str
    kind: OrganisationKind
    month: tuple[int, int]
    used: Line = field(default_factory=Line)
    late: Line = field(default_factory=Line)

    @property
    def cents(self) -> int:
        """The row's amount: its two lines, each rounded once, added."""
        return self.used.cents + self.late.cents


@dataclass(frozen=True)
class OrganisationTotal:
    """One organisation's amount over the whole period."""

    organisation_id: int
    organisation: str
    cents: int


@dataclass(frozen=True)
class ChargeReport:
    """The rows by organisation (by name) and month, and the totals."""

    data: "ChargeData"
    rows: list[ChargeRow]
    late_ids: frozenset[int]      # the dates cancelled late

    @property
    def cents(self) -> int:
        """The period's total: the sum of the rows' (rounded) amounts."""
        return sum(r.cents for r in self.rows)

    @property
    def late_cents(self) -> int:
        """What the late cancellations cost in the period."""
        return sum(r.late.cents for r in self.rows)

    @property
    def late_dates(self) -> int:
        return sum(r.late.dates for r in self.rows)

    def per_organisation(self) -> list[OrganisationTotal]:
        """Each organisation's total over the period, in the rows' order."""
        found: dict[int, OrganisationTotal] = {}
        for r in self.rows:
            before = found.get(r.organisation_id)
            found[r.organisation_id] = OrganisationTotal(r.organisation_id, r.organisation,
                                                         (before.cents if before else 0) + r.cents)
        return list(found.values())


def waiting_when_cancelled(entries: list[CancelEntry]) -> set[int]:
    """The ids of the dates that were still waiting for approval when they were cancelled, as the cancelling
    entries name them ({"pending": true} on a date's own entry, {"pending": [ids]} on a series' entry)."""
    out: set[int] = set()
    for e in entries:
        named = detail_of(e).get("pending")
        if e.subject_type == "occurrence" and e.action == OCCURRENCE_CANCEL and named and e.subject_id is not None:
            out.add(e.subject_id)
        elif isinstance(named, list):
            out.update(i for i in named if isinstance(i, int) and not isinstance(i, bool))
    return out


def late_cancelled(data: "ChargeData") -> set[int]:
    """The ids of the cancelled dates that are still charged: cancelled less than their room's deadline before
    their start, by the organisation (not for a closure of the building), while confirmed (a request still
    waiting for approval is never charged)."""
    cancelled = [CancelledDate(d.id, d.booking_id, d.room_id, d.starts_at, d.ends_at)
                 for d in data.dates if d.status == Status.CANCELLED]
    times = cancel_times(cancelled, data.cancel_entries)
    closed = closed_by_building(data.cancel_entries) | waiting_when_cancelled(data.cancel_entries)
    out = set()
    for d in cancelled:
        room = data.rooms.get(d.room_id)
        if room and d.id not in closed and deadline_passed(times.get(d.id), d.starts_at, room.deadline_hours):
            out.add(d.id)
    return out


def charge_report(data: "ChargeData") -> ChargeReport:
    """The rows of the report: per organisation and month the dates taken place and those cancelled late."""
    late = late_cancelled(data)
    rows: dict[tuple[int, tuple[int, int]], ChargeRow] = {}
    for d in data.dates:
        if d.status != Status.CONFIRMED and d.id not in late:
            continue
        local = d.starts_at.astimezone(data.zone)
        month = (local.year, local.month)
        row = rows.setdefault((d.organisation_id, month),
                              ChargeRow(d.organisation_id, d.organisation, d.kind, month))
        room = data.rooms[d.room_id]
        line = row.used if d.status == Status.CONFIRMED else row.late
        used = usage(d.starts_at, d.ends_at, data.zone, dayparts=room.mode == DAYPART_MODE)
        line.add(used, room.mode, data.rates.get((d.room_id, d.kind), FREE), d.room_id)
    ordered = sorted(rows.values(), key=lambda r: (r.organisation.casefold(), r.organisation_id, r.month))
    return ChargeReport(data, ordered, frozenset(late))
