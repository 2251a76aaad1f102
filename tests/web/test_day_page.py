"""The front desk's day (/frontdesk/day): who may see it and mark dates, which dates it shows (DST days,
across midnight, pending, cancelled), the grid's links, the marks, and a fixed number of statements."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
from sqlalchemy import func, select

from booking.bookings.context import Context
from booking.bookings.services import BookingRequest, cancel_occurrence, create_booking
from booking.extensions import db
from booking.models import (AuditEntry, Booking, Building, Closure, Occurrence, Organisation, OrganisationKind, Room,
                            Status, Visibility)
from booking.models.enums import Attendance
from sqlcount import counting

from .helpers import NOW, book, csrf_tokens, form_post, input_value, local, logged_in, occurrences_of, page_text

DAY = "/frontdesk/day"
MONDAY = "2027-03-29"


def get_day(client, query: str = ""):
    return client.get(DAY + (f"?{query}" if query else ""))


def blocks(resp) -> dict[str, list[str]]:
    """The grid's rows: room name -> the texts of its booking blocks, left to right."""
    html = resp.get_data(as_text=True)
    table = re.search(r'<table class="day-grid">(.*?)</table>', html, re.S)
    out: dict[str, list[str]] = {}
    if not table:
        return out
    room = None
    for row in re.findall(r"<tr\b[^>]*>(.*?)</tr>", table.group(1), re.S):
        head = re.search(r'<th scope="row"[^>]*>(.*?)</th>', row, re.S)
        if head:
            room = page_text(re.sub(r"<small>.*?</small>", "", head.group(1), flags=re.S))
            out.setdefault(room, [])
        if room is not None and '<th scope="col"' not in row:
            out[room] += [page_text(b) for b in re.findall(r'<td[^>]*class="block[^"]*"[^>]*>(.*?)</td>', row, re.S)]
    return out


def column_count(resp) -> int:
    """How many half-hour columns the grid's heading spans."""
    html = resp.get_data(as_text=True)
    head = re.search(r"<thead>(.*?)</thead>", html, re.S).group(1)
    return sum(int(n or 1) for n in re.findall(r'<th scope="col"(?: colspan="(\d+)")?>', head))   # not the room's


def listed(resp) -> list[int]:
    """The occurrence ids in the list below the grid, in order."""
    return [int(i) for i in re.findall(r'<li id="occ-(\d+)"', resp.get_data(as_text=True))]


def audit_count(action: str) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action))


def book_utc(actor, room, start: datetime, end: datetime, title: str) -> Booking:
    """A booking through the service at aware instants (helpers.book reads its times as wall times)."""
    return create_booking(Context(db.session, actor, NOW), BookingRequest(room_id=room.id, title=title, start=start,
                                                                          end=end))


def set_hours(site, opens: int, closes: int) -> None:
    """Open the building from `opens` to `closes` minutes after midnight, every day."""
    site.building.opening_hours.clear()
    db.session.flush()
    site.building.set_every_day(opens, closes)
    db.session.commit()


def insert_date(booking: Booking, start: datetime, end: datetime, status: Status = Status.CONFIRMED) -> Occurrence:
    """A date written straight into the table (what the services cannot make: across midnight)."""
    occ = Occurrence(booking_id=booking.id, room_id=booking.room_id, starts_at=start, ends_at=end,
                     blocked_until=end, status=status)
    db.session.add(occ)
    db.session.commit()
    return occ


# --- who may see and mark ---------------------------------------------------------------------------

@pytest.fixture
def scene(site, member, other_member):
    """Anne's confirmed meeting and the GP practice's private consultation on Monday 29 March 2027."""
    meeting = book(member, site.zaal, local(2027, 3, 29, 9), local(2027, 3, 29, 11), "Koffieochtend")
    private = book(other_member, site.behandel, local(2027, 3, 29, 13), local(2027, 3, 29, 14), "Spreekuur diabetes",
                   visibility="private")
    return meeting, private


