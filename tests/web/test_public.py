"""For residents (issue 8): the public agenda, the lobby screen, and what came with them.

The suite's 'now' is Monday 4 January 2027, 09:00 in Harderwijk. Nothing private or internal, no
request waiting for approval, no rejected or cancelled date, no description or notes ever reaches
the public agenda or the lobby screen.
"""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from booking.bookings.approvals import reject
from booking.bookings.context import Context
from booking.bookings.services import cancel_occurrence
from booking.domain.recurrence import Recurrence
from booking.extensions import db
from booking.models import Booking
from sqlcount import counting

from .helpers import NOW, book, form_post, heading, local, logged_in, occurrences_of, page_text

ROLES = ["anonymous", "member", "frontdesk", "admin"]


def as_role(client, app, role, member, frontdesk, admin):
    """A test client for `role` (logged in unless anonymous)."""
    if role == "anonymous":
        return client
    return logged_in(app.test_client(), {"member": member, "frontdesk": frontdesk, "admin": admin}[role])


def scene(site, member, other_member, frontdesk):
    """Today and tomorrow: public, internal, private, pending, rejected and cancelled bookings."""
    earlier = NOW - timedelta(days=1)  # booked the day before: by now they have begun
    book(member, site.zaal, local(2027, 1, 4, 8), local(2027, 1, 4, 8, 45), "Vroege koffie", visibility="public",
         now=earlier)
    book(member, site.kamer, local(2027, 1, 4, 8, 30), local(2027, 1, 4, 10), "Koffieochtend", visibility="public",
         now=earlier)
    book(member, site.kamer, local(2027, 1, 4, 14), local(2027, 1, 4, 16), "Taalcafé", visibility="public")
    book(member, site.zaal, local(2027, 1, 4, 13), local(2027, 1, 4, 14), "Teamoverleg", visibility="internal")
    book(other_member, site.behandel, local(2027, 1, 4, 10), local(2027, 1, 4, 12), "Spreekuur mevrouw Jansen",
         visibility="private")
    book(member, site.theater, local(2027, 1, 4, 19), local(2027, 1, 4, 21), "Voorstelling aangevraagd",
         visibility="public")  # the Theaterzaal requires approval: pending
    refused = book(member, site.theater, local(2027, 1, 5, 19), local(2027, 1, 5, 21), "Afgewezen voorstelling",
                   visibility="public")
    reject(Context(session=db.session, actor=frontdesk, now=NOW), refused.id, "Dubbel")
    gone = book(member, site.kamer, local(2027, 1, 4, 17), local(2027, 1, 4, 18), "Afgelaste les",
                visibility="public")
    cancel_occurrence(Context(session=db.session, actor=member, now=NOW), gone.id, gone.occurrences[0].id, "ziek")
    book(member, site.zaal, local(2027, 1, 5, 10), local(2027, 1, 5, 11), "Yoga morgen", visibility="public")


SECRETS = ("Teamoverleg", "Spreekuur", "Jansen", "aangevraagd", "Afgewezen", "Afgelaste", "Bezet", "Busy")


# --- who may see the new pages ----------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", ["/agenda", "/lobby", "/agenda?from=2027-02-01",
                                  "/api/v1/agenda?start=2027-01-04&end=2027-01-31"])
def test_everyone_sees_the_public_pages_the_same(client, app, site, member, other_member, frontdesk, admin,
                                                 role, path):
    scene(site, member, other_member, frontdesk)
    browser = as_role(client, app, role, member, frontdesk, admin)
    resp = browser.get(path)
    assert resp.status_code == 200
    text = page_text(resp) if not path.startswith("/api") else resp.get_data(as_text=True)
    for secret in SECRETS:
        assert secret not in text, (role, path, secret)


@pytest.mark.parametrize("role, status", [("anonymous", 302), ("member", 302), ("other", 403),
                                          ("frontdesk", 302), ("admin", 302)])
