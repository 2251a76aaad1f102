"""The import pages: upload, preview, confirm; who may do what; no 500 whatever the file."""
from __future__ import annotations

import io
import re

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from booking.extensions import db
from booking.models import Booking, Closure

from web.helpers import (book, counts, csrf_tokens, field_errors, local, logged_in, notices, page_text, parse,
                         rows)

from .conftest import event, ics

GP_FILE = ics(
    event("koffie", "20270322T090000", "20270322T100000", "Koffie"),
    event("overleg", "20270322T110000", "20270322T120000", "Overleg"),
    event("avond", "20270323T223000", "20270323T233000", "Avond"),
    event("spreekuur", "20270315T090000", "20270315T110000", "Spreekuur", "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=4"),
    "UID:dag\nSUMMARY:Heidag\nDTSTART;VALUE=DATE:20270324\nDTEND;VALUE=DATE:20270325",
)


@pytest.fixture
def schedule(site, other_member):
    book(other_member, site.zaal, local(2027, 3, 22, 10), local(2027, 3, 22, 12), "Geheim consult",
         visibility="private")
    db.session.add(Closure(building_id=site.building.id, starts_at=local(2027, 4, 5), ends_at=local(2027, 4, 6),
                           reason="Tweede Paasdag"))
    db.session.commit()
    return site


def upload(client, room, data: bytes = GP_FILE, filename: str = "spreekuren.ics", **fields):
    page = client.get("/imports/new")
    assert page.status_code == 200
    body = {"csrf_token": csrf_tokens(page.get_data(as_text=True))["csrf_token"], "room_id": str(room.id),
            "visibility": "internal", "title_prefix": "", "file": FileStorage(io.BytesIO(data), filename=filename), **fields}
    # Encoded here, in memory: the test client spools a large body to a temporary file it never closes.
    boundary, encoded = encode_multipart(body)
    return client.post("/imports/new", data=encoded, content_type=f"multipart/form-data; boundary={boundary}")


def confirm_form(resp) -> dict:
    """What the browser sends from the preview when 'Book' is pressed, the boxes as the page ticked them."""
    controls = parse(resp.get_data(as_text=True)).controls
    body = {c["name"]: c.get("value", "") for c in controls if c.get("type") == "hidden" and c.get("name")}
    body["event"] = [c["value"] for c in controls if c.get("type") == "checkbox" and "checked" in c]
    body["confirm"] = "Boeken"
    return body


def test_a_member_imports_the_free_events_in_two_steps(client, schedule, member):
    anne = logged_in(client, member)
    before = counts()
    preview = upload(anne, schedule.zaal)
    assert preview.status_code == 200 and counts() == before
    text = page_text(preview)
    assert "Geheim consult" not in text and "Bezet" in text  # another organisation's private title stays hidden
    table = rows(preview)
    assert [r[1].split(" ")[0] for r in table] == ["Koffie", "Overleg", "Avond", "Spreekuur", "Heidag"]
    states = [r[3] for r in table]
    assert states[0].startswith("vrij") and states[1].startswith("conflict")
    assert states[2].startswith("buiten openingstijden") and states[3].startswith("2 van 4 data vrij")
    assert "hele dag" in states[4]
    assert "elke maandag, 4 keer, tot 5 apr 2027" in table[3][2]
    body = confirm_form(preview)
    assert body["event"] == ["1:all"]  # only what is free is ticked; the series' free dates only on purpose
    body["event"].append("4:free:2")
    result = anne.post("/imports/confirm", data=body)
    assert result.status_code == 200, page_text(result)
    assert "2 reserveringen gemaakt uit spreekuren.ics" in page_text(result)
    titles = sorted(b.title for b in db.session.query(Booking).filter(Booking.organisation_id == schedule.welzijn.id))
    assert titles == ["Koffie", "Spreekuur"]

    # The same confirmation again (a double click, the back button): nothing twice.
    after = counts()
    again = anne.post("/imports/confirm", data=body)
    assert again.status_code == 200 and counts() == after
    assert "al gereserveerd" in page_text(again)


