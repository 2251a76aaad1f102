"""The admin's lists read at a fixed number of SQL statements: the same with 2 rows as with 200."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from booking.extensions import db
from booking.models import Booking, Building, Closure, Occurrence, Room, RoomHold, Status
from sqlcount import counting
from web.helpers import form_post, logged_in

DAY = timedelta(days=1)
START = datetime(2027, 2, 1, 8, tzinfo=UTC)


def add_closures(site, first: int, last: int) -> None:
    """Closures number first..last-1, spread over two buildings and several rooms, one a day."""
    other = db.session.query(Building).filter_by(name="Het Anker").first()
    if other is None:
        other = Building(name="Het Anker")
        db.session.add(other)
        db.session.flush()
    rooms = [None, site.zaal, site.kamer]
    for i in range(first, last):
        room = rooms[i % 3]
        building_id = other.id if i % 4 == 3 else site.building.id
        db.session.add(Closure(building_id=building_id, room_id=room.id if room and building_id == site.building.id
                               else None, reason=f"Sluiting {i}", starts_at=START + i * DAY,
                               ends_at=START + i * DAY + timedelta(hours=3)))
    db.session.commit()


def add_dates(site, member, first: int, last: int) -> None:
    """Single bookings on 1 March 2027, one every 5 minutes in turns over two rooms, different organisations."""
    for i in range(first, last):
        room = (site.zaal, site.kamer)[i % 2]
        s = datetime(2027, 3, 1, 6, tzinfo=UTC) + timedelta(minutes=5 * i)
        org = (site.welzijn, site.huisarts, site.kiekmure)[i % 3]
        b = Booking(room=room, organisation=org, creator=member, title=f"Datum {i}", status=Status.CONFIRMED)
        occ = Occurrence(booking=b, room=room, starts_at=s, ends_at=s + timedelta(minutes=4), blocked_until=s
                         + timedelta(minutes=4))
        occ.holds = [RoomHold(room_id=room.id, starts_at=occ.starts_at, blocked_until=occ.blocked_until)]
        db.session.add(b)
    db.session.commit()


def count(client, method: str, url: str, **kwargs) -> int:
    getattr(client, method)(url, **kwargs)  # once before: a token's first use is written down
    with counting() as seen:
        resp = getattr(client, method)(url, **kwargs)
    assert resp.status_code in (200, 201), (url, resp.status_code)
    return len(seen)


@pytest.mark.parametrize("url", ["/admin/closures", "/admin/closures?past=1"])
def test_the_closure_list(client, site, admin, url):
    logged_in(client, admin)
    add_closures(site, 0, 2)
    small = count(client, "get", url)
    add_closures(site, 2, 200)
    large = count(client, "get", url)
    assert small == large <= 7


def test_the_closure_api_list(client, site, admin, token_of):
    headers = token_of(admin)
    url = "/api/v1/closures?start=2026-01-01T00:00&end=2028-01-01T00:00"
    add_closures(site, 0, 2)
    small = count(client, "get", url, headers=headers)
    add_closures(site, 2, 200)
    large = count(client, "get", url, headers=headers)
    assert small == large <= 4


def test_the_confirmation_step(client, site, admin, member):
    logged_in(client, admin)
    data = {"building_id": str(site.building.id), "room_id": "0", "start_day": "2027-03-01", "start_time": "",
            "end_day": "2027-03-01", "end_time": "", "reason": "Schilderwerk", "check": "x"}
    add_dates(site, member, 0, 2)
    small = form_post(client, "/admin/closures/new", data)
    with counting() as few:
        form_post(client, "/admin/closures/new", data)
    add_dates(site, member, 2, 200)
    with counting() as many:
        large = form_post(client, "/admin/closures/new", data)
    assert small.status_code == large.status_code == 200
    assert large.get_data(as_text=True).count("<tr role=\"row\">") == 201
    assert len(few) == len(many) <= 14, "\n".join(s[:200] for s in many.seen[:40])


def add_rooms(site, first: int, last: int) -> None:
    """Rooms number first..last-1 over two buildings, some deactivated."""
    other = db.session.query(Building).filter_by(name="Het Anker").first() or Building(name="Het Anker")
    for i in range(first, last):
        db.session.add(Room(building=other if i % 2 else site.building, name=f"Zaal {i}", capacity=i,
                            active=bool(i % 5)))
    db.session.commit()


def test_the_room_list(client, site, admin):
    logged_in(client, admin)
    add_rooms(site, 0, 2)
    small = count(client, "get", "/admin/rooms")
    add_rooms(site, 2, 200)
    large = count(client, "get", "/admin/rooms")
    assert small == large <= 6


def test_the_organisation_list(client, site, admin):
    from booking.models import Organisation, OrganisationKind
    logged_in(client, admin)

    def add(first, last):
        db.session.add_all(Organisation(name=f"Club {i}", kind=OrganisationKind.RESIDENTS, active=bool(i % 3))
                           for i in range(first, last))
        db.session.commit()
    add(0, 2)
    small = count(client, "get", "/admin/organisations")
    add(2, 200)
    large = count(client, "get", "/admin/organisations")
    assert small == large <= 6
