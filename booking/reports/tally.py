"""The reports' figures, added up from what reports.queries read (pure Python: no Flask, no database).

- occupancy: per room and per week, month, year or the whole period: booked hours against open hours,
  and of the booked dates (confirmed ones, plus those cancelled late) how many were marked arrived,
  no-show, or were cancelled late; the building's totals beside them.
- organisations: confirmed hours and dates per organisation and per kind of organisation.
- public_weeks: the number and hours of confirmed public dates per week.

A booking of a combined room counts for the combined room (not for its parts); the building's total is the
sum over its rooms. Hours are clipped to the period: a date across its edge counts with its part inside.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Callable, Hashable

from ..domain.grid import RoomNode, closing_rooms, group_rooms
from ..models.enums import OrganisationKind
from .hours import Piece, as_hours, fraction, rooms_open_seconds
from .lateness import cancel_times, closed_by_building, is_late

if TYPE_CHECKING:  # pragma: no cover
    from .queries import ReportData, ReportRoom

GROUPINGS: dict[str, Callable[[Piece], Hashable]] = {
    "period": lambda p: "period",
    "week": lambda p: p.monday,
    "month": lambda p: p.month,
    "year": lambda p: p.first.year,
}
KINDS = tuple(OrganisationKind)


@dataclass
class Tally:
    """Booked and open seconds, and the booked dates by what became of them."""

    booked: float = 0.0
    open: float = 0.0
    dates: int = 0        # confirmed dates that start here
    arrived: int = 0
    no_show: int = 0
    late: int = 0         # dates that start here, cancelled late

    def add(self, other: "Tally") -> None:
        """Add another tally's figures to this one."""
        self.booked += other.booked
        self.open += other.open
        self.dates += other.dates
        self.arrived += other.arrived
        self.no_show += other.no_show
        self.late += other.late

    @property
    def booked_hours(self) -> float:
        return as_hours(self.booked)

    @property
    def open_hours(self) -> float:
        return as_hours(self.open)

    @property
    def occupancy(self) -> float:
        """Booked over open hours, 0 when nothing was open."""
        return fraction(self.booked, self.open)

    @property
    def counted(self) -> int:
        """The booked dates the shares are of: the confirmed ones and those cancelled late."""
        return self.dates + self.late

    @property
    def not_noted(self) -> int:
        """Confirmed dates without an arrived or no-show mark."""
        return self.dates - self.arrived - self.no_show

    def share(self, n: int) -> float:
        """n as a fraction of the booked dates."""
        return fraction(n, self.counted)


@dataclass(frozen=True)
class Group:
    """A week, month or year of the period, clipped to it: its key and its first and last day."""

    key: Hashable
    first: date
    last: date
    whole: bool       # the group lies wholly in the period (not a week or month cut off by its edge)


@dataclass
class Occupancy:
    """Per room and group a tally, and the building's tally per group."""

    groups: list[Group]
    rooms: list["ReportRoom"]
    cells: dict[tuple[int, Hashable], Tally]
    building: dict[Hashable, Tally]

    def cell(self, room_id: int, key: Hashable) -> Tally:
        """The tally of one room in one group."""
        return self.cells.get((room_id, key)) or Tally()


def groups_of(pieces: list[Piece], by: str) -> list[Group]:
    """The groups the pieces fall in, in order, each with its days and whether it is whole."""
    key_of = GROUPINGS[by]
    found: dict[Hashable, list[Piece]] = {}
    for p in pieces:
        found.setdefault(key_of(p), []).append(p)
    out = []
    for key, ps in found.items():
        first, last = ps[0].first, ps[-1].last
        if by == "week":
            whole = first.weekday() == 0 and last.weekday() == 6
        elif by == "month":
            whole = first.day == 1 and date.fromordinal(last.toordinal() + 1).day == 1
        elif by == "year":
            whole = (first.month, first.day, last.month, last.day) == (1, 1, 12, 31)
        else:
            whole = True
        out.append(Group(key, first, last, whole))
    return out


def ordered_rooms(data: "ReportData", used: set[int]) -> list["ReportRoom"]:
    """The rooms in use, and those no longer in use that have figures, combined rooms before their parts."""
    shown = {r.id: r for r in data.rooms if r.active or r.id in used}
    nodes = [RoomNode(r.id, r.name, r.part_ids) for r in shown.values()]
    return [shown[n.id] for group in group_rooms(nodes) for n in group]


