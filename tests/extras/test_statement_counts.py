"""The extras' pages and reads cost the same number of SQL statements with 2 extras and bookings as with 60:
the admin's list, the booking form, a booking's page, the front desk's day, GET /api/v1/extras and
GET /api/v1/bookings/ID. A booking that asks for extras costs the same with 1 as with 3 of them."""
from __future__ import annotations

from datetime import timedelta

from booking.extensions import db
from booking.models import Booking, BookingExtra, Extra, ExtraKind, Occurrence, RoomHold, Status
from sqlcount import counting
from web.helpers import local, logged_in

# The most statements a page may send (login session included); a POST that books, more.
BOUND = 9


def grow(site, total: int) -> Booking:
    """`total` extras in the building and `total` bookings on Monday 29 March asking for all of them, written
    directly; returns the last booking."""
    have = db.session.query(Extra).count()
    extras = [Extra(building=site.building, name=f"Ding {i:03d}", kind=ExtraKind.LOAN if i % 2 else
                    ExtraKind.CONSUMABLE, stock=100) for i in range(have, total)]
    db.session.add_all(extras)
    db.session.flush()
    last = None
    made = db.session.query(Booking).count()
    everything = db.session.query(Extra).all()
    for i in range(made, total):
        room = (site.zaal, site.kamer)[i % 2]
        start = local(2027, 3, 29, 7) + timedelta(minutes=10 * i)
        last = Booking(room=room, organisation=site.welzijn, title=f"Bijeenkomst {i}", status=Status.CONFIRMED,
                       setup_notes="koffie")
        end = start + timedelta(minutes=10)
        last.occurrences = [Occurrence(room=room, starts_at=start, ends_at=end, blocked_until=end,
                                       status=Status.CONFIRMED, holds=[RoomHold(room_id=room.id, starts_at=start,
                                                                                blocked_until=end)])]
        db.session.add(last)
        db.session.flush()
        db.session.add_all([BookingExtra(booking_id=last.id, extra_id=e.id, quantity=1) for e in everything])
    db.session.commit()
    return last


def measure(client, url: str, headers=None) -> int:
    with counting() as seen:
        resp = client.get(url, headers=headers or {})
    assert resp.status_code == 200, (url, resp.status_code)
    return len(seen)


def test_pages_cost_the_same_with_2_and_60_extras(app, site, admin, frontdesk, member, token_of):
    browsers = {"admin": logged_in(app.test_client(), admin), "frontdesk": logged_in(app.test_client(), frontdesk),
                "member": logged_in(app.test_client(), member)}
    api = token_of(member)
    assert app.test_client().get("/api/v1/extras", headers=api).status_code == 200  # a token's first use is noted once
    found = {}
    for n in (2, 60):
        last = grow(site, n)
        urls = {"extras list (admin)": ("admin", "/admin/extras"),
                "extras list, page 2 (admin)": ("admin", "/admin/extras?page=2"),
                "an extra's form (admin)": ("admin", "/admin/extras/1"),
                "booking form (member)": ("member", "/bookings/new"),
                "booking page (member)": ("member", f"/bookings/{last.id}"),
                "the day (front desk)": ("frontdesk", "/frontdesk/day?date=2027-03-29")}
        found[n] = {name: measure(browsers[who], url) for name, (who, url) in urls.items()}
        found[n]["GET /api/v1/extras"] = measure(app.test_client(), "/api/v1/extras", api)
        found[n]["GET /api/v1/bookings/ID"] = measure(app.test_client(), f"/api/v1/bookings/{last.id}", api)
    table = "\n".join(f"{found[2][k]:3} {found[60][k]:3}  {k}" for k in found[2])
    print("\n  2  60  statements\n" + table)
    assert found[2] == found[60], table
    assert max(found[60].values()) <= BOUND, table
    # The day: its four reads, the extras of all its bookings in one, and what every page costs.
    assert found[60]["the day (front desk)"] == found[2]["the day (front desk)"]


def test_a_booking_costs_the_same_with_one_or_three_extras(client, site, stock, member, token_of):
    headers = token_of(member)
    assert client.get("/api/v1/extras", headers=headers).status_code == 200  # a token's first use is noted once
    costs = []
    for i, extras in enumerate(([stock.beamer], [stock.beamer, stock.microfoon, stock.koffie])):
        body = {"room_id": site.zaal.id, "title": "Overleg", "start": f"2027-03-{15 + 5 * i}T09:00",
                "end": f"2027-03-{15 + 5 * i}T10:00", "recurrence": {"freq": "daily", "count": 3},
                "extras": [{"extra_id": e.id, "quantity": 1} for e in extras]}
        with counting() as seen:
            resp = client.post("/api/v1/bookings", json=body, headers=headers)
        assert resp.status_code == 201, resp.get_json()
        costs.append(len(seen))
    assert costs[0] == costs[1], costs
