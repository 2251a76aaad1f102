"""Extras on the pages: the booking form's Extras section, the refusal in the user's language, the booking's
page, and the front desk's day."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from booking.bookings.context import Context
from booking.bookings.services import BookingRequest, create_booking
from booking.extensions import db
from booking.extras.requests import ExtraRequest
from booking.models import BookingExtra
from fixtures.clock import NOW
from web.helpers import (booking_form, counts, form_errors, form_post, input_value, local, logged_in, notices,
                         page_text)

DAY = "/frontdesk/day?date=2027-03-29"


def booked(actor, room, start, end, title, extras, **fields):
    """A booking with extras made through the service, to set the scene."""
    return create_booking(Context(db.session, actor, NOW), BookingRequest(
        room_id=room.id, title=title, start=start.replace(tzinfo=None), end=end.replace(tzinfo=None),
        extras=tuple(ExtraRequest(e.id, n) for e, n in extras), **fields))


def new(client, room, **fields):
    """POST the booking form (press 'preview' unless 'book' is given)."""
    if "book" not in fields:
        fields.setdefault("preview", "Kijk of het vrij is")
    return form_post(client, "/bookings/new", booking_form(room, **fields))


def written() -> dict[str, int]:
    found = counts()
    found["extras asked"] = db.session.scalar(select(func.count()).select_from(BookingExtra))
    return found


def test_the_form_offers_the_active_extras_folded_away(client, site, stock, member):
    html = logged_in(client, member).get("/bookings/new").get_data(as_text=True)
    section = re.search(r'<details class="extras-section">(.*?)</details>', html, re.S)
    assert section, "the extras are folded away when nothing is asked for"
    text = page_text(section.group(1))
    assert "Extra's (beamer, microfoon, koffie en thee)" in text
    for name in ("Beamer (De Kiekmure) 2 op voorraad", "Koffie en thee (De Kiekmure) per persoon",
                 "Microfoon (De Kiekmure) 1 op voorraad", "Beamer (De Roef) 5 op voorraad"):
        assert name in text
    assert "Diaprojector" not in text  # inactive
    assert f'name="extra-{stock.beamer.id}"' in section.group(1) and 'type="number"' in section.group(1)


def test_no_extras_no_section(client, site, member):
    assert "extras-section" not in logged_in(client, member).get("/bookings/new").get_data(as_text=True)


def test_book_with_extras_and_see_them_on_the_booking(client, site, stock, member):
    anne = logged_in(client, member)
    resp = new(anne, site.zaal, **{f"extra-{stock.beamer.id}": "1", f"extra-{stock.koffie.id}": "12",
                                   f"extra-{stock.microfoon.id}": "0"})
    assert "Alle data zijn vrij." in notices(resp)
    assert '<details class="extras-section" open>' in resp.get_data(as_text=True)
    assert input_value(resp, f"extra-{stock.koffie.id}") == "12"
    resp = new(anne, site.zaal, book="Reserveren", **{f"extra-{stock.beamer.id}": "1",
                                                      f"extra-{stock.koffie.id}": "12"})
    assert resp.status_code == 302
    page = anne.get(resp.headers["Location"])
    assert "Extra's 1 × Beamer 12 × Koffie en thee" in page_text(page)
    db.session.rollback()
    assert sorted(db.session.execute(select(BookingExtra.extra_id, BookingExtra.quantity)).all()) == sorted(
        [(stock.beamer.id, 1), (stock.koffie.id, 12)])


def test_a_short_beamer_is_refused_at_the_preview_in_dutch(client, site, stock, member, other_member):
    booked(other_member, site.kamer, local(2027, 3, 29, 10), local(2027, 3, 29, 12), "Scholing", [(stock.beamer, 2)])
    anne = logged_in(client, member)
    before = written()
    for button in ({}, {"book": "Reserveren"}):
        resp = new(anne, site.zaal, **{f"extra-{stock.beamer.id}": "1"}, **button)
        assert resp.status_code == 200
        assert form_errors(resp) == ["Niet genoeg Beamer vrij op 29-03-2027: 0 van 2 vrij, 1 gevraagd."]
        assert 'name="book"' not in resp.get_data(as_text=True)
        assert input_value(resp, f"extra-{stock.beamer.id}") == "1"
    assert written() == before
    # Without the beamer the room itself is free.
    assert new(anne, site.zaal, book="Reserveren").status_code == 302


def test_in_english_too(client, site, stock, member, other_member):
    member.language = "en"
    db.session.commit()
    booked(other_member, site.kamer, local(2027, 3, 29, 10), local(2027, 3, 29, 12), "Scholing", [(stock.beamer, 2)])
    resp = new(logged_in(client, member), site.zaal, **{f"extra-{stock.beamer.id}": "2"})
    assert form_errors(resp) == ["Not enough Beamer free on 29-03-2027: 0 of 2 free, 2 asked."]


@pytest.mark.parametrize("raw, message", [
    ("-1", "Het aantal van een extra moet een heel getal van 1 tot 1000 zijn."),
    ("1001", "Het aantal van een extra moet een heel getal van 1 tot 1000 zijn."),
    ("99999999999999999999", "Het aantal van een extra moet een heel getal van 1 tot 1000 zijn."),
    ("twee", "Het aantal van een extra moet een heel getal van 1 tot 1000 zijn."),
    ("1.5", "Het aantal van een extra moet een heel getal van 1 tot 1000 zijn."),
    ("٣", "Het aantal van een extra moet een heel getal van 1 tot 1000 zijn."),
    ("1\x00", "Het aantal van een extra moet een heel getal van 1 tot 1000 zijn."),
])
def test_bad_quantities_are_said_and_nothing_is_written(client, site, stock, member, raw, message):
    anne = logged_in(client, member)
    before = written()
    for button in ({}, {"book": "Reserveren"}):
        resp = new(anne, site.zaal, **{f"extra-{stock.koffie.id}": raw}, **button)
        assert resp.status_code == 200
        assert form_errors(resp) == [message]
    assert written() == before


@pytest.mark.parametrize("which", ["elders", "oud", "unknown", "junk"])
def test_an_extra_the_room_cannot_have_is_refused(client, site, stock, member, which):
    name = {"elders": f"extra-{stock.elders.id}", "oud": f"extra-{stock.oud.id}", "unknown": "extra-999999",
            "junk": "extra-abc"}[which]
    before = written()
    resp = new(logged_in(client, member), site.zaal, book="Reserveren", **{name: "1"})
    assert resp.status_code == 200
    assert form_errors(resp) in (["Deze extra kan niet worden gevraagd bij een reservering van Vergaderzaal."],
                                 ["Er is geen extra met dit nummer."])
    assert written() == before


def test_the_front_desk_sees_what_to_prepare(client, site, stock, member, frontdesk):
    booked(member, site.zaal, local(2027, 3, 29, 9), local(2027, 3, 29, 11), "Koffieochtend",
           [(stock.beamer, 1), (stock.koffie, 12)])
    booked(member, site.kamer, local(2027, 3, 29, 13), local(2027, 3, 29, 14), "Gesprek", [])
    page = logged_in(client, frontdesk).get(DAY)
    html = page.get_data(as_text=True)
    grid = re.search(r'<table class="day-grid">(.*?)</table>', html, re.S).group(1)
    assert grid.count('title="1 × Beamer, 12 × Koffie en thee"') == 1
    assert "Extra's: 1 × Beamer, 12 × Koffie en thee" in page_text(grid)
    assert "Extra's: 1 × Beamer, 12 × Koffie en thee" in page_text(html.split('id="day-list"')[1])
    assert "Extra's klaarzetten" in page_text(page)  # the legend


def test_moving_a_date_onto_a_taken_beamer_is_said_on_the_page(client, site, stock, member, other_member):
    booked(other_member, site.kamer, local(2027, 3, 29, 13), local(2027, 3, 29, 15), "Scholing", [(stock.beamer, 2)])
    mine = booked(member, site.zaal, local(2027, 3, 29, 9), local(2027, 3, 29, 11), "Overleg", [(stock.beamer, 1)])
    occ = mine.occurrences[0].id
    anne = logged_in(client, member)
    resp = form_post(anne, f"/bookings/{mine.id}/occurrences/{occ}/edit",
                     {"scope": "one", "day": "2027-03-29", "start_time": "14:00", "end_time": "15:00",
                      "room_id": str(site.zaal.id)})
    assert resp.status_code == 200
    assert form_errors(resp) == ["Niet genoeg Beamer vrij op 29-03-2027: 0 van 2 vrij, 1 gevraagd."]