def late_dates(data: "ReportData") -> list[tuple[int, int]]:
    """(room_id, piece index) of every date cancelled late, by the piece its start lies in (not those the
    building called off for a closure)."""
    times = cancel_times(data.cancelled, data.cancel_entries)
    closed = closed_by_building(data.cancel_entries)
    out = []
    for d in data.cancelled:
        if d.id not in closed and is_late(times.get(d.id), d.starts_at):
            piece = next((p.index for p in data.pieces if p.start <= d.starts_at < p.end), None)
            if piece is not None:
                out.append((d.room_id, piece))
    return out


def occupancy(data: "ReportData", by: str = "period") -> Occupancy:
    """Each room's tally per group (`by`: period, week, month or year) and the building's."""
    return occupancies(data, (by,))[by]


def occupancies(data: "ReportData", groupings: tuple[str, ...]) -> dict[str, Occupancy]:
    """occupancy() for several groupings at once: the open hours and late cancellations worked out once."""
    late = late_dates(data)
    rooms = ordered_rooms(data, {b.room_id for b in data.booked} | {r for r, _ in late})
    parts = data.parts
    opened = rooms_open_seconds(data.pieces, data.zone, data.building.hours, data.closures,
                                {r.id: closing_rooms(r.id, parts) for r in rooms})
    return {by: add_up(data, by, rooms, opened, late) for by in groupings}


def add_up(data: "ReportData", by: str, rooms: list["ReportRoom"], opened: dict[int, list[float]],
           late: list[tuple[int, int]]) -> Occupancy:
    """The tallies of `rooms` per group: open seconds per piece, the booked sums, the late cancellations."""
    key_of = GROUPINGS[by]
    keys = [key_of(p) for p in data.pieces]
    cells: dict[tuple[int, Hashable], Tally] = {}

    def cell(room_id: int, piece: int) -> Tally:
        return cells.setdefault((room_id, keys[piece]), Tally())

    for r in rooms:
        for i, seconds in enumerate(opened[r.id]):
            cell(r.id, i).open += seconds
    shown = {r.id for r in rooms}
    for b in data.booked:
        if b.room_id in shown:
            t = cell(b.room_id, b.piece)
            t.booked += b.seconds
            t.dates += b.dates
            t.arrived += b.arrived
            t.no_show += b.no_show
    for room_id, piece in late:
        if room_id in shown:
            cell(room_id, piece).late += 1
    building: dict[Hashable, Tally] = {}
    for (_, key), t in cells.items():
        building.setdefault(key, Tally()).add(t)
    return Occupancy(groups_of(data.pieces, by), rooms, cells, building)


@dataclass
class OrganisationHours:
    """One organisation's confirmed hours and dates in the period."""

    id: int
    name: str
    kind: OrganisationKind
    seconds: float = 0.0
    dates: int = 0

    @property
    def hours(self) -> float:
        return as_hours(self.seconds)


@dataclass
class KindHours:
    """The confirmed hours and dates of one kind of organisation, and how many organisations of it booked."""

    kind: OrganisationKind
    seconds: float = 0.0
    dates: int = 0
    organisations: set[int] = field(default_factory=set)

    @property
    def hours(self) -> float:
        return as_hours(self.seconds)


def organisations(data: "ReportData") -> list[OrganisationHours]:
    """Every organisation with confirmed time in the period, most hours first (then by name)."""
    found: dict[int, OrganisationHours] = {}
    for b in data.booked:
        o = found.setdefault(b.organisation_id, OrganisationHours(b.organisation_id, b.organisation, b.kind))
        o.seconds += b.seconds
        o.dates += b.dates
    return sorted((o for o in found.values() if o.seconds > 0 or o.dates),
                  key=lambda o: (-round(o.seconds), o.name.casefold(), o.id))


def kinds(orgs: list[OrganisationHours]) -> list[KindHours]:
    """The five kinds in their fixed order (care, welfare, volunteers, residents, other), empty ones too."""
    out = {k: KindHours(k) for k in KINDS}
    for o in orgs:
        k = out[o.kind]
        k.seconds += o.seconds
        k.dates += o.dates
        k.organisations.add(o.id)
    return list(out.values())


@dataclass
class PublicWeek:
    """The confirmed public dates that start in one week, and their hours (clipped to the period)."""

    group: Group
    seconds: float = 0.0
    dates: int = 0

    @property
    def hours(self) -> float:
        return as_hours(self.seconds)


def public_weeks(data: "ReportData") -> list[PublicWeek]:
    """Per week of the period (empty weeks too) the number and hours of confirmed public dates."""
    weeks = {g.key: PublicWeek(g) for g in groups_of(data.pieces, "week")}
    for b in data.booked:
        if b.public:
            w = weeks[data.pieces[b.piece].monday]
            w.seconds += b.seconds
            w.dates += b.dates
    return list(weeks.values())