@pytest.mark.parametrize("role, status", [("anonymous", 302), ("member", 403), ("other_member", 403),
                                          ("frontdesk", 200), ("admin", 200)])
def test_only_the_front_desk_and_administrators_see_the_day(client, request, scene, role, status):
    if role != "anonymous":
        logged_in(client, request.getfixturevalue(role))
    resp = get_day(client, f"date={MONDAY}")
    assert resp.status_code == status
    if role == "anonymous":
        assert "/login" in resp.headers["Location"]
    text = page_text(resp)
    assert ("Spreekuur diabetes" in text) == (status == 200)   # nothing of a private booking on a refusal


@pytest.mark.parametrize("role, status", [("anonymous", 302), ("member", 403), ("other_member", 403),
                                          ("frontdesk", 302), ("admin", 302)])
@pytest.mark.parametrize("what", ["attendance", "setup"])
def test_only_the_front_desk_and_administrators_mark_dates(client, request, scene, role, status, what):
    meeting, _ = scene
    occ = occurrences_of(meeting.id)[0]
    url = f"{DAY}/bookings/{meeting.id}/occurrences/{occ.id}/{what}"
    data = {"attendance": "arrived"} if what == "attendance" else {"done": "1"}
    if role != "anonymous":
        logged_in(client, request.getfixturevalue(role))
    # A valid token of this session, from a page everyone may open: the refusal is about the role.
    token = next(iter(csrf_tokens(client.get("/bookings/new" if role != "anonymous" else "/login")
                                  .get_data(as_text=True)).values()))
    resp = client.post(url, data={**data, "csrf_token": token, "date": MONDAY})
    assert resp.status_code == status
    occ = occurrences_of(meeting.id)[0]
    marked = occ.attendance == Attendance.ARRIVED if what == "attendance" else occ.setup_done_at is not None
    assert marked == (status == 302 and role != "anonymous")
    if role == "anonymous":
        assert "/login" in resp.headers["Location"]


def test_a_post_without_its_csrf_token_is_refused(client, frontdesk, scene):
    meeting, _ = scene
    occ = occurrences_of(meeting.id)[0]
    logged_in(client, frontdesk)
    resp = client.post(f"{DAY}/bookings/{meeting.id}/occurrences/{occ.id}/attendance", data={"attendance": "arrived"})
    assert resp.status_code == 400
    assert occurrences_of(meeting.id)[0].attendance is None


def test_the_navigation_offers_the_day_to_staff_only(client, frontdesk, member, site):
    logged_in(client, member)
    assert f'href="{DAY}"' not in client.get("/bookings/").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', client.get(
        "/bookings/").get_data(as_text=True)).group(1)})
    logged_in(client, frontdesk)
    assert f'href="{DAY}"' in client.get("/bookings/").get_data(as_text=True)


# --- what the day shows -----------------------------------------------------------------------------

