"""GET/POST /api/v1/rooms and a room's availability."""
from __future__ import annotations

from flask import current_app, g, jsonify, request

from ..bookings.queries import active_rooms, room_with_parts
from ..bookings.schedule import building_closures, busy_times
from ..domain.clock import local_to_utc, zone_of
from ..domain.errors import InvalidInput, NotFound
from ..domain.ids import is_id
from ..domain.text import has_control_chars
from ..extensions import db
from ..rooms import services as rooms
from ..domain.charges import MAX_DEADLINE_HOURS, MAX_RATE_CENTS, MODES
from ..models import OrganisationKind
from ..rooms.editing import RATE_KEYS, RoomInUse, require_admin, update_room
from . import bp
from .auth import context, token_required
from .errors import error_response
from .openapi import ERROR, documented
from .parse import Fields, json_body
from .schema import (INTEGER, MOMENT, STRING, Boolean, Choice, Custom, Integer, Moment, Shape, Text, array,
                     nullable, obj)
from .serialise import ROOM, local, room_dict, zone_for_request


@bp.get("/rooms")
@token_required
@documented(tag="rooms", answers={200: obj({"rooms": array(ROOM)})})
def list_rooms():
    """Every active room."""
    return jsonify({"rooms": [room_dict(r) for r in active_rooms(db.session)]})


def room_parts(f: Fields) -> list[int]:
    """The optional "parts" of a combined room: a list of room ids."""
    parts = f.data.get("parts")
    parts = [] if parts is None else parts  # not `or []`: false, 0, "" and {} are wrong types, not "no parts"
    if not isinstance(parts, list) or not all(is_id(p) for p in parts) or len(parts) > 20:
        f.fail("parts", "Must be a list of room ids.")
    return parts


NEW_ROOM = Shape(
    Text("name", max_length=120),
    Integer("capacity", low=0, high=10000),
    Integer("buffer_minutes", required=False, low=0, high=1440, description="Free time kept around each booking."),
    Boolean("requires_approval", description="Bookings wait for the front desk's approval."),
    Text("facilities", required=False, max_length=500, description="Comma-separated, e.g. 'beamer, sink'."),
    Integer("building_id", required=False, low=1, description="The default building when left out."),
    Custom("parts", reader=room_parts, shape={**array({"type": "integer", "minimum": 1}), "maxItems": 20},
           description="For a combined room: the rooms it is made of."))


@bp.post("/rooms")
@token_required
@documented(tag="rooms", body=NEW_ROOM, answers={201: ROOM, 403: ERROR, 404: ERROR})
def add_room():
    """Add a room (admin); without building_id it goes into the default building."""
    f = Fields(json_body())
    v = NEW_ROOM.read(f)
    f.check()
    room = rooms.add_room(db.session, g.actor, v["building_id"], current_app.config["DEFAULT_BUILDING"],
                          current_app.config["DEFAULT_TIMEZONE"], name=v["name"], capacity=v["capacity"],
                          buffer_minutes=v["buffer_minutes"] or 0, requires_approval=v["requires_approval"],
                          facilities=v["facilities"] or "", part_ids=v["parts"])
    return jsonify(room_dict(room)), 201


ROOM_CHANGES = ("name", "capacity", "buffer_minutes", "requires_approval", "facilities", "active")
# Optional extras of a PATCH (rental charges): they do not change what the fields above mean.
CHARGE_CHANGES = ("charge_mode", "cancel_deadline_hours", "rates")


def room_changes(data: dict) -> dict:
    """The fields a PATCH of a room sends, checked; a field sent as null is an error, not 'unchanged'."""
    f = Fields(data)
    changes = charge_changes(f, data)
    for name in ROOM_CHANGES:
        if name not in data:
            continue
        if data[name] is None:
            f.fail(name, "Must not be null.")
        elif name == "name":
            changes[name] = f.text("name", max_length=120)
        elif name in ("capacity", "buffer_minutes"):
            changes[name] = f.integer(name, low=0, high=10000 if name == "capacity" else 1440)
        elif name in ("requires_approval", "active"):
            changes[name] = f.boolean(name)
        else:
            changes[name] = facilities_text(f, data[name])
    if not changes and not f.errors:
        f.fail("name", "Send at least one of: " + ", ".join(ROOM_CHANGES + CHARGE_CHANGES) + ".")
    f.check()
    return changes


def charge_changes(f: Fields, data: dict) -> dict:
    """charge_mode ('hour' or 'daypart'), cancel_deadline_hours (0: none) and rates ({kind: {"hour_cents": n or
    null, "daypart_cents": n or null}}; kinds left out keep their rates), where the PATCH sends them."""
    changes = {}
    for name in CHARGE_CHANGES:
        if name not in data:
            continue
        if data[name] is None:
            f.fail(name, "Must not be null.")
        elif name == "charge_mode":
            changes[name] = f.choice(name, MODES)
        elif name == "cancel_deadline_hours":
            changes[name] = f.integer(name, low=0, high=MAX_DEADLINE_HOURS)
        else:
            changes[name] = rates_value(f, data[name])
    return changes


