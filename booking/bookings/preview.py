"""The new-booking use case: judge every date, skip what the user asked to skip, and book on request.

The page shows what `preview` returns; `book` and `book_free` book only when the dates allow it,
so what is booked is always what the page showed.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from ..domain.clock import wall, zone_of
from ..domain.errors import BookingConflict, InvalidInput
from ..domain.holidays import dutch_holidays
from ..domain.messages import N_
from ..extras.requests import check_requests, check_stock
from ..models import Booking, Room
from .context import Context
from .schedule import Slot, SlotVerdict, judge_slots, plan_slots
from .school_days import school_holidays_met
from .series import Period, already_extended, extend, extension_verdicts
from .services import BookingRequest, booking_for, check_request, create_booking, get_room
from .suggest import alternative_rooms, nearest_free_time

CHECK, BOOK, BOOK_FREE = "check", "book", "book_free"


def bookable(verdicts: list[SlotVerdict], blocked: set[date], action: str, repeating: bool) -> str | None:
    """What the user's button may book given what the dates meet: BOOK (every date is free),
    BOOK_FREE (a series, on purpose only its free dates, and at least one is free), or None."""
    if action == BOOK and verdicts and not blocked:
        return BOOK
    if action == BOOK_FREE and repeating and len(blocked) < len(verdicts):
        return BOOK_FREE
    return None


@dataclass
class Preview:
    """What a request meets, date by date, and what can be offered instead; `booking` once booked."""

    room: Room
    verdicts: list[SlotVerdict] = field(default_factory=list)
    skipped: list[tuple[date, str | None]] = field(default_factory=list)  # None: skipped as closed
    holidays: dict[date, str] = field(default_factory=dict)  # public and school holidays met, by name
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
                    skip_school_holidays: bool = False, action: str = CHECK, language: str = "nl") -> Preview:
    """Judge every date of a request; book all of it (BOOK) or only the free dates (BOOK_FREE) when allowed.

    The dates skipped for public holidays, school holidays and closures are listed with why, and
    booked as the series' skipped dates (EXDATEs).
    """
    room = get_room(ctx, req.room_id)
    org = check_request(ctx, room, req)
    wanted = check_requests(ctx, room, req.extras)
    slots = plan_slots(room, req.start, req.end, req.recurrence, ctx.max_months)
    zone = zone_of(room.building.timezone)
    day_of = {s: wall(s.start, zone).date() for s in slots}
    preview = Preview(room=room)
    if skip_holidays and req.recurrence is not None:
        days = set(day_of.values())
        # Only the holidays the series meets: they become its EXDATEs.
        preview.holidays = {d: n for d, n in dutch_holidays(min(days), max(days), language).items() if d in days}
    if skip_school_holidays and req.recurrence is not None:
        # A day that is a public holiday too keeps the public holiday's name.
        preview.holidays = {**school_holidays_met(ctx.session, room, slots), **preview.holidays}
    verdicts = judge_slots(ctx.session, ctx.actor, room, slots, ctx.now)
    skips = set(preview.holidays)
    if skip_closures and req.recurrence is not None:
        skips |= {day_of[v.slot] for v in verdicts
                  if v.problems and not v.clashes and all(p.rule == "closure" for p in v.problems)}
    preview.skipped = [(day_of[v.slot], preview.holidays.get(day_of[v.slot])) for v in verdicts
                       if day_of[v.slot] in skips]
    preview.verdicts = [v for v in verdicts if day_of[v.slot] not in skips]
    if not preview.verdicts:  # every date skipped: say so, as the rule's own skipped dates do
        raise InvalidInput(N_("The repetition gives no dates."),
                           {"recurrence": [N_("No dates are left: check the rule and the skipped dates.")]})
    preview.blocked = {day_of[v.slot] for v in preview.verdicts if not v.free}
    # The equipment asked for, on the dates that can be booked: refused here already, not only at 'Book'.
    check_stock(ctx, room, wanted, [v.slot for v in preview.verdicts if v.free])
    allowed = bookable(preview.verdicts, preview.blocked, action, req.recurrence is not None)
    if allowed:
        left_out = skips | (preview.blocked if allowed == BOOK_FREE else set())
        # The series keeps the choice (for extending it); its holidays met are among the EXDATEs already.
        booked = replace(req, recurrence=replace(req.recurrence, exdates=req.recurrence.exdates | left_out)
                         if req.recurrence is not None else None, skip_school_holidays=skip_school_holidays)
        try:
            preview.booking = create_booking(ctx, booked)
            return preview
        except BookingConflict:
            ctx.session.rollback()
            again = preview_request(ctx, req, skip_holidays=skip_holidays, skip_closures=skip_closures,
                                    skip_school_holidays=skip_school_holidays, language=language)
            again.raced = True
            return again
    preview.refused = action in (BOOK, BOOK_FREE)
    if preview.blocked:
        free_slots: list[Slot] = [v.slot for v in preview.verdicts]
        preview.alternatives = alternative_rooms(ctx, room, free_slots, org, req.expected_people)
        found = nearest_free_time(ctx, room, free_slots)
        preview.nearest = found[0] if found else None
    return preview


@dataclass
class ExtensionPreview:
    """The next period of a series as the extend page shows it, and whether it was added."""

    booking: Booking
    period: Period
    verdicts: list[SlotVerdict]
    blocked: set[date]
    skipped: dict[date, str] = field(default_factory=dict)  # the series skips school holidays: these
    extended: bool = False
    raced: bool = False
    refused: bool = False


def preview_extension(ctx: Context, booking_id: int, action: str = CHECK,
                      period: Period | None = None) -> ExtensionPreview:
    """Judge the next period of a series; add it (BOOK) or only its free dates (BOOK_FREE) when allowed.

    `period` is the one the page showed; the service refuses any other (AlreadyExtended), so a
    form sent twice adds nothing twice.
    """
    booking = booking_for(ctx, booking_id)
    period_now, verdicts, skipped = extension_verdicts(ctx, booking)
    zone = zone_of(booking.room.building.timezone)
    blocked = {wall(v.slot.start, zone).date() for v in verdicts if not v.free}
    shown = ExtensionPreview(booking, period_now, verdicts, blocked, skipped)
    if period is not None and any(c.booking_id == booking.id for v in verdicts for c in v.clashes):
        # The series' next period meets the series itself: another request (a second tab, a double click) added
        # it after this one read the series. Refused as extend refuses it, not shown as taken by others.
        raise already_extended()
    allowed = bookable(verdicts, blocked, action, True)
    if allowed and period is not None:
        try:
            extend(ctx, booking_id, period, skip=blocked if allowed == BOOK_FREE else set())
        except BookingConflict:
            ctx.session.rollback()
            again = preview_extension(ctx, booking_id)
            again.raced = True
            return again
        shown.extended = True
        return shown
    shown.refused = action in (BOOK, BOOK_FREE)
    return shown