def test_every_active_room_with_its_confirmed_and_pending_dates_and_nothing_else(client, frontdesk, site, member,
                                                                                  other_member):
    book(member, site.zaal, local(2027, 3, 29, 9), local(2027, 3, 29, 11), "Koffieochtend")
    pending = book(member, site.theater, local(2027, 3, 29, 10), local(2027, 3, 29, 12), "Buurtvoorstelling")
    assert pending.status == Status.PENDING
    gone = book(member, site.kamer, local(2027, 3, 29, 14), local(2027, 3, 29, 15), "Afgezegd overleg")
    cancel_occurrence(Context(db.session, member, NOW), gone.id, occurrences_of(gone.id)[0].id)
    refused = book(member, site.kamer, local(2027, 3, 29, 16), local(2027, 3, 29, 17), "Afgewezen")
    occ = occurrences_of(refused.id)[0]
    occ.status, occ.holds = Status.REJECTED, []
    db.session.commit()
    book(member, site.zaal, local(2027, 3, 30, 9), local(2027, 3, 30, 11), "Dinsdagoverleg")
    book(member, site.zaal, local(2027, 3, 28, 22), local(2027, 3, 28, 23), "Zondagavond")
    stored = db.session.get(Room, site.behandel.id)
    stored.active = False
    db.session.commit()

    logged_in(client, frontdesk)
    resp = get_day(client, f"date={MONDAY}")
    grid = blocks(resp)
    assert sorted(grid) == ["Spreekkamer", "Theaterzaal", "Vergaderzaal"]       # the inactive room is gone
    assert grid["Vergaderzaal"] == ["Koffieochtend Welzijn Harderwijk 09:00–11:00"]
    assert grid["Theaterzaal"][0].startswith("Buurtvoorstelling Welzijn Harderwijk 10:00–12:00")
    assert "wacht op goedkeuring" in grid["Theaterzaal"][0]                      # pending: written, not only hatched
    assert grid["Spreekkamer"] == []
    html = resp.get_data(as_text=True)
    assert 'class="block org-c' in html and ' pending"' in html
    text = page_text(resp)
    for absent in ("Afgezegd overleg", "Afgewezen", "Dinsdagoverleg", "Zondagavond"):
        assert absent not in text
    assert "maandag 29 maart 2027" in text and "De Kiekmure" in text
    assert column_count(resp) == 32


def test_the_day_is_the_building_s_local_day_on_both_dst_sundays(client, frontdesk, site, member):
    set_hours(site, 0, 24 * 60)
    saturday_late = book(member, site.zaal, local(2027, 3, 27, 23), local(2027, 3, 28, 0), "Zaterdag laat")
    early = book(member, site.zaal, local(2027, 3, 28, 1), local(2027, 3, 28, 1, 30), "Voor de sprong")
    after = book(member, site.zaal, local(2027, 3, 28, 3), local(2027, 3, 28, 4), "Na de sprong")
    sunday_late = book(member, site.zaal, local(2027, 3, 28, 23), local(2027, 3, 29, 0), "Zondag laat")
    monday = book(member, site.zaal, local(2027, 3, 29, 0), local(2027, 3, 29, 1), "Maandag vroeg")
    logged_in(client, frontdesk)
    spring = get_day(client, "date=2027-03-28")
    assert column_count(spring) == 46
    assert [o.booking_id for o in map(lambda i: db.session.get(Occurrence, i), listed(spring))] == [
        early.id, after.id, sunday_late.id]
    assert blocks(spring)["Vergaderzaal"] == ["Voor de sprong Welzijn Harderwijk 01:00–01:30",
                                              "Na de sprong Welzijn Harderwijk 03:00–04:00",
                                              "Zondag laat Welzijn Harderwijk 23:00–00:00"]
    assert "02:00" not in re.search(r"<thead>(.*?)</thead>", spring.get_data(as_text=True), re.S).group(1)
    saturday = get_day(client, "date=2027-03-27")
    assert [db.session.get(Occurrence, i).booking_id for i in listed(saturday)] == [saturday_late.id]
    assert [db.session.get(Occurrence, i).booking_id for i in listed(get_day(client, "date=2027-03-29"))] == [monday.id]

    twice_first = book_utc(member, site.kamer, datetime(2027, 10, 31, 0, 0, tzinfo=UTC),
                           datetime(2027, 10, 31, 0, 30, tzinfo=UTC), "Eerste twee uur")     # 02:00 +02:00
    twice_second = book_utc(member, site.kamer, datetime(2027, 10, 31, 1, 0, tzinfo=UTC),
                            datetime(2027, 10, 31, 1, 30, tzinfo=UTC), "Tweede twee uur")    # 02:00 +01:00
    late = book(member, site.kamer, local(2027, 10, 31, 23, 30), local(2027, 11, 1, 0), "Laatste half uur")
    autumn = get_day(client, "date=2027-10-31")
    assert column_count(autumn) == 50
    head = re.search(r"<thead>(.*?)</thead>", autumn.get_data(as_text=True), re.S).group(1)
    assert head.count(">02:00") == 2 and "+01:00" in head and "+02:00" in head
    assert [db.session.get(Occurrence, i).booking_id for i in listed(autumn)] == [
        twice_first.id, twice_second.id, late.id]
    assert blocks(autumn)["Spreekkamer"] == ["Eerste twee uur Welzijn Harderwijk 02:00 (+02:00)–02:30 (+02:00)",
                                             "Tweede twee uur Welzijn Harderwijk 02:00 (+01:00)–02:30 (+01:00)",
                                             "Laatste half uur Welzijn Harderwijk 23:30–00:00"]