def rates_value(f: Fields, value) -> dict | None:
    """The rates object of a PATCH: known kinds, each with whole cents (or null) per hour and per day part."""
    kinds = {k.value for k in OrganisationKind}
    if not isinstance(value, dict) or not value or set(value) - kinds:
        f.fail("rates", "Must be an object of kinds of organisation (" + ", ".join(sorted(kinds)) + ").")
        return None
    out = {}
    for kind, rate in value.items():
        if not isinstance(rate, dict) or not rate or set(rate) - set(RATE_KEYS):
            f.fail(f"rates.{kind}", "Must be an object with hour_cents and/or daypart_cents.")
            continue
        sub = Fields(rate, prefix=f"rates.{kind}.")
        out[kind] = {key: sub.integer(key, required=False, high=MAX_RATE_CENTS) for key in rate}
        for name, messages in sub.errors.items():
            f.errors.setdefault(name, []).extend(messages)
    return out


def facilities_text(f: Fields, value) -> str | None:
    """Facilities as a list of names (as GET /rooms shows them) or one comma-separated text."""
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(i, str) for i in items) or len(items) > 50:
        f.fail("facilities", "Must be a list of names or a comma-separated text.")
        return None
    text = ", ".join(i.strip() for part in items for i in part.split(",") if i.strip())
    if len(text) > 500 or has_control_chars(text, multiline=False):
        f.fail("facilities", "At most 500 characters, without control characters.")
        return None
    return text


RATES = {"type": "object", "description": "Per kind of organisation: hour_cents and/or daypart_cents (null: none).",
         "additionalProperties": obj({}, {"hour_cents": nullable({"type": "integer", "minimum": 0,
                                                                  "maximum": MAX_RATE_CENTS}),
                                          "daypart_cents": nullable({"type": "integer", "minimum": 0,
                                                                     "maximum": MAX_RATE_CENTS})})}
ROOM_CHANGE = Shape(
    Text("name", required=False, max_length=120),
    Integer("capacity", required=False, low=0, high=10000),
    Integer("buffer_minutes", required=False, low=0, high=1440),
    Boolean("requires_approval"),
    Custom("facilities", shape={"oneOf": [STRING, array(STRING)]},
           description="A list of names (as GET /rooms shows them) or one comma-separated text."),
    Boolean("active", description="false takes the room out of use (409 while dates are to come)."),
    Choice("charge_mode", required=False, choices=MODES),
    Integer("cancel_deadline_hours", required=False, low=0, high=MAX_DEADLINE_HOURS),
    Custom("rates", shape=RATES))


@bp.patch("/rooms/<id:room_id>")
@token_required
@documented(tag="rooms", body=ROOM_CHANGE, answers={200: ROOM, 403: ERROR, 409: ERROR})
def patch_room(room_id: int):
    """Change a room (administrators); deactivating one with dates to come answers 409 with its bookings."""
    require_admin(g.actor)
    changes = room_changes(json_body())
    try:
        room = update_room(context(), room_id, **changes)
    except RoomInUse as exc:
        db.session.rollback()
        zone = zone_for_request()
        return error_response(409, "conflict", exc.message, bookings=[
            {"id": b.id, "title": b.title, "organisation": b.organisation, "start": local(b.first_start, zone),
             "end": local(b.first_end, zone), "dates": b.dates} for b in exc.bookings],
            **({"combinations": [{"id": i, "name": n} for i, n in exc.combinations]}
               if getattr(exc, "combinations", None) else {}))
    return jsonify(room_dict(room))  # the same shape as GET /rooms (contract): the charges are not shown here


WINDOW = Shape(Moment("start"), Moment("end", description="After the start; at most 800 days later."))


def window(zone) -> tuple:
    """The start and end query parameters as UTC instants (local time without an offset)."""
    f = Fields(request.args.to_dict())
    v = WINDOW.read(f)
    start, end = v["start"], v["end"]
    f.check("Give a start and an end.")
    s, e = local_to_utc(start, zone, "start"), local_to_utc(end, zone, "end")
    if e <= s:
        raise InvalidInput("The end must be after the start.", {"end": ["The end must be after the start."]})
    if (e - s).days > 800:
        raise InvalidInput("Ask for at most 800 days at once.", {"end": ["Ask for at most 800 days at once."]})
    return s, e


SPAN = obj({"start": MOMENT, "end": MOMENT})


@bp.get("/rooms/<id:room_id>/availability")
@token_required
@documented(tag="rooms", query=WINDOW, answers={200: obj({
    "room_id": INTEGER, "busy": array(SPAN),
    "closures": array(obj({"start": MOMENT, "end": MOMENT, "reason": STRING}))})})
def availability(room_id: int):
    """When a new booking of this room cannot start or run: held time, seen from this room's buffer.

    A request [s, e) is free of other bookings exactly when it touches no 'busy' interval.
    """
    room = room_with_parts(db.session, room_id)
    if room is None or not room.active:
        raise NotFound("No room with this id.")
    zone = g.zone = zone_of(room.building.timezone)
    start, end = window(zone)
    busy = busy_times(db.session, room, start, end)
    closed = building_closures(db.session, room, start, end)
    return jsonify({"room_id": room.id,
                    "busy": [{"start": local(s, zone), "end": local(e, zone)} for s, e in busy],
                    "closures": [{"start": local(c.start, zone), "end": local(c.end, zone), "reason": c.reason}
                                 for c in closed]})

