"""No page, feed, API answer or mail shows a private booking's words to anyone outside its organisation (issue 11).

The GP practice books a private weekly consultation hour whose every word is a marker: its title, its
description, its setup notes, the own title of one date and the reason one date was cancelled; one
date is moved to another room and day, and it asks for an extra. A member of Welzijn, a member of no
organisation, a member of the practice whom the admin deactivated, the member who booked it after the
admin moved them to Welzijn, and an anonymous visitor then fetch every GET page and endpoint of the app
(the url_map crawled, ids filled in with this booking's, its dates' and rooms' ids and its dates);
Welzijn's member also tries to take its slots (the API's 409s, the booking and move forms' answers, the
import preview of a colliding file); and the change notices become mail: no marker may appear in any of
it. The control: a member of the practice, the front desk and an admin do see the markers on the pages
made for them, and the practice reads them in its mail, so the test can fail.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import date
from html import unescape
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from booking.extensions import db
from booking.feeds.reading import forget_everything
from booking.models import Extra, ExtraKind, OutboxMessage, Role, SchoolHoliday, User
from booking.notifications.drafting import draft_due

from fixtures.clock import NOW
from web.conftest import make_user, site  # noqa: F401  (fixtures)
from web.helpers import csrf_tokens, form_post, logged_in

# The words of the private booking; each has a core no other text contains.
TITLE = "Spreekuur mevrouw Geheim-7f3a"
DESCRIPTION = "Diagnose-9c1b: bespreken uitslag"
DATE_TITLE = "Huisbezoek Verborgen-2d4e"
REASON = "Patiënt Ziek-5a6f"
SETUP = "Onderzoekstafel Klaar-8e0d"
MARKERS = {"title": "Geheim-7f3a", "description": "Diagnose-9c1b", "date title": "Verborgen-2d4e",
           "cancel reason": "Ziek-5a6f", "setup notes": "Klaar-8e0d"}

# The series: Mondays 14:00-15:00 from Monday 4 January 2027 (NOW's day), six times, in the Vergaderzaal.
DATES = ["2027-01-04", "2027-01-11", "2027-01-18", "2027-01-25", "2027-02-01", "2027-02-08"]
MOVED_TO = "2027-01-19"  # the third date, moved to Tuesday in the Spreekkamer
DAYS = sorted({*DATES, MOVED_TO})

# GET rules not crawled, each with why: a new page is crawled or consciously skipped here.
SKIPPED = {
    "static": "files of the app itself (CSS, JavaScript, images), no data",
}


@dataclass
class World:
    """The private series, the people who look at it, and what to fill the URL rules with."""

    booking_id: int
    occurrence_ids: list[int]
    retitled_id: int
    cancelled_id: int
    moved_id: int
    own_booking_id: int      # the outsider's own booking, so that their pages and feeds are not empty
    zaal_id: int
    kamer_id: int
    building_id: int
    extra_id: int
    holiday_id: int          # a school holiday spanning some of the dates
    practice_id: int         # organisation A: the GP practice
    welzijn_id: int          # organisation B
    creator: User            # member of the practice who booked it (and later moves to Welzijn)
    insider: User            # another member of the practice
    outsider: User           # member of Welzijn
    loner: User              # a member of no organisation (a booking's organisation is never theirs by 'None == None')
    desk: User
    admin: User


@pytest.fixture
def world(app, client, site, make_user, token_of) -> World:  # noqa: F811  (site, make_user: the web tests' fixtures)
    """The GP practice's private series, changed in every way a date can be, booked through the API."""
    forget_everything()  # the feeds keep rendered calendars per process
    extra = Extra(building=site.building, name="Beamer", kind=ExtraKind.LOAN, stock=2)
    holiday = SchoolHoliday(building=site.building, name="Kerstvakantie", start_date=date(2026, 12, 19),
                            end_date=date(2027, 1, 10), region="midden")
    db.session.add_all([extra, holiday])
    db.session.commit()
    creator = make_user("member", site.huisarts, email="maker@huisarts.example", name="Gerrit Maker")
    insider = make_user("member", site.huisarts, email="gp@huisarts.example", name="Gerda Praktijk")
    outsider = make_user("member", site.welzijn, email="anne@welzijn.example", name="Anne de Vries")
    loner = make_user("member", None, email="los@example.org", name="Lotte Los")
    desk = make_user("frontdesk", site.kiekmure, email="balie@kiekmure.example", name="Carla Balie")
    admin = make_user("admin", site.kiekmure, email="beheer@kiekmure.example", name="Dirk Beheer")
    gp = token_of(creator)

    def api(method, url, body, headers=gp):
        resp = client.open(url, method=method, json=body, headers=headers)
        assert resp.status_code in (200, 201), (url, resp.get_json())
        return resp.get_json()

    series = api("POST", "/api/v1/bookings", {
        "room_id": site.zaal.id, "title": TITLE, "description": DESCRIPTION, "setup_notes": SETUP,
        "visibility": "private", "expected_people": 2, "start": "2027-01-04T14:00", "end": "2027-01-04T15:00",
        "recurrence": {"freq": "weekly", "count": 6}, "extras": [{"extra_id": extra.id, "quantity": 1}]})
    occ = [o["id"] for o in sorted(series["occurrences"], key=lambda o: o["start"])]
    assert len(occ) == 6, series
    bid = series["id"]
    api("PATCH", f"/api/v1/bookings/{bid}/occurrences/{occ[1]}", {"title": DATE_TITLE})
    api("PATCH", f"/api/v1/bookings/{bid}/occurrences/{occ[2]}",
        {"start": f"{MOVED_TO}T14:00", "end": f"{MOVED_TO}T15:00", "room_id": site.kamer.id})
    api("DELETE", f"/api/v1/bookings/{bid}/occurrences/{occ[3]}", {"reason": REASON})
    own = api("POST", "/api/v1/bookings", {
        "room_id": site.zaal.id, "title": "Taalcafé", "start": "2027-01-04T10:00", "end": "2027-01-04T11:00",
        "recurrence": {"freq": "weekly", "count": 6}}, headers=token_of(outsider))
    return World(bid, occ, occ[1], occ[3], occ[2], own["id"], site.zaal.id, site.kamer.id, site.building.id,
                 extra.id, holiday.id, site.huisarts.id, site.welzijn.id, creator, insider, outsider, loner, desk, admin)


