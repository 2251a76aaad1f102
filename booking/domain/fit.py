"""How well a room fits a group: the order of the free-room finder and of the booking form's suggestions.

A room fits when the organisation may book it, it holds the group (capacity >= people; a capacity
of 0 means the size is not known) and it has every facility asked for. The best fit comes first:

1. rooms that fit well before the rest. A room fits loosely when it is far too large for the
   group (more than 3x the people and more than 20 seats over: a 90-seat hall for a meeting of
   eight), when its size is not known, or when it is of another kind than the room first asked
   for (see `Need.kind`);
2. then the smallest capacity (an unknown size last);
3. then the fewest facilities nobody asked for (a plain room before a kitchen of the same size);
4. then the name.

The kind of a room: the model has no room type, so its facilities are the signal. In the booking
form's suggestions the room first asked for tells the use: a room that lists facilities, none of
which the asked room has, is of another kind (the kitchen with its ovens and sinks, for a meeting
asked in the meeting room with its beamer and whiteboard). A room that lists no facilities is a
plain room, of no particular kind. The finder has no asked room; there the facilities people tick
are the use, and are required.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")

# A room is far too large for a group when it holds more than FACTOR times the group
# and more than SLACK people beyond it.
FACTOR = 3
SLACK = 20


def facility_set(text: str | Iterable[str]) -> frozenset[str]:
    """Facilities compared as people mean them: 'Beamer, whiteboard ' and 'beamer,Whiteboard' are the same."""
    items = text.split(",") if isinstance(text, str) else text
    return frozenset(f.strip().casefold() for f in items if f and f.strip())


def far_too_large(capacity: int, people: int | None) -> bool:
    """Whether a room of `capacity` is far too large for `people` (never, when either is not known)."""
    if not people or not capacity:
        return False
    return capacity > FACTOR * people and capacity > people + SLACK


@dataclass(frozen=True)
class Need:
    """What a group needs: its size (None: not known), the facilities it must have, and the kind
    of room it asked for (the facilities of the room first asked for; empty: any kind)."""

    people: int | None = None
    facilities: frozenset[str] = field(default_factory=frozenset)
    kind: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Candidate:
    """What the fit looks at of a room."""

    name: str
    capacity: int  # 0: not known
    facilities: frozenset[str]
    admitted: bool = True  # the organisation may book it


@dataclass(frozen=True)
class Fit:
    """How a room fits a need; `good` when nothing about it is loose."""

    capacity: int
    unused: int  # facilities nobody asked for
    too_large: bool = False
    unknown_size: bool = False
    other_kind: bool = False

    @property
    def good(self) -> bool:
        return not (self.too_large or self.unknown_size or self.other_kind)


def judge(room: Candidate, need: Need) -> Fit | None:
    """How `room` fits `need`, or None when it does not fit at all: not admitted, too small, or
    without a facility asked for."""
    if not room.admitted:
        return None
    if need.people and room.capacity and room.capacity < need.people:
        return None
    if not need.facilities <= room.facilities:
        return None
    return Fit(capacity=room.capacity, unused=len(room.facilities - need.facilities - need.kind),
               too_large=far_too_large(room.capacity, need.people), unknown_size=not room.capacity,
               other_kind=bool(need.kind and room.facilities and not room.facilities & need.kind))


def rank_key(room: Candidate, fit: Fit) -> tuple:
    """The order of fitting rooms: good fits first, then the smallest, the fewest unused facilities, the name."""
    return (not fit.good, fit.unknown_size, fit.capacity, fit.unused, room.name.casefold(), room.name)


def ranked(items: Iterable[T], need: Need, candidate: Callable[[T], Candidate]) -> list[tuple[T, Fit]]:
    """The items that fit `need`, best fit first, each with its fit; `candidate` describes an item."""
    judged = []
    for item in items:
        c = candidate(item)
        fit = judge(c, need)
        if fit is not None:
            judged.append((rank_key(c, fit), item, fit))
    judged.sort(key=lambda t: t[0])
    return [(item, fit) for _, item, fit in judged]
