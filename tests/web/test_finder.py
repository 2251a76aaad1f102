"""The free-room finder (/find) and the booking form's suggestions, which rank rooms by the same fit:
free at every date, rooms the organisation may book, best fit first, a link to the booking form filled
in, and a fixed number of statements whatever the number of rooms and bookings."""
from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest

from booking.domain.recurrence import Recurrence
from booking.extensions import db
from booking.models import Closure, Room

from sqlcount import counting

from .helpers import book, booking_form, form_post, heading, input_value, local, logged_in, page_text

MONDAY = {"day": "2027-03-29", "start": "09:00", "end": "11:00"}


@pytest.fixture
def anne(client, member):
    return logged_in(client, member)


def find(client, **args):
    resp = client.get("/find?" + urlencode(args, doseq=True))
    assert resp.status_code == 200, resp.status_code
    return resp


def found(resp) -> list[str]:
    """The names of the rooms found, in the order shown."""
    return [page_text(m) for m in re.findall(r'<li class="card finder-room">\s*<h3><a [^>]*>(.*?)</a></h3>',
                                             resp.get_data(as_text=True))]


def book_links(resp) -> list[str]:
    return [m.replace("&amp;", "&") for m in re.findall(r'<a class="button primary" href="(/bookings/new\?[^"]+)"',
                                                        resp.get_data(as_text=True))]


# --- the page ---------------------------------------------------------------------------------------

def test_the_empty_form_offers_the_facilities_that_exist(anne, site):
    resp = anne.get("/find")
    assert resp.status_code == 200
    assert heading(resp) == "Vrije ruimte zoeken"
    html = resp.get_data(as_text=True)
    assert re.findall(r'name="facilities"[^>]*value="([^"]+)"', html) == ["beamer", "whiteboard"]
    assert "card finder-room" not in html


def test_free_rooms_best_fit_first(anne, site):
    resp = find(anne, people=4, **MONDAY)
    # The Behandelkamer is for care organisations only; the 80-seat Theaterzaal is far too large for 4: last.
    assert found(resp) == ["Spreekkamer", "Vergaderzaal", "Theaterzaal"]
    assert "3 ruimtes zijn op alle data vrij" in page_text(resp)
    text = page_text(resp)
    assert text.index("Veel groter dan je groep nodig heeft.") > text.index("Theaterzaal")
    assert "goedkeuring nodig" in text  # the Theaterzaal needs the front desk's approval


def test_rooms_too_small_or_without_the_facilities_are_not_offered(anne, site):
    assert found(find(anne, people=10, **MONDAY)) == ["Vergaderzaal", "Theaterzaal"]
    assert found(find(anne, people=100, **MONDAY)) == []
    assert found(find(anne, facilities=["beamer"], **MONDAY)) == ["Vergaderzaal"]
    assert found(find(anne, facilities=["beamer", "whiteboard"], people=13, **MONDAY)) == []


def test_the_people_unknown_every_room_smallest_first(anne, site):
    assert found(find(anne, **MONDAY)) == ["Spreekkamer", "Vergaderzaal", "Theaterzaal"]


def test_a_room_taken_at_the_time_is_left_out_and_counted(anne, site, other_member):
    book(other_member, site.kamer, local(2027, 3, 29, 10), local(2027, 3, 29, 12), "Spreekuur")
    resp = find(anne, people=4, **MONDAY)
    assert found(resp) == ["Vergaderzaal", "Theaterzaal"]
    assert "Nog 1 ruimte zou passen, maar is niet op alle data vrij." in page_text(resp)


def test_every_week_a_room_must_be_free_on_every_date(anne, site, other_member):
    # Weekly from 22 March, over the night the clocks go forward: 09:00 stays 09:00.
    book(other_member, site.zaal, local(2027, 4, 5, 8), local(2027, 4, 5, 9, 30), "Spreekuur")
    resp = find(anne, day="2027-03-22", start="09:00", end="11:00", repeat="weekly", weeks="4")
    assert found(resp) == ["Spreekkamer", "Theaterzaal"]
    assert "4 data" in page_text(resp)
    assert "ma 29 mrt 2027, 09:00–11:00" in page_text(resp)
    # Three weeks are all free in the Vergaderzaal.
    assert "Vergaderzaal" in found(find(anne, day="2027-03-22", start="09:00", end="11:00", repeat="weekly",
                                        weeks="2"))


def test_the_changeover_buffer_counts(anne, site, other_member):
    site.kamer.buffer_minutes = 30
    db.session.commit()
    book(other_member, site.kamer, local(2027, 3, 29, 7), local(2027, 3, 29, 8, 45), "Vroeg")
    assert "Spreekkamer" not in found(find(anne, **MONDAY))
    assert "Spreekkamer" in found(find(anne, day="2027-03-29", start="09:15", end="11:00"))


