"""The .ics a message carries: the booking's events as the feeds write them, as an invitation.

METHOD:REQUEST puts the booking (its series, overrides and dates of their own) in the recipient's
calendar or updates it there; METHOD:CANCEL takes out what was cancelled: the whole booking when no
date of it takes place any more, else each cancelled date (by its RECURRENCE-ID within the series,
or by its own UID). The events, UIDs and times are the feeds' own (feeds/ical.py booking_events), so
the invitation and a subscribed feed describe the same events. Pure: plain data in, text out.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Sequence
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText

from ..feeds.data import FeedBooking, FeedDate
from ..feeds.ical import PRODID, booking_events
from ..feeds.vtimezone import vtimezone


def invitation(booking: FeedBooking, zone: str, rules_year: int, method: str, cancelled: Sequence[int] = (),
               organizer: tuple[str, str] = ("", "")) -> str:
    """The iCalendar text of an invitation (REQUEST) or cancellation (CANCEL) of `booking`.

    `cancelled`: the ids of the dates a CANCEL is about; `organizer`: (name, address) of the sender.
    """
    tz = ZoneInfo(zone)
    if method == "CANCEL":
        events = cancel_events(booking, tz, set(cancelled))
    else:
        events = booking_events(booking, tz, None)
    cal = Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", PRODID)
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    cal.add_component(vtimezone(zone, rules_year))
    name, address = organizer
    for event in events:
        if address:
            who = vCalAddress(f"mailto:{address}")
            if name:
                who.params["cn"] = vText(name)
            event.add("organizer", who)
        cal.add_component(event)
    return cal.to_ical().decode("utf-8")


def cancel_events(booking: FeedBooking, zone: ZoneInfo, cancelled: set[int]) -> list[Event]:
    """The events a CANCEL names, each STATUS:CANCELLED with a SEQUENCE above every earlier one."""
    before = replace(booking, dates=tuple(replace(d, status="confirmed") if d.id in cancelled else d
                                          for d in booking.dates))
    events = booking_events(before, zone, None)
    if not any(d.active for d in booking.dates):  # nothing takes place: the whole booking goes
        chosen = [e for e in events if "RECURRENCE-ID" not in e]
    else:
        chosen = [_instance(events, d, zone) for d in before.dates if d.id in cancelled]
        chosen = [e for e in chosen if e is not None]
    sequence = max((d.sequence for d in booking.dates), default=0) + 1
    for event in chosen:
        for prop in ("STATUS", "SEQUENCE"):
            event.pop(prop, None)
        event.add("sequence", sequence)
        event.add("status", "CANCELLED")
    return chosen


def _instance(events: list[Event], date: FeedDate, zone: ZoneInfo) -> Event | None:
    """The event that shows `date`: an override or an event of its own, else the series' date it is."""
    for event in events:
        if "RRULE" not in event and event.decoded("dtstart") == date.start:
            return event
    series = next((e for e in events if "RRULE" in e), None)
    if series is None:
        return None
    event = Event()
    for prop in ("UID", "DTSTAMP", "LAST-MODIFIED", "SUMMARY", "LOCATION", "DESCRIPTION"):
        if prop in series:
            event[prop] = series[prop]
    event.add("recurrence-id", date.original_start.astimezone(zone))
    event.add("dtstart", date.start.astimezone(zone))
    event.add("dtend", date.end.astimezone(zone))
    return event
