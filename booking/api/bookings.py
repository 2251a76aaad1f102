"""/api/v1/bookings: create, read, list, cancel, and change one occurrence."""
from __future__ import annotations

from flask import g, jsonify, request

from ..bookings.loading import room_for_booking
from ..bookings.queries import active_occurrences, room_by_id
from ..bookings.services import (BookingRequest, cancel_booking, cancel_occurrence, create_booking,
                                 get_booking, move_occurrence, retitle_occurrence)
from ..domain.clock import zone_of
from ..domain.recurrence import Recurrence
from ..extensions import db
from ..extras.queries import asked_by_one, booking_with_extras
from ..extras.requests import ExtraRequest
from ..models import Visibility
from . import bp
from .auth import context, token_required
from .parse import Fields, json_body, read_json, same_kind_of_time
from .rooms import window
from .serialise import booking_dict, listed_occurrence, zone_for_request


def _recurrence(f: Fields) -> Recurrence | None:
    raw = f.data.get("recurrence")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        f.fail("recurrence", "Must be an object with freq and count or until.")
        return None
    r = Fields(raw, prefix="recurrence.")
    freq = r.choice("freq", ("daily", "weekly", "monthly"))
    interval = r.integer("interval", required=False, low=1, high=52) or 1
    byweekday = r.strings("byweekday")
    count = r.integer("count", required=False, low=1, high=800)
    until = r.day("until", required=False)
    exdates = r.days("exdates")
    f.errors.update(r.errors)
    if r.errors:
        return None
    return Recurrence(freq=freq, interval=interval, byweekday=tuple(byweekday), count=count,
                      until=until, exdates=frozenset(exdates))


def _extras(f: Fields) -> tuple[ExtraRequest, ...]:
    """The optional "extras": [{"extra_id": ID, "quantity": N}, ...]; the values are checked by the service."""
    raw = f.data.get("extras")
    if raw is None:
        return ()
    if not isinstance(raw, list) or len(raw) > 100:
        f.fail("extras", "Must be a list of at most 100 objects with extra_id and quantity.")
        return ()
    asked = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or "extra_id" not in item or "quantity" not in item:
            f.fail(f"extras.{i}", "Must be an object with extra_id and quantity.")
        else:
            asked.append(ExtraRequest(item["extra_id"], item["quantity"]))
    return tuple(asked)


@bp.post("/bookings")
@token_required
def add_booking():
    """Book a room once or as a series: 201, 409 with the conflicts, or 422."""
    f = Fields(json_body())
    room_id = f.integer("room_id", low=1)
    title = f.text("title", max_length=200)
    start, end = f.moment("start"), f.moment("end")
    description = f.text("description", required=False, max_length=5000, multiline=True)
    visibility = f.choice("visibility", tuple(v.value for v in Visibility), default="internal")
    organisation_id = f.integer("organisation_id", required=False, low=1)
    expected_people = f.integer("expected_people", required=False, low=0, high=10000)
    setup_notes = f.text("setup_notes", required=False, max_length=2000, multiline=True)
    recurrence = _recurrence(f)
    skip_school_holidays = f.boolean("skip_school_holidays")  # only a series has dates to skip
    extras = _extras(f)
    same_kind_of_time(f, start, end)
    f.check()
    room = room_for_booking(db.session, room_id)  # loaded once, with what the service reads of it
    if room is not None:
        g.zone = zone_of(room.building.timezone)
    booking = create_booking(context(), BookingRequest(
        room_id=room_id, title=title, start=start, end=end, description=description or "",
        visibility=Visibility(visibility), organisation_id=organisation_id, recurrence=recurrence,
        expected_people=expected_people, setup_notes=setup_notes or "", skip_school_holidays=skip_school_holidays,
        extras=extras))
    asked = asked_by_one(db.session, booking.id) if extras else []  # no extras asked: no statement to read them
    return jsonify(booking_dict(booking, g.actor, extras=asked)), 201


@bp.get("/bookings/<id:booking_id>")
@token_required
def show_booking(booking_id: int):
    """One booking with all its occurrences."""
    booking, dates, asked = booking_with_extras(db.session, booking_id)
    return jsonify(booking_dict(booking, g.actor, dates, asked))


@bp.get("/bookings")
@token_required
def list_occurrences():
    """The active occurrences overlapping [start, end), of one room if room_id is given."""
    f = Fields(request.args.to_dict())
    room_id = f.query_id("room_id")
    room = None
    if room_id is not None:
        room = room_by_id(db.session, room_id)
        if room is None:
            f.fail("room_id", "No room with this id.")
    f.check()
    zone = g.zone = zone_of(room.building.timezone) if room else zone_for_request()
    start, end = window(zone)
    occurrences = active_occurrences(db.session, start, end, room.id if room else None)
    return jsonify({"occurrences": [listed_occurrence(o, g.actor, zone) for o in occurrences]})


@bp.delete("/bookings/<id:booking_id>")
@token_required
def delete_booking(booking_id: int):
    """Cancel the whole series (the dates that have not ended yet)."""
    reason = _reason()
    return answer(cancel_booking(context(), booking_id, reason))


@bp.delete("/bookings/<id:booking_id>/occurrences/<id:occurrence_id>")
@token_required
def delete_occurrence(booking_id: int, occurrence_id: int):
    """Cancel one date of a series."""
    reason = _reason()
    return answer(cancel_occurrence(context(), booking_id, occurrence_id, reason))


@bp.patch("/bookings/<id:booking_id>/occurrences/<id:occurrence_id>")
@token_required
def patch_occurrence(booking_id: int, occurrence_id: int):
    """Move one date to another time or room, conflict-checked; and/or give it its own title
    ({"title": "..."}; "" or null gives it the booking's title back). A title alone leaves the time as it is."""
    body = json_body()
    f = Fields(body)
    retitled = "title" in body
    title = f.text("title", required=False, max_length=200) if body.get("title") is not None else None
    moving = not retitled or "start" in body or "end" in body or "room_id" in body
    start, end = (f.moment("start"), f.moment("end")) if moving else (None, None)
    room_id = f.integer("room_id", required=False, low=1) if moving else None
    same_kind_of_time(f, start, end)
    f.check()
    ctx = context()
    if not moving:
        booking = retitle_occurrence(ctx, booking_id, occurrence_id, title)
    else:
        booking = get_booking(ctx, booking_id)
        g.zone = zone_of(booking.room.building.timezone)
        booking = move_occurrence(ctx, booking_id, occurrence_id, start, end, room_id,
                                  **({"title": title} if retitled else {}))
    g.zone = zone_of(booking.room.building.timezone)
    return answer(booking)


def answer(booking):
    """A changed booking as GET /bookings/ID shows it (with the extras it asks for)."""
    return jsonify(booking_dict(booking, g.actor, extras=asked_by_one(db.session, booking.id)))


def _reason() -> str:
    """An optional cancellation reason from a JSON body or the query string."""
    data = read_json()
    f = Fields(data if isinstance(data, dict) else request.args.to_dict())
    reason = f.text("reason", required=False, max_length=500, multiline=True)
    f.check()
    return reason or ""
