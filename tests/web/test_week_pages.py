"""A room's and an organisation's week and month: the right dates (DST weeks, pending and cancelled
dates), nothing private for other organisations, who may see which page, and a fixed number of
statements whatever the number of bookings."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from booking.bookings.approvals import reject
from booking.bookings.context import Context
from booking.bookings.services import cancel_occurrence
from booking.calendar.week import lines_that_fit
from booking.domain.recurrence import Recurrence
from booking.extensions import db
from booking.models import Booking, Closure, Occurrence, Room, Status, Visibility
from sqlcount import counting

from .helpers import NOW, book, heading, local, logged_in, notices, page_text

# The grid has 12 tracks per hour row: the 09:00 row starts at line 9 * 12 + 1 in a week of 24 rows.
TRACKS = 12


def ctx(user) -> Context:
    return Context(session=db.session, actor=user, now=NOW)


def day_sections(resp) -> dict[str, str]:
    """The html of each day of a week page, by ISO date."""
    html = resp.get_data(as_text=True)
    parts = re.split(r'<h2 id="day-(\d{4}-\d{2}-\d{2})">', html)
    return {parts[i]: parts[i + 1].split('<li class="week-day', 1)[0] for i in range(1, len(parts), 2)}


def entries(section: str) -> list[dict]:
    """The entries of one day: kind, status, the lines a short block has room for (0: a taller one), grid
    lines, lane, and the text."""
    found = re.findall(r'<li class="entry entry-(\w+) status-(\w+)(?: fit-(\d))?" style="grid-row: (\d+) / (\d+); '
                       r'grid-column: (\d+)">(.*?)</li>', section, re.S)
    return [{"kind": k, "status": s, "fit": int(f or 0), "rows": (int(a), int(b)), "lane": int(c), "text": page_text(t)}
            for k, s, f, a, b, c, t in found]


def week_of(client, url: str) -> dict[str, list[dict]]:
    resp = client.get(url)
    assert resp.status_code == 200, resp.status_code
    return {d: entries(html) for d, html in day_sections(resp).items()}


def row_line(row_index: int) -> int:
    return row_index * TRACKS + 1


@pytest.fixture
def anne(client, member):
    return logged_in(client, member)


@pytest.fixture
def night_and_day(site):
    """The building open day and night, so bookings can lie in the nights the clocks change."""
    for hours in site.building.opening_hours:
        hours.opens_minute, hours.closes_minute = 0, 24 * 60
    db.session.commit()
    return site


# --- the right dates -------------------------------------------------------------------------------

def test_a_room_week_shows_monday_to_sunday_with_the_short_sunday(anne, site, member):
    book(member, site.zaal, local(2027, 3, 22, 9), local(2027, 3, 22, 10, 30), "Koffieochtend")
    book(member, site.zaal, local(2027, 3, 28, 9), local(2027, 3, 28, 10, 30), "Zondagsoverleg")
    resp = anne.get(f"/rooms/{site.zaal.id}/week?date=2027-03-25")
    assert heading(resp) == "Vergaderzaal, week 12"
    assert "ma 22 mrt 2027 – zo 28 mrt 2027" in page_text(resp)
    days = {d: entries(h) for d, h in day_sections(resp).items()}
    assert list(days) == [f"2027-03-{d}" for d in range(22, 29)]
    # The same wall time takes the same rows on the Monday and on the 23-hour Sunday.
    assert days["2027-03-22"] == [{"kind": "booking", "status": "confirmed", "fit": 0,
                                   "rows": (row_line(9), row_line(10) + 6), "lane": 1, "text": "09:00–10:30 Koffieochtend Welzijn Harderwijk"}]
    assert days["2027-03-28"][0]["rows"] == (row_line(9), row_line(10) + 6)
    assert [len(days[d]) for d in days] == [1, 0, 0, 0, 0, 0, 1]
    sunday = day_sections(resp)["2027-03-28"]
    assert "23 uur: de klok gaat een uur vooruit." in page_text(sunday)
    # The Sunday draws no 02:00 hour; the other days do.
    assert sunday.count("hour-cell missing") == 1
    assert day_sections(resp)["2027-03-27"].count("hour-cell missing") == 0
    assert "23 uur" not in page_text(day_sections(resp)["2027-03-27"])


def test_the_nights_the_clocks_change_are_drawn_with_their_true_length(anne, night_and_day, member):
    site = night_and_day
    book(member, site.zaal, local(2027, 3, 28, 1), local(2027, 3, 28, 4), "Nachtwake maart")
    book(member, site.zaal, local(2027, 10, 31, 1), local(2027, 10, 31, 4), "Nachtwake oktober")
    march = week_of(anne, f"/rooms/{site.zaal.id}/week?date=2027-03-28")
    # 01:00-04:00 on the short night: from the 01:00 row to the 04:00 row, over the 02:00 that is not there.
    assert march["2027-03-28"][0]["rows"] == (row_line(1), row_line(4))
    assert march["2027-03-28"][0]["text"].startswith("01:00–04:00 Nachtwake maart")

    resp = anne.get(f"/rooms/{site.zaal.id}/week?date=2027-10-31")
    october = {d: entries(h) for d, h in day_sections(resp).items()}
    assert list(october) == [f"2027-10-{d}" for d in range(25, 32)]
    # The long night: rows 01, 02, 02 again, 03: four hours, to the 04:00 row (the sixth row).
    assert october["2027-10-31"][0]["rows"] == (row_line(1), row_line(5))
    sunday = day_sections(resp)["2027-10-31"]
    assert "25 uur: de klok gaat een uur terug." in page_text(sunday)
    assert sunday.count("hour-cell missing") == 0
    # Every other day of that week lacks the second 02:00; the hour axis names both.
    assert all(day_sections(resp)[f"2027-10-{d}"].count("hour-cell missing") == 1 for d in range(25, 31))
    assert "02:00 (UTC+02:00)" in page_text(resp) and "02:00 (UTC+01:00)" in page_text(resp)


def test_a_date_until_midnight_ends_at_24(anne, night_and_day, member):
    book(member, night_and_day.zaal, local(2027, 3, 24, 22), local(2027, 3, 25, 0), "Laat")
    week = week_of(anne, f"/rooms/{night_and_day.zaal.id}/week?date=2027-03-24")
    assert [(e["text"], e["rows"]) for e in week["2027-03-24"]] == [("22:00–24:00 Laat Welzijn Harderwijk",
                                                                      (row_line(22), row_line(24)))]
    assert week["2027-03-25"] == []


def test_a_time_that_happens_twice_shows_its_offset(anne, night_and_day, frontdesk, site):
    # 02:30 wall time on 31 October is read as the first one (summer time, +02:00).
    book(frontdesk, site.zaal, local(2027, 10, 31, 2, 30), local(2027, 10, 31, 3, 30), "Dubbel uur",
         organisation=site.welzijn)
    october = week_of(anne, f"/rooms/{site.zaal.id}/week?date=2027-10-31")
    entry = october["2027-10-31"][0]
    assert entry["text"].startswith("02:30 (UTC+02:00)–03:30 Dubbel uur")
    # 00:30-02:30 UTC: from half way the first 02:00 row to the 03:00 row (past both 02:00 rows).
    assert entry["rows"] == (row_line(2) + 6, row_line(4) + 6)


def test_a_date_across_midnight_is_on_both_days(anne, site, member):
    # Written straight to the tables: the opening hours let no booking cross midnight, old data may.
    booking = Booking(room=site.zaal, organisation=site.welzijn, creator=member, title="Nachtdienst")
    start, end = local(2027, 3, 23, 22).astimezone(UTC), local(2027, 3, 24, 2).astimezone(UTC)
    booking.occurrences = [Occurrence(room=site.zaal, starts_at=start, ends_at=end, blocked_until=end)]
    db.session.add(booking)
    db.session.commit()
    week = week_of(anne, f"/rooms/{site.zaal.id}/week?date=2027-03-23")
    tuesday, wednesday = week["2027-03-23"][0], week["2027-03-24"][0]
    assert tuesday["rows"] == (row_line(22), row_line(24))
    assert wednesday["rows"] == (row_line(0), row_line(2))
    assert tuesday["text"].startswith("di 23 mrt 2027, 22:00 – wo 24 mrt 2027, 02:00 Nachtdienst")


def test_pending_dates_show_as_waiting_and_cancelled_ones_leave_the_room_free(anne, site, member):
    waiting = book(member, site.theater, local(2027, 3, 23, 19), local(2027, 3, 23, 21), "Toneelavond")
    assert waiting.status == Status.PENDING
    series = book(member, site.zaal, local(2027, 3, 22, 9), local(2027, 3, 22, 10), "Yoga",
                  recurrence=Recurrence(freq="daily", count=3))
    cancel_occurrence(ctx(member), series.id, series.occurrences[1].id, "Docent ziek")

    theater = week_of(anne, f"/rooms/{site.theater.id}/week?date=2027-03-23")
    assert theater["2027-03-23"][0]["status"] == "pending"
    assert theater["2027-03-23"][0]["text"] == "19:00–21:00 wacht op goedkeuring Toneelavond Welzijn Harderwijk"

    zaal = week_of(anne, f"/rooms/{site.zaal.id}/week?date=2027-03-23")
    assert [len(zaal[f"2027-03-{d}"]) for d in (22, 23, 24)] == [1, 0, 1]

    # The organisation's own week shows every date, the cancelled one struck through and said so.
    own = week_of(anne, f"/organisations/{site.welzijn.id}/week?date=2027-03-23")
    assert [(e["status"], e["text"]) for e in own["2027-03-23"]] == [
        ("cancelled", "09:00–10:00 geannuleerd Yoga Vergaderzaal"),
        ("pending", "19:00–21:00 wacht op goedkeuring Toneelavond Theaterzaal")]
    assert [e["status"] for e in own["2027-03-22"] + own["2027-03-24"]] == ["confirmed", "confirmed"]


def test_rejected_requests_show_on_the_organisations_pages_only(anne, site, member, frontdesk):
    request = book(member, site.theater, local(2027, 3, 23, 19), local(2027, 3, 23, 21), "Toneelavond")
    reject(ctx(frontdesk), request.id, "Zaal in onderhoud")
    assert week_of(anne, f"/rooms/{site.theater.id}/week?date=2027-03-23")["2027-03-23"] == []
    own = week_of(anne, f"/organisations/{site.welzijn.id}/week?date=2027-03-23")["2027-03-23"]
    assert [(e["status"], e["text"]) for e in own] == [("rejected", "19:00–21:00 afgewezen Toneelavond Theaterzaal")]


def test_a_combination_shows_on_its_parts_and_the_other_way_round(anne, site, member):
    hall = Room(building=site.building, name="Grote zaal", capacity=20, parts=[site.zaal, site.kamer])
    db.session.add(hall)
    db.session.commit()
    book(member, hall, local(2027, 3, 22, 9), local(2027, 3, 22, 10), "Ledenvergadering")
    book(member, site.kamer, local(2027, 3, 23, 9), local(2027, 3, 23, 10), "Gesprek")
    zaal = week_of(anne, f"/rooms/{site.zaal.id}/week?date=2027-03-22")
    assert zaal["2027-03-22"][0]["text"] == "09:00–10:00 Ledenvergadering Grote zaal Welzijn Harderwijk"
    assert zaal["2027-03-23"] == []
    grote = week_of(anne, f"/rooms/{hall.id}/week?date=2027-03-22")
    assert grote["2027-03-22"][0]["text"] == "09:00–10:00 Ledenvergadering Welzijn Harderwijk"
    assert grote["2027-03-23"][0]["text"] == "09:00–10:00 Gesprek Spreekkamer Welzijn Harderwijk"


def test_closures_of_the_room_and_the_building_show(anne, site):
    db.session.add_all([
        Closure(building_id=site.building.id, room_id=site.zaal.id, starts_at=local(2027, 3, 24, 7),
                ends_at=local(2027, 3, 24, 12), reason="Schilders"),
        Closure(building_id=site.building.id, room_id=site.kamer.id, starts_at=local(2027, 3, 25, 7),
                ends_at=local(2027, 3, 25, 12), reason="Niet deze ruimte"),
        Closure(building_id=site.building.id, starts_at=local(2027, 3, 26, 0), ends_at=local(2027, 3, 27, 0),
                reason="Goede Vrijdag")])
    db.session.commit()
    week = week_of(anne, f"/rooms/{site.zaal.id}/week?date=2027-03-24")
    assert [(e["kind"], e["text"]) for e in week["2027-03-24"]] == [("closure", "07:00–12:00 gesloten Schilders")]
    assert week["2027-03-25"] == []
    assert [(e["kind"], e["rows"], e["text"]) for e in week["2027-03-26"]] == [
        ("closure", (row_line(0), row_line(24)), "hele dag gesloten Goede Vrijdag")]


def test_overlapping_dates_of_an_organisation_stand_side_by_side(anne, site, member):
    book(member, site.zaal, local(2027, 3, 22, 9), local(2027, 3, 22, 11), "Overleg")
    book(member, site.kamer, local(2027, 3, 22, 10), local(2027, 3, 22, 12), "Gesprek")
    day = week_of(anne, f"/organisations/{site.welzijn.id}/week?date=2027-03-22")["2027-03-22"]
    assert [(e["text"].split(" ")[1], e["lane"]) for e in day] == [("Overleg", 1), ("Gesprek", 2)]
    assert 'style="--lanes: 2"' in anne.get(f"/organisations/{site.welzijn.id}/week?date=2027-03-22").get_data(
        as_text=True)


def test_a_short_block_says_how_many_lines_it_has_room_for(anne, site, member):
    """An hour holds the time, the title and the room, each on one line; half an hour one line; two hours
    are drawn as they come (the week's grid is 3.5rem an hour: calendar/week.py lines_that_fit)."""
    book(member, site.zaal, local(2027, 3, 22, 9), local(2027, 3, 22, 9, 30), "Kort overleg")
    book(member, site.zaal, local(2027, 3, 22, 10), local(2027, 3, 22, 11), "Huisoverleg met een lange titel")
    book(member, site.zaal, local(2027, 3, 22, 11, 15), local(2027, 3, 22, 12), "Kwartier")
    book(member, site.zaal, local(2027, 3, 22, 13), local(2027, 3, 22, 15), "Middag")
    day = week_of(anne, f"/organisations/{site.welzijn.id}/week?date=2027-03-22")["2027-03-22"]
    assert [(e["text"].split(" ")[1], e["fit"]) for e in day] == [
        ("Kort", 1), ("Huisoverleg", 3), ("Kwartier", 2), ("Middag", 0)]
    # The room's line is still written out in full for the hour's block: only the screen leaves out what does not fit.
    assert site.zaal.name in day[1]["text"]


def test_lines_that_fit():
    assert [lines_that_fit(h) for h in (0.1, 1.75, 2.625, 3.5, 4.375, 7.0)] == [1, 1, 2, 3, 4, 7]


def test_week_navigation_and_a_bad_date(anne, site):
    resp = anne.get(f"/rooms/{site.zaal.id}/week?date=2027-03-25")
    html = resp.get_data(as_text=True)
    assert f'href="/rooms/{site.zaal.id}/week?date=2027-03-15"' in html
    assert f'href="/rooms/{site.zaal.id}/week?date=2027-03-29"' in html
    assert f'href="/rooms/{site.zaal.id}/week"' in html  # this week
    assert f'href="/rooms/{site.zaal.id}/month?month=2027-03"' in html
    # Without a date: this week (the suite's today is Monday 4 January 2027); a bad date is said and ignored.
    assert heading(anne.get(f"/rooms/{site.zaal.id}/week")) == "Vergaderzaal, week 1"
    resp = anne.get(f"/rooms/{site.zaal.id}/week?date=2027-02-30")
    assert heading(resp) == "Vergaderzaal, week 1"
    assert any("2027-02-30 is geen datum" in n for n in notices(resp))


# --- months ----------------------------------------------------------------------------------------

def month_days(resp) -> dict[str, str]:
    """The text of each day of a month page, by the ISO date its link names."""
    html = resp.get_data(as_text=True)
    found = re.findall(r'<li class="month-day([^"]*)">(.*?)</li>\s*(?=<li class="month-day|</ol>)', html, re.S)
    out = {}
    for classes, body in found:
        iso = re.search(r'date=(\d{4}-\d{2}-\d{2})', body).group(1)
        out[iso] = (classes.strip(), page_text(body))
    return out


def test_a_room_month_shows_the_weeks_of_the_month(anne, site, member, other_member):
    book(member, site.zaal, local(2027, 3, 3, 9), local(2027, 3, 3, 10), "Koffieochtend")
    book(other_member, site.zaal, local(2027, 3, 31, 9), local(2027, 3, 31, 10), "Geheim", visibility="private")
    book(member, site.zaal, local(2027, 4, 2, 9), local(2027, 4, 2, 10), "Vrijdagoverleg")
    resp = anne.get(f"/rooms/{site.zaal.id}/month?month=2027-03")
    assert heading(resp) == "Vergaderzaal, maart 2027"
    days = month_days(resp)
    assert list(days)[0] == "2027-03-01" and list(days)[-1] == "2027-04-04" and len(days) == 35
    assert days["2027-03-03"][1] == "3 wo 3 mrt 2027 09:00–10:00 Koffieochtend Welzijn Harderwijk"
    assert days["2027-03-28"][1] == "28 zo 28 mrt 2027 23 uur"
    assert days["2027-03-31"][1] == "31 wo 31 mrt 2027 09:00–10:00 Bezet"
    # The first days of April end the last week, greyed, with their bookings.
    assert "other-month" in days["2027-04-02"][0] and "Vrijdagoverleg" in days["2027-04-02"][1]
    html = resp.get_data(as_text=True)
    assert f'href="/rooms/{site.zaal.id}/month?month=2027-02"' in html
    assert f'href="/rooms/{site.zaal.id}/month?month=2027-04"' in html
    assert "Geheim" not in html and "Huisarts" not in html


def test_a_full_day_in_a_month_links_to_its_week(anne, site, member):
    for h in range(8, 14):
        book(member, site.zaal, local(2027, 3, 10, h), local(2027, 3, 10, h, 45), f"Gesprek {h}")
    days = month_days(anne.get(f"/organisations/{site.welzijn.id}/month?month=2027-03"))
    assert days["2027-03-10"][1].endswith("Gesprek 11 Vergaderzaal 2 meer (wo 10 mrt 2027)")


def test_a_bad_month_is_said_and_this_month_shown(anne, site):
    resp = anne.get(f"/rooms/{site.zaal.id}/month?month=2027-13")
    assert heading(resp) == "Vergaderzaal, januari 2027"
    assert "2027-13 is geen maand; schrijf hem als 2027-03." in notices(resp)


def test_the_october_month_ends_with_the_long_sunday(anne, site):
    days = month_days(anne.get(f"/organisations/{site.welzijn.id}/month?month=2027-10"))
    assert list(days)[0] == "2027-09-27" and list(days)[-1] == "2027-10-31"
    assert days["2027-10-31"][1] == "31 zo 31 okt 2027 25 uur"


# --- nothing private leaks -------------------------------------------------------------------------

def test_private_bookings_of_others_are_busy_on_a_rooms_pages(client, site, member, other_member, frontdesk):
    book(other_member, site.zaal, local(2027, 3, 23, 9), local(2027, 3, 23, 10), "Huisbezoek mevrouw K.",
         visibility="private")
    book(other_member, site.zaal, local(2027, 3, 24, 9), local(2027, 3, 24, 10), "Scholing", visibility="internal")
    logged_in(client, member)
    for url in (f"/rooms/{site.zaal.id}/week?date=2027-03-23", f"/rooms/{site.zaal.id}/month?month=2027-03"):
        resp = client.get(url)
        text = page_text(resp)
        assert "Bezet" in text and "Huisbezoek" not in text
        # The internal booking shows its title and organisation; the private one shows neither, and no link.
        assert "Scholing Huisartsenpraktijk Stadsdennen" in text
        assert text.count("Huisartsenpraktijk Stadsdennen") == 1
        assert not re.search(r'href="/bookings/\d', resp.get_data(as_text=True))
    week = week_of(client, f"/rooms/{site.zaal.id}/week?date=2027-03-23")
    assert week["2027-03-23"][0]["kind"] == "busy" and week["2027-03-23"][0]["text"] == "09:00–10:00 Bezet"

    client.post("/logout", data={})
    for who in (other_member, frontdesk):
        c = client.application.test_client()
        logged_in(c, who)
        text = page_text(c.get(f"/rooms/{site.zaal.id}/week?date=2027-03-23"))
        assert "Huisbezoek mevrouw K." in text and "Bezet" not in text


def test_the_own_booking_links_to_its_page_others_do_not(anne, site, member, other_member):
    mine = book(member, site.zaal, local(2027, 3, 22, 9), local(2027, 3, 22, 10), "Eigen overleg")
    theirs = book(other_member, site.zaal, local(2027, 3, 22, 11), local(2027, 3, 22, 12), "Hun overleg")
    html = anne.get(f"/rooms/{site.zaal.id}/week?date=2027-03-22").get_data(as_text=True)
    assert f'href="/bookings/{mine.id}"' in html and f'href="/bookings/{theirs.id}"' not in html


# --- who may see which page ------------------------------------------------------------------------

ROLES = ["member", "other_member", "frontdesk", "admin"]


def pages_of(site) -> dict[str, str]:
    return {"room week": f"/rooms/{site.zaal.id}/week", "room month": f"/rooms/{site.zaal.id}/month",
            "welzijn week": f"/organisations/{site.welzijn.id}/week",
            "welzijn month": f"/organisations/{site.welzijn.id}/month", "finder": "/find"}


# Who gets what: Welzijn's pages are for its members (member) and the staff; other_member is of the GP practice.
EXPECTED = {
    "member": {"room week": 200, "room month": 200, "welzijn week": 200, "welzijn month": 200, "finder": 200},
    "other_member": {"room week": 200, "room month": 200, "welzijn week": 403, "welzijn month": 403, "finder": 200},
    "frontdesk": {"room week": 200, "room month": 200, "welzijn week": 200, "welzijn month": 200, "finder": 200},
    "admin": {"room week": 200, "room month": 200, "welzijn week": 200, "welzijn month": 200, "finder": 200},
}


@pytest.mark.parametrize("role", ROLES)
def test_the_permission_of_every_page_for_every_role(client, site, request, role):
    logged_in(client, request.getfixturevalue(role))
    got = {name: client.get(url).status_code for name, url in pages_of(site).items()}
    assert got == EXPECTED[role]


def test_visitors_are_sent_to_log_in(client, site):
    for url in pages_of(site).values():
        resp = client.get(url)
        assert resp.status_code == 302 and "/login" in resp.headers["Location"], url


@pytest.mark.parametrize("role", ROLES)
def test_unknown_and_inactive(client, site, request, role):
    site.kamer.active = False
    db.session.commit()
    user = request.getfixturevalue(role)
    logged_in(client, user)
    staff = role in ("frontdesk", "admin")
    assert client.get("/rooms/999999/week").status_code == 404
    assert client.get("/rooms/99999999999/month").status_code == 404
    # A member asking for another organisation's pages is refused whether it exists or not.
    assert client.get("/organisations/999999/week").status_code == (404 if staff else 403)
    # An inactive room's pages are for the staff only.
    assert client.get(f"/rooms/{site.kamer.id}/week").status_code == (200 if staff else 404)


def test_the_front_desk_can_switch_organisations_members_cannot(client, site, member, frontdesk):
    logged_in(client, frontdesk)
    html = client.get(f"/organisations/{site.welzijn.id}/week").get_data(as_text=True)
    assert f'href="/organisations/{site.huisarts.id}/week?date=2027-01-04"' in html
    c = client.application.test_client()
    logged_in(c, member)
    html = c.get(f"/organisations/{site.welzijn.id}/week").get_data(as_text=True)
    assert f"/organisations/{site.huisarts.id}/" not in html


def test_the_menu_links_a_member_to_their_organisations_week(anne, site):
    html = anne.get("/").get_data(as_text=True)
    assert f'href="/organisations/{site.welzijn.id}/week">Onze agenda</a>' in html
    assert 'href="/find">Vrije ruimte zoeken</a>' in html


# --- a fixed number of statements ------------------------------------------------------------------

def add_bookings(site, member, other_member, n: int, first: datetime) -> None:
    """n bookings of each of two organisations in the week of `first`, over three rooms, written straight
    to the tables (with holds); some private, some pending, some cancelled."""
    rooms = [site.zaal, site.kamer, site.theater]
    for i in range(n):
        for user, org in ((member, site.welzijn), (other_member, site.huisarts)):
            later = timedelta(hours=12) if org is site.huisarts else timedelta()
            start = first + timedelta(days=i % 7, minutes=15 * (i // 7)) + later
            room = rooms[i % 3]
            status = (Status.CONFIRMED, Status.PENDING, Status.CANCELLED)[i % 3]
            booking = Booking(room=room, organisation=org, creator=user, title=f"B{i}", status=status,
                              visibility=(Visibility.PRIVATE, Visibility.INTERNAL)[i % 2])
            booking.occurrences = [Occurrence(room=room, starts_at=start, ends_at=start + timedelta(minutes=10),
                                              blocked_until=start + timedelta(minutes=10), status=status)]
            db.session.add(booking)
    db.session.commit()


@pytest.mark.parametrize("page", ["room week", "room month", "welzijn week", "welzijn month"])
@pytest.mark.parametrize("role", ["member", "frontdesk"])
def test_each_page_sends_as_many_statements_with_many_bookings_as_with_few(client, site, member, other_member,
                                                                             frontdesk, page, role):
    logged_in(client, member if role == "member" else frontdesk)
    first = local(2027, 3, 22, 7).astimezone(UTC)
    url = pages_of(site)[page] + ("?date=2027-03-22" if "week" in page else "?month=2027-03")
    add_bookings(site, member, other_member, 2, first)
    with counting() as few:
        assert client.get(url).status_code == 200
    add_bookings(site, member, other_member, 60, first)
    db.session.add_all([Room(building=site.building, name=f"Extra {i}", capacity=10 + i) for i in range(12)])
    db.session.commit()
    with counting() as many:
        resp = client.get(url)
    assert resp.status_code == 200
    assert len(few) == len(many), (few, many)
    assert len(many) <= 7, many  # the login's user and what the menu reads included


def test_book_this_room_only_where_the_organisation_may(client, site, member, other_member):
    logged_in(client, member)
    link = f'href="/bookings/new?room={site.behandel.id}"'
    assert link not in client.get(f"/rooms/{site.behandel.id}/week").get_data(as_text=True)
    assert f'href="/bookings/new?room={site.zaal.id}"' in client.get(f"/rooms/{site.zaal.id}/month").get_data(
        as_text=True)
    c = client.application.test_client()
    logged_in(c, other_member)  # the GP practice: a care organisation
    assert link in c.get(f"/rooms/{site.behandel.id}/week").get_data(as_text=True)


def test_an_empty_month_says_so(anne, site, member):
    assert "Niets gereserveerd deze maand." in page_text(anne.get(f"/rooms/{site.zaal.id}/month?month=2027-05"))
    book(member, site.zaal, local(2027, 5, 3, 9), local(2027, 5, 3, 10), "Overleg")
    assert "Niets gereserveerd deze maand." not in page_text(anne.get(f"/rooms/{site.zaal.id}/month?month=2027-05"))
