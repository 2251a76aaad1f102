"""What an imported calendar file holds, as plain data: the events to book, the ones left out, and why."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..domain.errors import InvalidInput
from ..domain.messages import Msg
from ..domain.recurrence import Recurrence

# A file larger than this is refused before it is read (1 MB: years of a busy practice's hours).
MAX_FILE_BYTES = 1_000_000
# At most this many events (VEVENTs) in one file.
MAX_EVENTS = 500
# At most this many dates in all, series expanded: what one preview judges.
MAX_DATES = 5000


class UnreadableFile(InvalidInput):
    """The file as a whole cannot be imported (empty, not UTF-8, not a calendar, too large): nothing is booked."""


@dataclass(frozen=True)
class ImportedEvent:
    """One event of the file as a booking request would take it; `problem` says why it cannot be booked.

    `index` is the event's place among the file's events (from 1), the same on every reading of the
    file, so a confirmation names the events the preview showed. Times are naive local wall times
    of the building.
    """

    index: int
    uid: str
    title: str
    description: str = ""
    start: datetime | None = None
    end: datetime | None = None
    recurrence: Recurrence | None = None
    problem: Msg | None = None
    notes: tuple[Msg, ...] = ()


@dataclass(frozen=True)
class SkippedEvent:
    """An event of the file that is left out on purpose (cancelled, over), with the reason."""

    index: int
    title: str
    start: datetime | None
    reason: Msg


@dataclass
class ParsedCalendar:
    """The events of one file: those to judge (problems included) and those left out."""

    events: list[ImportedEvent] = field(default_factory=list)
    skipped: list[SkippedEvent] = field(default_factory=list)
