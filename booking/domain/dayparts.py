"""Day parts (dagdelen), as Dutch community centres rent rooms by them: ochtend, middag, avond (pure Python).

The nominal day parts of a local day in the building's zone:

- ochtend (morning)    08:00-12:00
- middag (afternoon)   12:00-18:00
- avond (evening)      18:00-23:00

Centres differ on whether the afternoon ends at 17:00 or 18:00; here it runs until 18:00, so that the
three parts meet and no hour of the day belongs to none. For charging, a part reaches to the start of the
next one, and the first and last parts to the day's edges: time before 08:00 counts as ochtend, time
after 23:00 as avond. So the counted spans are [00:00, 12:00), [12:00, 18:00) and [18:00, 24:00) local
time, whatever the clocks do that night (the boundaries 12:00 and 18:00 never fall in a DST change).

A date is charged each day part it touches once: a part counts when the date overlaps its span by any
time at all (touching its edge is not overlapping: 08:00-12:00 is the ochtend only). A date across
midnight touches the avond of one day and the ochtend of the next.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .clock import wall


@dataclass(frozen=True)
class DayPart:
    """One day part: its (Dutch) name, its nominal hours, and from when to when it counts (local times)."""

    name: str
    opens: time        # nominal start, as shown to people
    closes: time       # nominal end
    counts_from: int   # counted span in minutes after local midnight: [counts_from, counts_until)
    counts_until: int


DAY_PARTS = (
    DayPart("ochtend", time(8), time(12), 0, 12 * 60),
    DayPart("middag", time(12), time(18), 12 * 60, 18 * 60),
    DayPart("avond", time(18), time(23), 18 * 60, 24 * 60),
)
NAMES = tuple(p.name for p in DAY_PARTS)


def parts_touched(start: datetime, end: datetime, zone: ZoneInfo) -> list[tuple[date, str]]:
    """The (local day, day part name) pairs that the aware instants [start, end) overlap, in order.

    Compared in local wall time: the part boundaries (midnight, 12:00, 18:00) never fall in the hour the clocks
    skip or repeat, so a wall time lies before a boundary exactly when the instant does (also for a date
    within the repeated hour, whose wall end may read earlier than its wall start)."""
    if end <= start:
        return []
    lo, hi = wall(start, zone), wall(end, zone)
    first, last = lo.date(), (hi - timedelta(microseconds=1)).date()
    out = []
    day = first
    while day <= max(first, last):
        midnight = datetime.combine(day, time())
        for part in DAY_PARTS:
            opens, closes = (midnight + timedelta(minutes=m) for m in (part.counts_from, part.counts_until))
            if lo < closes and hi > opens:
                out.append((day, part.name))
        day += timedelta(days=1)
    return out
