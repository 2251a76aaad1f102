"""The arithmetic of rental charges (pure Python, no database): rates in whole euro cents, amounts rounded once.

- A room charges by the hour ('hour') or by the day part ('daypart', see domain.dayparts), at the rate the
  room has for the kind of the booking organisation; a kind without a rate books the room for free.
- By the hour a date costs its true length (UTC end minus start: a night across the end of summer time
  is an hour longer than the clock says) times the hourly rate.
- By the day part a date costs the number of day parts it touches (each once) times the day-part rate.
- An amount is added up exactly (as a fraction of cents) over all dates of a line and rounded to whole
  cents ONCE per line, half a cent up (ROUND_HALF_UP): 20 minutes at EUR 12,50 is 416,67 cents -> EUR 4,17;
  three such dates on one line are 1250 cents exactly -> EUR 12,50, not 3 x 4,17.
- A cancelled date is charged as if it took place when it was cancelled less than the room's cancellation
  deadline (in hours) before its start, or after it began; a deadline of 0 means cancelling is always free.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from .dayparts import parts_touched

HOUR_MODE, DAYPART_MODE = "hour", "daypart"
MODES = (HOUR_MODE, DAYPART_MODE)
# Upper bounds the forms, the API and the service share: EUR 10.000 a rate, a deadline of a year.
MAX_RATE_CENTS = 1_000_000
MAX_DEADLINE_HOURS = 8760


@dataclass(frozen=True)
class Rate:
    """What one kind of organisation pays for one room: per hour and per day part, in cents (None: free)."""

    hour_cents: int | None = None
    daypart_cents: int | None = None


def seconds_of(start: datetime, end: datetime) -> int:
    """The true length of [start, end) in whole seconds (aware instants, so DST nights count as they are)."""
    return max(0, round((end - start).total_seconds()))


def hour_cost(seconds: int, hour_cents: int | None) -> Fraction:
    """The exact cost in cents of `seconds` at `hour_cents` an hour (0 without a rate)."""
    return Fraction(seconds * (hour_cents or 0), 3600)


def daypart_cost(parts: int, daypart_cents: int | None) -> Fraction:
    """The exact cost in cents of `parts` day parts at `daypart_cents` each (0 without a rate)."""
    return Fraction(parts * (daypart_cents or 0))


def cents(exact: Fraction) -> int:
    """An exact amount of cents rounded to whole cents, half a cent up."""
    return int((Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal(1), ROUND_HALF_UP))


def euros(amount_cents: int) -> Decimal:
    """Whole cents as euros with two decimals (1250 -> Decimal('12.50'))."""
    return (Decimal(amount_cents) / 100).quantize(Decimal("0.01"))


def deadline_passed(cancelled_at: datetime | None, starts_at: datetime, deadline_hours: int) -> bool:
    """Whether a date cancelled at `cancelled_at` is still charged: less than `deadline_hours` before its start
    (or after it began). No deadline (0) or no known cancel time: never."""
    if not deadline_hours or cancelled_at is None:
        return False
    return cancelled_at > starts_at - timedelta(hours=deadline_hours)


@dataclass(frozen=True)
class Usage:
    """What one date uses of its room: its true seconds and the day parts it touches."""

    seconds: int
    dayparts: int


def usage(start: datetime, end: datetime, zone: ZoneInfo, dayparts: bool = True) -> Usage:
    """The seconds and day parts (in the building's zone) of one date; without `dayparts` the parts are not
    worked out (0: a room that charges by the hour does not need them)."""
    return Usage(seconds_of(start, end), len(parts_touched(start, end, zone)) if dayparts else 0)


@dataclass
class Line:
    """A line of a bill: dates added up exactly, hours and day parts charged kept apart, rounded once."""

    exact: Fraction = Fraction(0)
    dates: int = 0
    hour_seconds: int = 0      # seconds of the dates in rooms that charge by the hour (free ones too)
    dayparts: int = 0          # day parts of the dates in rooms that charge by the day part
    free_dates: int = 0        # dates at no charge (no rate for the kind)
    rooms: set[int] = field(default_factory=set)

    def add(self, used: Usage, mode: str, rate: Rate, room_id: int | None = None) -> None:
        """Add one date of a room charging in `mode` at `rate`."""
        self.dates += 1
        if room_id is not None:
            self.rooms.add(room_id)
        if mode == DAYPART_MODE:
            cost = daypart_cost(used.dayparts, rate.daypart_cents)
            self.dayparts += used.dayparts
        else:
            cost = hour_cost(used.seconds, rate.hour_cents)
            self.hour_seconds += used.seconds
        if not cost:
            self.free_dates += 1
        self.exact += cost

    @property
    def cents(self) -> int:
        """The line's amount in whole cents (rounded once, half up)."""
        return cents(self.exact)

    @property
    def hours(self) -> Fraction:
        """The hours charged by the hour, exactly."""
        return Fraction(self.hour_seconds, 3600)


def parse_euros(text: str | None) -> int | None:
    """A price as people type it ('12,50', '12.50', '€ 12', '1.250,00') in whole cents; None for empty.
    ValueError when it is no amount, is negative, has more than two decimals or is above the maximum."""
    raw = (text or "").strip().replace("€", "").replace("EUR", "").replace(" ", "")
    if not raw:
        return None
    if "," in raw:  # Dutch: '.' groups thousands, ',' is the decimal sign
        raw = raw.replace(".", "").replace(",", ".")
    if not raw.replace(".", "", 1).isdigit() or not raw.isascii():
        raise ValueError(raw)
    whole, _, part = raw.partition(".")
    if len(part) > 2:
        raise ValueError(raw)
    amount = int(whole or "0") * 100 + int((part + "00")[:2])
    if amount > MAX_RATE_CENTS:
        raise ValueError(raw)
    return amount


def euro_field(amount_cents: int | None) -> str:
    """Cents as a form shows them for editing: '12,50'; '' for none."""
    if amount_cents is None:
        return ""
    return f"{amount_cents // 100},{amount_cents % 100:02d}"
