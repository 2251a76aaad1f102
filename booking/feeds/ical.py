"""The iCalendar serialiser: a FeedCalendar (feeds/data.py) in, the bytes of an .ics file out.

Pure and deterministic: the same data gives byte-identical output (no 'now' anywhere: DTSTAMP
and LAST-MODIFIED are a booking's last change). The icalendar library writes the head (properties
and VTIMEZONE, kept per process); the events are written as text by feeds/lines.py, the same bytes
icalendar writes for booking_events() (the tests hold the two equal): CRLF, folded at 75 octets,
escaped, UTF-8. Times are local with the building's TZID (never floating), except UNTIL, DTSTAMP
and LAST-MODIFIED, in UTC.
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vDuration

from . import lines
from .data import FeedBooking, FeedCalendar, FeedDate, uid
from .plan import Series, plan
from .vtimezone import vtimezone

PRODID = "-//Zaalreservering//Room booking feeds//NL"
# How often a subscribed client should ask again.
REFRESH = timedelta(hours=1)


def render(calendar: FeedCalendar) -> bytes:
    """The feed as an iCalendar file (UTF-8 bytes).

    The same bytes as icalendar's to_ical() of the whole calendar, put together from parts kept per
    process: the head (properties and VTIMEZONE) and each booking's events, by the data they are
    made of. A feed in which one booking changed renders that booking's events only.
    """
    parts = [head(calendar.name, calendar.description, calendar.zone, calendar.rules_year)]
    parts += [events_of(b, calendar.zone, calendar.window) for b in sorted(calendar.bookings, key=lambda b: b.id)]
    parts.append(b"END:VCALENDAR\r\n")
    return b"".join(parts)


def calendar_head(name: str, description: str, zone: str, rules_year: int) -> Calendar:
    """The calendar's own properties and its VTIMEZONE, without events."""
    cal = Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", PRODID)
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("description", description)
    cal.add("x-wr-caldesc", description)
    cal.add("x-wr-timezone", zone)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH))
    cal.add_component(vtimezone(zone, rules_year))
    return cal


@lru_cache(maxsize=1024)
def head(name: str, description: str, zone: str, rules_year: int) -> bytes:
    """The bytes of calendar_head up to its events (kept: feeds are answered again and again)."""
    whole = calendar_head(name, description, zone, rules_year).to_ical()
    return whole[:-len(b"END:VCALENDAR\r\n")]


@lru_cache(maxsize=8192)
def events_of(booking: FeedBooking, zone: str, window: tuple[datetime, datetime] | None) -> bytes:
    """The bytes of a booking's events (kept by the booking's data: the same data, the same bytes): what
    icalendar writes for booking_events(), written as text (feeds/lines.py; the tests hold them equal)."""
    return "".join(events_text(booking, zone, window)).encode()


def events_text(booking: FeedBooking, zone_name: str, window: tuple[datetime, datetime] | None) -> list[str]:
    """The VEVENTs of one booking as text, the events booking_events() makes, in the same order."""
    zone = ZoneInfo(zone_name)
    p = plan(booking, zone, window)
    out = []
    if p.series is not None:
        series = p.series
        sequence = max((d.sequence for d in booking.dates), default=0)
        rule = {"FREQ": series.rule.freq.upper(), "UNTIL": lines.utc(series.until)}
        if series.rule.interval != 1:
            rule["INTERVAL"] = str(series.rule.interval)
        if series.rule.byweekday:
            rule["BYDAY"] = ",".join(series.rule.byweekday)
        out.append(_event_text(booking, zone_name, uid(booking.id), None, "", series.start,
                               series.start + series.length, sequence, series.status,
                               rrule=lines.rule(rule), exdates=series.exdates))
        for date, original in p.overrides:
            out.append(_event_text(booking, zone_name, uid(booking.id), date.title, date.location,
                                   date.start.astimezone(zone), date.end.astimezone(zone), date.sequence, date.status,
                                   recurrence_id=original))
    for date in p.lone:
        own = not booking.recurrence and not date.alone and date is p.lone[0]
        if window is not None and not (date.start < window[1] and date.end > window[0]):
            continue
        out.append(_event_text(booking, zone_name, uid(booking.id) if own else uid(booking.id, date.id), date.title,
                               date.location, date.start.astimezone(zone), date.end.astimezone(zone), date.sequence,
                               date.status))
    return out


