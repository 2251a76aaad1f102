"""Local wall time <-> UTC for one building's zone, with DST made explicit."""
from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import InvalidInput, RuleViolation
from .messages import N_, Moment

# An ambiguous wall time (02:30 on the last Sunday of October happens twice in
# Europe/Amsterdam) is read as the FIRST of the two, still in summer time (+02:00),
# like Python's fold=0. Documented in the README; the API may always send an offset.
AMBIGUOUS_RULE = "earlier"


def zone_of(name: str) -> ZoneInfo:
    """The IANA zone called `name`, or InvalidInput."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a file name
        raise InvalidInput(N_("Unknown time zone: %(name)s.", name=name), {"timezone": [N_("Unknown time zone.")]})


def exists_locally(wall: datetime, zone: ZoneInfo) -> bool:
    """Whether the naive wall time `wall` happens at all in `zone` (not skipped by DST)."""
    utc = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    return utc.astimezone(zone).replace(tzinfo=None) == wall


def is_ambiguous(wall: datetime, zone: ZoneInfo) -> bool:
    """Whether `wall` happens twice in `zone` (the hour repeated when DST ends)."""
    a = wall.replace(tzinfo=zone, fold=0).utcoffset()
    b = wall.replace(tzinfo=zone, fold=1).utcoffset()
    return a != b and exists_locally(wall, zone)


def local_to_utc(wall: datetime, zone: ZoneInfo, field: str = "start") -> datetime:
    """Convert a naive local wall time to an aware UTC instant; refuse a time DST skips."""
    if wall.tzinfo is not None:
        return wall.astimezone(UTC)
    if not exists_locally(wall, zone):
        msg = N_("%(time)s does not exist in %(zone)s: the clocks jump forward an hour that night.",
                 time=Moment(wall), zone=zone.key)
        raise RuleViolation(msg, {field: [msg]}, rule="nonexistent_time")
    return wall.replace(tzinfo=zone, fold=0).astimezone(UTC)


def utc_to_local(instant: datetime, zone: ZoneInfo) -> datetime:
    """The aware local time in `zone` of an aware instant."""
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(zone)


def wall(instant: datetime, zone: ZoneInfo) -> datetime:
    """The naive local wall time of an instant in `zone`."""
    return utc_to_local(instant, zone).replace(tzinfo=None)


def local_day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """UTC instants of local midnight at the start and end of `day` (23 or 25 hours on DST days)."""
    start = datetime.combine(day, time()).replace(tzinfo=zone).astimezone(UTC)
    end = datetime.combine(date.fromordinal(day.toordinal() + 1), time()).replace(
        tzinfo=zone).astimezone(UTC)
    return start, end
