"""The front desk's day from the read cache (booking/readcache.py, calendar/day.py day_view): a repeated view
costs the login's user, read with the change key (the buildings, the day and the menu's count are kept under
it); a change made anywhere shows at once; each viewer's page carries their own CSRF token, with which their marks are accepted."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import create_engine, text

from booking.extensions import db
from booking.models.enums import Attendance
from booking.readcache import forget_all
from sqlcount import counting

from .helpers import book, csrf_tokens, local, logged_in, occurrences_of

DAY = "/frontdesk/day?date=2027-03-29"
CSRF = re.compile(r'name="csrf_token" value="[^"]*"')


def from_cache(client) -> tuple[str, int]:
    """View the day until a view comes from the cache (on PostgreSQL a commit anywhere on the server, in
    another test's database too, moves the change key); its page and its number of statements."""
    first = client.get(DAY).get_data(as_text=True)
    for _ in range(50):
        with counting() as seen:
            resp = client.get(DAY)
        html = resp.get_data(as_text=True)
        assert resp.status_code == 200 and CSRF.sub("", html) == CSRF.sub("", first)
        reads = [s for s in seen.seen if not s.startswith("BEGIN")]
        if len(reads) == 1:
            return html, len(reads)
        first = html
    pytest.skip("the database server's snapshot moved between every two views (other databases committing)")


@pytest.fixture
def meeting(member, site):
    return book(member, site.zaal, local(2027, 3, 29, 9), local(2027, 3, 29, 10), "Taalcafé").id


def test_a_repeated_view_costs_one_statement(client, frontdesk, meeting):
    logged_in(client, frontdesk)
    html, statements = from_cache(client)
    assert statements == 1  # the login's user with the change key
    assert "Taalcafé" in html


def test_a_change_by_another_worker_shows_at_once(client, frontdesk, meeting):
    logged_in(client, frontdesk)
    from_cache(client)
    # Another process: its own engine and connection, and a write without an audit entry or a changed_at.
    other = create_engine(db.engine.url)
    try:
        with other.begin() as conn:
            conn.execute(text("UPDATE booking SET title = 'Koffieochtend' WHERE id = :id"), {"id": meeting})
    finally:
        other.dispose()
    html = client.get(DAY).get_data(as_text=True)
    assert "Koffieochtend" in html and "Taalcafé" not in html


def test_each_viewer_gets_their_own_csrf_token_and_their_marks_are_accepted(app, frontdesk, admin, meeting):
    desk, boss = logged_in(app.test_client(), frontdesk), logged_in(app.test_client(), admin)
    desk_page, _ = from_cache(desk)  # kept, with the desk's token taken out
    boss_page = boss.get(DAY).get_data(as_text=True)
    desk_token, boss_token = csrf_tokens(desk_page)["csrf_token"], csrf_tokens(boss_page)["csrf_token"]
    assert desk_token and boss_token and desk_token != boss_token
    occ = occurrences_of(meeting)[0].id
    resp = boss.post(f"/frontdesk/day/bookings/{meeting}/occurrences/{occ}/attendance",
                     data={"attendance": "arrived", "csrf_token": boss_token, "date": "2027-03-29"})
    assert resp.status_code == 302
    assert occurrences_of(meeting)[0].attendance == Attendance.ARRIVED
    # The mark shows at once, for the front desk too.
    assert "state-arrived" in desk.get(DAY).get_data(as_text=True)


ROOMS_READ = "room_part.combination_id = room.id"  # the statement that reads the building's rooms (day_queries)


def next_day_views(client, days: list[str]) -> list[list[str]]:
    """The statements of viewing each of `days` in turn, retried (as from_cache) until the database's change
    key held still across them all: on PostgreSQL a commit anywhere on the server moves it."""
    for _ in range(50):
        with client.application.app_context():
            forget_all()  # an earlier try may have kept these days under the key this one meets
        views = []
        for day in days:
            with counting() as seen:
                assert client.get(f"/frontdesk/day?date={day}").status_code == 200
            views.append([s for s in seen.seen if not s.startswith("BEGIN")])
        if all(len(v) < 5 for v in views[1:]):
            return views
    pytest.skip("the database server's snapshot moved between every two views (other databases committing)")


def test_the_next_day_reads_the_rooms_kept_with_the_day_before_while_nothing_changed(client, frontdesk, meeting):
    logged_in(client, frontdesk)
    first, second, third = next_day_views(client, ["2027-03-27", "2027-03-28", "2027-03-29"])
    assert any(ROOMS_READ in s for s in first)
    # the login's user with the change key, the dates, the closures (the buildings, their rooms and the menu's
    # count are kept); and the extras on the day with a booking
    assert len(second) == 3 and not any(ROOMS_READ in s for s in second)
    assert len(third) == 4 and not any(ROOMS_READ in s for s in third)
    assert "Taalcafé" in client.get(DAY).get_data(as_text=True)


def test_a_room_renamed_by_another_worker_shows_on_the_next_day_at_once(client, frontdesk, meeting, site):
    logged_in(client, frontdesk)
    next_day_views(client, ["2027-03-27", "2027-03-28"])
    other = create_engine(db.engine.url)
    try:
        with other.begin() as conn:
            conn.execute(text("UPDATE room SET name = 'Grote zaal' WHERE id = :id"), {"id": site.zaal.id})
    finally:
        other.dispose()
    html = client.get(DAY).get_data(as_text=True)
    assert "Grote zaal" in html and "Taalcafé" in html


BADGE = re.compile(r'<span class="badge" aria-hidden="true">(\d+)</span>')


def test_a_request_made_by_another_worker_shows_in_the_menu_at_once(client, frontdesk, meeting):
    logged_in(client, frontdesk)
    html, _ = from_cache(client)  # the menu's count kept too
    assert not BADGE.search(html)
    other = create_engine(db.engine.url)
    try:
        with other.begin() as conn:  # the meeting becomes a request waiting for the front desk
            conn.execute(text("UPDATE booking SET status = 'pending' WHERE id = :id"), {"id": meeting})
            conn.execute(text("UPDATE occurrence SET status = 'pending' WHERE booking_id = :id"), {"id": meeting})
    finally:
        other.dispose()
    html = client.get(DAY).get_data(as_text=True)
    assert BADGE.findall(html) == ["1", "1"]  # on the menu button and on the 'Front desk' link