# --- what is fetched ------------------------------------------------------------------------------

def feed_paths(client, headers) -> list[str]:
    """The paths of a user's own feeds (rooms, organisation, personal, public), from GET /api/v1/feeds."""
    links = client.get("/api/v1/feeds", headers=headers).get_json()
    urls = [*links["rooms"].values(), links["organisation"], links["personal"], links["public"]]
    return [urlsplit(u).path for u in urls if u]


def crawl_urls(w: World, feeds: list[str]) -> list[str]:
    """Every URL to fetch: each GET rule of the app with this world's ids, dates and date ranges."""
    b, rooms, orgs = w.booking_id, (w.zaal_id, w.kamer_id), (w.practice_id, w.welzijn_id)
    weeks = [f"?date={d}" for d in DATES] + [""]  # the week of each Monday (the moved Tuesday's among them)
    months = ["?month=2027-01", "?month=2027-02", ""]
    span = "start=2027-01-01&end=2027-02-28"
    moments = "start=2027-01-01T00:00&end=2027-03-01T00:00"
    urls = [
        "/", "/account", "/login", "/healthz", "/invitation/not-a-real-invitation",
        # the administration (admins only)
        "/admin", "/admin/audit", f"/admin/audit?subject_type=booking&subject_id={b}",
        *[f"/admin/audit?subject_type=occurrence&subject_id={o}" for o in w.occurrence_ids],
        "/admin/buildings", f"/admin/buildings/{w.building_id}", "/admin/buildings/new",
        "/admin/closures", "/admin/closures/holidays", "/admin/closures/new",
        "/admin/extras", f"/admin/extras/{w.extra_id}", "/admin/extras/new",
        "/admin/organisations", *[f"/admin/organisations/{o}" for o in orgs], "/admin/organisations/new",
        "/admin/privacy", "/admin/rooms", *[f"/admin/rooms/{r}" for r in rooms], "/admin/rooms/new",
        "/admin/school-holidays", f"/admin/school-holidays/{w.holiday_id}", "/admin/school-holidays/new",
        "/admin/school-holidays/import",
        "/admin/users", f"/admin/users/{w.insider.id}", f"/admin/users/{w.insider.id}/erase",
        f"/admin/users/{w.outsider.id}", f"/admin/users/{w.outsider.id}/erase",
        # the public pages
        "/agenda", "/agenda?from=2027-01-11", "/agenda?from=2027-02-01", "/lobby", "/feeds/public.ics",
        # the API and its description
        "/api", "/api/v1/openapi.json",
        f"/api/v1/agenda?{span}", f"/api/v1/agenda?start={MOVED_TO}&end={MOVED_TO}",
        "/api/v1/audit", f"/api/v1/audit?booking_id={b}",
        f"/api/v1/bookings?{moments}", *[f"/api/v1/bookings?room_id={r}&{moments}" for r in rooms],
        f"/api/v1/bookings/{b}", f"/api/v1/bookings/{w.own_booking_id}",
        "/api/v1/closures", "/api/v1/day", *[f"/api/v1/day?date={d}" for d in DAYS],
        "/api/v1/extras", "/api/v1/feeds",
        f"/api/v1/reports/charges?{span}", f"/api/v1/reports/charges?{span}&format=csv",
        f"/api/v1/reports/occupancy?{span}", f"/api/v1/reports/occupancy?{span}&format=csv",
        "/api/v1/rooms", *[f"/api/v1/rooms/{r}/availability?{moments}" for r in rooms],
        # the booking pages
        "/bookings/", "/bookings/?all=1", "/bookings/?from=2027-01-01&to=2027-02-28", "/bookings/?scope=past",
        *[f"/bookings/?organisation={o}&all=1" for o in orgs], *[f"/bookings/?room={r}&all=1" for r in rooms],
        f"/bookings/{b}", f"/bookings/{b}/extend", f"/bookings/{w.own_booking_id}",
        *[f"/bookings/{b}/occurrences/{o}/edit" for o in w.occurrence_ids],
        # ... and the outsider's own booking with the private dates' ids (the ids of two bookings mixed)
        *[f"/bookings/{w.own_booking_id}/occurrences/{o}/edit" for o in w.occurrence_ids],
        "/bookings/new", f"/bookings/new?room={w.zaal_id}&day=2027-01-11&start=14:00&end=15:00",
        f"/bookings/new?room={w.kamer_id}&day={MOVED_TO}&start=14:00&end=15:00",
        # feeds
        "/feeds/", f"/feeds/bookings/{b}.ics", *feeds,
        # the finder: the series' own slot, weekly and on the moved date
        "/find?day=2027-01-04&start=14:00&end=15:00&repeat=weekly&weeks=6",
        f"/find?day={MOVED_TO}&start=13:30&end=15:30&repeat=none",
        # the front desk
        "/frontdesk/approvals", "/frontdesk/day", *[f"/frontdesk/day?date={d}" for d in DAYS],
        "/imports/new",
        # calendars
        *[f"/rooms/{r}/week{q}" for r in rooms for q in weeks],
        *[f"/rooms/{r}/month{q}" for r in rooms for q in months],
        *[f"/organisations/{o}/week{q}" for o in orgs for q in weeks],
        *[f"/organisations/{o}/month{q}" for o in orgs for q in months],
        # reports, as pages and as CSV
        "/reports/", "/reports/annual?year=2027",
        *[f"/reports/{r}?{span}{f}" for r in ("charges", "occupancy", "organisations", "public")
          for f in ("", "&format=csv")],
        f"/reports/occupancy?{span}&by=month", f"/reports/occupancy?{span}&by=month&format=csv",
    ]
    return urls


