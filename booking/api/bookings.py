"""/api/v1/bookings: create, read, list, cancel, and change one occurrence."""
from __future__ import annotations

from flask import g, jsonify, request

from ..bookings.loading import room_for_booking
from ..bookings.queries import active_dates, room_with_building
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
from .openapi import ERROR, documented
from .rooms import WINDOW, window
from .schema import (INTEGER, Boolean, Choice, Custom, Day, Days, Integer, Moment, Nested, QueryId, Shape, Text,
                     Weekdays, array, nullable, obj)
from .serialise import BOOKING, CONFLICT, LISTED_OCCURRENCE, booking_dict, listed_occurrence, zone_for_request


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


RECURRENCE = Shape(
    Choice("freq", choices=("daily", "weekly", "monthly")),
    Integer("interval", required=False, low=1, high=52, description="Every so many days, weeks or months (1)."),
    Weekdays("byweekday", description="The weekdays of a weekly series (the start's weekday when left out)."),
    Integer("count", required=False, low=1, high=800, description="How many dates; or give until."),
    Day("until", required=False, description="The last day a date may fall on; or give count."),
    Days("exdates", description="Days left out of the series."))

NEW_BOOKING = Shape(
    Integer("room_id", low=1),
    Text("title", max_length=200),
    Moment("start", description="The first date's start."),
    Moment("end", description="The first date's end."),
    Text("description", required=False, max_length=5000, multiline=True),
    Choice("visibility", choices=tuple(v.value for v in Visibility), default="internal",
           description="public: on the building's public agenda; private: others see only 'Busy'."),
    Integer("organisation_id", required=False, low=1, description="Whose booking it is (staff may choose)."),
    Integer("expected_people", required=False, low=0, high=10000),
    Text("setup_notes", required=False, max_length=2000, multiline=True, description="For the front desk."),
    Nested("recurrence", shape=RECURRENCE, message="Must be an object with freq and count or until."),
    Boolean("skip_school_holidays", description="Leave out a series' dates in the building's school holidays."),
    Custom("extras", reader=_extras, shape={**array(obj({"extra_id": INTEGER, "quantity": INTEGER})), "maxItems": 100},
           description="Equipment and extras (GET /api/v1/extras) with the number wanted."))


def recurrence_of(values: dict | None) -> Recurrence | None:
    """The series rule of a request's recurrence object (None: one date)."""
    if values is None:
        return None
    return Recurrence(freq=values["freq"], interval=values["interval"] or 1, byweekday=tuple(values["byweekday"]),
                      count=values["count"], until=values["until"], exdates=frozenset(values["exdates"]))


@bp.post("/bookings")
@token_required
@documented(body=NEW_BOOKING, answers={201: BOOKING, 409: CONFLICT, 403: ERROR, 404: ERROR})
def add_booking():
    """Book a room once or as a series: 201, 409 with the conflicts, or 422."""
    f = Fields(json_body())
    v = NEW_BOOKING.read(f)
    same_kind_of_time(f, v["start"], v["end"])
    f.check()
    room = room_for_booking(db.session, v["room_id"])  # loaded once, with what the service reads of it
    if room is not None:
        g.zone = zone_of(room.building.timezone)
    extras = v["extras"]
    booking = create_booking(context(), BookingRequest(
        room_id=v["room_id"], title=v["title"], start=v["start"], end=v["end"], description=v["description"] or "",
        visibility=Visibility(v["visibility"]), organisation_id=v["organisation_id"],
        recurrence=recurrence_of(v["recurrence"]), expected_people=v["expected_people"],
        setup_notes=v["setup_notes"] or "", skip_school_holidays=v["skip_school_holidays"], extras=extras))
    asked = asked_by_one(db.session, booking.id) if extras else []  # no extras asked: no statement to read them
    return jsonify(booking_dict(booking, g.actor, extras=asked)), 201


@bp.get("/bookings/<id:booking_id>")
@token_required
@documented(answers={200: BOOKING})
def show_booking(booking_id: int):
    """One booking with all its occurrences."""
    booking, dates, asked = booking_with_extras(db.session, booking_id)
    return jsonify(booking_dict(booking, g.actor, dates, asked))


ROOM_DAY = Shape(QueryId("room_id", description="Only this room's dates."), *WINDOW.fields)


@bp.get("/bookings")
@token_required
@documented(query=ROOM_DAY, answers={200: obj({"occurrences": array(LISTED_OCCURRENCE)})})
def list_occurrences():
    """The active occurrences overlapping [start, end), of one room if room_id is given."""
    f = Fields(request.args.to_dict())
    room_id = f.query_id("room_id")
    room = None
    if room_id is not None:
        room = room_with_building(db.session, room_id)
        if room is None:
            f.fail("room_id", "No room with this id.")
    f.check()
    zone = g.zone = zone_of(room.building.timezone) if room else zone_for_request()
    start, end = window(zone)
    dates = active_dates(db.session, start, end, room.id if room else None)
    return jsonify({"occurrences": [listed_occurrence(d, g.actor, zone) for d in dates]})


CANCELLATION = Shape(Text("reason", required=False, max_length=500, multiline=True,
                         description="Why (also accepted as a JSON body {\"reason\": ...})."))


@bp.delete("/bookings/<id:booking_id>")
@token_required
@documented(query=CANCELLATION, answers={200: BOOKING, 403: ERROR})
def delete_booking(booking_id: int):
    """Cancel the whole series (the dates that have not ended yet)."""
    reason = _reason()
    return answer(cancel_booking(context(), booking_id, reason))


@bp.delete("/bookings/<id:booking_id>/occurrences/<id:occurrence_id>")
@token_required
@documented(query=CANCELLATION, answers={200: BOOKING, 403: ERROR})
def delete_occurrence(booking_id: int, occurrence_id: int):
    """Cancel one date of a series."""
    reason = _reason()
    return answer(cancel_occurrence(context(), booking_id, occurrence_id, reason))


DATE_CHANGE = Shape(
    Custom("title", shape=nullable({"type": "string", "maxLength": 200}),
           description="The date's own title; \"\" or null gives it the booking's title back."),
    Moment("start", required=False, description="Required when moving (that is, unless only a title is sent)."),
    Moment("end", required=False, description="Required when moving."),
    Integer("room_id", required=False, low=1, description="Another room for this date."))


@bp.patch("/bookings/<id:booking_id>/occurrences/<id:occurrence_id>")
@token_required
@documented(body=DATE_CHANGE, answers={200: BOOKING, 403: ERROR, 409: CONFLICT})
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
    reason = CANCELLATION.read(f)["reason"]
    f.check()
    return reason or ""
