"""The feeds over HTTP: headers, conditional requests, tokens, privacy and who may fetch what."""
from __future__ import annotations

from datetime import timedelta

import re

import icalendar
import pytest

from booking.extensions import db
from booking.models import AuditEntry

from fixtures.clock import NOW
from web.helpers import form_post, logged_in

from .conftest import PASSWORD, book, feed_url


@pytest.fixture
def url(site, story):
    return feed_url(site.anne, "room", site.zaal)


def test_a_feed_answers_a_calendar_with_its_headers(client, url):
    resp = client.get(url)
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert resp.headers["Content-Disposition"] == 'inline; filename="room.ics"'
    assert resp.headers["ETag"].startswith('"') and not resp.headers["ETag"].startswith("W/")
    assert resp.headers["Last-Modified"]
    assert resp.headers["Cache-Control"].startswith("private")
    assert "Content-Encoding" not in resp.headers


@pytest.mark.parametrize("accept", [None, "*/*", "text/calendar", "text/html", "application/json"])
def test_any_accept_header_gets_the_calendar(client, url, accept):
    resp = client.get(url, headers={"Accept": accept} if accept else {})
    assert resp.status_code == 200 and resp.get_data().startswith(b"BEGIN:VCALENDAR\r\n")


def test_head_answers_the_headers_without_a_body(client, url):
    get, head = client.get(url), client.head(url)
    assert head.status_code == 200 and head.get_data() == b""
    assert head.headers["ETag"] == get.headers["ETag"]
    assert head.headers["Content-Length"] == get.headers["Content-Length"]


def test_if_none_match_gives_304_and_wins_over_if_modified_since(client, url):
    first = client.get(url)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    resp = client.get(url, headers={"If-None-Match": etag})
    assert resp.get_data() == b"" and resp.headers["ETag"] == etag
    # A stale ETag with a fresh date: the ETag decides, the body comes.
    assert client.get(url, headers={"If-None-Match": '"stale"', "If-Modified-Since": modified}).status_code == 200
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"}).status_code == 200


def test_the_etag_changes_exactly_when_the_body_changes(app, client, site, story, url):
    from booking.bookings.services import cancel_occurrence
    from .conftest import ctx, date_id
    from datetime import date

    first = client.get(url)
    again = client.get(url)
    assert again.get_data() == first.get_data() and again.headers["ETag"] == first.headers["ETag"]
    cancel_occurrence(ctx(site.anne, NOW + timedelta(hours=1)), story.weekly, date_id(story.weekly, date(2027, 9, 6)))
    changed = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and changed.headers["ETag"] != first.headers["ETag"]
    assert b"EXDATE;TZID=Europe/Amsterdam:20270906T090000" in changed.get_data()


def test_a_date_moved_to_another_room_leaves_the_feed(client, site, story, url):
    from booking.bookings.services import move_occurrence
    from .conftest import ctx, date_id
    from datetime import date, datetime

    first = client.get(url)
    move_occurrence(ctx(site.anne, NOW + timedelta(hours=1)), story.single, date_id(story.single, date(2027, 10, 31)),
                    datetime(2027, 10, 31, 10), datetime(2027, 10, 31, 12), room_id=site.kamer.id)
    resp = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert resp.status_code == 200 and b"Workshop" not in resp.get_data()
    kamer = client.get(feed_url(site.anne, "room", site.kamer)).get_data()
    assert b"Workshop" in kamer and f"booking-{story.single}-date-".encode() in kamer


def test_the_same_data_renders_byte_identical(client, url):
    from booking.feeds.reading import forget_everything
    one = client.get(url).get_data()
    forget_everything()
    assert client.get(url).get_data() == one


@pytest.mark.parametrize("tail", ["rooms/1.ics", "organisation.ics", "personal.ics"])
def test_bad_tokens_answer_404(client, site, tail):
    for token in ("x", "A" * 27, "%00", "a" * 500, "😀"):
        assert client.get(f"/feeds/{site.anne.id}/{token}/{tail}").status_code == 404
    assert client.get(f"/feeds/99999999999999999999/abc/{tail}").status_code == 404
    assert client.get(f"/feeds/0/abc/{tail}").status_code == 404


