"""What a new user tripped over on the booking form (issue 8), checked on the HTML the server sends.

The browser tests (tests/browser) check the same in Chromium: what shows, Enter, focus, the ring.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from .helpers import book, booking_form, counts, form_post, local, logged_in, page_text

ROOT = Path(__file__).resolve().parent.parent.parent
CLASH = {"day": "2027-03-22", "repeat": "weekly", "weekdays": "MO", "count": "3"}


@pytest.fixture
def anne(client, member):
    return logged_in(client, member)


@pytest.fixture
def clash(site, other_member):
    """The Vergaderzaal is taken on Mondays 22 and 29 March 2027, 09:00-11:00."""
    for day in (22, 29):
        book(other_member, site.zaal, local(2027, 3, day, 9), local(2027, 3, day, 11), "Griepprik")


def submit_buttons(html: str) -> list[tuple[str, str]]:
    """(name, value) of the booking form's submit buttons, in document order."""
    form = re.search(r'<form method="post" action="/bookings/new" class="booking-form".*?</form>', html, re.S).group(0)
    found = []
    for tag in re.finditer(r"<(input|button)\b[^>]*>", form):
        t = tag.group(0)
        if 'type="submit"' in t:
            name = re.search(r'name="([^"]*)"', t)
            value = re.search(r'value="([^"]*)"', t)
            found.append((name.group(1) if name else "", value.group(1) if value else ""))
    return found


def test_the_check_button_comes_before_every_suggestion_and_book(anne, site, clash):
    resp = form_post(anne, "/bookings/new", booking_form(site.zaal, preview="Kijk of het vrij is", **CLASH))
    buttons = submit_buttons(resp.get_data(as_text=True))
    names = [n for n, _ in buttons]
    assert names[0] == "preview", buttons  # Enter in a field presses this one
    assert "alternative_room" in names and "take_time" in names, buttons  # the suggestions are offered ...
    assert names.index("alternative_room") > 0 and names.index("take_time") > 0  # ... after it


def test_a_post_without_a_button_checks_again_and_takes_no_suggestion(anne, site, clash):
    """What Enter sends where the browser sends no button at all: the check, in the same room, nothing booked."""
    before = counts()
    resp = form_post(anne, "/bookings/new", booking_form(site.zaal, title="Taalcafé", **CLASH))
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert 'id="preview-heading"' in html
    assert re.search(rf'<option selected value="{site.zaal.id}">', html)
    assert "2 van de data kun je niet reserveren zoals gevraagd." in page_text(resp)
    assert counts() == before


def test_only_a_pressed_suggestion_changes_the_room(anne, site, clash):
    resp = form_post(anne, "/bookings/new", booking_form(site.zaal, alternative_room=str(site.kamer.id), **CLASH))
    assert re.search(rf'<option selected value="{site.kamer.id}">', resp.get_data(as_text=True))


def test_after_a_check_the_result_takes_focus_and_its_summary_is_announced(anne, site, clash):
    resp = form_post(anne, "/bookings/new", booking_form(site.zaal, preview="Kijk of het vrij is", **CLASH))
    html = resp.get_data(as_text=True)
    assert '<h2 id="preview-heading" tabindex="-1">' in html
    assert re.search(r'<p class="flash flash-error" id="preview-summary">2 van de data', html)
    assert '<p id="preview-announce" class="visually-hidden" role="status"></p>' in html
    assert '<script src="/static/js/booking-form.js" defer></script>' in html
    js = (ROOT / "static" / "js" / "booking-form.js").read_text()
    assert 'getElementById("preview-heading")' in js and "heading.focus()" in js
    assert "announce.textContent = summary.textContent" in js


def test_the_repetition_fields_are_marked_for_the_script_and_there_without_it(anne):
    html = anne.get("/bookings/new").get_data(as_text=True)
    marked = re.findall(r'data-repeat="([^"]+)"', html)
    assert marked == ["daily weekly monthly", "weekly", "monthly", "daily weekly monthly", "daily weekly monthly",
                      "daily weekly monthly"]
    # Without JavaScript nothing is hidden: the server sends every field.
    for name in ("interval", "weekdays", "monthly_mode", "ends", "count", "until", "skip_dates", "skip_holidays",
                 "skip_closures"):
        assert f'name="{name}"' in html
    assert " hidden" not in re.sub(r'type="hidden"|class="visually-hidden"', "", html)


def test_each_weekday_and_the_skip_boxes_have_their_label_beside_them(anne):
    html = anne.get("/bookings/new").get_data(as_text=True)
    days = re.findall(r'<div class="choice"><input id="(weekdays-\d)" name="weekdays"[^>]*> '
                      r'<label for="(weekdays-\d)">([^<]+)</label></div>', html)
    assert [(a == b, label) for a, b, label in days] == [
        (True, "Maandag"), (True, "Dinsdag"), (True, "Woensdag"), (True, "Donderdag"), (True, "Vrijdag"),
        (True, "Zaterdag"), (True, "Zondag")]
    for box in ("skip_holidays", "skip_closures"):
        assert re.search(rf'<div class="field choice"><input [^>]*id="{box}"[^>]*> <label for="{box}">', html)


def test_the_focus_ring_has_3_to_1_contrast_on_the_page_and_the_pickers_keep_it():
    css = (ROOT / "static" / "css" / "site.css").read_text()
    ring = re.search(r":focus-visible \{ outline: 3px solid (#[0-9a-f]{6}); outline-offset: 2px; \}", css)
    assert ring, "the focus ring rule"
    paper = re.search(r"--paper: (#[0-9a-f]{6})", css).group(1)

    def lum(hex_colour: str) -> float:
        c = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    a, b = sorted((lum(ring.group(1)), lum(paper)), reverse=True)
    assert (a + 0.05) / (b + 0.05) >= 3
    for picker in ("input[type=date]:focus", "input[type=time]:focus", "input[type=date]:focus-within"):
        assert picker in css


def test_the_booking_form_is_shorter_when_not_repeating_and_still_books(anne, site):
    """The same form, nothing lost: a single booking goes through with the repetition fields hidden."""
    resp = form_post(anne, "/bookings/new", booking_form(site.zaal, book="Reserveren"))
    assert resp.status_code == 302
