"""Read an .ics file into plain booking requests, or the reason each event (or the file) cannot be booked.

Pure: bytes, the building's zone, `now` and the longest series in; no Flask, no database. Times
with a TZID or in UTC are converted to the building's zone; floating times are taken as its local
time. All-day events, unknown zones and rules the app cannot follow become a problem of that event;
cancelled events and events that are over are left out with the reason. A file that cannot be read
at all raises UnreadableFile with one message for people.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

from ..domain.messages import N_, Msg
from ..domain.text import LATEST_YEAR, has_control_chars
from .events import MAX_EVENTS, MAX_FILE_BYTES, ImportedEvent, ParsedCalendar, SkippedEvent, UnreadableFile
from .rules import RuleProblem, local_date, local_wall, series_from
from ..domain.recurrence import expand

TITLE_MAX, DESCRIPTION_MAX = 200, 5000
# The properties whose damage makes an event unreadable (a broken LOCATION does not matter).
VITAL = {"DTSTART", "DTEND", "DURATION", "RRULE", "EXDATE", "RECURRENCE-ID", "RDATE"}


def refuse(message: Msg) -> UnreadableFile:
    """The error for a file that cannot be imported, with its message on the 'file' field."""
    return UnreadableFile(message, {"file": [message]})


def read_calendar(data: bytes) -> icalendar.Calendar:
    """The file's one VCALENDAR, or UnreadableFile saying what is wrong with the file."""
    if len(data) > MAX_FILE_BYTES:
        raise refuse(N_("The file is larger than %(mb)s MB; split it into smaller files.", mb=MAX_FILE_BYTES // 10**6))
    if not data.strip():
        raise refuse(N_("The file is empty."))
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        raise refuse(N_("The file is not an iCalendar (.ics) file: it is not UTF-8 text.")) from None
    if "\x00" in text or "BEGIN:VCALENDAR" not in text.upper():
        raise refuse(N_("The file is not an iCalendar (.ics) file: export the calendar as .ics and try again."))
    if "END:VCALENDAR" not in text.upper():
        raise refuse(N_("The calendar file is incomplete: it ends before END:VCALENDAR. Export it again."))
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except Exception:  # noqa: BLE001  (whatever the library makes of garbage, the answer is this message)
        raise refuse(N_("The calendar file could not be read: it is damaged or not an iCalendar (.ics) file.")) from None
    if getattr(calendar, "name", "") != "VCALENDAR":
        raise refuse(N_("The file is not an iCalendar (.ics) file: export the calendar as .ics and try again."))
    return calendar


def clean(text, limit: int, multiline: bool = False) -> str:
    """A text property without control characters, trimmed to `limit` characters."""
    text = str(text or "").replace("\r\n", "\n").strip()
    if has_control_chars(text, multiline):
        text = "".join(ch for ch in text if (multiline and ch in "\n\t") or ch.isprintable())
    return text[:limit]


def instant(component, name: str):
    """The decoded date or date-time of property `name`, or None; a TZID the file does not define is a problem."""
    prop = component.get(name)
    if prop is None:
        return None
    value = component.decoded(name)
    tzid = prop.params.get("TZID") if hasattr(prop, "params") else None
    if isinstance(value, datetime) and value.tzinfo is None and tzid:
        raise RuleProblem(N_("The time zone %(tzid)s is unknown; export the calendar with its time zones.",
                             tzid=str(tzid)[:60]))
    if not isinstance(value, (date, datetime)):
        raise RuleProblem(N_("This event could not be read: its %(property)s is not valid.", property=name))
    return value


def times_of(component, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The event's start and end as naive local wall times of the building; RuleProblem if it has none."""
    broken = sorted({name for name, _error in component.errors if name in VITAL})
    if broken:
        raise RuleProblem(N_("This event could not be read: its %(property)s is not valid.", property=broken[0]))
    start = instant(component, "DTSTART")
    if start is None:
        raise RuleProblem(N_("The event has no start time."))
    if not isinstance(start, datetime):
        raise RuleProblem(N_("An all-day event cannot be imported: a room booking needs a start and an end time."))
    end = instant(component, "DTEND")
    if end is None and component.get("DURATION") is not None:
        duration = component.decoded("DURATION")
        if not isinstance(duration, timedelta):
            raise RuleProblem(N_("This event could not be read: its %(property)s is not valid.", property="DURATION"))
        end = start + duration  # an aware start: exact hours across a clock change, as RFC 5545 has it
    if end is None:
        raise RuleProblem(N_("The event has no end time."))
    if not isinstance(end, datetime):
        raise RuleProblem(N_("An all-day event cannot be imported: a room booking needs a start and an end time."))
    if end.tzinfo is None and start.tzinfo is not None:
        end = end.replace(tzinfo=start.tzinfo)
    local_start, local_end = local_wall(start, zone), local_wall(end, zone)
    if local_end.year > LATEST_YEAR:
        raise RuleProblem(N_("The event lies after the year %(year)s.", year=LATEST_YEAR))
    if local_end <= local_start:
        raise RuleProblem(N_("The event ends before it starts."))
    return local_start, local_end


def exdates_of(component, zone: ZoneInfo) -> set[date]:
    """The local dates the event's EXDATE lines skip."""
    found = component.get("EXDATE")
    lists = found if isinstance(found, list) else [found] if found is not None else []
    return {local_date(d.dt, zone) for ex in lists for d in ex.dts}


def zone_note(component, series, zone: ZoneInfo, max_months: int) -> tuple[Msg, ...]:
    """A note when the file gives a series in another zone (or UTC) whose hour moves against the building's clock.

    The app repeats a series at the same local hour of the building (a weekly 09:00 stays 09:00 across
    the clock changes); a series kept in UTC or another zone would move by an hour on some dates here.
    """
    first = component.decoded("DTSTART")
    source = first.tzinfo
    if source is None:
        return ()
    hours = {(start.replace(tzinfo=zone).astimezone(source).time())
             for start, _end in expand(series.recurrence, series.start, series.end, max_months)}
    if len(hours) <= 1:
        return ()
    name = getattr(source, "key", None) or str(source)[:60]
    hour = series.start.strftime("%H:%M")
    return (N_("The calendar keeps this series in another time zone (%(zone)s); every date is imported at "
               "%(time)s here, the hour of its first date.", zone=name, time=hour),)


def is_cancelled(component) -> bool:
    """Whether the event is called off (STATUS:CANCELLED)."""
    return str(component.get("STATUS", "")).upper() == "CANCELLED"


def parse_calendar(data: bytes, zone: ZoneInfo, now: datetime, max_months: int = 24) -> ParsedCalendar:
    """Every event of an .ics file as a request to judge, or left out with the reason; UnreadableFile if none can be read."""
    components = [c for c in read_calendar(data).walk("VEVENT")]
    if not components:
        raise refuse(N_("The calendar holds no events."))
    if len(components) > MAX_EVENTS:
        raise refuse(N_("The file holds %(n)s events; at most %(max)s can be imported at once. Split it into smaller "
                        "files.", n=len(components), max=MAX_EVENTS))
    masters = {str(c.get("UID", "")): c for c in components if c.get("RECURRENCE-ID") is None and c.get("UID")}
    changed: dict[str, list] = defaultdict(list)
    for c in components:
        uid = str(c.get("UID", ""))
        if c.get("RECURRENCE-ID") is not None and uid in masters and masters[uid].get("RRULE") is not None:
            changed[uid].append(c)
    parsed = ParsedCalendar()
    for index, component in enumerate(components, start=1):
        try:
            read_one(parsed, index, component, changed, zone, now, max_months)
        except RuleProblem as exc:
            parsed.events.append(ImportedEvent(index, str(component.get("UID", "")), title_of(component),
                                               problem=exc.message))
        except Exception:  # noqa: BLE001  (one odd event is that event's problem, never the page's error)
            parsed.events.append(ImportedEvent(index, "", title_of(component),
                                               problem=N_("This event could not be read.")))
    return parsed


def title_of(component) -> str:
    """The event's SUMMARY, cleaned."""
    try:
        return clean(component.get("SUMMARY", ""), TITLE_MAX)
    except Exception:  # noqa: BLE001
        return ""


def read_one(parsed: ParsedCalendar, index: int, component, changed: dict, zone: ZoneInfo, now: datetime,
             max_months: int) -> None:
    """Add one event to `parsed`: as a request, a problem, or left out."""
    uid, title = str(component.get("UID", "")), title_of(component)
    description = clean(component.get("DESCRIPTION", ""), DESCRIPTION_MAX, multiline=True)
    rid = component.get("RECURRENCE-ID")
    if is_cancelled(component):
        reason = N_("cancelled in the calendar") if rid is None else N_("a cancelled date of a series")
        parsed.skipped.append(SkippedEvent(index, title, None, reason))
        return
    if rid is not None and str(rid.params.get("RANGE", "")).upper() == "THISANDFUTURE":
        raise RuleProblem(N_("A change to 'this and all later dates' cannot be imported; export the calendar again "
                             "after the change."))
    start, end = times_of(component, zone)
    if component.get("RDATE") is not None:
        raise RuleProblem(N_("Extra dates (RDATE) cannot be imported."))
    rules = component.get("RRULE")
    if isinstance(rules, list):
        raise RuleProblem(N_("An event with more than one repetition rule cannot be imported."))
    if rules is None:
        if end.replace(tzinfo=zone) <= now:
            parsed.skipped.append(SkippedEvent(index, title, start, N_("already over")))
            return
        notes = (N_("A changed date of a series in this file, imported on its own."),) if uid in changed and rid else ()
        parsed.events.append(ImportedEvent(index, uid, title, description, start, end, notes=notes))
        return
    overrides = changed.get(uid, [])
    exdates = exdates_of(component, zone) | {local_date(o.decoded("RECURRENCE-ID"), zone) for o in overrides}
    series = series_from(dict(rules), start, end, exdates, zone, now, max_months)
    if series is None:
        parsed.skipped.append(SkippedEvent(index, title, start, N_("every date is over")))
        return
    notes = series.notes + zone_note(component, series, zone, max_months)
    if overrides:
        notes += (N_("Dates changed or cancelled in the calendar, left out of the series: %(n)s.", n=len(overrides)),)
    parsed.events.append(ImportedEvent(index, uid, title, description, series.start, series.end,
                                       series.recurrence, notes=notes))