def test_who_may_cancel_a_whole_series(client, app, site, member, other_member, frontdesk, admin, role, status):
    series = book(member, site.zaal, local(2027, 1, 11, 9), local(2027, 1, 11, 10), "Taalcafé",
                  recurrence=Recurrence("weekly", byweekday=("MO",), count=4))
    who = {"member": member, "other": other_member, "frontdesk": frontdesk, "admin": admin}.get(role)
    browser = logged_in(app.test_client(), who) if who else client
    source = "/login" if who is None else "/account"
    resp = form_post(browser, f"/bookings/{series.id}/cancel", {"confirm": "y", "reason": "Zomerstop"},
                     source=source)
    assert resp.status_code == status
    if role == "anonymous":
        assert "/login" in resp.headers["Location"]
    cancelled = [o.status.value for o in occurrences_of(series.id)]
    assert cancelled == (["cancelled"] * 4 if status == 302 and who else ["confirmed"] * 4)


# --- the public agenda --------------------------------------------------------------------------------

def test_the_agenda_shows_the_coming_four_weeks_by_day(client, site, member, other_member, frontdesk):
    scene(site, member, other_member, frontdesk)
    book(member, site.zaal, local(2027, 1, 31, 10), local(2027, 1, 31, 11), "Laatste dag", visibility="public")
    book(member, site.zaal, local(2027, 2, 1, 10), local(2027, 2, 1, 11), "Na vier weken", visibility="public")
    resp = client.get("/agenda", headers={"Accept-Language": "nl"})
    text = page_text(resp)
    assert heading(resp) == "Agenda van De Kiekmure"
    assert "van ma 4 jan 2027 t/m zo 31 jan 2027" in text
    days = re.findall(r'<h2 id="day-([\d-]+)">(.*?)</h2>', resp.get_data(as_text=True))
    assert days == [("2027-01-04", "Vandaag, maandag 4 januari"), ("2027-01-05", "dinsdag 5 januari"),
                    ("2027-01-31", "zondag 31 januari")]
    # Today from now on: what ended before 09:00 is gone, what runs now is there.
    assert "Vroege koffie" not in text
    assert "08:30–10:00 Koffieochtend Spreekkamer · Welzijn Harderwijk" in text
    assert "14:00–16:00 Taalcafé Spreekkamer · Welzijn Harderwijk" in text
    assert "Na vier weken" not in text
    assert 'href="/agenda?from=2027-02-01"' in resp.get_data(as_text=True)
    nxt = page_text(client.get("/agenda?from=2027-02-01", headers={"Accept-Language": "nl"}))
    assert "Na vier weken" in nxt and "Laatste dag" not in nxt
    assert "Eerdere weken" in nxt


def test_the_agenda_in_english_and_with_nothing_planned(client, site):
    resp = client.get("/agenda", headers={"Accept-Language": "en"})
    assert heading(resp) == "Agenda of De Kiekmure"
    assert "No public activities are planned in these weeks." in page_text(resp)


@pytest.mark.parametrize("asked", ["2026-12-01", "yesterday", "2027-13-01", "2027-01-04x", "9999-01-01", ""])
def test_the_agenda_starts_today_for_a_day_in_the_past_or_no_date(client, site, asked):
    resp = client.get(f"/agenda?from={asked}", headers={"Accept-Language": "nl"})
    assert resp.status_code == 200
    assert "van ma 4 jan 2027 t/m" in page_text(resp)
    assert "Eerdere weken" not in page_text(resp)


def test_the_agenda_shows_no_description_notes_or_people(client, site, member):
    ctx = Context(session=db.session, actor=member, now=NOW)
    from booking.bookings.services import BookingRequest, create_booking
    from booking.models import Visibility
    create_booking(ctx, BookingRequest(room_id=site.zaal.id, title="Bewonersavond", start=local(2027, 1, 6, 19)
                                       .replace(tzinfo=None), end=local(2027, 1, 6, 21).replace(tzinfo=None),
                                       visibility=Visibility.PUBLIC, description="Bel Jan op 06-12345678",
                                       expected_people=11, setup_notes="Sleutel onder de mat"))
    for path in ("/agenda", "/api/v1/agenda?start=2027-01-06&end=2027-01-06"):
        text = client.get(path).get_data(as_text=True)
        assert "Bewonersavond" in text
        assert "06-12345678" not in text and "Sleutel" not in text and "11" not in re.sub(r"\d{4}-\d\d-\d\d", "", text)


