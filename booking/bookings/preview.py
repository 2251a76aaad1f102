"""The new-booking use case: judge every date, skip what the user asked to skip, and book on request.

The page shows what `preview` returns; `book` and `book_free` book only when the dates allow it,
so what is booked is always what the page showed.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from ..domain.clock import wall, zone_of
from ..domain.errors import BookingConflict
from ..domain.holidays import dutch_holidays
from ..models import Booking, Room
from .context import Context
from .schedule import Slot, SlotVerdict, judge_slots, plan_slots
from .services import BookingRequest, check_request, create_booking, get_room
from .suggest import alternative_rooms, nearest_free_time

CHECK, BOOK, BOOK_FREE = "check", "book", "book_free"


@dataclass
class Preview:
    """What a request meets, date by date, and what can be offered instead; `booking` once booked."""

    room: Room
    verdicts: list[SlotVerdict] = field(default_factory=list)
    skipped: list[tuple[date, str | None]] = field(default_factory=list)  # None: skipped as closed
    holidays: dict[date, str] = field(default_factory=dict)
    blocked: set[date] = field(default_factory=set)
    alternatives: list[Room] = field(default_factory=list)
    nearest: tuple | None = None
    booking: Booking | None = None
    raced: bool = False  # someone booked one of the dates between the preview and 'Book'
    refused: bool = False  # 'Book' was asked for dates that are not all free

    @property
    def series(self) -> bool:
        """Whether the request has more than one date."""
        return len(self.verdicts) > 1

    @property
    def zone(self) -> str:
        """The zone the dates are shown in."""
        return self.room.building.timezone


def preview_request(ctx: Context, req: BookingRequest, *, skip_holidays: bool = False, skip_closures: bool = False,
                    action: str = CHECK, language: str = "nl") -> Preview:
    """Judge every date of a request; book all of it (BOOK) or only the free dates (BOOK_FREE) when allowed."""
    room = get_room(ctx, req.room_id)
    org = check_request(ctx, room, req)
    slots = plan_slots(room, req.start, req.end, req.recurrence, ctx.max_months)
    zone = zone_of(room.building.timezone)
    day_of = {s: wall(s.start, zone).date() for s in slots}
    preview = Preview(room=room)
    if skip_holidays and req.recurrence is not None:
        days = set(day_of.values())
        # Only the holidays the series meets: they become its EXDATEs.
        preview.holidays = {d: n for d, n in dutch_holidays(min(days), max(days), language).items() if d in days}
    verdicts = judge_slots(ctx.session, ctx.actor, room, slots, ctx.now)
    skips = set(preview.holidays)
    if skip_closures and req.recurrence is not None:
        skips |= {day_of[v.slot] for v in verdicts
                  if v.problems and not v.clashes and all(p.rule == "closure" for p in v.problems)}
    preview.skipped = [(day_of[v.slot], preview.holidays.get(day_of[v.slot])) for v in verdicts
                       if day_of[v.slot] in skips]
    preview.verdicts = [v for v in verdicts if day_of[v.slot] not in skips]
    preview.blocked = {day_of[v.slot] for v in preview.verdicts if not v.free}
    wants_all = action == BOOK and preview.verdicts and not preview.blocked
    wants_free = (action == BOOK_FREE and req.recurrence is not None
                  and len(preview.blocked) < len(preview.verdicts))
    if wants_all or wants_free:
        left_out = skips | (preview.blocked if wants_free else set())
        booked = replace(req, recurrence=replace(req.recurrence, exdates=req.recurrence.exdates | left_out)
                         if req.recurrence is not None else None)
        try:
            preview.booking = create_booking(ctx, booked)
            return preview
        except BookingConflict:
            ctx.session.rollback()
            again = preview_request(ctx, req, skip_holidays=skip_holidays, skip_closures=skip_closures,
                                    language=language)
            again.raced = True
            return again
    preview.refused = action in (BOOK, BOOK_FREE)
    if preview.blocked:
        free_slots: list[Slot] = [v.slot for v in preview.verdicts]
        preview.alternatives = alternative_rooms(ctx, room, free_slots, org, req.expected_people)
        found = nearest_free_time(ctx, room, free_slots)
        preview.nearest = found[0] if found else None
    return preview
