"""The reports read a fixed number of statements: the same with 2 bookings as with 200 (and as many
organisations, closures, cancelled dates and audit entries), for a week and for two years."""
from __future__ import annotations

import json
from datetime import UTC, timedelta

from booking.extensions import db
from booking.models import AuditEntry, Closure, Organisation, OrganisationKind, Status, Visibility
from booking.models.enums import Attendance
from sqlcount import counting

from .conftest import at

SMALL, LARGE = 2, 200
BOUND = 9   # login session (or token) included
KINDS = list(OrganisationKind)


def grow(scene, start: int, end: int) -> None:
    """Bookings start..end-1: each its own organisation, a room in turn, one or two dates in 2027 (some public,
    marked, cancelled with an audit entry), and a closure of a room each."""
    rooms = [scene.a, scene.b, scene.hall, scene.consult]
    for i in range(start, end):
        org = Organisation(name=f"Groep {i}", kind=KINDS[i % len(KINDS)])
        db.session.add(org)
        day = at(2027, 1, 4, 9) + timedelta(days=(i * 3) % 700, minutes=(i % 8) * 60)
        status = Status.CANCELLED if i % 5 == 0 else Status.CONFIRMED
        booking = scene.book(rooms[i % 4], org, (day, day + timedelta(hours=1)), (day + timedelta(days=7),
                             day + timedelta(days=7, hours=2)), status=status,
                             visibility=Visibility.PUBLIC if i % 3 == 0 else Visibility.INTERNAL,
                             attendance=(Attendance.ARRIVED, Attendance.NO_SHOW, None)[i % 3], commit=False)
        db.session.flush()
        if status == Status.CANCELLED:
            db.session.add(AuditEntry(at=(day - timedelta(hours=3 + 30 * (i % 2))).astimezone(UTC),
                                      action="booking.cancel", subject_type="booking", subject_id=booking.id,
                                      detail=json.dumps({"occurrences": 2, "reason": ""})))
        db.session.add(Closure(building_id=scene.building.id, room_id=rooms[(i + 1) % 4].id, reason=f"Dicht {i}",
                               starts_at=(day + timedelta(days=1)).astimezone(UTC),
                               ends_at=(day + timedelta(days=1, hours=2)).astimezone(UTC)))
    db.session.commit()


URLS = {
    "API, a week": "/api/v1/reports/occupancy?start=2027-03-01&end=2027-03-07",
    "API, two years, CSV": "/api/v1/reports/occupancy?start=2027-01-01&end=2028-12-31&format=csv",
    "occupancy per week": "/reports/occupancy?start=2027-01-01&end=2027-12-31",
    "occupancy per month, CSV": "/reports/occupancy?start=2027-01-01&end=2027-12-31&by=month&format=csv",
    "organisations": "/reports/organisations?start=2027-06-01&end=2027-12-31",
    "public activities": "/reports/public?start=2027-01-01&end=2027-12-31",
    "year against year": "/reports/annual?year=2028",
}


def measure(client, url: str, headers: dict) -> int:
    with counting() as seen:
        resp = client.get(url, headers=headers)
    assert resp.status_code == 200, (url, resp.status_code)
    return len(seen)


def test_reports_cost_the_same_with_2_and_200_bookings(client, scene, staff, desk_browser):
    browser = desk_browser
    headers = staff("admin")
    assert client.get(URLS["API, a week"], headers=headers).status_code == 200  # a token's first use writes once
    counts = {}
    made = 0
    for n in (SMALL, LARGE):
        grow(scene, made, n)
        made = n
        counts[n] = {name: measure(client if url.startswith("/api") else browser, url,
                                   headers if url.startswith("/api") else {}) for name, url in URLS.items()}
    table = "\n".join(f"{counts[SMALL][k]:3} {counts[LARGE][k]:3}  {k}" for k in URLS)
    assert counts[SMALL] == counts[LARGE], table
    assert max(counts[LARGE].values()) <= BOUND, table
