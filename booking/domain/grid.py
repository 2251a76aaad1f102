"""The front desk's day as a grid: half-hour columns, blocks placed on them, rooms in groups.

Pure arithmetic, no Flask and no database. Instants are aware UTC datetimes; 'wall' times are
naive local times of the building's zone.

- day_columns: the half hours of one local day that the grid shows: the opening hours, widened to
  any booking of the day that lies outside them (nothing booked is ever hidden), each
  column with its UTC instant. The columns walk in real time, so the last Sunday of March has 46
  half hours when the building is open around the clock and the last Sunday of October 50 (the
  hour from 02:00 twice, told apart by its UTC offset).
- place: which columns a time covers, clipped to the grid.
- group_rooms: combined rooms beside their parts (the combination first, then its parts).
- lay_out: each room's row as cells (blocks, closed or held stretches, free half hours), in lanes
  when two of its blocks share a half hour (09:00-09:15 and 09:15-10:00).
- now_position: where the 'now' line stands, in columns.
- colour_index: an organisation's colour, stable from its id.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Generic, Iterable, Mapping, Sequence, TypeVar
from zoneinfo import ZoneInfo

from .clock import local_day_bounds
from .rules import DAY_MINUTES, OpeningHours

SLOT = timedelta(minutes=30)
# How many colours the organisations share (static/css/site.css: .org-c0 .. .org-c7).
PALETTE_SIZE = 8

T = TypeVar("T")


@dataclass(frozen=True)
class Column:
    """One half hour of the grid: [start, end) in UTC, and the local wall time it starts at ('09:30')."""

    index: int
    start: datetime
    end: datetime
    wall: datetime
    offset: timedelta
    repeated: bool = False  # this wall time happens twice today (the night the clocks go back)
    label: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        # '%H:%M' by hand: strftime costs five times as much, and a day has up to 50 columns.
        object.__setattr__(self, "label", f"{self.wall.hour:02d}:{self.wall.minute:02d}")

    @property
    def on_the_hour(self) -> bool:
        return self.wall.minute == 0

    @property
    def offset_label(self) -> str:
        """'+02:00': tells the two 02:00 of the last Sunday of October apart."""
        return offset_text(self.offset)


def offset_text(offset: timedelta) -> str:
    """A UTC offset as '+02:00' or '-03:30'."""
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@dataclass(slots=True)
class Span:
    """The columns a time covers: `count` columns from `first`; whether it runs on before or after the grid.
    Not frozen, like Placed: a frozen dataclass sets each field through object.__setattr__, and a full day
    places hundreds of dates."""

    first: int
    count: int
    before: bool = False
    after: bool = False

    @property
    def last(self) -> int:
        return self.first + self.count - 1


def _instant(day: date, minute: int, zone: ZoneInfo, later: bool) -> datetime:
    """The UTC instant of `minute` minutes after local midnight of `day` (1440: the next midnight).

    A wall time the clocks skip or repeat has two readings: the earlier for an opening time, the
    later for a closing time (the widest day the hours can mean).
    """
    if minute >= DAY_MINUTES:
        return local_day_bounds(day, zone)[1]
    wall = datetime.combine(day, time(minute // 60, minute % 60))
    readings = [wall.replace(tzinfo=zone, fold=f).astimezone(UTC) for f in (0, 1)]
    return max(readings) if later else min(readings)


def opening_span(day: date, zone: ZoneInfo, hours: OpeningHours) -> tuple[datetime, datetime] | None:
    """The UTC instants the building opens and closes on local `day`; None when it is closed all day."""
    h = hours.days.get(day.weekday())
    if h is None:
        return None
    return _instant(day, h[0], zone, later=False), _instant(day, h[1], zone, later=True)


def _past_half_hour(instant: datetime, zone: ZoneInfo) -> timedelta:
    """How far `instant` is past the last half hour of the local clock (0 on 09:00 and 09:30)."""
    local = instant.astimezone(zone)
    return timedelta(minutes=local.minute % 30, seconds=local.second, microseconds=local.microsecond)


def floor_slot(instant: datetime, zone: ZoneInfo) -> datetime:
    """The instant of the local half hour at or before `instant`."""
    return instant - _past_half_hour(instant, zone)


def ceil_slot(instant: datetime, zone: ZoneInfo) -> datetime:
    """The instant of the local half hour at or after `instant`."""
    past = _past_half_hour(instant, zone)
    return instant if not past else instant - past + SLOT


def day_columns(day: date, zone: ZoneInfo, hours: OpeningHours,
                shown: Iterable[tuple[datetime, datetime]] = ()) -> list[Column]:
    """The half-hour columns of local `day`: its opening hours, widened to every time in `shown`
    (the bookings) that reaches into the day, never beyond local midnight at either end.

    Empty when the building is closed all day and nothing is shown.
    """
    lo, hi = local_day_bounds(day, zone)
    spans = [(max(s, lo), min(e, hi)) for s, e in shown if s < hi and e > lo]
    opening = opening_span(day, zone, hours)
    if opening is not None:
        spans.append(opening)
    if not spans:
        return []
    first = max(lo, floor_slot(min(s for s, _ in spans), zone))
    last = min(hi, ceil_slot(max(e for _, e in spans), zone))
    columns: list[Column] = []
    t = first
    while t < last:
        local = t.astimezone(zone)
        columns.append(Column(len(columns), t, min(t + SLOT, last), local.replace(tzinfo=None), local.utcoffset()))
        t += SLOT
    walls: dict[datetime, int] = {}
    for c in columns:
        walls[c.wall] = walls.get(c.wall, 0) + 1
    return [Column(c.index, c.start, c.end, c.wall, c.offset, True) if walls[c.wall] > 1 else c for c in columns]


def place(start: datetime, end: datetime, columns: Sequence[Column],
          starts: Sequence[datetime] | None = None) -> Span | None:
    """The columns [start, end) touches (a partly covered half hour counts), or None if it misses the grid.

    `starts`: the columns' start instants, when the caller places many times on one grid.
    """
    if not columns or end <= columns[0].start or start >= columns[-1].end or end <= start:
        return None
    starts = starts if starts is not None else [c.start for c in columns]
    first = max(0, bisect_right(starts, start) - 1)
    last = bisect_left(starts, end) - 1
    return Span(first, last - first + 1, before=start < columns[0].start, after=end > columns[-1].end)


def now_position(now: datetime, columns: Sequence[Column]) -> float | None:
    """Where `now` stands on the grid, in columns from its left edge (2.5: halfway the third); None off the grid."""
    if not columns or not columns[0].start <= now < columns[-1].end:
        return None
    return (now - columns[0].start) / SLOT


def colour_index(key: int, size: int = PALETTE_SIZE) -> int:
    """A colour for an id, the same on every page and in every process (Fibonacci hashing, not hash()),
    spreading neighbouring ids over the palette."""
    return ((key * 2654435769) & 0xFFFFFFFF) * size >> 32


# --- rooms ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RoomNode:
    """What the grid needs of a room: its id, its name, the rooms it combines."""

    id: int
    name: str
    part_ids: tuple[int, ...] = ()


def units(room_id: int, parts: Mapping[int, Sequence[int]]) -> frozenset[int]:
    """The indivisible rooms `room_id` occupies: itself, or the units of all its parts (Room.unit_ids)."""
    found: set[int] = set()
    todo, seen = [room_id], set()
    while todo:
        r = todo.pop()
        if r in seen:
            continue
        seen.add(r)
        below = [p for p in parts.get(r, ()) if p not in seen]
        if parts.get(r):
            todo.extend(below)
        else:
            found.add(r)
    return frozenset(found or {room_id})


def _below(room_id: int, parts: Mapping[int, Sequence[int]]) -> set[int]:
    """The room and every room inside it."""
    seen, todo = set(), [room_id]
    while todo:
        r = todo.pop()
        if r not in seen:
            seen.add(r)
            todo.extend(parts.get(r, ()))
    return seen


def _above(parts: Mapping[int, Sequence[int]]) -> dict[int, set[int]]:
    """Each room -> the combinations it is a part of."""
    above: dict[int, set[int]] = {}
    for combo, ps in parts.items():
        for p in ps:
            above.setdefault(p, set()).add(combo)
    return above


def closing_rooms(room_id: int, parts: Mapping[int, Sequence[int]],
                  above: Mapping[int, set[int]] | None = None) -> frozenset[int]:
    """The rooms whose closures close `room_id`, as the booking rules read them (schedule.building_closures):
    the room, the rooms inside it, and every combination above any of those."""
    below = _below(room_id, parts)
    above = above if above is not None else _above(parts)
    found, todo = set(below), list(below)
    while todo:
        r = todo.pop()
        for combo in above.get(r, ()):
            if combo not in found:
                found.add(combo)
                todo.append(combo)
    return frozenset(found)


def group_rooms(rooms: Sequence[RoomNode]) -> list[list[RoomNode]]:
    """The rooms in groups: a combination with its parts right after it (nested ones depth first),
    every other room on its own; groups and the rooms within a level by name."""
    by_id = {r.id: r for r in rooms}
    inside = {p for r in rooms for p in r.part_ids if p in by_id and p != r.id}
    key = lambda r: (r.name.casefold(), r.id)  # noqa: E731
    placed: set[int] = set()
    groups: list[list[RoomNode]] = []

    def walk(room: RoomNode, group: list[RoomNode]) -> None:
        if room.id in placed:
            return
        placed.add(room.id)
        group.append(room)
        for part in sorted((by_id[p] for p in room.part_ids if p in by_id), key=key):
            walk(part, group)

    for room in sorted(rooms, key=key):
        if room.id not in inside:
            group: list[RoomNode] = []
            walk(room, group)
            groups.append(group)
    for room in sorted(rooms, key=key):  # parts of one another in a circle: no top; each still shows
        if room.id not in placed:
            group = []
            walk(room, group)
            groups.append(group)
    return sorted(groups, key=lambda g: key(g[0]))


# --- the rows ---------------------------------------------------------------------------------------

@dataclass(slots=True)
class Placed(Generic[T]):
    """Something booked in a room: its time and what the page shows of it."""

    room_id: int
    start: datetime
    end: datetime
    item: T


@dataclass(frozen=True)
class Closed:
    """A closure: of one room, or of the whole building (room_id None)."""

    room_id: int | None
    start: datetime
    end: datetime
    reason: str


FREE, BLOCK, CLOSED, HELD, EMPTY = "free", "block", "closed", "held", "empty"


@dataclass(slots=True)
class Cell(Generic[T]):
    """One table cell of a room's row: `count` columns from `column`.

    kind: 'block' (a booking of this room: item), 'closed' (label: the reason), 'held' (the room is
    in use through a combination or a part: label names the room booked), 'free' (half hours that
    can be booked, each on its own: the page makes one link per half hour), 'empty' (nothing, in a
    second lane). `item` of a free run is left to the page.
    """

    kind: str
    column: Column
    count: int
    item: T | None = None
    span: Span | None = None
    label: str = ""


@dataclass
class Row(Generic[T]):
    """One room: its cells in one or more lanes, and its bookings in time order (for the list)."""

    room: RoomNode
    group: int
    first_in_group: bool
    lanes: list[list[Cell[T]]] = field(default_factory=list)
    items: list[Placed[T]] = field(default_factory=list)
    combines: tuple[str, ...] = ()   # the names of the rooms it combines
    part_of: tuple[str, ...] = ()    # the names of the combinations it is part of


def _lanes(blocks: list[tuple[Span, Placed[T]]]) -> list[list[tuple[Span, Placed[T]]]]:
    """Blocks in as few lanes as possible, none sharing a column with another in its lane."""
    lanes: list[list[tuple[Span, Placed[T]]]] = []
    for span, placed in sorted(blocks, key=lambda b: (b[0].first, b[1].start)):
        for lane in lanes:
            if lane[-1][0].last < span.first:
                lane.append((span, placed))
                break
        else:
            lanes.append([(span, placed)])
    return lanes or [[]]


def _cells(columns: Sequence[Column], lane: list[tuple[Span, Placed[T]]], states: list[tuple[str, str]],
           bookable: bool) -> list[Cell[T]]:
    """A lane's cells: its blocks, and between them runs of closed, held or free half hours."""
    starting = {span.first: (span, placed) for span, placed in lane}
    cells: list[Cell[T]] = []
    i, n = 0, len(columns)
    while i < n:
        if i in starting:
            span, placed = starting[i]
            cells.append(Cell(BLOCK, columns[i], span.count, placed.item, span))
            i += span.count
            continue
        kind, label = states[i]
        if kind == FREE and not bookable:
            kind = EMPTY
        j = i + 1
        while j < n and j not in starting and states[j] == states[i]:
            j += 1
        cells.append(Cell(kind, columns[i], j - i, label=label))
        i = j
    return cells