def test_a_date_across_midnight_shows_on_both_days(client, frontdesk, site, member):
    set_hours(site, 0, 24 * 60)
    night = book(member, site.zaal, local(2027, 4, 2, 20), local(2027, 4, 2, 21), "Nachtwake")
    across = insert_date(night, local(2027, 4, 2, 22), local(2027, 4, 3, 2))
    logged_in(client, frontdesk)
    friday, saturday, sunday = (get_day(client, f"date=2027-04-0{d}") for d in (2, 3, 4))
    assert across.id in listed(friday) and across.id in listed(saturday) and across.id not in listed(sunday)
    assert blocks(friday)["Vergaderzaal"][1] == "Nachtwake Welzijn Harderwijk 22:00–02:00 →"
    assert blocks(saturday)["Vergaderzaal"] == ["Nachtwake Welzijn Harderwijk ← 22:00–02:00"]
    # Saturday with daytime hours only: the grid still opens at midnight for the date that runs into it.
    set_hours(site, 7 * 60, 23 * 60)
    saturday = get_day(client, "date=2027-04-03")
    assert column_count(saturday) == 32 + 14 and blocks(saturday)["Vergaderzaal"][0].startswith("Nachtwake")


def test_a_private_booking_shows_to_the_front_desk(client, frontdesk, scene):
    logged_in(client, frontdesk)
    assert blocks(get_day(client, f"date={MONDAY}"))["Behandelkamer"] == [
        "Spreekuur diabetes Huisartsenpraktijk Stadsdennen 13:00–14:00"]


def test_combined_rooms_stand_beside_their_parts_and_hold_them(client, frontdesk, admin, site, member):
    a = Room(building=site.building, name="Zaal A", capacity=40)
    b = Room(building=site.building, name="Zaal B", capacity=40)
    db.session.add_all([a, b])
    db.session.flush()
    hall = Room(building=site.building, name="Grote zaal", capacity=80, parts=[a, b])
    db.session.add(hall)
    db.session.commit()
    book(member, hall, local(2027, 3, 29, 19), local(2027, 3, 29, 21), "Informatieavond")
    logged_in(client, frontdesk)
    resp = get_day(client, f"date={MONDAY}")
    assert list(blocks(resp)) == ["Behandelkamer", "Grote zaal", "Zaal A", "Zaal B", "Spreekkamer", "Theaterzaal",
                                  "Vergaderzaal"]
    html = resp.get_data(as_text=True)
    assert len(re.findall(r'class="held"><span><span class="visually-hidden">[^<]*</span>Grote zaal</span>', html)) == 2
    assert '<tbody class="combined">' in html


def test_closures_are_shaded_and_written_out(client, frontdesk, site):
    db.session.add_all([
        Closure(building_id=site.building.id, room_id=None, starts_at=local(2027, 3, 29, 7),
                ends_at=local(2027, 3, 29, 9), reason="Schoonmaak"),
        Closure(building_id=site.building.id, room_id=site.kamer.id, starts_at=local(2027, 3, 29, 12),
                ends_at=local(2027, 3, 29, 14), reason="Nieuwe vloer")])
    db.session.commit()
    logged_in(client, frontdesk)
    resp = get_day(client, f"date={MONDAY}")
    html = resp.get_data(as_text=True)
    assert len(re.findall(r'colspan="4" class="closed"><span>Gesloten: Schoonmaak', html)) == 4
    assert len(re.findall(r'colspan="4" class="closed"><span>Gesloten: Nieuwe vloer', html)) == 1
    text = page_text(re.search(r'<section class="day-closures".*?</section>', html, re.S).group(0))
    assert "Hele gebouw" in text and "Schoonmaak" in text and "Spreekkamer" in text and "Nieuwe vloer" in text


