"""GET /api/v1/day: one building's day, for scripts and the lobby screen; PUT .../attendance: the front desk's mark."""
from __future__ import annotations

from datetime import date, datetime

from flask import current_app, g, jsonify, request

from ..bookings.permissions import BUSY, sees_details
from ..calendar.attendance import mark_attendance, require_front_desk
from ..calendar.day_queries import DayData, DayDate, day_buildings, load_day
from ..extensions import db
from ..models import User
from ..models.enums import Attendance
from ..readcache import first_state, keep, kept, viewer_of
from ..web import now
from . import bp
from .auth import context, token_required
from .openapi import ERROR, documented, named
from .parse import Fields, json_body
from .schema import DAY, INTEGER, MOMENT, STRING, Custom, Day, QueryId, Shape, array, nullable, obj, one_of
from .serialise import local

ATTENDANCE_VALUES = tuple(a.value for a in Attendance)


def day_occurrence(occ: DayDate, details: bool, start: str, end: str) -> dict:
    """One date of the day, from `start` to `end` (local ISO 8601): title, organisation and the front desk's mark
    as far as the reader sees the booking's `details` ('Busy', null and null for another organisation's private
    booking: whether the GP practice's visitors came is theirs)."""
    # The status and the mark as their members: orjson writes an enum as its value, without the Python call
    # that .value is (json_answers).
    return {"booking_id": occ.booking_id, "occurrence_id": occ.id, "start": start, "end": end,
            "title": occ.title if details else BUSY, "organisation": occ.organisation if details else None,
            "status": occ.status, "attendance": occ.attendance if details else None}


def day_dict(data: DayData, actor: User) -> dict:
    """The day as GET /api/v1/day answers it: every active room, empty ones too, in the day page's order.

    What many dates share is worked out once: the local time of each instant (a day's dates start and end
    at a few), and whether `actor` sees the details (sees_details) of a booking of an organisation and
    visibility, the only things sees_details asks of a booking."""
    zone = data.zone
    stamps: dict[datetime, str] = {}
    seen: dict[tuple, bool] = {}
    by_room: dict[int, list[dict]] = {}
    for occ in data.occurrences:
        start, end = stamps.get(occ.starts_at), stamps.get(occ.ends_at)
        if start is None:
            start = stamps[occ.starts_at] = local(occ.starts_at, zone)
        if end is None:
            end = stamps[occ.ends_at] = local(occ.ends_at, zone)
        key = (occ.visibility, occ.organisation_id)
        details = seen.get(key)
        if details is None:
            details = seen[key] = sees_details(actor, occ)
        by_room.setdefault(occ.room_id, []).append(day_occurrence(occ, details, start, end))
    b = data.building
    return {"date": data.day.isoformat(),
            "building": {"id": b.id, "name": b.name, "timezone": b.timezone},
            "rooms": [{"id": r.id, "name": r.name, "occurrences": by_room.get(r.id, [])}
                      for r in data.rooms],
            "closures": [{"start": local(c.starts_at, zone), "end": local(c.ends_at, zone),
                          "reason": c.reason, "room_id": c.room_id} for c in data.closures]}


def day_json(session, building_id: int | None, day: date | None, instant: datetime, actor: User) -> bytes:
    """GET /api/v1/day's body, as jsonify writes it: kept in the read cache while the database is unchanged
    (readcache; the change key comes with the token, the first statement, else with the buildings), else read
    (load_day: two more statements, three when the rooms are not kept) and kept. NotFound for an unknown building."""
    every, state = day_buildings(session, first_state())
    # Without a date the day is today in the building's zone: the same answer for a minute at most.
    asked = ("api-day", building_id, day or instant.replace(second=0, microsecond=0), viewer_of(actor))
    body = kept(asked, state)
    if body is None:
        body = jsonify(day_dict(load_day(session, building_id, day, instant, every=every, state=state),
                                actor)).get_data()
        keep(asked, state, body)
    return body


SPAN_OF_DAY = obj({"booking_id": INTEGER, "occurrence_id": INTEGER, "start": MOMENT, "end": MOMENT, "title": STRING,
                   "organisation": nullable(STRING), "status": one_of("confirmed", "pending"),
                   "attendance": nullable(one_of(*ATTENDANCE_VALUES))})
DAY_ANSWER = named("Day", obj({
    "date": DAY, "building": obj({"id": INTEGER, "name": STRING, "timezone": STRING}),
    "rooms": array(obj({"id": INTEGER, "name": STRING, "occurrences": array(SPAN_OF_DAY)})),
    "closures": array(obj({"start": MOMENT, "end": MOMENT, "reason": STRING, "room_id": nullable(INTEGER)}))}))
DAY_QUERY = Shape(Day("date"), QueryId("building_id", description="The default building when left out."))


@bp.get("/day")
@token_required
@documented(tag="building", query=DAY_QUERY, answers={200: DAY_ANSWER, 404: ERROR})
def show_day():
    """?date=YYYY-MM-DD[&building_id=ID]: the confirmed and pending dates of every active room of the
    building (the default one without building_id) that overlap that local day, and its closures."""
    f = Fields(request.args.to_dict())
    v = DAY_QUERY.read(f)  # building_id 0 for a number no building has: 404
    f.check()
    return current_app.response_class(day_json(db.session, v["building_id"], v["date"], now(), g.actor),
                                      mimetype=current_app.json.mimetype)


MARK = Shape(Custom("attendance", required=True, shape=nullable(one_of(*ATTENDANCE_VALUES)),
                    description="null takes a mark back."))


@bp.put("/bookings/<id:booking_id>/occurrences/<id:occurrence_id>/attendance")
@token_required
@documented(tag="building", body=MARK, answers={
    200: obj({"occurrence_id": INTEGER, "attendance": nullable(one_of(*ATTENDANCE_VALUES))}), 403: ERROR})
def put_attendance(booking_id: int, occurrence_id: int):
    """{"attendance": "arrived" | "no_show" | null}: the front desk and administrators only (403 for
    anyone else, whatever the body holds); 422 for another value."""
    ctx = context()
    require_front_desk(ctx)
    data = json_body()
    f = Fields(data)
    value = data.get("attendance")
    if "attendance" not in data:
        f.fail("attendance", "This field is required (null takes a mark back).")
    elif value is not None and (not isinstance(value, str) or value not in ATTENDANCE_VALUES):
        f.fail("attendance", f"Choose one of: {', '.join(ATTENDANCE_VALUES)}, or null.")
    f.check()
    occ = mark_attendance(ctx, booking_id, occurrence_id, Attendance(value) if value is not None else None)
    return jsonify({"occurrence_id": occ.id, "attendance": occ.attendance.value if occ.attendance else None})
