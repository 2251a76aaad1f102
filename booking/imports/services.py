"""Import an .ics file into one room: judge every event as the booking form would, then book the chosen ones.

The preview judges the events with the booking form's own machinery (check_request, plan_slots,
judge_slots) in one read of what stands in the way; the confirmation books through add_booking, the
path of every new booking, all chosen events in one transaction: all of them or none. A confirmation
carries the key of its preview; the second confirmation of one preview books nothing and answers
with what the first booked.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import PurePath
from typing import Callable

from .. import audit
from ..bookings.context import Context
from ..bookings.locking import commit_guarded, lock_rooms
from ..bookings.placing import check_own_gaps
from ..bookings.preview import BOOK, BOOK_FREE, bookable
from ..bookings.schedule import Slot, SlotVerdict, judge_slots, plan_slots
from ..bookings.services import BookingRequest, add_booking, check_request, get_room
from ..domain.clock import wall, zone_of
from ..domain.errors import BookingConflict, BookingError
from ..domain.messages import N_, Msg
from ..domain.overlap import Held, HeldIndex, blocked_until, too_close
from ..domain.rules import Problem
from ..models import Booking, Organisation, Room, Visibility
from . import queries
from .events import MAX_DATES, ImportedEvent, ParsedCalendar, SkippedEvent
from .ics import parse_calendar, refuse

# What a checkbox of the preview asks: book the event whole, or (a series) on purpose only its free dates.
ALL, FREE = "all", "free"
ACTIONS = {ALL: BOOK, FREE: BOOK_FREE}


@dataclass(frozen=True)
class ImportPlan:
    """What the user asked: the file's events into this room, for this organisation, seen like this.

    `key` names one preview: a confirmation with a key that booked before books nothing again.
    """

    room_id: int
    organisation_id: int | None
    visibility: Visibility = Visibility.INTERNAL
    title_prefix: str = ""
    filename: str = ""
    key: str = ""


@dataclass
class EventPreview:
    """One event of the file with what each of its dates meets, or the problem that keeps it from being booked."""

    event: ImportedEvent
    zone: str
    request: BookingRequest | None = None
    verdicts: list[SlotVerdict] = field(default_factory=list)
    problem: Msg | None = None

    @property
    def blocked(self) -> set[date]:
        """The local dates that cannot be booked as asked."""
        zone = zone_of(self.zone)
        return {wall(v.slot.start, zone).date() for v in self.verdicts if not v.free}

    @property
    def choice(self) -> str | None:
        """What may be booked: ALL (every date free), FREE (a series with free and blocked dates), or None."""
        if self.problem is not None or self.request is None:
            return None
        repeating = self.request.recurrence is not None
        for choice in (ALL, FREE):
            if bookable(self.verdicts, self.blocked, ACTIONS[choice], repeating):
                return choice
        return None

    @property
    def verdict(self) -> str:
        """One word for the event: free, partly_free, conflict, opening_hours, closure or problem."""
        if self.problem is not None:
            return "problem"
        if self.choice == ALL:
            return "free"
        if self.choice == FREE:
            return "partly_free"
        for v in self.verdicts:
            if v.clashes or any(p.rule == "file_overlap" for p in v.problems):
                return "conflict"
        rules = {p.rule for v in self.verdicts for p in v.problems}
        for rule in ("opening_hours", "closure"):
            if rule in rules:
                return rule
        return "problem"

    @property
    def free_count(self) -> int:
        """How many of its dates are free."""
        return sum(1 for v in self.verdicts if v.free)


@dataclass
class ImportPreview:
    """Every event of a file as judged for one room, and the events left out."""

    room: Room
    organisation: Organisation
    events: list[EventPreview]
    skipped: list[SkippedEvent]

    @property
    def zone(self) -> str:
        """The zone the dates are shown in."""
        return self.room.building.timezone

    def count(self, *verdicts: str) -> int:
        """How many events have one of these verdicts."""
        return sum(1 for e in self.events if e.verdict in verdicts)


@dataclass
class ImportOutcome:
    """What a confirmation did: the bookings made (or made before, `already`), or the preview to look at again."""

    preview: ImportPreview | None = None
    bookings: list[Booking] = field(default_factory=list)
    already: bool = False
    raced: bool = False  # an event chosen is no longer what the preview showed
    nothing_chosen: bool = False


def title_for(event: ImportedEvent, plan: ImportPlan) -> str:
    """The booking's title: the prefix and the event's summary (the file's name when both are empty)."""
    title = f"{plan.title_prefix.strip()} {event.title}".strip()
    return (title or PurePath(plan.filename).stem or "Import")[:200]


def request_for(event: ImportedEvent, plan: ImportPlan) -> BookingRequest:
    """The booking request of one event."""
    return BookingRequest(room_id=plan.room_id, title=title_for(event, plan), start=event.start, end=event.end,
                          description=event.description, visibility=plan.visibility,
                          organisation_id=plan.organisation_id, recurrence=event.recurrence)


def read_file(ctx: Context, room: Room, data: bytes) -> ParsedCalendar:
    """The file's events in the room's building's zone; UnreadableFile if it cannot be read."""
    return parse_calendar(data, zone_of(room.building.timezone), ctx.now, ctx.max_months)


def preview_import(ctx: Context, plan: ImportPlan, data: bytes,
                   on_event: Callable[[int, int], None] | None = None) -> ImportPreview:
    """Judge every event of the file for the plan's room, date by date; nothing is written.

    `on_event(done, total)` is called as each event is planned (the command line's progress bar).
    """
    room = get_room(ctx, plan.room_id)
    org = check_request(ctx, room, BookingRequest(room_id=room.id, title="", start=ctx.now, end=ctx.now,
                                                  organisation_id=plan.organisation_id))
    parsed = read_file(ctx, room, data)
    rows, slots_of, total = [], [], 0
    for event in parsed.events:
        row = EventPreview(event, room.building.timezone, problem=event.problem)
        slots: list[Slot] = []
        if row.problem is None:
            row.request = request_for(event, plan)
            try:
                slots = plan_slots(room, event.start, event.end, event.recurrence, ctx.max_months)
                check_own_gaps(room, slots)
            except BookingError as exc:
                row.problem, slots = exc.message, []
        rows.append(row)
        slots_of.append(slots)
        total += len(slots)
        if total > MAX_DATES:
            raise refuse(N_("The file's events have more than %(max)s dates in all; split it into smaller files.",
                            max=MAX_DATES))
        if on_event is not None:
            on_event(len(rows), len(parsed.events))
    verdicts = iter(judge_slots(ctx.session, ctx.actor, room, [s for slots in slots_of for s in slots], ctx.now))
    for row, slots in zip(rows, slots_of):
        row.verdicts = [next(verdicts) for _ in slots]
    mark_overlaps_in_file(rows, room)
    return ImportPreview(room, org, rows, parsed.skipped)


def mark_overlaps_in_file(rows: list[EventPreview], room: Room) -> None:
    """A date that collides with a date of an earlier event of the same file is not free: the file cannot
    book both (the database never holds what the check would refuse)."""
    buffer_minutes = room.buffer_minutes
    index = HeldIndex(Held(v.slot.start, blocked_until(v.slot.end, buffer_minutes), (i, v.slot))
                      for i, row in enumerate(rows) for v in row.verdicts)
    buffer = timedelta(minutes=buffer_minutes)
    for i, row in enumerate(rows):
        for v in row.verdicts:
            for held in index.clashing(v.slot.start - buffer, blocked_until(v.slot.end, buffer_minutes)):
                j, other = held.owner
                if j < i and too_close(v.slot.start, v.slot.end, buffer, other.start, other.end, buffer):
                    v.problems.append(Problem("file_overlap", N_(
                        "This time overlaps event %(n)s of the file (%(title)s).", n=rows[j].event.index,
                        title=rows[j].event.title or "-")))
                    break


def choice_value(row: EventPreview) -> str:
    """What the event's checkbox sends: '3:all', or '4:free:2' (a series' free dates, as many as the page showed)."""
    return f"{row.event.index}:{row.choice}" + (f":{row.free_count}" if row.choice == FREE else "")


def chosen_ok(preview: ImportPreview, chosen: dict[int, str]) -> bool:
    """Whether every chosen event may still be booked the way the page showed it."""
    rows = {row.event.index: row for row in preview.events}
    for index, value in chosen.items():
        row = rows.get(index)
        if row is None or row.choice is None or choice_value(row) != f"{index}:{value}":
            return False
    return True


def confirm_import(ctx: Context, plan: ImportPlan, data: bytes, chosen: dict[int, str],
                   on_event: Callable[[int, int], None] | None = None) -> ImportOutcome:
    """Book the chosen events (index -> 'all', or 'free:N' as choice_value has it), each its own booking,
    all in one transaction.

    Nothing is booked when a chosen event is no longer free as the preview showed (the outcome
    holds the new preview), and nothing again when this preview's key booked before.
    """
    earlier = queries.imported_before(ctx.session, plan.key)
    if earlier is not None:  # before judging again: its own bookings now stand in its way
        return ImportOutcome(bookings=queries.bookings_by_id(ctx.session, earlier), already=True)
    preview = preview_import(ctx, plan, data)
    if not chosen:
        return ImportOutcome(preview, nothing_chosen=True)
    if not chosen_ok(preview, chosen):
        return ImportOutcome(preview, raced=True)
    lock_rooms(ctx, [preview.room], keep_loaded=True)
    earlier = queries.imported_before(ctx.session, plan.key)  # again under the lock: one of two at once wins
    if earlier is not None:
        ctx.session.rollback()
        return ImportOutcome(bookings=queries.bookings_by_id(ctx.session, earlier), already=True)
    bookings, slots = [], []
    try:
        for row in preview.events:
            how = chosen.get(row.event.index)
            if how is None:
                continue
            req = row.request
            if row.choice == FREE:
                req = replace(req, recurrence=replace(req.recurrence, exdates=req.recurrence.exdates | row.blocked))
            booking, room, placed = add_booking(ctx, req)  # with its mail notice, as create_booking's
            bookings.append(booking)
            slots.extend(placed)
            if on_event is not None:
                on_event(len(bookings), len(chosen))
        audit.record(ctx.session, ctx.actor, "import.confirm", "room", preview.room.id, key=plan.key,
                     file=plan.filename[:200], bookings=[b.id for b in bookings],
                     events=sorted(chosen), organisation_id=preview.organisation.id)
        commit_guarded(ctx, preview.room, slots, keep_loaded=True)
    except (BookingConflict, BookingError):
        ctx.session.rollback()
        return ImportOutcome(preview_import(ctx, plan, data), raced=True)
    return ImportOutcome(bookings=bookings)