def test_an_empty_half_hour_opens_the_booking_form_filled_in(client, frontdesk, site):
    logged_in(client, frontdesk)
    html = get_day(client, f"date={MONDAY}").get_data(as_text=True)
    link = f"/bookings/new?room={site.zaal.id}&amp;day={MONDAY}&amp;start=09:30"
    assert link in html
    form = client.get(unescape(link))
    assert form.status_code == 200
    assert input_value(form, "day") == MONDAY
    assert input_value(form, "start_time") == "09:30"
    assert input_value(form, "end_time") == "10:30"
    assert re.search(rf'<option selected value="{site.zaal.id}"|<option value="{site.zaal.id}" selected',
                     form.get_data(as_text=True))
    late = client.get(f"/bookings/new?room={site.zaal.id}&day={MONDAY}&start=23:30")
    assert input_value(late, "start_time") == "23:30" and input_value(late, "end_time") == ""
    junk = client.get(f"/bookings/new?room={site.zaal.id}&day=2027-02-30&start=9h")
    assert junk.status_code == 200 and input_value(junk, "day") == "" and input_value(junk, "start_time") == ""


def test_a_booking_opens_its_page(client, frontdesk, scene):
    meeting, _ = scene
    logged_in(client, frontdesk)
    assert f'<a href="/bookings/{meeting.id}">' in get_day(client, f"date={MONDAY}").get_data(as_text=True)


def test_the_date_navigation_and_a_wrong_date(client, frontdesk, site):
    logged_in(client, frontdesk)
    html = get_day(client, f"date={MONDAY}").get_data(as_text=True)
    assert f'href="{DAY}?date=2027-03-28"' in html and f'href="{DAY}?date=2027-03-30"' in html
    assert 'name="date" value="2027-03-29"' in html
    today = get_day(client)
    assert "maandag 4 januari 2027" in page_text(today) and 'aria-current="date"' in today.get_data(as_text=True)
    wrong = get_day(client, "date=2027-02-30")
    assert wrong.status_code == 200 and "maandag 4 januari 2027" in page_text(wrong)
    assert "2027-02-30 is geen datum" in page_text(wrong)


def test_the_now_line_is_on_today_s_page_only(client, frontdesk, site):
    logged_in(client, frontdesk)
    today = get_day(client).get_data(as_text=True)     # NOW: Monday 4 January 2027, 09:00 in Harderwijk
    assert 'class="now-line"' in today and "--now: 4.000;" in today and "Nu: 09:00." in page_text(today)
    other = get_day(client, "date=2027-01-05").get_data(as_text=True)
    assert 'class="now-line"' not in other and "--now" not in other


def test_the_building_to_show(client, frontdesk, site):
    roef = Building(name="De Roef", timezone="Europe/Amsterdam")
    db.session.add_all([roef, Room(building=roef, name="Roefzaal", capacity=20)])
    db.session.commit()
    logged_in(client, frontdesk)
    default = get_day(client, f"date={MONDAY}")
    assert "Roefzaal" not in blocks(default) and "Vergaderzaal" in blocks(default)
    html = default.get_data(as_text=True)
    assert f'<option value="{roef.id}">De Roef</option>' in html
    other = get_day(client, f"date={MONDAY}&building={roef.id}")
    assert list(blocks(other)) == ["Roefzaal"] and "Dagoverzicht De Roef" in page_text(other)
    assert f'href="{DAY}?date=2027-03-30&amp;building={roef.id}"' in other.get_data(as_text=True)
    assert get_day(client, "building=999999").status_code == 404
    assert get_day(client, "building=abc").status_code == 404


