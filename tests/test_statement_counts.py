"""Cost independent of the data (issue 7): every page and API read sends as many SQL statements
with 200 bookings behind it as with 2.

The scene is built twice in one database: first 2 of everything (2 single bookings, a series of
2 dates, 2 requests waiting for approval), then 198 more of each and a second series of 200 dates.
The bookings are spread over rooms in two buildings, four organisations and eight creators, so
that a relationship loaded per row (per room, building, organisation or creator) adds statements
and shows here. The rows go in through the models in one commit each, not through the services.

Each page and endpoint is asked once with the small scene and once with the large one; the two
counts must be equal and stay under a small bound. The counts include what every request costs
(the login session's user, or the API token's user).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

import pytest

from booking.extensions import db
from booking.models import (ApiToken, Booking, Building, Occurrence, Organisation, OrganisationKind, Role, Room,
                            RoomHold, Status, User, Visibility)
from fixtures.clock import NOW
from sqlcount import counting
from web.helpers import logged_in

SMALL, LARGE = 2, 200
# The most statements a page or API read may send (login session or token included).
BOUND = 8
# COUNT_DEBUG=1 prints every statement each request sends (pytest -s).
DEBUG = os.environ.get("COUNT_DEBUG")
HOUR = timedelta(hours=1)
WEEK = timedelta(days=7)


@dataclass
class World:
    """Two buildings with rooms (one a combination), four organisations with two members each, staff."""

    rooms: list[Room]               # plain rooms, over both buildings
    combination: Room               # the large hall = rooms[0] + rooms[1]
    orgs: list[Organisation]
    members: list[User]             # two per organisation, in the order of orgs
    frontdesk: User
    admin: User
    series: dict[int, int] = field(default_factory=dict)  # number of dates -> booking id
    made: int = 0                   # single bookings and requests made so far


@pytest.fixture
def world(app) -> World:
    """The building, rooms, organisations and people; no bookings yet (grow() adds them)."""
    north = Building(name="De Kiekmure", timezone="Europe/Amsterdam")
    south = Building(name="Het Anker", timezone="Europe/Amsterdam")
    rooms = [Room(building=b, name=f"{b.name} zaal {i}", capacity=10 + i)
             for i, b in enumerate([north, north, south, south, south])]
    combination = Room(building=north, name="Grote zaal", capacity=40)
    combination.parts = rooms[:2]
    kinds = [OrganisationKind.WELFARE, OrganisationKind.CARE, OrganisationKind.VOLUNTEERS, OrganisationKind.OTHER]
    orgs = [Organisation(name=f"Organisatie {i}", kind=k) for i, k in enumerate(kinds)]
    members = [User(email=f"lid{i}@example.org", name=f"Lid {i}", role=Role.MEMBER, organisation=orgs[i // 2])
               for i in range(2 * len(orgs))]
    frontdesk = User(email="balie@example.org", name="Balie", role=Role.FRONTDESK, organisation=orgs[3])
    admin = User(email="beheer@example.org", name="Beheer", role=Role.ADMIN, organisation=orgs[3])
    for user in (*members, frontdesk, admin):
        user.set_password("correct horse battery")
    db.session.add_all([north, south, *rooms, combination, *orgs, *members, frontdesk, admin])
    db.session.commit()
    return World(rooms, combination, orgs, members, frontdesk, admin)


def _booking(w: World, i: int, title: str, status: Status, recurrence: str = "", creator: User | None = None
             ) -> Booking:
    creator = creator or w.members[i % len(w.members)]
    return Booking(room=w.rooms[i % len(w.rooms)], organisation=creator.organisation, creator=creator,
                   title=f"{title} {i}", status=status, recurrence=recurrence,
                   visibility=(Visibility.PRIVATE, Visibility.INTERNAL, Visibility.PUBLIC)[i % 3],
                   decision_note="Zaal is bezet" if status == Status.REJECTED else "",
                   created_at=NOW - HOUR + i * timedelta(seconds=1))


def _date(booking: Booking, room: Room, start, minutes: int, status: Status) -> Occurrence:
    end = start + timedelta(minutes=minutes)
    occ = Occurrence(booking=booking, room=room, starts_at=start, ends_at=end, blocked_until=end, status=status)
    if status in (Status.CONFIRMED, Status.PENDING):
        occ.holds = [RoomHold(room_id=room.id, starts_at=start, blocked_until=end)]
    return occ


def grow(w: World, n: int) -> None:
    """Bring the scene to `n` of everything: single bookings, requests waiting, and a series of n dates.

    Single booking i: upcoming within the coming week (even i) or past (odd i), at its own hour,
    so nothing overlaps; some cancelled, some rejected with a note, every seventh one the last
    date of a weekly series (so that 'series ending soon' lists it). Request i: 1 to 3 weekly
    dates in 2028, waiting. The series: one date a week in the evening, from three weeks ago.
    """
    rows: list[Booking] = []
    for i in range(w.made, n):
        status = Status.CANCELLED if i % 10 == 4 else Status.REJECTED if i % 10 == 8 else Status.CONFIRMED
        single = _booking(w, i, "Overleg", status, "RRULE:FREQ=WEEKLY;COUNT=1" if i % 7 == 0 else "")
        start = NOW + (i // 2 + 1) * HOUR if i % 2 == 0 else NOW - (i // 2 + 2) * HOUR
        single.occurrences = [_date(single, w.rooms[(i + i // 2) % len(w.rooms)], start, 30, status)]
        request = _booking(w, i, "Aanvraag", Status.PENDING, "RRULE:FREQ=WEEKLY" if i % 3 else "")
        first = NOW + timedelta(days=400) + i * HOUR
        request.occurrences = [_date(request, request.room, first + k * 300 * HOUR, 30, Status.PENDING)
                               for k in range(1 + i % 3)]
        rows += [single, request]
    series = _booking(w, n, "Taalcafé", Status.CONFIRMED, "RRULE:FREQ=WEEKLY", creator=w.members[0])
    first = NOW - 3 * WEEK + timedelta(hours=12, minutes=35 + 12 * len(w.series))
    series.occurrences = [_date(series, w.rooms[k % len(w.rooms)], first + k * WEEK, 10,
                                Status.CANCELLED if k % 5 == 3 else Status.CONFIRMED) for k in range(n)]
    db.session.add_all([*rows, series])
    db.session.commit()
    w.made, w.series[n] = n, series.id


def token(user: User) -> dict[str, str]:
    row, plain = ApiToken.issue(user)
    db.session.add(row)
    db.session.commit()
    return {"Authorization": f"Bearer {plain}"}


def measure(client, url: str, headers: dict | None = None) -> int:
    """The statements one GET sends; it must answer 200."""
    with counting() as seen:
        resp = client.get(url, headers=headers or {})
    assert resp.status_code == 200, (url, resp.status_code)
    if DEBUG:
        print(f"{url}: {seen!r}")
    return len(seen)


def compare(small: dict[str, int], large: dict[str, int]) -> None:
    table = "\n".join(f"{small[k]:3} {large[k]:3}  {k}" for k in small)
    print(f"\n  {SMALL:>2} {LARGE:>3}  statements\n{table}")
    assert {k: v for k, v in large.items() if v != small[k]} == {}, table
    assert {k: v for k, v in large.items() if v > BOUND} == {}, table


def clients(app, world: World) -> dict[str, object]:
    """A logged-in browser per role, and one not logged in."""
    out = {"visitor": app.test_client()}
    for name, user in (("member", world.members[0]), ("frontdesk", world.frontdesk), ("admin", world.admin)):
        out[name] = logged_in(app.test_client(), user)
    return out


def page_urls(world: World, n: int) -> dict[str, tuple[str, str]]:
    """name -> (who, url) of every page read."""
    room, org = world.rooms[2].id, world.orgs[1].id
    return {
        "start page (visitor)": ("visitor", "/"),
        "start page (member)": ("member", "/"),
        "our bookings, upcoming (member)": ("member", "/bookings/"),
        "our bookings, past (member)": ("member", "/bookings/?scope=past"),
        "our bookings, room and dates (member)": ("member", f"/bookings/?room={room}&from=2027-01-01&to=2027-01-31"),
        "our bookings, page 2 (member)": ("member", "/bookings/?scope=past&page=2"),
        "bookings, upcoming (front desk)": ("frontdesk", "/bookings/"),
        "bookings, all upcoming (front desk)": ("frontdesk", "/bookings/?all=1"),
        "bookings, past (front desk)": ("frontdesk", "/bookings/?scope=past"),
        "bookings, upcoming (admin)": ("admin", "/bookings/"),
        "bookings, past, page 2 (admin)": ("admin", "/bookings/?scope=past&page=2"),
        "bookings, organisation and room (admin)": ("admin", f"/bookings/?all=1&organisation={org}&room={room}"),
        "series detail (member)": ("member", f"/bookings/{world.series[n]}"),
        "series detail (admin)": ("admin", f"/bookings/{world.series[n]}"),
        "requests to approve (front desk)": ("frontdesk", "/frontdesk/approvals"),
        "requests to approve, page 2 (admin)": ("admin", "/frontdesk/approvals?page=2"),
    }


def test_pages_cost_the_same_with_2_and_200_bookings(app, world):
    browsers = clients(app, world)
    counts = {}
    for n in (SMALL, LARGE):
        grow(world, n)
        counts[n] = {name: measure(browsers[who], url) for name, (who, url) in page_urls(world, n).items()}
    compare(counts[SMALL], counts[LARGE])


def api_urls(world: World, n: int) -> dict[str, tuple[str, str]]:
    """name -> (who, url) of every API read."""
    week = urlencode({"start": "2027-01-01T00:00:00", "end": "2027-01-15T00:00:00"})
    requests = urlencode({"start": "2028-01-01T00:00:00", "end": "2028-12-31T00:00:00"})
    room = world.rooms[0].id
    return {
        "GET /bookings?room_id (member)": ("member", f"/api/v1/bookings?room_id={room}&{week}"),
        "GET /bookings?room_id (front desk)": ("frontdesk", f"/api/v1/bookings?room_id={room}&{week}"),
        "GET /bookings without room_id (member)": ("member", f"/api/v1/bookings?{week}"),
        "GET /bookings without room_id, requests (front desk)": ("frontdesk", f"/api/v1/bookings?{requests}"),
        "GET /bookings/ID of a series (member)": ("member", f"/api/v1/bookings/{world.series[n]}"),
        "GET /bookings/ID of a series (front desk)": ("frontdesk", f"/api/v1/bookings/{world.series[n]}"),
        "GET /rooms (member)": ("member", "/api/v1/rooms"),
        "GET /rooms/ID/availability (member)": ("member", f"/api/v1/rooms/{room}/availability?{week}"),
        "GET /rooms/ID/availability of a combination (member)":
            ("member", f"/api/v1/rooms/{world.combination.id}/availability?{week}"),
    }


def test_api_reads_cost_the_same_with_2_and_200_bookings(app, client, world):
    callers = {"member": token(world.members[0]), "frontdesk": token(world.frontdesk)}
    for headers in callers.values():  # a token's first use is written down once: not part of a read's cost
        assert client.get("/api/v1/rooms", headers=headers).status_code == 200
    counts = {}
    for n in (SMALL, LARGE):
        grow(world, n)
        counts[n] = {name: measure(client, url, callers[who]) for name, (who, url) in api_urls(world, n).items()}
    compare(counts[SMALL], counts[LARGE])


def test_the_scene_is_what_the_counts_are_about(app, client, world):
    """The large scene really shows many rows: a page of 50 dates, 200 series dates, 200 listed occurrences."""
    grow(world, SMALL)
    grow(world, LARGE)
    admin = logged_in(app.test_client(), world.admin)
    html = admin.get(f"/bookings/{world.series[LARGE]}").get_data(as_text=True)
    assert html.count('<tr class="status-') == LARGE
    html = admin.get("/bookings/?all=1").get_data(as_text=True)
    assert html.count('<tr class="status-') == 50
    week = urlencode({"start": "2027-01-01T00:00:00", "end": "2027-01-15T00:00:00"})
    body = client.get(f"/api/v1/bookings?{week}", headers=token(world.frontdesk)).get_json()
    assert len(body["occurrences"]) > 100