def lay_out(columns: Sequence[Column], rooms: Sequence[RoomNode], booked: Sequence[Placed[T]],
            closures: Sequence[Closed], parts: Mapping[int, Sequence[int]] | None = None) -> list[Row[T]]:
    """Every room's row, rooms grouped (group_rooms), from what is booked and closed that day.

    `parts` maps every room of the building (also those not shown) to the rooms it combines; by
    default the shown rooms' own part_ids. A half hour of a room is 'closed' by a closure of the
    building or of a room whose closures close it (closing_rooms), else 'held' by a booking of a
    room sharing one of its units, else free (the front desk may book a past half hour too, to
    record a walk-in).
    """
    parts = parts if parts is not None else {r.id: r.part_ids for r in rooms}
    above = _above(parts)
    starts = [c.start for c in columns]
    names = {r.id: r.name for r in rooms}
    unit_of = {r.id: units(r.id, parts) for r in rooms}
    by_room: dict[int, list[Placed[T]]] = {}
    for p in sorted(booked, key=lambda p: (p.start, p.end)):
        by_room.setdefault(p.room_id, []).append(p)
    combos_of: dict[int, list[str]] = {}
    for r in rooms:
        for p in r.part_ids:
            if p in names:
                combos_of.setdefault(p, []).append(r.name)
    rows: list[Row[T]] = []
    for g, group in enumerate(group_rooms(rooms)):
        for k, room in enumerate(group):
            states: list[tuple[str, str]] = [(FREE, "")] * len(columns)
            sharing = [o for o in rooms if o.id != room.id and o.id in by_room and unit_of[o.id] & unit_of[room.id]]
            for other in sorted(sharing, key=lambda o: o.name.casefold()):
                for p in by_room[other.id]:
                    span = place(p.start, p.end, columns, starts)
                    if span is not None:
                        for i in range(span.first, span.last + 1):
                            if states[i][0] != HELD:
                                states[i] = (HELD, other.name)
            closing = closing_rooms(room.id, parts, above)
            for c in sorted(closures, key=lambda c: (c.start, c.end)):
                if c.room_id is None or c.room_id in closing:
                    span = place(c.start, c.end, columns, starts)
                    if span is not None:
                        for i in range(span.first, span.last + 1):
                            if states[i][0] != CLOSED:
                                states[i] = (CLOSED, c.reason)
            own = by_room.get(room.id, [])
            blocks = [(s, p) for p in own if (s := place(p.start, p.end, columns, starts)) is not None]
            lanes = _lanes(blocks)
            row = Row(room, g, k == 0, items=own,
                      combines=tuple(sorted((names[p] for p in room.part_ids if p in names), key=str.casefold)),
                      part_of=tuple(sorted(combos_of.get(room.id, ()), key=str.casefold)))
            row.lanes = [_cells(columns, lane, states, bookable=(n == 0)) for n, lane in enumerate(lanes)]
            rows.append(row)
    return rows