# --- attendance and setup notes ---------------------------------------------------------------------

def test_the_front_desk_marks_arrivals_and_a_second_post_changes_nothing(client, frontdesk, site, member):
    meeting = book(member, site.zaal, local(2027, 3, 29, 9), local(2027, 3, 29, 11), "Koffieochtend")
    occ = occurrences_of(meeting.id)[0]
    logged_in(client, frontdesk)
    url = f"{DAY}/bookings/{meeting.id}/occurrences/{occ.id}/attendance"
    source = f"{DAY}?date={MONDAY}"
    resp = form_post(client, url, {"attendance": "arrived", "date": MONDAY}, source=source)
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"{DAY}?date={MONDAY}#occ-{occ.id}")
    stored = occurrences_of(meeting.id)[0]
    assert stored.attendance == Attendance.ARRIVED and stored.arrived_at == NOW
    form_post(client, url, {"attendance": "arrived", "date": MONDAY}, source=source)
    assert audit_count("occurrence.attendance") == 1
    page = client.get(source)
    assert "Aangekomen" in page_text(page) and "Koffieochtend" in page_text(page)
    form_post(client, url, {"attendance": "no_show", "date": MONDAY}, source=source)
    stored = occurrences_of(meeting.id)[0]
    assert stored.attendance == Attendance.NO_SHOW and stored.arrived_at is None
    form_post(client, url, {"attendance": "", "date": MONDAY}, source=source)
    assert occurrences_of(meeting.id)[0].attendance is None
    assert audit_count("occurrence.attendance") == 3
    bad = form_post(client, url, {"attendance": "late", "date": MONDAY}, source=source)
    assert bad.status_code == 302 and occurrences_of(meeting.id)[0].attendance is None
    missing = form_post(client, url, {"date": MONDAY}, source=source)
    assert missing.status_code == 302 and audit_count("occurrence.attendance") == 3


def test_a_date_still_to_come_may_be_marked_no_show(client, frontdesk, site, member):
    later = book(member, site.zaal, local(2027, 6, 1, 9), local(2027, 6, 1, 10), "Zomeroverleg")
    occ = occurrences_of(later.id)[0]
    logged_in(client, frontdesk)
    form_post(client, f"{DAY}/bookings/{later.id}/occurrences/{occ.id}/attendance",
              {"attendance": "no_show", "date": "2027-06-01"}, source=f"{DAY}?date=2027-06-01")
    assert occurrences_of(later.id)[0].attendance == Attendance.NO_SHOW


def test_an_unknown_date_or_one_of_another_booking_is_not_found(client, frontdesk, scene):
    meeting, private = scene
    other = occurrences_of(private.id)[0]
    logged_in(client, frontdesk)
    for booking_id, occ_id in ((meeting.id, other.id), (999999, other.id), (meeting.id, 999999)):
        resp = form_post(client, f"{DAY}/bookings/{booking_id}/occurrences/{occ_id}/attendance",
                         {"attendance": "arrived", "date": MONDAY}, source=f"{DAY}?date={MONDAY}")
        assert resp.status_code == 404
    assert occurrences_of(private.id)[0].attendance is None


def test_the_front_desk_sees_and_ticks_off_the_setup_notes(client, frontdesk, site, member):
    meeting = book(member, site.zaal, local(2027, 3, 29, 9), local(2027, 3, 29, 11), "Koffieochtend")
    meeting.setup_notes = "Tafels in U-vorm, koffie voor 12"
    db.session.commit()
    occ = occurrences_of(meeting.id)[0]
    logged_in(client, frontdesk)
    source = f"{DAY}?date={MONDAY}"
    page = client.get(source)
    assert "Tafels in U-vorm, koffie voor 12" in page_text(page)
    assert "✎" in blocks(page)["Vergaderzaal"][0] or "Opmerkingen voor de balie" in blocks(page)["Vergaderzaal"][0]
    url = f"{DAY}/bookings/{meeting.id}/occurrences/{occ.id}/setup"
    resp = form_post(client, url, {"done": "1", "date": MONDAY}, source=source)
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"#occ-{occ.id}")
    assert occurrences_of(meeting.id)[0].setup_done_at == NOW
    form_post(client, url, {"done": "1", "date": MONDAY}, source=source)
    assert audit_count("occurrence.setup_done") == 1
    assert "Klaargezet" in page_text(client.get(source))
    form_post(client, url, {"done": "0", "date": MONDAY}, source=source)
    assert occurrences_of(meeting.id)[0].setup_done_at is None
    assert audit_count("occurrence.setup_done") == 2


