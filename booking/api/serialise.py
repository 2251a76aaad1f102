"""Turn rooms, bookings and clashes into the API's JSON shapes, times in the building's zone."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, g
from sqlalchemy import Row

from ..bookings.permissions import BUSY, may_change, sees_details, shown_title
from ..bookings.queries import ListedDate
from ..domain.clock import zone_of
from ..domain.errors import Clash
from ..extras.queries import Asked
from ..models import Booking, Extra, Occurrence, Room, Status, User, Visibility
from ..models.extra import ExtraKind
from ..models.types import aware_utc
from .openapi import named
from .schema import BOOLEAN, INTEGER, MOMENT, STRING, array, nullable, obj, one_of


def zone_for_request() -> ZoneInfo:
    """The zone of the room the request is about, else the configured default."""
    return getattr(g, "zone", None) or zone_of(current_app.config["DEFAULT_TIMEZONE"])


def local(instant: datetime, zone: ZoneInfo) -> str:
    """An instant as local ISO 8601 with offset: 2027-03-29T09:00:00+02:00; also one read as the driver gives it
    (models.types.bare_instant: naive UTC on SQLite)."""
    return aware_utc(instant).astimezone(zone).isoformat()


def room_dict(room: Room) -> dict:
    """A room as GET /rooms lists it."""
    return {"id": room.id, "name": room.name, "building": room.building.name, "capacity": room.capacity,
            "buffer_minutes": room.buffer_minutes, "requires_approval": room.requires_approval,
            "facilities": room.facility_list(), "parts": sorted(p.id for p in room.parts)}


def occurrence_dict(occ: Occurrence | Row, zone: ZoneInfo, details: bool = True) -> dict:
    """One occurrence inside a booking (an object, or a row with the same names); `title` is the date's
    own title (null: the booking's), null too where the reader may not see the booking's title."""
    return {"id": occ.id, "start": local(occ.starts_at, zone), "end": local(occ.ends_at, zone),
            "status": occ.status.value, "room_id": occ.room_id, "title": occ.title if details else None}


def date_dicts(dates: Sequence[Row], zone: ZoneInfo, details: bool) -> list[dict]:
    """occurrence_dict of every row of bookings.queries.booking_with_dates (id, starts_at, ends_at, status as
    text, room_id, title; instants as the driver reads them, models.types.bare_instant), unpacked as tuples:
    a two-year daily series has 730 of them, and reading each row's fields by name cost more than writing
    them out."""
    return [{"id": i, "start": local(start, zone), "end": local(end, zone),
             "status": status, "room_id": room_id, "title": title if details else None}
            for i, start, end, status, room_id, title in dates]


def extra_dict(extra: Extra) -> dict:
    """An extra as GET /extras lists it; `stock` is null for a consumable (no limit)."""
    return {"id": extra.id, "name": extra.name, "kind": extra.kind.value,
            "stock": extra.stock if extra.is_loan else None, "note": extra.note}


def asked_dicts(asked: Sequence[Asked]) -> list[dict]:
    """The extras a booking asks for, as POST /bookings takes them, with their names."""
    return [{"extra_id": a.extra_id, "quantity": a.quantity, "name": a.name} for a in asked]


def booking_dict(booking: Booking, actor: User, dates: Sequence[Row] | None = None,
                 extras: Sequence[Asked] | None = None) -> dict:
    """A booking with all its occurrences (`dates` as rows where they were read so, else its objects).

    A private booking of another organisation shows 'Busy', no description and no organisation
    (the GP practice's bookings would tell who is seen when); the notes for the front desk and
    the expected number of people are for the front desk and the booking's own organisation.
    """
    zone = zone_of(booking.room.building.timezone)
    details = sees_details(actor, booking)
    body = {"id": booking.id, "status": booking.status.value, "room_id": booking.room_id,
            "organisation_id": booking.organisation_id if details else None,
            "title": shown_title(actor, booking), "visibility": booking.visibility.value,
            "occurrences": ([occurrence_dict(o, zone, details) for o in booking.occurrences] if dates is None
                            else date_dicts(dates, zone, details))}
    if details:
        body.update(description=booking.description, recurrence=booking.recurrence or None)
    if may_change(actor, booking):
        body.update(expected_people=booking.expected_people, setup_notes=booking.setup_notes)
    if extras is not None:  # GET and POST of one booking; what someone else's private booking asks for is theirs
        body["extras"] = asked_dicts(extras) if details else []
    return body


def listed_occurrence(date: ListedDate, actor: User, zone: ZoneInfo) -> dict:
    """One occurrence in GET /bookings."""
    details = sees_details(actor, date)
    return {"booking_id": date.booking_id, "occurrence_id": date.occurrence_id, "room_id": date.room_id,
            "organisation_id": date.organisation_id if details else None, "title": date.title if details else BUSY,
            "start": local(date.starts_at, zone), "end": local(date.ends_at, zone), "status": date.status}


def clash_dict(clash: Clash, zone: ZoneInfo) -> dict:
    """One conflicting occurrence in a 409 answer."""
    body = {"booking_id": clash.booking_id, "occurrence_id": clash.occurrence_id, "room_id": clash.room_id,
            "start": local(clash.start, zone), "end": local(clash.end, zone), "title": clash.title}
    if clash.requested_start is not None:
        body["requested_start"] = local(clash.requested_start, zone)
        body["requested_end"] = local(clash.requested_end, zone)
    return body


# --- The shapes of the answers above, for the OpenAPI document (a test checks every answer against them) ---------

STATUS = one_of(*(s.value for s in Status))
OCCURRENCE = obj({"id": INTEGER, "start": MOMENT, "end": MOMENT, "status": STATUS, "room_id": INTEGER,
                  "title": nullable(STRING)})
ROOM = named("Room", obj({"id": INTEGER, "name": STRING, "building": STRING, "capacity": INTEGER,
                          "buffer_minutes": INTEGER, "requires_approval": BOOLEAN, "facilities": array(STRING),
                          "parts": array(INTEGER)}))
EXTRA = named("Extra", obj({"id": INTEGER, "name": STRING, "kind": one_of(*(k.value for k in ExtraKind)),
                            "stock": nullable(INTEGER), "note": STRING}))
ASKED_EXTRA = obj({"extra_id": INTEGER, "quantity": INTEGER, "name": STRING})
BOOKING = named("Booking", obj(
    {"id": INTEGER, "status": STATUS, "room_id": INTEGER, "organisation_id": nullable(INTEGER), "title": STRING,
     "visibility": one_of(*(v.value for v in Visibility)), "occurrences": array(OCCURRENCE)},
    {"description": STRING, "recurrence": nullable(STRING), "expected_people": nullable(INTEGER),
     "setup_notes": STRING, "extras": array(ASKED_EXTRA)}))
LISTED_OCCURRENCE = obj({"booking_id": INTEGER, "occurrence_id": INTEGER, "room_id": INTEGER,
                         "organisation_id": nullable(INTEGER), "title": STRING, "start": MOMENT, "end": MOMENT,
                         "status": STATUS})
CLASH = obj({"booking_id": INTEGER, "occurrence_id": INTEGER, "room_id": INTEGER, "start": MOMENT, "end": MOMENT,
             "title": STRING}, {"requested_start": MOMENT, "requested_end": MOMENT})
# 409: "conflict" names the bookings in the way; "extras_unavailable" the dates an extra is short on.
CONFLICT = named("Conflict", obj({"error": one_of("conflict", "extras_unavailable"), "message": STRING},
                                 {"conflicts": array(CLASH), "fields": {"type": "object"},
                                  "shortages": array({"type": "object"}), "occurrences": array({"type": "object"})}))
