"""'Our bookings' and the approval queue a page at a time: 50 rows, sorted, with the total and links
that keep the filters; odd page numbers are no error; the front desk starts at today and the coming week."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from babel.dates import format_datetime
from sqlalchemy import select

from booking.domain.recurrence import Recurrence
from booking.extensions import db
from booking.models import Booking, Occurrence, RoomHold, Status, Visibility

from .helpers import AMS, book, heading, local, logged_in, page_text, rows

QUEUE = "/frontdesk/approvals"


def when(occ: Occurrence) -> str:
    """The 'When' cell of a date: 'ma 1 mrt 2027, 09:00–10:00'."""
    start, end = occ.starts_at.astimezone(AMS), occ.ends_at.astimezone(AMS)
    return f"{format_datetime(start, 'EEE d MMM y, HH:mm', locale='nl')}–{format_datetime(end, 'HH:mm', locale='nl')}"


def dates_of(booking: Booking) -> list[Occurrence]:
    db.session.rollback()
    return list(db.session.scalars(select(Occurrence).where(Occurrence.booking_id == booking.id)
                                   .order_by(Occurrence.starts_at, Occurrence.id)))


def pager_text(resp) -> str:
    m = re.search(r'<p class="pager-count">(.*?)</p>', resp.get_data(as_text=True), re.S)
    return page_text(m.group(1)) if m else ""


def link(resp, rel: str) -> str | None:
    """The href of the pager's previous or next link, or None."""
    m = re.search(rf'<a class="button" rel="{rel}" href="([^"]*)"', resp.get_data(as_text=True))
    return unescape(m.group(1)) if m else None