def test_another_users_token_does_not_open_ones_feed(client, site):
    good = feed_url(site.anne, "personal")
    token = good.split("/")[3]
    assert client.get(f"/feeds/{site.bart.id}/{token}/personal.ics").status_code == 404
    room_token = feed_url(site.anne, "room", site.zaal).split("/")[3]
    assert client.get(f"/feeds/{site.anne.id}/{room_token}/rooms/{site.kamer.id}.ics").status_code == 404


def test_unknown_and_inactive_rooms_answer_404(client, site):
    from booking.feeds.tokens import feed_token
    token = feed_token("test", site.anne.id, 0, "room:4242")
    assert client.get(f"/feeds/{site.anne.id}/{token}/rooms/4242.ics").status_code == 404
    site.kamer.active = False
    db.session.commit()
    assert client.get(feed_url(site.anne, "room", site.kamer)).status_code == 404


def test_regenerating_makes_old_urls_404_and_is_audited(client, site, story):
    old = feed_url(site.anne, "room", site.zaal)
    assert client.get(old).status_code == 200
    logged_in(client, site.anne)
    resp = form_post(client, "/feeds/regenerate", {}, source="/feeds/")
    assert resp.status_code == 302
    assert client.get(old).status_code == 404
    assert client.get(feed_url(site.anne, "room", site.zaal, generation=1)).status_code == 200
    page = client.get("/feeds/").get_data(as_text=True)
    assert feed_url(site.anne, "room", site.zaal, generation=1) in page and old not in page
    entry = db.session.query(AuditEntry).filter_by(action="feeds.regenerate").one()
    assert entry.actor_id == site.anne.id and entry.subject_id == site.anne.id


def test_regenerating_needs_the_csrf_token(client, site):
    logged_in(client, site.anne)
    assert client.post("/feeds/regenerate").status_code == 400


def test_a_deactivated_users_feeds_answer_404(client, site, story):
    urls = [feed_url(site.anne, "room", site.zaal), feed_url(site.anne, "organisation"), feed_url(site.anne, "personal")]
    assert [client.get(u).status_code for u in urls] == [200, 200, 200]
    site.anne.active = False
    db.session.commit()
    assert [client.get(u).status_code for u in urls] == [404, 404, 404]


def test_a_user_without_organisation_has_no_organisation_feed(client, site):
    assert client.get(feed_url(site.desk, "organisation")).status_code == 404


def test_the_public_feed_shows_only_confirmed_public_bookings(client, site, story):
    from datetime import datetime
    from booking.models import Visibility
    book(site.anne, site.zaal, "Open repair café", datetime(2027, 3, 6, 10), datetime(2027, 3, 6, 12),
         visibility=Visibility.PUBLIC)
    resp = client.get("/feeds/public.ics")
    text = resp.get_data(as_text=True)
    assert resp.status_code == 200 and resp.headers["Cache-Control"].startswith("public")
    assert "Open repair café" in text
    for hidden in ("Koffie-uurtje", "Workshop", "Bezet", "Geheim", "Buurtoverleg"):
        assert hidden not in text
    assert client.get("/feeds/public.ics", headers={"If-None-Match": resp.headers["ETag"]}).status_code == 304