def body_text(resp) -> str:
    """What a reader of the answer gets: HTML entities decoded, JSON parsed, iCal lines unfolded, CSV cells."""
    raw = resp.get_data(as_text=True)
    kind = resp.mimetype or ""
    # The headers too: a download's file name (Content-Disposition) could carry a title.
    parts = [str(resp.headers), raw, unescape(raw)]
    if kind.endswith("json"):
        parts.append(json.dumps(resp.get_json(), ensure_ascii=False))
    if "calendar" in kind or raw.startswith("BEGIN:VCALENDAR"):
        unfolded = re.sub(r"\r?\n[ \t]", "", raw)
        parts += [unfolded, re.sub(r"\\([,;\\])", r"\1", unfolded).replace("\\n", "\n").replace("\\N", "\n")]
    if "csv" in kind:
        parts += ["\t".join(row) for row in csv.reader(io.StringIO(raw.lstrip("\ufeff")))]
    return "\n".join(parts).casefold()


def markers_in(text: str) -> list[str]:
    """The names of the markers `text` (already casefolded) contains."""
    return [name for name, core in MARKERS.items() if core.casefold() in text]


def collision_file() -> bytes:
    """An .ics whose events take the private series' slots (also the moved date in the Spreekkamer)."""
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:botsing-{i}\r\nSUMMARY:Botsing\r\nDTSTART;TZID=Europe/Amsterdam:{d.replace('-', '')}T"
        f"140000\r\nDTEND;TZID=Europe/Amsterdam:{d.replace('-', '')}T150000\r\nEND:VEVENT\r\n"
        for i, d in enumerate(DAYS))
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//leak//NL\r\n" + events + "END:VCALENDAR\r\n").encode()