def query(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    assert parts.path == "/bookings/" or parts.path == QUEUE, url
    return {k: v[0] for k, v in parse_qs(parts.query).items()}


def bulk_series(member, room, n: int, first: datetime, title: str = "Taalcafé") -> Booking:
    """A daily series of `n` one-hour dates from `first`, put in through the models (for big lists)."""
    booking = Booking(room=room, organisation=member.organisation, creator=member, title=title,
                      recurrence="RRULE:FREQ=DAILY", visibility=Visibility.INTERNAL)
    for k in range(n):
        start = first + timedelta(days=k)
        end = start + timedelta(hours=1)
        occ = Occurrence(booking=booking, room=room, starts_at=start, ends_at=end, blocked_until=end,
                         status=Status.CONFIRMED)
        occ.holds = [RoomHold(room_id=room.id, starts_at=start, blocked_until=end)]
    db.session.add(booking)
    db.session.commit()
    return booking


@pytest.fixture
def hundred_twenty(site, member) -> list[Occurrence]:
    """Anne's daily series of 120 dates from Monday 1 March 2027, 09:00-10:00, booked through the service."""
    series = book(member, site.zaal, local(2027, 3, 1, 9), local(2027, 3, 1, 10), "Taalcafé",
                  recurrence=Recurrence("daily", count=120))
    dates = dates_of(series)
    assert len(dates) == 120
    return dates


@pytest.fixture
def anne(client, member):
    return logged_in(client, member)


# --- pages of 50, in order, with the total -----------------------------------------------------------

def test_upcoming_dates_come_fifty_a_page_soonest_first(anne, hundred_twenty):
    resp = anne.get("/bookings/")
    assert [r[0] for r in rows(resp)] == [when(o) for o in hundred_twenty[:50]]
    assert pager_text(resp) == "1–50 van 120"
    assert link(resp, "prev") is None and link(resp, "next") == "/bookings/?page=2"

    resp = anne.get("/bookings/?page=2")
    assert [r[0] for r in rows(resp)] == [when(o) for o in hundred_twenty[50:100]]
    assert pager_text(resp) == "51–100 van 120"
    assert link(resp, "prev") == "/bookings/" and link(resp, "next") == "/bookings/?page=3"

    resp = anne.get("/bookings/?page=3")
    assert [r[0] for r in rows(resp)] == [when(o) for o in hundred_twenty[100:]]
    assert pager_text(resp) == "101–120 van 120"
    assert link(resp, "prev") == "/bookings/?page=2" and link(resp, "next") is None


def test_past_dates_come_latest_first_and_dates_at_one_time_by_id(anne, site, member):
    before = datetime(2026, 10, 1, tzinfo=UTC)
    series = book(member, site.zaal, local(2026, 11, 1, 9), local(2026, 11, 1, 10), "Oud overleg",
                  recurrence=Recurrence("daily", count=60), now=before)  # 1 November to 30 December
    one = book(member, site.kamer, local(2026, 12, 30, 9), local(2026, 12, 30, 10), "Spreekuur", now=before)
    two = book(member, site.theater, local(2026, 12, 30, 9), local(2026, 12, 30, 10), "Intake", now=before)
    dates, [first], [second] = dates_of(series), dates_of(one), dates_of(two)
    assert dates[-1].id < first.id < second.id
    resp = anne.get("/bookings/?scope=past")
    assert pager_text(resp) == "1–50 van 62"
    # 30 December, 09:00: the series' last date and the two single bookings at the same moment, by id.
    assert [r[2] for r in rows(resp)[:3]] == ["Oud overleg", "Spreekuur", "Intake"]
    assert [r[0] for r in rows(resp)[3:]] == [when(o) for o in reversed(dates[-48:-1])]
    resp = anne.get("/bookings/?scope=past&page=2")
    assert pager_text(resp) == "51–62 van 62"
    assert [r[0] for r in rows(resp)] == [when(o) for o in reversed(dates[:12])]
    assert link(resp, "prev") == "/bookings/?scope=past" and link(resp, "next") is None


def test_the_total_in_both_languages_with_thousands(client, site, member, make_user):
    bulk_series(member, site.zaal, 1234, local(2027, 2, 1, 9))
    logged_in(client, member)
    resp = client.get("/bookings/?page=2")
    assert pager_text(resp) == "51–100 van 1.234"
    english = logged_in(client.application.test_client(), make_user("member", site.welzijn, language="en"))
    resp = english.get("/bookings/?page=2")
    assert pager_text(resp) == "51–100 of 1,234"
    assert "Previous" in page_text(resp) and "Next" in page_text(resp)
    resp = english.get("/bookings/?page=25")
    assert pager_text(resp) == "1,201–1,234 of 1,234"


def test_pager_links_keep_the_filters(anne, site, hundred_twenty):
    resp = anne.get(f"/bookings/?scope=upcoming&room={site.zaal.id}&from=2027-03-01&to=2027-12-31")
    assert pager_text(resp) == "1–50 van 120"
    assert query(link(resp, "next")) == {"scope": "upcoming", "room": str(site.zaal.id), "from": "2027-03-01",
                                         "to": "2027-12-31", "page": "2"}
    resp = anne.get(link(resp, "next"))
    assert [r[0] for r in rows(resp)] == [when(o) for o in hundred_twenty[50:100]]
    assert query(link(resp, "prev")) == {"scope": "upcoming", "room": str(site.zaal.id), "from": "2027-03-01",
                                         "to": "2027-12-31"}
    # A filter that leaves fewer dates: fewer pages.
    resp = anne.get("/bookings/?from=2027-04-01&to=2027-04-30")
    assert pager_text(resp) == "1–30 van 30"
    assert link(resp, "next") is None and link(resp, "prev") is None


def test_staff_links_keep_the_organisation_and_all(client, site, frontdesk, hundred_twenty):
    logged_in(client, frontdesk)
    resp = client.get(f"/bookings/?all=1&organisation={site.welzijn.id}")
    assert pager_text(resp) == "1–50 van 120"
    assert query(link(resp, "next")) == {"all": "1", "organisation": str(site.welzijn.id), "page": "2"}
    assert 'name="all" value="1"' in resp.get_data(as_text=True)  # the filter form keeps it too
    resp = client.get(f"/bookings/?all=1&organisation={site.huisarts.id}")
    assert rows(resp) == [] and "Geen reserveringen gevonden." in page_text(resp)


@pytest.mark.parametrize("raw, shown", [
    ("-1", "1–50"), ("x", "1–50"), ("²", "1–50"), ("0", "1–50"), ("", "1–50"), ("1.5", "1–50"), ("%00", "1–50"),
    ("1e3", "1–50"), ("2", "51–100"), ("3", "101–120"), ("4", "101–120"), ("99999999999", "101–120"),
    ("9" * 5000, "101–120")])
def test_odd_page_numbers_show_a_page_never_an_error(anne, hundred_twenty, raw, shown):
    resp = anne.get(f"/bookings/?page={raw}")
    assert resp.status_code == 200
    assert pager_text(resp) == f"{shown} van 120"
    assert len(rows(resp)) == (20 if shown == "101–120" else 50)


def test_a_page_of_an_empty_list_says_so(anne, site):
    for url in ("/bookings/?page=5", "/bookings/?scope=past&page=99999999999"):
        resp = anne.get(url)
        assert resp.status_code == 200
        assert rows(resp) == [] and pager_text(resp) == ""
        assert "Geen reserveringen gevonden." in page_text(resp)


def test_one_page_shows_the_total_and_no_links(anne, site, member):
    book(member, site.zaal, local(2027, 3, 29, 9), local(2027, 3, 29, 11), "Koffieochtend")
    resp = anne.get("/bookings/")
    assert pager_text(resp) == "1–1 van 1"
    assert link(resp, "prev") is None and link(resp, "next") is None


# --- the front desk's default: today and the coming week --------------------------------------------

@pytest.fixture
def around_the_week(site, member, other_member):
    """'Now' is Monday 4 January 2027, 09:00. A date that ended this morning, one this afternoon, one on
    Monday 11 January (the last day of the coming week), one on the 12th, one in March."""
    early = datetime(2027, 1, 1, tzinfo=UTC)
    book(member, site.zaal, local(2027, 1, 4, 7), local(2027, 1, 4, 8), "Ontbijt", now=early)
    book(member, site.zaal, local(2027, 1, 4, 14), local(2027, 1, 4, 15), "Vandaag")
    book(other_member, site.kamer, local(2027, 1, 11, 21), local(2027, 1, 11, 22), "Laatste dag")
    book(member, site.kamer, local(2027, 1, 12, 9), local(2027, 1, 12, 10), "Net erna")
    book(member, site.zaal, local(2027, 3, 29, 9), local(2027, 3, 29, 11), "Maart")


@pytest.mark.parametrize("role", ["frontdesk", "admin"])
def test_staff_start_with_today_and_the_coming_week(client, site, make_user, around_the_week, role):
    logged_in(client, make_user(role, site.kiekmure))
    resp = client.get("/bookings/")
    assert heading(resp) == "Reserveringen"
    assert [r[2] for r in rows(resp)] == ["Vandaag", "Laatste dag"]
    assert "Vandaag en de komende week: ma 4 jan 2027 t/m ma 11 jan 2027. Alle komende" in page_text(resp)
    assert pager_text(resp) == "1–2 van 2"
    everything = re.search(r'<a href="([^"]*)">Alle komende</a>', resp.get_data(as_text=True)).group(1)
    assert query(unescape(everything)) == {"all": "1"}

    resp = client.get(unescape(everything))
    assert [r[2] for r in rows(resp)] == ["Vandaag", "Laatste dag", "Net erna", "Maart"]
    assert "Vandaag en de komende week:" not in page_text(resp)
    assert "Alle komende data. Vandaag en de komende week" in page_text(resp)
    back = re.search(r'<a href="([^"]*)">Vandaag en de komende week</a>', resp.get_data(as_text=True)).group(1)
    assert back == "/bookings/"


def test_the_link_to_all_upcoming_keeps_the_filters(client, site, frontdesk, around_the_week):
    logged_in(client, frontdesk)
    resp = client.get(f"/bookings/?room={site.kamer.id}&organisation={site.huisarts.id}")
    assert [r[2] for r in rows(resp)] == ["Laatste dag"]
    everything = re.search(r'<a href="([^"]*)">Alle komende</a>', resp.get_data(as_text=True)).group(1)
    assert query(unescape(everything)) == {"all": "1", "room": str(site.kamer.id),
                                           "organisation": str(site.huisarts.id)}
    resp = client.get(f"/bookings/?room={site.kamer.id}&all=1")
    assert [r[2] for r in rows(resp)] == ["Laatste dag", "Net erna"]


def test_staff_dates_and_the_past_replace_the_default(client, site, frontdesk, around_the_week):
    logged_in(client, frontdesk)
    resp = client.get("/bookings/?from=2027-03-01")
    assert [r[2] for r in rows(resp)] == ["Maart"]
    assert "Vandaag en de komende week" not in page_text(resp)
    resp = client.get("/bookings/?to=2027-01-12")
    assert [r[2] for r in rows(resp)] == ["Vandaag", "Laatste dag", "Net erna"]
    resp = client.get("/bookings/?scope=past")
    assert [r[2] for r in rows(resp)] == ["Ontbijt"]
    assert "Vandaag en de komende week" not in page_text(resp)


def test_members_keep_all_their_upcoming_dates(anne, around_the_week):
    resp = anne.get("/bookings/")
    assert [r[2] for r in rows(resp)] == ["Vandaag", "Net erna", "Maart"]
    assert "Vandaag en de komende week" not in page_text(resp) and "Alle komende" not in page_text(resp)


# --- the approval queue ------------------------------------------------------------------------------

def test_the_approval_queue_comes_fifty_a_page_oldest_first(app, client, site, member, frontdesk):
    made = [book(member, site.theater, local(2027, 3, 1, 9) + timedelta(days=k),
                 local(2027, 3, 1, 10) + timedelta(days=k), f"Aanvraag {k}",
                 recurrence=Recurrence("weekly", count=3) if k == 51 else None)
            for k in range(55)]
    assert all(b.status == Status.PENDING for b in made)
    desk = logged_in(client, frontdesk)
    resp = desk.get(QUEUE)
    titles = re.findall(r'<h2><a href="/bookings/\d+">(.*?)</a></h2>', resp.get_data(as_text=True))
    assert titles == [f"Aanvraag {k}" for k in range(50)]
    assert pager_text(resp) == "1–50 van 55"
    assert link(resp, "next") == f"{QUEUE}?page=2"
    resp = desk.get(f"{QUEUE}?page=2")
    titles = re.findall(r'<h2><a href="/bookings/\d+">(.*?)</a></h2>', resp.get_data(as_text=True))
    assert titles == [f"Aanvraag {k}" for k in range(50, 55)]
    card = "Aanvraag 51 Welzijn Harderwijk · Theaterzaal · Anne de Vries wo 21 apr 2027, 09:00–10:00 en nog 2 data"
    assert card in page_text(resp)
    assert link(resp, "prev") == QUEUE and link(resp, "next") is None
    for raw in ("x", "-1", "99999999999"):
        assert desk.get(f"{QUEUE}?page={raw}").status_code == 200


def test_a_short_queue_shows_no_pager(client, site, member, frontdesk):
    book(member, site.theater, local(2027, 3, 1, 9), local(2027, 3, 1, 10), "Buurtvoorstelling")
    resp = logged_in(client, frontdesk).get(QUEUE)
    assert "Buurtvoorstelling" in page_text(resp)
    assert 'class="pager"' not in resp.get_data(as_text=True)