def test_a_booking_of_a_combination_takes_its_parts(anne, site, other_member):
    hall = Room(building=site.building, name="Grote zaal", capacity=20, parts=[site.zaal, site.kamer])
    db.session.add(hall)
    db.session.commit()
    book(other_member, hall, local(2027, 3, 29, 10), local(2027, 3, 29, 12), "Ledenvergadering")
    assert found(find(anne, **MONDAY)) == ["Theaterzaal"]


def test_closures_and_opening_hours(anne, site):
    db.session.add_all([
        Closure(building_id=site.building.id, room_id=site.kamer.id, starts_at=local(2027, 3, 29, 7),
                ends_at=local(2027, 3, 29, 12), reason="Schilders"),
        Closure(building_id=site.building.id, starts_at=local(2027, 4, 5, 0), ends_at=local(2027, 4, 6, 0),
                reason="Tweede Paasdag")])
    db.session.commit()
    assert found(find(anne, **MONDAY)) == ["Vergaderzaal", "Theaterzaal"]
    assert found(find(anne, day="2027-03-29", start="09:00", end="11:00", repeat="weekly", weeks="2")) == []
    # The building opens at 07:00.
    assert found(find(anne, day="2027-03-30", start="06:00", end="07:30")) == []


def test_each_organisation_finds_the_rooms_it_may_book_the_staff_every_room(client, site, other_member, frontdesk):
    logged_in(client, other_member)
    assert found(find(client, **MONDAY)) == ["Behandelkamer", "Spreekkamer", "Vergaderzaal", "Theaterzaal"]
    c = client.application.test_client()
    logged_in(c, frontdesk)
    assert found(find(c, people=3, **MONDAY)) == ["Behandelkamer", "Spreekkamer", "Vergaderzaal", "Theaterzaal"]


@pytest.mark.parametrize("args, field, message", [
    ({"day": "2027-03-29", "start": "11:00", "end": "09:00"}, "end", "Het einde moet na het begin liggen."),
    ({"day": "2027-03-29", "start": "09:00", "end": "11:00", "repeat": "weekly"}, "weeks", "Hoeveel weken?"),
    ({"day": "2027-02-30", "start": "09:00", "end": "11:00"}, "day", None),
    ({"day": "2027-03-28", "start": "02:30", "end": "03:30"}, "start", "bestaat niet"),
])
def test_a_bad_search_is_said_at_its_field(anne, site, args, field, message):
    resp = find(anne, **args)
    html = resp.get_data(as_text=True)
    errors = re.search(rf'<ul class="errors" id="{field}-errors">(.*?)</ul>', html, re.S)
    assert errors, html
    if message:
        assert message in page_text(errors.group(1))
    assert found(resp) == [] and 'id="results-heading"' not in html


# --- one click to the booking form, filled in -------------------------------------------------------

def test_each_room_links_to_the_booking_form_filled_in(anne, site):
    resp = find(anne, day="2027-03-22", start="09:30", end="11:15", repeat="weekly", weeks="6", people="5")
    links = book_links(resp)
    assert links[0] == (f"/bookings/new?room={site.kamer.id}&day=2027-03-22&start=09:30&end=11:15"
                        f"&repeat=weekly&count=6&people=5")
    form = anne.get(links[0])
    html = form.get_data(as_text=True)
    assert f'<option selected value="{site.kamer.id}">' in html
    assert (input_value(form, "day"), input_value(form, "start_time"), input_value(form, "end_time")) == (
        "2027-03-22", "09:30", "11:15")
    assert input_value(form, "count") == "6" and input_value(form, "expected_people") == "5"
    assert re.search(r'<option selected value="weekly">', html)
    assert re.search(r'<input checked id="weekdays-0" name="weekdays" type="checkbox" value="MO">', html)

    # Checking it as it is shows six free dates.
    fields = booking_form(site.kamer, day="2027-03-22", start_time="09:30", end_time="11:15", repeat="weekly",
                          weekdays="MO", count="6", expected_people="5", preview="Kijk of het vrij is")
    preview = form_post(anne, "/bookings/new", fields)
    assert "Alle data zijn vrij." in page_text(preview) and "Controle: 6 data" in page_text(preview)


def test_a_bad_prefill_is_left_out(anne, site):
    form = anne.get(f"/bookings/new?room={site.zaal.id}&day=2027-03-22&start=09:00&end=08:00&repeat=weekly"
                    "&count=x&people=-3")
    assert input_value(form, "end_time") != "08:00"  # an end before the start is not taken
    assert input_value(form, "expected_people") in ("", None)
    assert '<option selected value="none">' in form.get_data(as_text=True)


def test_each_room_links_to_its_week(anne, site):
    html = find(anne, **MONDAY).get_data(as_text=True)
    assert f'<h3><a href="/rooms/{site.kamer.id}/week?date=2027-03-29">Spreekkamer</a></h3>' in html


# --- the booking form's suggestions: the same fit ---------------------------------------------------