def import_previews(client, w: World) -> list:
    """The import preview of the colliding file for each room (the viewer must be logged in)."""
    answers = []
    for room_id in (w.zaal_id, w.kamer_id):
        page = client.get("/imports/new")
        if page.status_code != 200:
            return [page]
        body = {"csrf_token": csrf_tokens(page.get_data(as_text=True))["csrf_token"], "room_id": str(room_id),
                "visibility": "internal", "title_prefix": "",
                "file": FileStorage(io.BytesIO(collision_file()), filename="botsing.ics")}
        boundary, encoded = encode_multipart(body)
        answers.append(client.post("/imports/new", data=encoded,
                                   content_type=f"multipart/form-data; boundary={boundary}"))
    return answers


def collision_answers(client, w: World, headers: dict[str, str]) -> list:
    """What an outsider is told when they try to take the private series' slots: the API's 409s (a new
    series, a booking on the moved date, a date of their own moved onto the retitled date) and the answers
    of the booking form (check, and book: refused, not all dates are free) and of the move form."""
    own = client.get(f"/api/v1/bookings/{w.own_booking_id}", headers=headers).get_json()
    own_date = own["occurrences"][0]["id"]
    answers = [
        client.post("/api/v1/bookings", headers=headers, json={
            "room_id": w.zaal_id, "title": "Botsing", "start": "2027-01-04T13:30", "end": "2027-01-04T14:30",
            "recurrence": {"freq": "weekly", "count": 6}}),
        client.post("/api/v1/bookings", headers=headers, json={
            "room_id": w.kamer_id, "title": "Botsing", "start": f"{MOVED_TO}T14:00", "end": f"{MOVED_TO}T15:00"}),
        client.patch(f"/api/v1/bookings/{w.own_booking_id}/occurrences/{own_date}", headers=headers,
                     json={"start": "2027-01-11T14:00", "end": "2027-01-11T15:00"}),
        # the ids of two bookings mixed: their own booking, a private date
        client.patch(f"/api/v1/bookings/{w.own_booking_id}/occurrences/{w.retitled_id}", headers=headers,
                     json={"title": "Overgenomen"}),
    ]
    weekly = {"repeat": "weekly", "weekdays": "MO", "ends": "count", "count": "6"}
    for room_id, day, repeat in [(w.zaal_id, "2027-01-04", weekly), (w.kamer_id, MOVED_TO, {})]:
        for button in ("preview", "book"):
            answers.append(form_post(client, "/bookings/new", booking_form(
                room_id, day=day, start_time="14:00", end_time="15:00", title="Botsing", **repeat, **{button: "x"})))
    answers.append(form_post(client, f"/bookings/{w.own_booking_id}/occurrences/{own_date}/edit",
                             {"scope": "one", "day": "2027-01-11", "start_time": "14:00", "end_time": "15:00",
                              "room_id": str(w.zaal_id)}))
    return answers