def test_the_agenda_on_the_clock_change_days(app, client, site, member):
    app.config["NOW"] = NOW.replace(month=3, day=27)  # Saturday 27 March 2027
    for hours in site.building.opening_hours:  # open day and night, to reach the hours of the clock change
        hours.opens_minute, hours.closes_minute = 0, 24 * 60
    db.session.commit()
    book(member, site.zaal, local(2027, 3, 28, 1), local(2027, 3, 28, 4), "Door de wisseling",
         visibility="public", now=app.config["NOW"])
    book(member, site.zaal, local(2027, 3, 28, 23), local(2027, 3, 28, 23, 59), "Laatste uur",
         visibility="public", now=app.config["NOW"])
    book(member, site.zaal, local(2027, 10, 31, 1), local(2027, 10, 31, 4), "Herfstnacht",
         visibility="public", now=app.config["NOW"])
    text = page_text(client.get("/agenda?from=2027-03-28", headers={"Accept-Language": "nl"}))
    # 01:00 winter time to 04:00 summer time: two hours that night.
    assert "zondag 28 maart 01:00–04:00 Door de wisseling" in text
    assert "23:00–23:59 Laatste uur" in text
    app.config["NOW"] = NOW.replace(month=10, day=30)
    text = page_text(client.get("/agenda?from=2027-10-31", headers={"Accept-Language": "nl"}))
    assert "zondag 31 oktober 01:00–04:00 Herfstnacht" in text


# --- the lobby screen ---------------------------------------------------------------------------------

def test_the_lobby_shows_todays_public_activities_from_now_on(client, site, member, other_member, frontdesk):
    scene(site, member, other_member, frontdesk)
    resp = client.get("/lobby", headers={"Accept-Language": "nl"})
    html = resp.get_data(as_text=True)
    text = page_text(resp)
    assert heading(resp) == "Vandaag in De Kiekmure"
    assert "maandag 4 januari · 09:00" in text
    assert "Vroege koffie" not in text  # over
    assert "08:30–10:00 nu bezig Koffieochtend Spreekkamer · Welzijn Harderwijk" in text
    assert "14:00–16:00 Taalcafé Spreekkamer · Welzijn Harderwijk" in text
    assert "Yoga morgen" not in text  # tomorrow
    for secret in SECRETS:
        assert secret not in text
    # No menu, no login link; it refreshes itself (a script: a meta refresh fails WCAG 2.2.1).
    assert "<nav" not in html and "/login" not in html
    assert 'http-equiv="refresh"' not in html
    # The script is a file of its own (the Content-Security-Policy refuses inline scripts).
    assert 'data-refresh="60"' in html and '<script src="/static/js/lobby.js">' in html and "<script>" not in html
    script = client.get("/static/js/lobby.js", buffered=True)
    assert script.status_code == 200 and "setInterval(refresh" in script.get_data(as_text=True)


def test_the_lobby_when_nothing_is_left_today(app, client, site, member):
    book(member, site.zaal, local(2027, 1, 4, 9, 30), local(2027, 1, 4, 10), "Koffie", visibility="public")
    app.config["NOW"] = NOW + timedelta(hours=1, minutes=1)  # 10:01
    assert "Vandaag zijn er geen openbare activiteiten meer." in page_text(
        client.get("/lobby", headers={"Accept-Language": "nl"}))


# --- a fixed number of statements ----------------------------------------------------------------------