@pytest.fixture
def centre(site):
    """De Kiekmure's demo rooms that matter here, beside the site's."""
    rooms = {name: Room(building=site.building, name=name, capacity=capacity, facilities=facilities)
             for name, capacity, facilities in [
                 ("Vergaderruimte", 14, "beamer, whiteboard, videobellen"),
                 ("Keuken", 12, "kookeilanden, vaatwasser, koelkast, oven"),
                 ("Activiteitenruimte", 25, "whiteboard, knutselmateriaal, wastafel, koffiebar"),
                 ("Zaal A", 40, "beamer, geluidsinstallatie, stoelen"),
                 ("Zaal B", 40, "whiteboard, flip-over, stoelen"),
                 ("Gespreksruimte", 4, "geluiddicht, koffie en thee")]}
    db.session.add_all(rooms.values())
    db.session.commit()
    return rooms


def suggested(client, room, **fields) -> list[str]:
    """The rooms the preview offers instead, in order."""
    resp = form_post(client, "/bookings/new", booking_form(room, preview="Kijk of het vrij is", **fields))
    return re.findall(r"<li>(.*?) is op alle data vrij\.", resp.get_data(as_text=True))


def test_a_meeting_of_ten_is_not_offered_the_kitchen(anne, centre, other_member):
    book(other_member, centre["Vergaderruimte"], local(2027, 3, 29, 8), local(2027, 3, 29, 12), "Overleg")
    offered = suggested(anne, centre["Vergaderruimte"], expected_people="10")
    assert "Keuken" not in offered
    # Nor the rooms too small (Spreekkamer, Gespreksruimte) or far too large for ten (the 40-seat halls,
    # the Theaterzaal): the rooms left, smallest first.
    assert offered == ["Vergaderzaal", "Activiteitenruimte"]


def test_a_hall_for_forty_is_not_offered_a_room_for_four(anne, centre, other_member):
    book(other_member, centre["Zaal A"], local(2027, 3, 29, 8), local(2027, 3, 29, 12), "Voorstelling")
    assert suggested(anne, centre["Zaal A"], expected_people="40") == ["Zaal B", "Theaterzaal"]
    # Without a number of people the group is taken as half the hall, 20: still no room for four, no
    # Vergaderzaal (12); the Activiteitenruimte shares no facility with Zaal A (another kind), the
    # Theaterzaal (80) is far too large for 20.
    assert suggested(anne, centre["Zaal A"]) == ["Zaal B"]


# --- a fixed number of statements -------------------------------------------------------------------

def more_rooms_and_bookings(site, other_member, n: int, name: str) -> None:
    rooms = [Room(building=site.building, name=f"{name} {i}", capacity=4 + i, facilities="beamer")
             for i in range(n)]
    db.session.add_all(rooms)
    db.session.commit()
    for i, room in enumerate(rooms):
        for week in range(3):
            start = local(2027, 3, 22, 8) + timedelta(weeks=week, minutes=5 * i)
            book(other_member, room, start, start + timedelta(minutes=30), f"Bezet {i}")
    db.session.add(Closure(building_id=site.building.id, room_id=rooms[0].id, starts_at=local(2027, 4, 1, 7),
                           ends_at=local(2027, 4, 1, 9), reason="Onderhoud"))
    db.session.commit()


def test_the_finder_sends_as_many_statements_for_many_rooms_as_for_few(anne, site, other_member):
    search = dict(day="2027-03-22", start="08:00", end="09:00", repeat="weekly", weeks="8", people="3")
    more_rooms_and_bookings(site, other_member, 2, "Klein")
    with counting() as few:
        find(anne, **search)
    more_rooms_and_bookings(site, other_member, 25, "Zaaltje")
    with counting() as many:
        resp = find(anne, **search)
    assert "Spreekkamer" in found(resp)
    assert len(few) == len(many), (few, many)
    assert len(many) <= 7, many


def test_the_suggestions_send_as_many_statements_for_many_rooms_as_for_few(anne, site, other_member):
    book(other_member, site.zaal, local(2027, 3, 29, 8), local(2027, 3, 29, 12), "Overleg")
    fields = booking_form(site.zaal, preview="Kijk of het vrij is", expected_people="3")
    more_rooms_and_bookings(site, other_member, 2, "Klein")
    with counting() as few:
        form_post(anne, "/bookings/new", fields)
    more_rooms_and_bookings(site, other_member, 25, "Zaaltje")
    with counting() as many:
        resp = form_post(anne, "/bookings/new", fields)
    assert "Spreekkamer is op alle data vrij." in page_text(resp)
    assert len(few) == len(many), (few, many)


def test_a_series_of_many_dates_is_judged_in_the_same_statements(anne, site, other_member):
    book(other_member, site.zaal, local(2027, 3, 22, 8), local(2027, 3, 22, 9), "Overleg",
         recurrence=Recurrence(freq="weekly", byweekday=("MO",), count=30))
    with counting() as two:
        find(anne, day="2027-03-22", start="08:00", end="09:00", repeat="weekly", weeks="2")
    with counting() as fifty:
        resp = find(anne, day="2027-03-22", start="08:00", end="09:00", repeat="weekly", weeks="50")
    assert found(resp) == ["Spreekkamer", "Theaterzaal"]
    assert len(two) == len(fifty)