def booking_form(room_id: int, **fields) -> dict:
    """The booking form's fields (a single booking unless `fields` say otherwise)."""
    data = {"room_id": str(room_id), "title": "", "description": "", "visibility": "internal", "expected_people": "",
            "setup_notes": "", "day": "", "start_time": "", "end_time": "", "repeat": "none", "interval": "1",
            "monthly_mode": "date", "ends": "count", "count": "", "until": "", "skip_dates": ""}
    return {**data, **fields}


def move_to_welzijn(app, w: World, user: User) -> None:
    """The admin makes `user` a member of Welzijn (they changed jobs), on the user's page."""
    admin = logged_in(app.test_client(), w.admin)
    resp = form_post(admin, f"/admin/users/{user.id}", {"role": "member", "organisation_id": str(w.welzijn_id)})
    assert resp.status_code == 302, resp.get_data(as_text=True)
    db.session.rollback()
    assert user.organisation_id == w.welzijn_id


def fetch_all(client, urls: list[str], headers: dict[str, str]) -> dict[str, tuple[int, str]]:
    """Every URL fetched by `client` with `headers`: its status and its text, by URL."""
    return {url: ((r := client.get(url, headers=headers)).status_code, body_text(r)) for url in urls}


# --- the tests ------------------------------------------------------------------------------------

def test_the_crawl_covers_every_get_rule_but_the_skipped_ones(app, world):
    get_rules = {r.endpoint for r in app.url_map.iter_rules() if "GET" in (r.methods or ())}
    adapter = app.url_map.bind("localhost")
    crawled = {adapter.match(urlsplit(u).path, method="GET")[0]
               for u in crawl_urls(world, ["/feeds/1/t/rooms/1.ics", "/feeds/1/t/organisation.ics",
                                           "/feeds/1/t/personal.ics"])}
    assert not crawled & set(SKIPPED), "a skipped rule is crawled after all: take it off SKIPPED"
    assert sorted(get_rules - crawled - set(SKIPPED)) == [], "new GET pages: crawl them here or skip them, saying why"
    assert sorted(set(SKIPPED) - get_rules) == [], "SKIPPED names rules that no longer exist"