def test_the_title_prefix_and_visibility_are_used(client, site, member):
    anne = logged_in(client, member)
    preview = upload(anne, site.zaal, ics(event("a", "20270322T090000", "20270322T100000", "Spreekuur")),
                     title_prefix="Huisarts", visibility="private")
    body = confirm_form(preview)
    assert anne.post("/imports/confirm", data=body).status_code == 200
    (made,) = db.session.query(Booking).all()
    assert made.title == "Huisarts Spreekuur" and made.visibility.value == "private"


def test_confirming_nothing_shows_the_preview_again(client, site, member):
    anne = logged_in(client, member)
    body = confirm_form(upload(anne, site.zaal, ics(event("a", "20270322T090000", "20270322T100000"))))
    body["event"] = []
    before = counts()
    resp = anne.post("/imports/confirm", data=body)
    assert resp.status_code == 200 and counts() == before
    assert "Kies ten minste één afspraak om te reserveren." in notices(resp)


@pytest.mark.parametrize("preview", ["", "not-a-signed-preview", "eyJ1IjoxfQ.abc.def"])
def test_a_confirmation_without_a_valid_preview_books_nothing(client, site, member, preview):
    anne = logged_in(client, member)
    token = csrf_tokens(anne.get("/imports/new").get_data(as_text=True))["csrf_token"]
    before = counts()
    resp = anne.post("/imports/confirm", data={"csrf_token": token, "preview": preview, "event": ["1:all"]})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/imports/new")
    assert counts() == before
    assert "Deze controle is verlopen of ongeldig. Upload het bestand opnieuw." in notices(anne.get("/imports/new"))


def test_a_preview_of_another_user_cannot_be_confirmed(client, app, site, member, make_user):
    anne = logged_in(client, member)
    body = confirm_form(upload(anne, site.zaal, ics(event("a", "20270322T090000", "20270322T100000"))))
    colleague = make_user("member", site.welzijn)
    other = logged_in(app.test_client(), colleague)
    body["csrf_token"] = csrf_tokens(other.get("/imports/new").get_data(as_text=True))["csrf_token"]
    before = counts()
    assert other.post("/imports/confirm", data=body).status_code == 302
    assert counts() == before


BAD_FILES = [
    (b"", "Het bestand is leeg."),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "geen UTF-8"),
    (b"BEGIN:VCARD\r\nEND:VCARD\r\n", "geen iCalendar-bestand"),
    (GP_FILE[:150], "onvolledig"),
    (b"BEGIN:VCALENDAR\r\nrubbish\r\nEND:VCALENDAR\r\n", "kon niet worden gelezen"),
    (b"BEGIN:VCALENDAR\r\n" + b"X-A:" + b"a" * 1_100_000 + b"\r\nEND:VCALENDAR\r\n", "groter dan 1 MB"),
]


@pytest.mark.parametrize("data, words", BAD_FILES, ids=["empty", "binary", "vcard", "truncated", "garbage", "big"])
def test_a_bad_file_gets_a_clear_message_on_the_form_and_books_nothing(client, site, member, data, words):
    anne = logged_in(client, member)
    before = counts()
    resp = upload(anne, site.zaal, data)
    assert resp.status_code == 200
    errors = field_errors(resp, "file")
    assert len(errors) == 1 and words in errors[0], errors
    assert counts() == before


def test_a_request_far_too_large_is_refused_with_a_page_not_a_crash(client, site, member):
    anne = logged_in(client, member)
    resp = upload(anne, site.zaal, b"x" * (4 * 1024 * 1024))
    assert resp.status_code == 413 and "te groot" in page_text(resp).lower()


def test_no_file_chosen(client, site, member):
    anne = logged_in(client, member)
    page = anne.get("/imports/new")
    boundary, encoded = encode_multipart({"csrf_token": csrf_tokens(page.get_data(as_text=True))["csrf_token"],
                                          "room_id": str(site.zaal.id), "visibility": "internal"})
    resp = anne.post("/imports/new", data=encoded, content_type=f"multipart/form-data; boundary={boundary}")
    assert resp.status_code == 200 and field_errors(resp, "file") == ["Kies een agendabestand."]