def follows_the_content_rules(body: bytes) -> None:
    """Every rule of the issue's 'Content' section that can be read off one feed."""
    cal = icalendar.Calendar.from_ical(body)
    assert cal.errors == [] and all(c.errors == [] for c in cal.walk())
    assert str(cal["METHOD"]) == "PUBLISH" and str(cal["VERSION"]) == "2.0"
    text = body.decode("utf-8")
    for line in ("X-WR-CALNAME:", "NAME:", "X-WR-CALDESC:", "DESCRIPTION:", "X-WR-TIMEZONE:Europe/Amsterdam",
                 "REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H", "PRODID:"):
        assert f"\r\n{line}" in text
    assert "\n" not in text.replace("\r\n", "") and text.endswith("END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    tz = cal.walk("VTIMEZONE")[0]
    assert {c.name for c in tz.subcomponents} == {"STANDARD", "DAYLIGHT"}
    assert all("RRULE" in c and "RDATE" not in c for c in tz.subcomponents)
    for event in cal.walk("VEVENT"):
        for key in ("UID", "DTSTAMP", "LAST-MODIFIED", "SEQUENCE", "SUMMARY", "LOCATION", "STATUS", "DTSTART", "DTEND"):
            assert key in event, (key, event)
        assert "ORGANIZER" not in event and "ATTENDEE" not in event
        assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam" == event["DTEND"].params["TZID"]
        assert event["DTSTAMP"].dt == event["LAST-MODIFIED"].dt
        if "RRULE" in event:
            assert event["RRULE"]["UNTIL"][0].utcoffset() == timedelta(0)
            assert re.search(r"\r\nRRULE:[^\r]*UNTIL=\d{8}T\d{6}Z", text)
    for line in text.split("\r\n"):
        if line.startswith(("EXDATE", "RECURRENCE-ID")):
            assert line.split(":")[0].endswith(";TZID=Europe/Amsterdam") and "," not in line


@pytest.mark.parametrize("kind", ["room", "organisation", "personal", "public", "download"])
def test_every_feed_follows_the_content_rules(client, site, story, kind):
    from datetime import datetime
    from booking.models import Visibility
    book(site.anne, site.zaal, "Open repair café", datetime(2027, 3, 6, 10), datetime(2027, 3, 6, 12),
         visibility=Visibility.PUBLIC)
    if kind == "public":
        url = "/feeds/public.ics"
    elif kind == "download":
        logged_in(client, site.anne)
        url = f"/feeds/bookings/{story.weekly}.ics"
    else:
        url = feed_url(site.anne, kind, site.zaal if kind == "room" else None)
    resp = client.get(url)
    assert resp.status_code == 200
    follows_the_content_rules(resp.get_data())
    assert b"BEGIN:VEVENT" in resp.get_data()


@pytest.mark.parametrize("role", ["admin", "frontdesk", "member"])
def test_every_role_gets_its_links_and_each_answers(client, site, role):
    from booking.models import ApiToken, Role, User
    user = User(email=f"{role}@x.example", name=role, role=Role(role),
                organisation=site.welzijn if role != "frontdesk" else None)
    user.set_password(PASSWORD)
    db.session.add(user)
    token, plain = ApiToken.issue(user)
    db.session.add(token)
    db.session.commit()
    body = client.get("/api/v1/feeds", headers={"Authorization": f"Bearer {plain}"}).get_json()
    urls = [*body["rooms"].values(), body["personal"], body["public"]] + ([body["organisation"]] if body["organisation"] else [])
    assert (body["organisation"] is None) == (role == "frontdesk")
    assert [client.get(u.replace("http://localhost", "")).status_code for u in urls] == [200] * len(urls)
    logged_in(client, user)
    assert client.get("/feeds/").status_code == 200


def test_a_pending_booking_is_tentative(client, site):
    from datetime import datetime
    site.zaal.requires_approval = True
    db.session.commit()
    book(site.anne, site.zaal, "Aanvraag", datetime(2027, 3, 3, 10), datetime(2027, 3, 3, 11))
    text = client.get(feed_url(site.anne, "room", site.zaal)).get_data(as_text=True)
    assert "STATUS:TENTATIVE" in text


def test_dtstamp_is_the_last_change_not_now(app, client, site, story, url):
    one = client.get(url).get_data()
    from booking.feeds.cache import feeds
    feeds.clear()
    app.config["NOW"] = NOW + timedelta(minutes=5)  # same day: same window
    assert client.get(url).get_data() == one
    assert b"DTSTAMP:20270104T080400Z" in one  # the weekly series' last change (its retitled date)


def test_the_window_is_configurable(app, client, site, story, url):
    app.config["FEED_MONTHS_AHEAD"] = 2
    text = client.get(url).get_data(as_text=True)
    assert "Workshop" not in text  # 31 October is past two months ahead
    assert "UNTIL=20270301T080000Z" in text or "UNTIL=20270222T" not in text