def test_nobody_outside_the_practice_sees_the_private_words(app, client, world, token_of, make_user):  # noqa: F811
    outsider_headers = token_of(world.outsider)
    urls = crawl_urls(world, feed_paths(client, outsider_headers))
    outsider = logged_in(app.test_client(), world.outsider)
    seen = fetch_all(outsider, urls, outsider_headers)
    previews = import_previews(outsider, world)
    collisions = collision_answers(outsider, world, outsider_headers)
    # The member of no organisation crawls with their own feeds; the anonymous visitor with Welzijn's
    # member's feed links (a link is all a feed asks for) and no token.
    loner_headers = token_of(world.loner)
    loner = logged_in(app.test_client(), world.loner)
    by_loner = fetch_all(loner, crawl_urls(world, feed_paths(client, loner_headers)), loner_headers)
    anonymous = fetch_all(app.test_client(), urls, {})
    # A member of the practice who has left: logged in, with a token and feed links, when the admin
    # deactivates them; what they kept must show nothing any more.
    gone = make_user("member", world.insider.organisation, email="weg@huisarts.example", name="Vera Weg")
    gone_headers = token_of(gone)
    gone_client = logged_in(app.test_client(), gone)
    gone_feeds = feed_paths(client, gone_headers)
    admin = logged_in(app.test_client(), world.admin)
    deactivated = form_post(admin, f"/admin/users/{gone.id}/active", {"active": "0"}, source="/admin/users")
    assert deactivated.status_code == 302
    by_gone = fetch_all(gone_client, crawl_urls(world, gone_feeds), gone_headers)
    # The member who booked the series moves to Welzijn: logged in before and after, with their feeds.
    creator_headers = token_of(world.creator)
    creator = logged_in(app.test_client(), world.creator)
    move_to_welzijn(app, world, world.creator)
    by_creator = fetch_all(creator, crawl_urls(world, feed_paths(client, creator_headers)), creator_headers)

    leaks = [f"{who}: {url} ({status}) shows {markers_in(text)}"
             for who, answers in [("member of Welzijn", seen), ("member of no organisation", by_loner),
                                  ("anonymous", anonymous), ("deactivated member of the practice", by_gone),
                                  ("who booked it, now of Welzijn", by_creator)]
             for url, (status, text) in answers.items() if markers_in(text)]
    leaks += [f"member of Welzijn: import preview ({r.status_code}) shows {markers_in(body_text(r))}"
              for r in previews if markers_in(body_text(r))]
    leaks += [f"member of Welzijn: trying to take its slot ({r.status_code}) shows {markers_in(body_text(r))}"
              for r in collisions if markers_in(body_text(r))]
    assert leaks == [], "\n".join(leaks)
    # The tries met the series (nothing was booked over it): the API's 409s, the forms' answers.
    assert [r.status_code for r in collisions] == [409, 409, 409, 404, 200, 200, 200, 200, 200], \
        [r.status_code for r in collisions]

    # The crawl saw the series where an outsider may look (as 'busy'), not only refusals ...
    b = world.booking_id
    for url in ["/agenda", "/lobby", f"/rooms/{world.zaal_id}/week?date=2027-01-11",
                f"/rooms/{world.kamer_id}/week?date=2027-01-18", f"/rooms/{world.zaal_id}/month?month=2027-01",
                "/api/v1/day?date=2027-01-11", f"/api/v1/bookings?room_id={world.zaal_id}&start=2027-01-01T00:00"
                "&end=2027-03-01T00:00", "/api/v1/agenda?start=2027-01-01&end=2027-02-28",
                "/find?day=2027-01-04&start=14:00&end=15:00&repeat=weekly&weeks=6", *feed_paths(client,
                                                                                               outsider_headers)]:
        assert seen[url][0] == 200, url
    assert [r.status_code for r in previews] == [200, 200]
    # ... and the booking itself is refused to them.
    assert seen[f"/bookings/{b}"][0] in (403, 404)
    # (the API answers the booking's times to anyone with a token, titled 'Busy': the markers are checked above)
    assert seen[f"/api/v1/bookings/{b}"][0] in (200, 403, 404)
    assert seen[f"/feeds/bookings/{b}.ics"][0] in (403, 404)
    assert seen[f"/bookings/{b}/occurrences/{world.retitled_id}/edit"][0] in (403, 404)
    assert {seen[f"/bookings/{world.own_booking_id}/occurrences/{o}/edit"][0] for o in world.occurrence_ids} == {404}
    assert seen["/admin/audit"][0] == 403
    assert by_loner[f"/bookings/{b}"][0] in (403, 404)
    assert by_creator[f"/bookings/{b}"][0] in (403, 404)
    assert {by_gone[path][0] for path in gone_feeds if "/public.ics" not in path} == {404}
    assert (by_gone[f"/bookings/{b}"][0], by_gone[f"/api/v1/bookings/{b}"][0]) == (302, 401)
    assert anonymous[f"/bookings/{b}"][0] in (302, 401, 403, 404)


