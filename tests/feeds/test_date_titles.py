"""One date of a series with its own title: set from the booking's pages and the API, audited, shown on
the day and week views and in the API (still 'Busy' for others' private bookings), and in the feeds."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from booking.extensions import db
from booking.models import AuditEntry, Occurrence

from fixtures.clock import NOW
from web.helpers import csrf_tokens, field_errors, form_post, input_value, logged_in, page_text

from .conftest import date_id, feed_url
from .test_pages_api import token_headers

SEPT_13 = date(2027, 9, 13)


def title_of(occurrence_id: int) -> str | None:
    db.session.rollback()  # read what was committed
    return db.session.get(Occurrence, occurrence_id).title


def audited(action: str) -> list[AuditEntry]:
    db.session.rollback()
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def edit_url(booking_id: int, occurrence_id: int) -> str:
    return f"/bookings/{booking_id}/occurrences/{occurrence_id}/edit"


def retitle_url(booking_id: int, occurrence_id: int) -> str:
    return f"/bookings/{booking_id}/occurrences/{occurrence_id}/title"


def test_a_date_gets_its_own_title_on_its_page_shown_on_the_booking_day_and_week(client, site, story):
    occ = date_id(story.weekly, SEPT_13)
    logged_in(client, site.anne)
    page = client.get(edit_url(story.weekly, occ))
    assert "Titel van deze datum" in page_text(page)
    resp = form_post(client, retitle_url(story.weekly, occ), {"date-title": "  Open dag  "},
                     source=edit_url(story.weekly, occ))
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/bookings/{story.weekly}")
    assert title_of(occ) == "Open dag"
    [entry] = audited("occurrence.retitle")[-1:]
    assert entry.subject_id == occ and '"new": {"title": "Open dag"}' in entry.detail
    detail = client.get(f"/bookings/{story.weekly}", follow_redirects=True)
    assert "De titel van deze datum is opgeslagen." in page_text(detail)
    assert "Open dag" in page_text(detail)
    week = page_text(client.get(f"/rooms/{site.zaal.id}/week?date=2027-09-13"))
    assert "Open dag" in week and "Koffie-uurtje" not in week.split("Open dag")[0][-40:]
    client.post("/logout", data={"csrf_token": csrf_tokens(client.get("/").get_data(as_text=True)).get("csrf_token")})
    logged_in(client, site.desk)
    day = page_text(client.get("/frontdesk/day?date=2027-09-13"))
    assert "Open dag" in day


def test_an_empty_title_gives_the_date_the_bookings_title_back(client, site, story):
    occ = date_id(story.weekly, date(2027, 9, 6))  # retitled in the story
    logged_in(client, site.anne)
    form_post(client, retitle_url(story.weekly, occ), {"date-title": ""}, source=edit_url(story.weekly, occ))
    assert title_of(occ) is None
    assert '"new": {"title": null}' in audited("occurrence.retitle")[-1].detail


def test_a_bad_title_is_refused_with_a_message_and_nothing_written(client, site, story):
    occ = date_id(story.weekly, SEPT_13)
    logged_in(client, site.anne)
    before = len(audited("occurrence.retitle"))
    resp = form_post(client, retitle_url(story.weekly, occ), {"date-title": "x" * 201},
                     source=edit_url(story.weekly, occ))
    # The date's page again, the message under the field and what was typed still in it.
    assert resp.status_code == 200
    assert field_errors(resp, "date-title") == ["Veld mag niet langer zijn dan 200 karakters."]
    assert input_value(resp, "date-title") == "x" * 201
    resp = form_post(client, retitle_url(story.weekly, occ), {"date-title": "a\x07b"},
                     source=edit_url(story.weekly, occ))
    assert field_errors(resp, "date-title") == ["Haal de onzichtbare stuurtekens uit deze tekst."]
    assert title_of(occ) is None and len(audited("occurrence.retitle")) == before
    assert client.post(retitle_url(story.weekly, occ), data={"date-title": "Zonder token"}).status_code == 400
    assert title_of(occ) is None


def test_another_organisation_cannot_retitle_and_unknown_ids_answer_404(client, site, story):
    occ = date_id(story.weekly, SEPT_13)
    logged_in(client, site.bart)
    token = csrf_tokens(client.get("/feeds/").get_data(as_text=True))
    data = {"date-title": "Overgenomen", "date-csrf_token": next(iter(token.values()))}
    assert client.post(retitle_url(story.weekly, occ), data=data).status_code == 403
    assert client.post(retitle_url(story.private_other, occ), data=data).status_code == 404  # his booking, not its date
    assert client.post(retitle_url(999999, occ), data=data).status_code == 404
    assert title_of(occ) is None


def test_the_api_sets_and_clears_a_dates_title_and_shows_it(client, site, story):
    occ = date_id(story.weekly, SEPT_13)
    headers = token_headers(site.anne)
    resp = client.patch(f"/api/v1/bookings/{story.weekly}/occurrences/{occ}", json={"title": "Kerstborrel"},
                        headers=headers)
    assert resp.status_code == 200
    mine = next(o for o in resp.get_json()["occurrences"] if o["id"] == occ)
    assert mine["title"] == "Kerstborrel" and mine["start"] == "2027-09-13T09:00:00+02:00"
    assert title_of(occ) == "Kerstborrel" and audited("occurrence.retitle")[-1].subject_id == occ
    shown = client.get(f"/api/v1/bookings/{story.weekly}", headers=headers).get_json()
    assert next(o for o in shown["occurrences"] if o["id"] == occ)["title"] == "Kerstborrel"
    assert shown["title"] == "Koffie-uurtje"
    listed = client.get(f"/api/v1/bookings?room_id={site.zaal.id}&start=2027-09-13&end=2027-09-14",
                        headers=headers).get_json()["occurrences"]
    assert [o["title"] for o in listed] == ["Kerstborrel"]
    resp = client.patch(f"/api/v1/bookings/{story.weekly}/occurrences/{occ}", json={"title": None}, headers=headers)
    assert resp.status_code == 200 and title_of(occ) is None


def test_the_api_moves_and_retitles_in_one_request_or_not_at_all(client, site, story):
    occ = date_id(story.weekly, SEPT_13)
    headers = token_headers(site.anne)
    resp = client.patch(f"/api/v1/bookings/{story.weekly}/occurrences/{occ}", headers=headers,
                        json={"title": "Later", "start": "2027-09-13T11:00:00", "end": "2027-09-13T12:00:00"})
    assert resp.status_code == 200
    db.session.rollback()
    moved = db.session.get(Occurrence, occ)
    assert moved.title == "Later" and moved.sequence == 1
    # A move that clashes (the single booking's time) writes neither the time nor the title.
    single = db.session.get(Occurrence, date_id(story.single, date(2027, 10, 31)))
    resp = client.patch(f"/api/v1/bookings/{story.weekly}/occurrences/{occ}", headers=headers,
                        json={"title": "Botst", "start": "2027-10-31T10:00:00", "end": "2027-10-31T11:00:00"})
    assert resp.status_code == 409 and single.id
    assert title_of(occ) == "Later"


@pytest.mark.parametrize("body, field", [({"title": "x" * 201}, "title"), ({"title": 5}, "title"),
                                         ({"title": "a\x00b"}, "title")])
def test_the_api_refuses_a_bad_title(client, site, story, body, field):
    occ = date_id(story.weekly, SEPT_13)
    resp = client.patch(f"/api/v1/bookings/{story.weekly}/occurrences/{occ}", json=body,
                        headers=token_headers(site.anne))
    assert resp.status_code == 422 and field in resp.get_json()["fields"]
    assert title_of(occ) is None


def test_the_api_keeps_another_organisations_private_date_title_busy(client, site, story):
    occ = date_id(story.private_other, date(2027, 2, 18))  # 'Consult mevrouw X' in the story
    headers = token_headers(site.anne)
    shown = client.get(f"/api/v1/bookings/{story.private_other}", headers=headers).get_json()
    assert shown["title"] == "Busy" and next(o for o in shown["occurrences"] if o["id"] == occ)["title"] is None
    listed = client.get(f"/api/v1/bookings?room_id={site.zaal.id}&start=2027-02-18&end=2027-02-19",
                        headers=headers).get_json()["occurrences"]
    assert [o["title"] for o in listed] == ["Busy"]
    assert "mevrouw X" not in client.get("/api/v1/day?date=2027-02-18", headers=headers).get_data(as_text=True)
    resp = client.patch(f"/api/v1/bookings/{story.private_other}/occurrences/{occ}", json={"title": "Mijn titel"},
                        headers=headers)
    assert resp.status_code == 403
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Occurrence).where(Occurrence.title == "Mijn titel")) == 0


def test_a_retitle_makes_the_next_conditional_get_a_200_with_the_new_title(app, client, site, story):
    url = feed_url(site.anne, "room", site.zaal)
    first = client.get(url)
    etag = first.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    headers = token_headers(site.anne)
    occ = date_id(story.weekly, SEPT_13)
    app.config["NOW"] = NOW + timedelta(hours=1)  # after the story's changes, the same day (the same window)
    assert client.patch(f"/api/v1/bookings/{story.weekly}/occurrences/{occ}", json={"title": "Buurtfeest"},
                        headers=headers).status_code == 200
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 200 and "RECURRENCE-ID;TZID=Europe/Amsterdam:20270913T090000" in again.get_data(
        as_text=True)
    assert "SUMMARY:Buurtfeest" in again.get_data(as_text=True)
