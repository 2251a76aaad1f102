"""The Subscribe page, GET /api/v1/feeds, 'Add to my calendar', and a feed's fixed number of statements."""
from __future__ import annotations

from datetime import datetime, timedelta

import icalendar
import pytest

from booking.extensions import db
from booking.models import ApiToken
from booking.domain.recurrence import Recurrence

from sqlcount import counting
from web.helpers import logged_in, page_text

from .conftest import book, feed_url


def token_headers(user) -> dict:
    token, plain = ApiToken.issue(user)
    db.session.add(token)
    db.session.commit()
    return {"Authorization": f"Bearer {plain}"}


def test_the_api_lists_the_feed_urls_to_the_letter(client, site):
    resp = client.get("/api/v1/feeds", headers=token_headers(site.anne))
    assert resp.status_code == 200
    body = resp.get_json()
    assert set(body) == {"rooms", "organisation", "personal", "public"}
    base = "http://localhost"
    assert body["rooms"] == {str(site.kamer.id): base + feed_url(site.anne, "room", site.kamer),
                             str(site.zaal.id): base + feed_url(site.anne, "room", site.zaal)}
    assert body["organisation"] == base + feed_url(site.anne, "organisation")
    assert body["personal"] == base + feed_url(site.anne, "personal")
    assert body["public"] == base + "/feeds/public.ics"
    for url in [*body["rooms"].values(), body["organisation"], body["personal"], body["public"]]:
        assert client.get(url[len(base):]).status_code == 200


def test_the_api_gives_https_urls_behind_a_proxy_and_the_public_url_when_set(app, client, site):
    resp = client.get("/api/v1/feeds", headers={**token_headers(site.anne), "X-Forwarded-Proto": "https",
                                                "X-Forwarded-Host": "zalen.example.org"},
                      base_url="http://localhost")
    assert resp.get_json()["public"] == "http://localhost/feeds/public.ics"  # no proxy trusted by default
    app.config["PUBLIC_URL"] = "https://kiekmure.example.org/"
    body = client.get("/api/v1/feeds", headers=token_headers(site.anne)).get_json()
    assert body["public"] == "https://kiekmure.example.org/feeds/public.ics"
    assert body["personal"].startswith("https://kiekmure.example.org/feeds/")


def test_proxy_hops_trust_the_forwarded_scheme_and_host(tmp_path):
    from werkzeug.middleware.proxy_fix import ProxyFix
    from fixtures.app import create_app
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/proxy.sqlite", "SECRET_KEY": "test",
                      "PROXY_HOPS": 1}, config_name="testing")
    with app.app_context():
        db.engine.dispose()
    assert isinstance(app.wsgi_app, ProxyFix) and app.wsgi_app.x_proto == 1 and app.wsgi_app.x_host == 1


def test_the_api_needs_a_token_and_gives_null_for_no_organisation(client, site):
    assert client.get("/api/v1/feeds").status_code == 401
    body = client.get("/api/v1/feeds", headers=token_headers(site.desk)).get_json()
    assert body["organisation"] is None and len(body["rooms"]) == 2


def test_the_subscribe_page_lists_every_link_with_webcal_and_copy(client, site):
    assert client.get("/feeds/").status_code == 302  # log in first
    logged_in(client, site.anne)
    resp = client.get("/feeds/")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    for path in (feed_url(site.anne, "room", site.zaal), feed_url(site.anne, "organisation"),
                 feed_url(site.anne, "personal"), "/feeds/public.ics"):
        assert f'href="http://localhost{path}"' in html
        assert f'href="webcal://localhost{path}"' in html
    assert html.count('class="button small copy-link"') == 5
    assert "<script>" not in html and "onclick" not in html
    text = page_text(resp)
    for words in ("Outlook", "Google", "Apple"):
        assert words in text
    assert 'href="/feeds/"' in client.get("/bookings/").get_data(as_text=True)  # in the menu


def test_add_to_my_calendar_downloads_the_booking_with_the_feeds_uid(client, site, story):
    logged_in(client, site.anne)
    page = client.get(f"/bookings/{story.weekly}").get_data(as_text=True)
    assert f'href="/feeds/bookings/{story.weekly}.ics"' in page
    resp = client.get(f"/feeds/bookings/{story.weekly}.ics")
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert resp.headers["Content-Disposition"] == f'attachment; filename="booking-{story.weekly}.ics"'
    cal = icalendar.Calendar.from_ical(resp.get_data())
    uids = {str(e["UID"]) for e in cal.walk("VEVENT")}
    assert f"booking-{story.weekly}@zaalreservering" in uids
    feed = client.get(feed_url(site.anne, "room", site.zaal)).get_data()
    master = next(e for e in cal.walk("VEVENT") if "RRULE" in e).to_ical()
    assert master in feed  # the very same event, byte for byte


def test_add_to_my_calendar_refuses_other_organisations_and_unknown_ids(client, site, story):
    logged_in(client, site.anne)
    assert client.get(f"/feeds/bookings/{story.private_other}.ics").status_code == 403
    assert client.get("/feeds/bookings/424242.ics").status_code == 404
    assert client.get("/feeds/bookings/99999999999999999999.ics").status_code == 404


@pytest.mark.parametrize("n", [2, 200])
def test_a_feed_takes_the_same_statements_whatever_its_size(client, site, n):
    from booking.feeds.cache import feeds
    start = datetime(2027, 2, 1, 8)
    for i in range(n // 2):
        day = start + timedelta(days=i // 4)
        slot = day + timedelta(hours=2 * (i % 4))
        book(site.anne, site.zaal, f"Les {i}", slot, slot + timedelta(hours=1))
    book(site.anne, site.zaal, "Reeks", datetime(2027, 6, 1, 18), datetime(2027, 6, 1, 19),
         Recurrence("daily", count=n // 2))
    url = feed_url(site.anne, "room", site.zaal)
    feeds.clear()
    with counting() as fresh:
        first = client.get(url)
    with counting() as again:
        assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert first.get_data().count(b"BEGIN:VEVENT") == n // 2 + 1
    def queries(found):  # SQLite's own BEGIN IMMEDIATE is no read
        return [s.split()[0] for s in found.seen if not s.startswith("BEGIN")]
    # The user with the room and the newest change, the feed's change key, the rooms, the bookings, the changed dates.
    assert queries(fresh) == ["SELECT"] * 5, fresh
    # Nothing changed since: the user with the room and the newest change decide it alone.
    assert queries(again) == ["SELECT"], again