@pytest.mark.parametrize("who", ["insider", "desk", "admin"])
def test_the_practice_the_front_desk_and_the_admins_do_see_them(app, world, token_of, who):
    user = getattr(world, who)
    headers = token_of(user)
    viewer = logged_in(app.test_client(), user)
    b, zaal, kamer = world.booking_id, world.zaal_id, world.kamer_id
    wanted = {  # URL: the markers it must show
        f"/bookings/{b}": set(MARKERS),
        f"/api/v1/bookings/{b}": {"title", "description", "date title", "setup notes"},
        f"/feeds/bookings/{b}.ics": {"title", "date title"},
        f"/rooms/{zaal}/week?date=2027-01-04": {"title"},
        f"/rooms/{zaal}/week?date=2027-01-11": {"date title"},
        f"/rooms/{kamer}/week?date=2027-01-18": {"title"},
        "/api/v1/day?date=2027-01-04": {"title"},
    }
    if who != "insider":  # the front desk's day page is staff's
        wanted["/frontdesk/day?date=2027-01-04"] = {"title", "setup notes"}
        wanted["/frontdesk/day?date=2027-01-11"] = {"date title"}
    else:
        wanted[f"/organisations/{world.practice_id}/week?date=2027-01-04"] = {"title"}
    seen = fetch_all(viewer, list(wanted), headers)
    missing = {url: sorted(want - set(markers_in(seen[url][1]))) for url, want in wanted.items()
               if not want <= set(markers_in(seen[url][1]))}
    assert missing == {}, {url: seen[url][0] for url in missing}


def test_no_mail_to_anyone_outside_the_practice_shows_them(app, client, world, token_of):
    while draft_due(db.session, NOW):
        pass
    db.session.rollback()
    first_round = set(db.session.scalars(select(OutboxMessage.id)))
    # The member who booked the series moves to Welzijn; then the practice cancels one more date: the
    # booker is still told (they made it), but no longer with its words.
    move_to_welzijn(app, world, world.creator)
    later = client.delete(f"/api/v1/bookings/{world.booking_id}/occurrences/{world.occurrence_ids[4]}",
                          json={"reason": REASON}, headers=token_of(world.insider))
    assert later.status_code == 200, later.get_json()
    while draft_due(db.session, NOW):
        pass
    db.session.rollback()
    messages = list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    people = {u.email: u for u in db.session.scalars(select(User))}

    def may_see(m: OutboxMessage) -> bool:
        user = people[m.recipient]
        if m.recipient == world.creator.email and m.id in first_round:
            return True  # told while still a member of the practice
        return user.role in (Role.FRONTDESK, Role.ADMIN) or user.organisation_id == world.practice_id

    def text(m: OutboxMessage) -> str:
        ics = re.sub(r"\r?\n[ \t]", "", m.ics or "")
        return "\n".join([m.subject, m.body_text, m.body_html, unescape(m.body_html or ""), ics]).casefold()

    leaks = [(m.recipient, m.subject, markers_in(text(m))) for m in messages
             if not may_see(m) and markers_in(text(m))]
    assert leaks == [], leaks
    # Welzijn's member hears of their own booking only (none of its mail is about the practice's).
    assert {m.booking_id for m in messages if m.recipient == world.outsider.email} <= {world.own_booking_id}
    # The controls: the practice's member is told, with the words; the booker of the last change too (without).
    to_insider = " ".join(text(m) for m in messages if m.recipient == world.insider.email)
    assert {"title", "date title", "cancel reason"} <= set(markers_in(to_insider))
    assert [m.kind for m in messages if m.recipient == world.creator.email and m.id not in first_round] != []