# --- who may do what -----------------------------------------------------------------------------

def test_the_pages_need_a_login(client, site):
    assert client.get("/imports/new").status_code == 302
    assert client.post("/imports/confirm").status_code in (302, 400)


def test_a_member_books_for_their_own_organisation_only(client, site, member):
    anne = logged_in(client, member)
    page = anne.get("/imports/new")
    assert 'name="organisation_id"' not in page.get_data(as_text=True)
    preview = upload(anne, site.zaal, ics(event("a", "20270322T090000", "20270322T100000")),
                     organisation_id=str(site.huisarts.id))  # ignored: a member has no such field
    assert anne.post("/imports/confirm", data=confirm_form(preview)).status_code == 200
    assert [b.organisation_id for b in db.session.query(Booking)] == [site.welzijn.id]


def test_a_member_cannot_import_into_a_room_of_others(client, site, member):
    anne = logged_in(client, member)
    resp = upload(anne, site.behandel, ics(event("a", "20270322T090000", "20270322T100000")))
    assert resp.status_code == 200 and field_errors(resp, "room_id")  # not a choice offered to this member
    assert counts()["bookings"] == 0


@pytest.mark.parametrize("role", ["admin", "frontdesk"])
def test_staff_choose_the_organisation(client, site, role, request):
    staff = logged_in(client, request.getfixturevalue(role))
    assert 'name="organisation_id"' in staff.get("/imports/new").get_data(as_text=True)
    preview = upload(staff, site.zaal, ics(event("a", "20270322T090000", "20270322T100000")),
                     organisation_id=str(site.huisarts.id))
    assert "Huisartsenpraktijk Stadsdennen" in page_text(preview)
    assert staff.post("/imports/confirm", data=confirm_form(preview)).status_code == 200
    assert [b.organisation_id for b in db.session.query(Booking)] == [site.huisarts.id]


def test_the_booking_pages_link_to_the_import(client, site, member):
    anne = logged_in(client, member)
    for url in ("/bookings/new", "/bookings/"):
        assert re.search(r'href="/imports/new"', anne.get(url).get_data(as_text=True)), url


def test_random_files_never_give_a_server_error(client, site, member):
    """Whatever arrives as the file, the answer is a page with a message or a preview: never a 500."""
    import random

    anne = logged_in(client, member)
    rng = random.Random(9)
    good = GP_FILE.decode()
    samples = [bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))) for _ in range(4)]
    for _ in range(8):  # a real file with a few lines cut, doubled or shuffled
        lines = good.split("\r\n")
        i = rng.randrange(len(lines))
        op = rng.choice(["cut", "double", "swap", "garble"])
        if op == "cut":
            del lines[i]
        elif op == "double":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines[i] = lines[i][: len(lines[i]) // 2] + ";;=:" + lines[i][len(lines[i]) // 2:]
        samples.append("\r\n".join(lines).encode())
    for data in samples:
        resp = upload(anne, site.zaal, data)
        assert resp.status_code == 200, (data[:200], resp.status_code)
    assert counts()["bookings"] == 0


def test_three_simultaneous_confirmations_book_once(client, app, site, member):
    import threading

    anne = logged_in(client, member)
    body = confirm_form(upload(anne, site.zaal, ics(event("a", "20270322T090000", "20270322T100000"),
                                                    event("b", "20270323T090000", "20270323T100000"))))
    assert body["event"] == ["1:all", "2:all"]
    cookie = anne.get_cookie("session")
    db.session.commit()
    start, answers = threading.Barrier(3), []

    def double_click():
        c = app.test_client()
        c.set_cookie(cookie.key, cookie.value)
        with app.app_context():
            start.wait()
            try:
                answers.append(c.post("/imports/confirm", data=body).status_code)
            except Exception as exc:  # noqa: BLE001  (shown in the assertion, not lost in a thread)
                answers.append(repr(exc))

    threads = [threading.Thread(target=double_click) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert answers == [200] * 3
    assert counts()["bookings"] == 2 and counts()["occurrences"] == 2