# --- cost -------------------------------------------------------------------------------------------

def _fill(site, rooms: int, bookings: int) -> None:
    """`rooms` more rooms (a combination among them) and `bookings` dates on Monday 29 March, written directly."""
    made = [Room(building=site.building, name=f"Ruimte {i:02d}", capacity=10) for i in range(rooms)]
    db.session.add_all(made)
    db.session.flush()
    if len(made) >= 2:
        db.session.add(Room(building=site.building, name="Combinatie", capacity=20, parts=made[:2]))
    orgs = [Organisation(name=f"Organisatie {i}", kind=OrganisationKind.OTHER) for i in range(5)]
    db.session.add_all(orgs)
    db.session.flush()
    targets = made or [site.zaal, site.kamer]
    for i in range(bookings):
        room = targets[i % len(targets)]
        slot = i // len(targets)
        start = local(2027, 3, 29, 7) + timedelta(minutes=20 * slot)
        b = Booking(room=room, organisation=orgs[i % 5], title=f"Bijeenkomst {i}",
                    setup_notes="koffie" if i % 3 else "",
                    visibility=Visibility.PRIVATE if i % 4 == 0 else Visibility.INTERNAL,
                    status=Status.PENDING if i % 7 == 0 else Status.CONFIRMED, expected_people=i % 12)
        b.occurrences = [Occurrence(room=room, starts_at=start, ends_at=start + timedelta(minutes=20),
                                    blocked_until=start + timedelta(minutes=20),
                                    status=Status.PENDING if i % 7 == 0 else Status.CONFIRMED,
                                    attendance=Attendance.ARRIVED if i % 5 == 0 else None)]
        db.session.add(b)
    db.session.add(Closure(building_id=site.building.id, room_id=targets[0].id, starts_at=local(2027, 3, 29, 20),
                           ends_at=local(2027, 3, 29, 22), reason="Onderhoud"))
    db.session.commit()


def _count(client, query: str):
    with counting() as statements:
        resp = get_day(client, query)
    assert resp.status_code == 200
    return statements


def own_reads(statements) -> list[str]:
    """The statements of the day itself: buildings, rooms, dates, closures (not the extras', which finds the
    day's bookings from its dates in a subquery)."""
    return [s for s in statements.seen
            if re.search(r"\bFROM (building|room|occurrence|closure)\b", s) and "count(" not in s
            and "FROM booking_extra" not in s]


def test_the_page_reads_a_fixed_number_of_statements(client, frontdesk, site, member):
    logged_in(client, frontdesk)
    book(member, site.zaal, local(2027, 3, 29, 9), local(2027, 3, 29, 10), "Een")
    book(member, site.kamer, local(2027, 3, 29, 9), local(2027, 3, 29, 10), "Twee")
    small = _count(client, f"date={MONDAY}")
    _fill(site, rooms=30, bookings=150)
    db.session.add(Building(name="De Roef"))
    db.session.commit()
    large = _count(client, f"date={MONDAY}")  # the first view since the change: read afresh, not from the cache
    resp = get_day(client, f"date={MONDAY}")
    assert len(listed(resp)) == 152 and len(blocks(resp)) == 4 + 30 + 1
    assert len(small) == len(large) <= 8, (small, large)   # with what every page costs (the login session's user)
    assert len(own_reads(small)) == len(own_reads(large)) == 4, large