def _event_text(booking: FeedBooking, zone_name: str, event_uid: str, title: str | None, location: str,
                start: datetime, end: datetime, sequence: int, status: str, recurrence_id: datetime | None = None,
                rrule: str | None = None, exdates: tuple[datetime, ...] = ()) -> str:
    """One VEVENT as _series_event or _date_event makes it, its properties in icalendar's order (the
    canonical ones first, then by name); times are wall times of `zone_name`."""
    fold, text, tz = lines.fold, lines.text, f";TZID={zone_name}:"
    changed = lines.utc(booking.changed)
    parts = ["BEGIN:VEVENT\r\n", fold("SUMMARY:" + text(title if title is not None else booking.title)),
             fold("DTSTART" + tz + lines.local(start)), fold("DTEND" + tz + lines.local(end)),
             "DTSTAMP:" + changed + "\r\n", fold("UID:" + text(event_uid))]
    if recurrence_id is not None:
        parts.append(fold("RECURRENCE-ID" + tz + lines.local(recurrence_id)))
    parts.append(f"SEQUENCE:{sequence}\r\n")
    if rrule is not None:
        parts.append(fold("RRULE:" + rrule))
    parts += [fold("EXDATE" + tz + lines.local(e)) for e in exdates]
    if booking.organisation:
        parts.append(fold("CATEGORIES:" + text(booking.organisation)))
    description = "\n\n".join(t for t in (booking.organisation, booking.description) if t)
    if description:
        parts.append(fold("DESCRIPTION:" + text(description)))
    parts.append("LAST-MODIFIED:" + changed + "\r\n")
    if location or booking.location:
        parts.append(fold("LOCATION:" + text(location or booking.location)))
    parts += ["STATUS:" + _status(status) + "\r\n", "TRANSP:OPAQUE\r\n", "END:VEVENT\r\n"]
    return "".join(parts)


def booking_events(booking: FeedBooking, zone: ZoneInfo, window: tuple[datetime, datetime] | None) -> list[Event]:
    """The VEVENTs of one booking as icalendar objects: its series with overrides, or its single date, and
    dates on their own (the invitations' events; the feeds write the same as text, events_text)."""
    p = plan(booking, zone, window)
    events = []
    if p.series is not None:
        sequence = max((d.sequence for d in booking.dates), default=0)
        events.append(_series_event(booking, p.series, zone, sequence))
        for date, original in p.overrides:
            event = _date_event(booking, date, zone, uid(booking.id))
            event.add("recurrence-id", original.replace(tzinfo=zone))
            events.append(event)
    for date in p.lone:
        own = not booking.recurrence and not date.alone and date is p.lone[0]
        if window is not None and not (date.start < window[1] and date.end > window[0]):
            continue
        events.append(_date_event(booking, date, zone, uid(booking.id) if own else uid(booking.id, date.id)))
    return events


def _common(event: Event, booking: FeedBooking, title: str | None, location: str) -> None:
    """The properties every event of a booking carries."""
    changed = booking.changed.astimezone(UTC)
    event.add("dtstamp", changed)
    event.add("last-modified", changed)
    event.add("summary", title if title is not None else booking.title)
    if location or booking.location:
        event.add("location", location or booking.location)
    text = "\n\n".join(t for t in (booking.organisation, booking.description) if t)
    if text:
        event.add("description", text)
    if booking.organisation:
        event.add("categories", [booking.organisation])
    event.add("transp", "OPAQUE")


def _status(status: str) -> str:
    return "CONFIRMED" if status == "confirmed" else "TENTATIVE"


def _series_event(booking: FeedBooking, series: Series, zone: ZoneInfo, sequence: int) -> Event:
    """The repeating event: DTSTART and DTEND with TZID, the rule with UNTIL in UTC, one EXDATE per line."""
    event = Event()
    event.add("uid", uid(booking.id))
    _common(event, booking, None, "")
    event.add("sequence", sequence)
    event.add("status", _status(series.status))
    event.add("dtstart", series.start.replace(tzinfo=zone))
    event.add("dtend", (series.start + series.length).replace(tzinfo=zone))
    rule = {"FREQ": series.rule.freq.upper()}
    if series.rule.interval != 1:
        rule["INTERVAL"] = series.rule.interval
    if series.rule.byweekday:
        rule["BYDAY"] = list(series.rule.byweekday)
    rule["UNTIL"] = series.until
    event.add("rrule", rule)
    for excluded in series.exdates:
        event.add("exdate", excluded.replace(tzinfo=zone))
    return event


def _date_event(booking: FeedBooking, date: FeedDate, zone: ZoneInfo, event_uid: str) -> Event:
    """One date as an event (a single booking, an override, or a date on its own), in local time with TZID."""
    event = Event()
    event.add("uid", event_uid)
    _common(event, booking, date.title, date.location)
    event.add("sequence", date.sequence)
    event.add("status", _status(date.status))
    event.add("dtstart", date.start.astimezone(zone))
    event.add("dtend", date.end.astimezone(zone))
    return event
