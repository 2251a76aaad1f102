"""Languages and accessibility: Dutch first, English per user or browser; labelled fields; viewport."""
from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from booking.domain.recurrence import Recurrence
from booking.extensions import db
from booking.models import User

from .helpers import (book, booking_form, form_post, heading, local, logged_in, occurrences_of, page_text, parse,
                      rows)


def test_dutch_by_default(client, site):
    resp = client.get("/login")
    assert '<html lang="nl">' in resp.get_data(as_text=True)
    assert heading(resp) == "Inloggen"
    assert "E-mailadres" in page_text(resp) and "Wachtwoord" in page_text(resp)
    # A browser asking for a language we do not speak gets Dutch too.
    resp = client.get("/login", headers={"Accept-Language": "de-DE,de;q=0.9,fr;q=0.5"})
    assert heading(resp) == "Inloggen"


def test_browser_asking_for_english_gets_english(client, site):
    resp = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="en">' in resp.get_data(as_text=True)
    assert heading(resp) == "Log in"
    text = page_text(resp)
    assert "Email" in text and "Password" in text and "Skip to content" in text
    assert heading(client.get("/login", headers={"Accept-Language": "nl-NL,nl;q=0.9,en;q=0.8"})) == "Inloggen"


def test_user_who_chose_english_sees_english_after_login(client, app, site, make_user):
    user = make_user("member", site.welzijn, language="en")
    logged_in(client, user)
    resp = client.get("/bookings/")  # no Accept-Language: the user's choice counts
    assert heading(resp) == "Our bookings"
    resp = client.get("/bookings/", headers={"Accept-Language": "nl"})
    assert heading(resp) == "Our bookings"


def test_language_choice_on_the_account_page(client, member):
    logged_in(client, member)
    assert heading(client.get("/bookings/")) == "Onze reserveringen"
    resp = form_post(client, "/account", {"lang-language": "en", "lang-submit": "Opslaan"})
    assert resp.status_code == 302
    db.session.rollback()
    assert db.session.get(User, member.id).language == "en"
    assert heading(client.get("/bookings/")) == "Our bookings"
    assert heading(client.get("/account")) == "My account"


@pytest.mark.parametrize("language, when, status", [
    ("nl", "ma 29 mrt 2027, 09:00–11:00", "bevestigd"),
    ("en", "Mon 29 Mar 2027, 09:00–11:00", "confirmed"),
])
def test_dates_in_the_users_language(client, site, make_user, language, when, status):
    user = make_user("member", site.welzijn, language=language)
    booking = book(user, site.zaal, local(2027, 3, 29, 9), local(2027, 3, 29, 11), "Koffieochtend")
    logged_in(client, user)
    assert rows(client.get(f"/bookings/{booking.id}"))[0][:3] == [when, "Vergaderzaal", status]
    assert rows(client.get("/bookings/"))[0][0] == when


def test_preview_and_skipped_holidays_in_english(client, site, make_user):
    user = make_user("member", site.welzijn, language="en")
    logged_in(client, user)
    resp = form_post(client, "/bookings/new", booking_form(
        site.zaal, preview="x", repeat="weekly", weekdays="MO", day="2027-03-22", count="2", skip_holidays="y"))
    text = page_text(resp)
    assert "Check: 1 date" in text
    assert rows(resp) == [["Mon 22 Mar 2027, 09:00–11:00", "free"]]
    assert "Skipped: Mon 29 Mar 2027 (Easter Monday)" in text


def test_series_ending_soon_in_both_languages(client, app, site, make_user):
    nl = make_user("member", site.welzijn)
    book(nl, site.zaal, local(2027, 3, 1, 9), local(2027, 3, 1, 11), "Taalcafé",
         recurrence=Recurrence("weekly", byweekday=("MO",), count=5))
    app.config["NOW"] = datetime(2027, 3, 10, 9, tzinfo=UTC)
    logged_in(client, nl)
    assert "Taalcafé (Vergaderzaal) eindigt op ma 29 mrt 2027." in page_text(client.get("/bookings/"))
    en = make_user("member", site.welzijn, language="en")
    other = logged_in(app.test_client(), en)
    assert "Taalcafé (Vergaderzaal) ends on Mon 29 Mar 2027." in page_text(other.get("/bookings/"))


# --- every page: labelled fields and a viewport -----------------------------------------------------------

def _unlabelled(html: str) -> list[dict]:
    """Form controls with no <label for=id> and no enclosing <label> (hidden fields and buttons excepted)."""
    page = parse(html)
    return [c for c in page.controls
            if not (c["tag"] == "input" and c.get("type") in ("hidden", "submit", "button", "reset"))
            and not c["in_label"] and not (c.get("id") and c["id"] in page.label_for)]


def _check_page(resp):
    assert resp.status_code == 200, resp.request.path
    html = resp.get_data(as_text=True)
    assert _unlabelled(html) == [], resp.request.path
    viewport = [m for m in parse(html).meta if m.get("name") == "viewport"]
    assert viewport == [{"name": "viewport", "content": "width=device-width, initial-scale=1"}]
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert sorted({i for i in ids if ids.count(i) > 1}) == [], resp.request.path
    # No attribute written out as the text "None" (it would point aria-describedby at nothing).
    assert '="None"' not in html, resp.request.path


def test_pages_have_labelled_fields_and_a_viewport(client, app, site, member, other_member, admin):
    _check_page(client.get("/login"))
    _check_page(client.get("/"))
    series = book(member, site.zaal, local(2027, 1, 11, 9), local(2027, 1, 11, 11), "Taalcafé",
                  recurrence=Recurrence("weekly", byweekday=("MO",), count=3))
    book(other_member, site.kamer, local(2027, 3, 29, 9), local(2027, 3, 29, 10), "Griepprik")
    book(member, site.theater, local(2027, 3, 29, 9), local(2027, 3, 29, 11), "Voorstelling")
    book(member, site.theater, local(2027, 3, 30, 9), local(2027, 3, 30, 11), "Repetitie")
    occ = occurrences_of(series.id)[0]
    logged_in(client, member)
    for url in ("/account", "/bookings/new", "/bookings/", "/bookings/?scope=past", f"/bookings/{series.id}",
                f"/bookings/{series.id}/occurrences/{occ.id}/edit", f"/bookings/{series.id}/extend"):
        _check_page(client.get(url))
    # The form with a preview, suggestions, and with field errors.
    _check_page(form_post(client, "/bookings/new", booking_form(site.kamer, preview="x", repeat="weekly",
                                                                weekdays="MO", day="2027-03-22", count="2")))
    _check_page(form_post(client, "/bookings/new", booking_form(site.kamer, preview="x", title="", count="0",
                                                                repeat="weekly")))
    _check_page(form_post(client, f"/bookings/{series.id}/occurrences/{occ.id}/edit",
                          {"scope": "one", "day": "", "start_time": "10:00", "end_time": "09:00",
                           "room_id": str(site.zaal.id)}))

    staff = logged_in(app.test_client(), admin)
    for url in ("/admin/users", "/frontdesk/approvals", "/bookings/new", "/bookings/"):
        _check_page(staff.get(url))
    invited = form_post(staff, "/admin/users", {"email": "nieuw@example.org", "name": "Nieuw Lid", "role": "member",
                                                "organisation_id": str(site.welzijn.id)})
    _check_page(invited)
    link = re.search(r'value="http://localhost(/invitation/[^"]+)"', invited.get_data(as_text=True)).group(1)
    _check_page(app.test_client().get(link))
