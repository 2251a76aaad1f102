"""The least GET /api/v1/day can cost on this stack: bench/floor.py serves this beside the app.

Not the app, and never served to anyone: bare Flask, psycopg with prepared statements and orjson, the
token's user, the day's dates and closures in three statements (the building and its rooms read once),
no SQLAlchemy, Flask-Login, Babel, limiter, security headers or request log. It writes the same answer as the
app (bench/floor.py checks it day by day), so its time is the floor under the app's: HTTP, gunicorn, Flask,
PostgreSQL and the Python that a day's 150 dates need at the very least.

    BARE_DAY_DSN=postgresql://... gunicorn -w 2 -k gthread --threads 4 --chdir bench bare_day:app
"""
from __future__ import annotations

import hashlib
import os
import threading
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import orjson
import psycopg
from flask import Flask, Response, request

app = Flask(__name__)
_local = threading.local()
_kept: dict[str, object] = {}

TOKEN = ('SELECT u.role, u.organisation_id FROM api_token t JOIN "user" u ON u.id = t.user_id '
         "WHERE t.token_hash = %s AND u.active")
BUILDING = "SELECT id, name, timezone FROM building WHERE active ORDER BY id LIMIT 1"
# The rooms in the app's order for a building without combined rooms (the bench dataset has none).
ROOMS = "SELECT id, name FROM room WHERE building_id = %s AND active ORDER BY lower(name), id"
# The app's statement for the day's dates (calendar/day_queries.py), with the columns the JSON needs.
DATES = ("SELECT o.id, o.booking_id, o.room_id, o.starts_at, o.ends_at, o.status, o.attendance, "
         "coalesce(o.title, b.title), b.visibility, b.organisation_id, g.name "
         "FROM occurrence o JOIN booking b ON b.id = o.booking_id JOIN organisation g ON g.id = b.organisation_id "
         "WHERE o.room_id IN (SELECT r.id FROM room r WHERE r.building_id = %(b)s AND r.active) "
         "AND o.status IN ('confirmed', 'pending') AND o.starts_at < %(end)s AND o.starts_at > %(earliest)s "
         "AND o.ends_at > %(start)s ORDER BY o.starts_at, o.ends_at, o.id")
CLOSURES = ("SELECT room_id, starts_at, ends_at, reason FROM closure WHERE building_id = %(b)s "
            "AND starts_at < %(end)s AND ends_at > %(start)s ORDER BY starts_at, id")


def connection() -> psycopg.Connection:
    """This thread's connection: autocommit, every statement prepared on first use."""
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = _local.conn = psycopg.connect(os.environ["BARE_DAY_DSN"], autocommit=True, prepare_threshold=0)
    return conn


@app.get("/")
def hello():
    """Flask alone: no database, no template."""
    return Response(b"hello", mimetype="text/plain")


@app.get("/api/v1/day")
def day():
    """The day as the app's GET /api/v1/day answers it, for the default building."""
    conn = connection()
    header = request.headers.get("Authorization", "")
    user = conn.execute(TOKEN, (hashlib.sha256(header[7:].encode()).hexdigest(),)).fetchone()
    if user is None:
        return Response(b'{"error":"unauthorized"}', 401, mimetype="application/json")
    if "building" not in _kept:  # as the app keeps them under its change key
        _kept["building"] = building = conn.execute(BUILDING).fetchone()
        _kept["rooms"] = conn.execute(ROOMS, (building[0],)).fetchall()
    building, rooms = _kept["building"], _kept["rooms"]
    zone = ZoneInfo(building[2])
    asked = date.fromisoformat(request.args["date"])
    start = datetime.combine(asked, time(), zone).astimezone(UTC)
    end = datetime.combine(asked + timedelta(days=1), time(), zone).astimezone(UTC)
    params = {"b": building[0], "start": start, "end": end, "earliest": start - timedelta(hours=48)}
    rows = conn.execute(DATES, params).fetchall()
    closures = conn.execute(CLOSURES, params).fetchall()
    staff, own = user[0] in ("admin", "frontdesk"), user[1]
    stamps: dict[datetime, str] = {}
    by_room: dict[int, list[dict]] = {}
    for oid, bid, rid, starts, ends, status, mark, title, visibility, org_id, org in rows:
        s = stamps.get(starts) or stamps.setdefault(starts, starts.astimezone(zone).isoformat())
        e = stamps.get(ends) or stamps.setdefault(ends, ends.astimezone(zone).isoformat())
        details = visibility != "private" or staff or (own is not None and org_id == own)
        by_room.setdefault(rid, []).append({
            "booking_id": bid, "occurrence_id": oid, "start": s, "end": e, "title": title if details else "Busy",
            "organisation": org if details else None, "status": status, "attendance": mark if details else None})
    body = orjson.dumps({
        "date": asked.isoformat(), "building": {"id": building[0], "name": building[1], "timezone": building[2]},
        "rooms": [{"id": r[0], "name": r[1], "occurrences": by_room.get(r[0], [])} for r in rooms],
        "closures": [{"start": c[1].astimezone(zone).isoformat(), "end": c[2].astimezone(zone).isoformat(),
                      "reason": c[3], "room_id": c[0]} for c in closures]})
    return Response(body, mimetype="application/json")


def plain(environ, start_response):
    """gunicorn alone: a WSGI callable without Flask."""
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "5")])
    return [b"hello"]