def _fill(site, member, other_member, first: int, last: int) -> None:
    """Public activities number first..last-1: one a slot (day, hour, room), over three rooms and two organisations."""
    for i in range(first, last):
        room = (site.zaal, site.kamer, site.behandel)[(i // 8) % 3]
        who = other_member if room is site.behandel or i % 2 else member
        day, hour = 5 + i // 24, 8 + i % 8
        book(who, room, local(2027, 1, day, hour), local(2027, 1, day, hour, 50), f"Activiteit {i}",
             visibility="public")


PUBLIC_READS = ("/agenda", "/lobby", "/api/v1/agenda?start=2027-01-04&end=2027-02-28")


def test_the_public_pages_read_once_with_few_or_many_bookings(client, site, member, other_member):
    _fill(site, member, other_member, 0, 2)
    few = {}
    for path in PUBLIC_READS:
        with counting() as seen:
            assert client.get(path).status_code == 200
        few[path] = len(seen)
    _fill(site, member, other_member, 2, 62)
    book(member, site.zaal, local(2027, 1, 4, 17), local(2027, 1, 4, 17, 30), "Reeks", visibility="public",
         recurrence=Recurrence("daily", count=40))
    many, selects = {}, {}
    for path in PUBLIC_READS:
        with counting() as seen:
            resp = client.get(path)
        assert resp.status_code == 200
        many[path] = len(seen)
        selects[path] = [q.split()[0] for q in seen.seen if q.lstrip().upper().startswith("SELECT")]
        assert path == "/lobby" or "Activiteit 61" in resp.get_data(as_text=True)
    assert "Reeks" in page_text(client.get("/lobby"))
    # One read: the public dates with room and organisation (SQLite also counts the BEGIN the app sends).
    assert few == many
    assert selects == {path: ["SELECT"] for path in PUBLIC_READS}


# --- the start page, the menu, the front desk's cards, account, users --------------------------------

def test_the_start_page_offers_what_people_came_for(client, app, member):
    text = page_text(client.get("/", headers={"Accept-Language": "nl"}))
    assert "JSON" not in text and "API" not in text
    assert "Inloggen om een ruimte te reserveren" in text and "Agenda van vandaag" in text
    html = logged_in(app.test_client(), member).get("/").get_data(as_text=True)
    for href in ('href="/bookings/new"', 'href="/bookings/"', 'href="/agenda"'):
        assert href in html
    assert "JSON" not in page_text(html)


def test_the_front_desk_link_counts_the_waiting_requests_for_staff_only(app, client, site, member, frontdesk,
                                                                        admin):
    book(member, site.theater, local(2027, 1, 11, 19), local(2027, 1, 11, 21), "Voorstelling")
    book(member, site.theater, local(2027, 1, 12, 19), local(2027, 1, 12, 21), "Generale",
         recurrence=Recurrence("weekly", byweekday=("TU",), count=3))
    for user in (frontdesk, admin):
        html = logged_in(app.test_client(), user).get("/account").get_data(as_text=True)
        assert re.search(r'Balie <span class="badge" aria-hidden="true">2</span>'
                         r'<span class="visually-hidden">\(2 verzoeken wachten\)</span>', html), html
    anne = logged_in(app.test_client(), member)
    with counting() as seen:
        html = anne.get("/account").get_data(as_text=True)
    assert "badge" not in html
    assert not [s for s in seen.seen if "count(" in s.lower()]


def test_no_count_without_waiting_requests(app, frontdesk):
    html = logged_in(app.test_client(), frontdesk).get("/account").get_data(as_text=True)
    assert ">Balie</a>" in html and "badge" not in html


def test_approval_cards_show_the_expected_people_and_the_setup_notes(app, site, member, frontdesk):
    from booking.bookings.services import BookingRequest, create_booking
    ctx = Context(session=db.session, actor=member, now=NOW)
    create_booking(ctx, BookingRequest(room_id=site.theater.id, title="Voorstelling",
                                       start=local(2027, 1, 11, 19).replace(tzinfo=None),
                                       end=local(2027, 1, 11, 21).replace(tzinfo=None), expected_people=60,
                                       setup_notes="Stoelen in rijen, podium vooraan"))
    text = page_text(logged_in(app.test_client(), frontdesk).get("/frontdesk/approvals"))
    assert "Verwacht aantal personen 60" in text
    assert "Opmerkingen voor de balie Stoelen in rijen, podium vooraan" in text


def test_taal_appears_once_on_the_account_page(app, member):
    resp = logged_in(app.test_client(), member).get("/account", headers={"Accept-Language": "nl"})
    assert page_text(resp).count("Taal") == 1
    assert re.search(r'<h2><label for="lang-language">Taal</label></h2>', resp.get_data(as_text=True))


def test_users_stack_on_a_phone_with_every_cell_named(app, admin):
    html = logged_in(app.test_client(), admin).get("/admin/users", headers={"Accept-Language": "nl"}) \
        .get_data(as_text=True)
    assert '<table class="stack" role="table">' in html
    cells = re.findall(r'<td role="cell"[^>]*data-label="([^"]+)"', html)
    assert cells[:6] == ["Naam", "E-mailadres", "Rol", "Organisatie", "Status", "Acties"]


# --- a booking's page: the repetition in words, cancel the whole series ---------------------------------

def test_a_series_page_says_how_it_repeats(app, site, make_user):
    nl = make_user("member", site.welzijn, language="nl")
    en = make_user("member", site.welzijn, language="en")
    series = book(nl, site.zaal, local(2027, 1, 12, 19), local(2027, 1, 12, 21), "Bewonersavond",
                  recurrence=Recurrence("weekly", byweekday=("TU",), count=8))
    text = page_text(logged_in(app.test_client(), nl).get(f"/bookings/{series.id}"))
    assert "Herhaling elke dinsdag, 8 keer, tot 2 mrt 2027" in text
    assert "Hele reeks annuleren" in text
    text = page_text(logged_in(app.test_client(), en).get(f"/bookings/{series.id}"))
    assert "Repeats every Tuesday, 8 times, until 2 Mar 2027" in text
    single = book(nl, site.zaal, local(2027, 1, 13, 19), local(2027, 1, 13, 21), "Eenmalig")
    text = page_text(logged_in(app.test_client(), nl).get(f"/bookings/{single.id}"))
    assert "Herhaling" not in text and "Hele reeks annuleren" not in text


def test_cancelling_the_whole_series_asks_for_the_box_and_keeps_what_is_over(app, site, member):
    series = book(member, site.zaal, local(2026, 12, 21, 9), local(2026, 12, 21, 10), "Taalcafé",
                  recurrence=Recurrence("weekly", byweekday=("MO",), count=5),
                  now=NOW - timedelta(days=20))  # 21 and 28 December are over on 4 January
    anne = logged_in(app.test_client(), member)
    page = f"/bookings/{series.id}"
    resp = form_post(anne, f"{page}/cancel", {"reason": "Zomerstop"}, source=page, follow_redirects=True)
    assert "Vink het vakje aan om te bevestigen dat je de hele reeks annuleert." in page_text(resp)
    assert [o.status.value for o in occurrences_of(series.id)] == ["confirmed"] * 5
    resp = form_post(anne, f"{page}/cancel", {"reason": "Zomerstop", "confirm": "y"}, source=page,
                     follow_redirects=True)
    assert "De hele reeks is geannuleerd." in page_text(resp)
    dates = occurrences_of(series.id)
    assert [o.status.value for o in dates] == ["confirmed", "confirmed", "cancelled", "cancelled", "cancelled"]
    assert {o.cancel_reason for o in dates[2:]} == {"Zomerstop"}
    assert "Hele reeks annuleren" not in page_text(anne.get(page))  # nothing left to cancel


def test_cancelling_an_unknown_series_is_404(app, member):
    anne = logged_in(app.test_client(), member)
    assert form_post(anne, "/bookings/999999/cancel", {"confirm": "y"}, source="/account").status_code == 404
    assert db.session.get(Booking, 999999) is None
