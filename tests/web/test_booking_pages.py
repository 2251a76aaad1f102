"""The booking pages: new booking with preview and suggestions, our bookings, detail, cancel, move, extend."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from booking.bookings.approvals import approve, reject
from booking.bookings.context import Context
from booking.bookings.services import move_occurrence
from booking.domain.recurrence import Recurrence
from booking.extensions import db
from booking.models import Booking, Closure, RoomHold, Status

from .helpers import (book, booking_form, counts, field_errors, form_errors, form_post, heading, input_value, local,
                      logged_in, notices, occurrences_of, page_text, rows, utc_iso)

WEEKLY = {"repeat": "weekly", "weekdays": "MO"}
NOT_ALL_FREE = "Niet alle data zijn vrij. Kies hieronder wat je wilt doen."


@pytest.fixture
def anne(client, member):
    """The test client, logged in as Anne of Welzijn Harderwijk."""
    return logged_in(client, member)


def new(client, room, **fields):
    """POST the booking form (press 'preview' unless another button is given)."""
    if not {"book", "book_free", "alternative_room", "take_time"} & fields.keys():
        fields.setdefault("preview", "Kijk of het vrij is")
    return form_post(client, "/bookings/new", booking_form(room, **fields))


def only_booking() -> Booking:
    db.session.rollback()
    return db.session.scalars(select(Booking)).one()


def starts(booking_id: int) -> list[str]:
    return [utc_iso(o.starts_at) for o in occurrences_of(booking_id)]


# --- a new booking: preview, then book --------------------------------------------------------------

def test_preview_of_a_single_booking_writes_nothing(anne, site):
    before = counts()
    resp = new(anne, site.zaal)
    assert resp.status_code == 200
    assert heading(resp) == "Ruimte reserveren"
    assert "Controle: 1 datum" in page_text(resp)
    assert "Alle data zijn vrij." in notices(resp)
    assert rows(resp) == [["ma 29 mrt 2027, 09:00–11:00", "vrij"]]
    assert 'name="book"' in resp.get_data(as_text=True)
    assert counts() == before


def test_book_redirects_to_the_detail_page(anne, site, member):
    resp = new(anne, site.zaal, book="Reserveren", description="Met koffie en thee", expected_people="8")
    booking = only_booking()
    assert resp.status_code == 302
    assert resp.headers["Location"] == f"/bookings/{booking.id}"
    assert (booking.title, booking.room_id, booking.organisation_id, booking.creator_id, booking.status) == (
        "Koffieochtend", site.zaal.id, site.welzijn.id, member.id, Status.CONFIRMED)
    assert (booking.description, booking.expected_people, booking.recurrence) == ("Met koffie en thee", 8, "")
    [occ] = occurrences_of(booking.id)
    assert (utc_iso(occ.starts_at), utc_iso(occ.ends_at), occ.status) == (
        "2027-03-29T07:00", "2027-03-29T09:00", Status.CONFIRMED)
    assert len(db.session.scalars(select(RoomHold).where(RoomHold.occurrence_id == occ.id)).all()) == 1

    page = anne.get(resp.headers["Location"])
    assert "Gereserveerd: Koffieochtend, 1 datum." in notices(page)
    assert heading(page) == "Koffieochtend"
    assert rows(page)[0][:3] == ["ma 29 mrt 2027, 09:00–11:00", "Vergaderzaal", "bevestigd"]


def test_weekly_series_preview_keeps_the_wall_clock_across_dst(anne, site):
    resp = new(anne, site.zaal, day="2027-03-15", count="3", **WEEKLY)
    assert "Controle: 3 data" in page_text(resp)
    assert rows(resp) == [["ma 15 mrt 2027, 09:00–11:00", "vrij"],
                          ["ma 22 mrt 2027, 09:00–11:00", "vrij"],
                          ["ma 29 mrt 2027, 09:00–11:00", "vrij"]]
    assert counts()["bookings"] == 0

    new(anne, site.zaal, day="2027-03-15", count="3", book="Reserveren", **WEEKLY)
    booking = only_booking()
    # 09:00 in Harderwijk is 08:00 UTC before 28 March and 07:00 UTC after it.
    assert starts(booking.id) == ["2027-03-15T08:00", "2027-03-22T08:00", "2027-03-29T07:00"]
    assert booking.recurrence == "DTSTART:20270315T090000\nDTEND:20270315T110000\nRRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=3"


@pytest.mark.parametrize("visibility, shown", [("internal", "Spreekuur"), ("private", "Bezet")])
def test_conflict_preview_names_the_other_booking_or_busy(anne, site, other_member, visibility, shown):
    book(other_member, site.zaal, local(2027, 3, 29, 10), local(2027, 3, 29, 12), "Spreekuur",
         visibility=visibility)
    resp = new(anne, site.zaal)
    assert "1 van de data kun je niet reserveren zoals gevraagd." in notices(resp)
    assert rows(resp) == [["ma 29 mrt 2027, 09:00–11:00", f"botst met {shown} (ma 29 mrt 2027, 10:00–12:00)"]]
    assert 'name="book"' not in resp.get_data(as_text=True)


def test_front_desk_sees_the_title_of_a_private_booking(client, site, frontdesk, other_member):
    book(other_member, site.zaal, local(2027, 3, 29, 10), local(2027, 3, 29, 12), "Spreekuur", visibility="private")
    logged_in(client, frontdesk)
    resp = new(client, site.zaal, organisation_id=str(site.welzijn.id))
    assert rows(resp) == [["ma 29 mrt 2027, 09:00–11:00", "botst met Spreekuur (ma 29 mrt 2027, 10:00–12:00)"]]


def test_book_with_a_conflict_writes_nothing(anne, site, other_member):
    book(other_member, site.zaal, local(2027, 4, 5, 10), local(2027, 4, 5, 12), "Spreekuur")
    before = counts()
    resp = new(anne, site.zaal, day="2027-03-22", count="3", book="Reserveren", **WEEKLY)
    assert resp.status_code == 200
    assert form_errors(resp) == [NOT_ALL_FREE]
    assert counts() == before


def test_book_free_books_exactly_the_free_dates(anne, site, other_member):
    book(other_member, site.zaal, local(2027, 3, 29, 10), local(2027, 3, 29, 12), "Spreekuur")
    resp = new(anne, site.zaal, day="2027-03-22", count="3", **WEEKLY)
    assert [r[1] for r in rows(resp)] == ["vrij", "botst met Spreekuur (ma 29 mrt 2027, 10:00–12:00)", "vrij"]
    assert "Of reserveer bewust alleen de 2 vrije data, met de knop hieronder." in page_text(resp)
    assert 'name="book_free"' in resp.get_data(as_text=True)

    resp = new(anne, site.zaal, day="2027-03-22", count="3", book_free="Alleen de vrije data reserveren", **WEEKLY)
    assert resp.status_code == 302
    booking = db.session.scalars(select(Booking).where(Booking.title == "Koffieochtend")).one()
    assert starts(booking.id) == ["2027-03-22T08:00", "2027-04-05T07:00"]
    assert booking.recurrence.endswith("\nRRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=3\nEXDATE:20270329")
    assert "Gereserveerd: Koffieochtend, 2 data." in notices(anne.get(resp.headers["Location"]))


def test_alternative_room_is_offered_and_can_be_taken(anne, site, other_member, frontdesk):
    book(other_member, site.zaal, local(2027, 3, 29, 10), local(2027, 3, 29, 12), "Spreekuur")
    book(frontdesk, site.theater, local(2027, 3, 22, 8), local(2027, 3, 22, 12), "Voorstelling")
    resp = new(anne, site.zaal, day="2027-03-22", count="2", **WEEKLY)
    text = page_text(resp)
    # The Spreekkamer is free at both dates; the Theaterzaal is not, the Behandelkamer is for care only.
    assert "Spreekkamer is op alle data vrij." in text
    assert "Theaterzaal is op alle data vrij." not in text
    assert "Behandelkamer" not in text
    html = resp.get_data(as_text=True)
    assert f'name="alternative_room" value="{site.kamer.id}"' in html
    assert html.count('name="alternative_room"') == 1

    resp = new(anne, site.zaal, day="2027-03-22", count="2", alternative_room=str(site.kamer.id), **WEEKLY)
    assert "Alle data zijn vrij." in notices(resp)
    assert rows(resp) == [["ma 22 mrt 2027, 09:00–11:00", "vrij"], ["ma 29 mrt 2027, 09:00–11:00", "vrij"]]
    assert f'<option selected value="{site.kamer.id}">' in resp.get_data(as_text=True)
    assert counts()["bookings"] == 2

    resp = new(anne, site.kamer, day="2027-03-22", count="2", book="Reserveren", **WEEKLY)
    assert resp.status_code == 302
    booking = db.session.scalars(select(Booking).where(Booking.title == "Koffieochtend")).one()
    assert booking.room_id == site.kamer.id


def test_no_alternative_room_too_small_for_the_group(anne, site, other_member, frontdesk):
    book(other_member, site.zaal, local(2027, 3, 29, 10), local(2027, 3, 29, 12), "Spreekuur")
    book(frontdesk, site.theater, local(2027, 3, 29, 8), local(2027, 3, 29, 12), "Voorstelling")
    resp = new(anne, site.zaal, expected_people="8")
    assert "is op alle data vrij" not in page_text(resp)


def test_nearest_free_time_is_offered_for_a_single_booking(anne, site, other_member):
    book(other_member, site.zaal, local(2027, 3, 29, 9), local(2027, 3, 29, 11), "Spreekuur")
    resp = new(anne, site.zaal, start_time="09:30", end_time="10:30")
    # 08:00 and 11:00 are equally near 09:30; the earlier one is offered.
    assert "Het dichtstbijzijnde vrije tijdstip die dag: ma 29 mrt 2027, 08:00–09:00." in page_text(resp)
    assert 'name="take_time" value="08:00-09:00"' in resp.get_data(as_text=True)

    resp = new(anne, site.zaal, start_time="09:30", end_time="10:30", take_time="08:00-09:00")
    assert rows(resp) == [["ma 29 mrt 2027, 08:00–09:00", "vrij"]]
    # The form shows the time it previewed, so 'Book' books that time.
    assert (input_value(resp, "start_time"), input_value(resp, "end_time")) == ("08:00", "09:00")
    assert counts()["bookings"] == 1

    resp = new(anne, site.zaal, start_time="08:00", end_time="09:00", book="Reserveren")
    assert resp.status_code == 302
    booking = db.session.scalars(select(Booking).where(Booking.title == "Koffieochtend")).one()
    assert starts(booking.id) == ["2027-03-29T06:00"]


def test_nearest_time_free_on_every_date_is_offered_for_a_series(anne, site, other_member):
    # Two of the four Mondays are taken from 09:00 to 10:30; 10:30 is free on all of them, 08:00 is not.
    book(other_member, site.zaal, local(2027, 3, 29, 9), local(2027, 3, 29, 10, 30), "Spreekuur")
    book(other_member, site.zaal, local(2027, 4, 5, 7), local(2027, 4, 5, 10, 30), "Vroeg spreekuur")
    resp = new(anne, site.zaal, day="2027-03-22", start_time="09:30", end_time="10:30", count="4", **WEEKLY)
    assert "Het dichtstbijzijnde tijdstip dat op alle data vrij is: 10:30–11:30." in page_text(resp)
    resp = new(anne, site.zaal, day="2027-03-22", start_time="09:30", end_time="10:30", count="4",
               take_time="10:30-11:30", **WEEKLY)
    assert [r[1] for r in rows(resp)] == ["vrij"] * 4


def test_dutch_public_holidays_are_skipped(anne, site):
    fields = dict(day="2027-03-22", count="10", skip_holidays="y", **WEEKLY)
    resp = new(anne, site.zaal, **fields)
    assert "Controle: 8 data" in page_text(resp)
    assert "Overgeslagen: ma 29 mrt 2027 (Tweede paasdag), ma 17 mei 2027 (Tweede pinksterdag)" in page_text(resp)
    assert [r[0] for r in rows(resp)] == [
        "ma 22 mrt 2027, 09:00–11:00", "ma 5 apr 2027, 09:00–11:00", "ma 12 apr 2027, 09:00–11:00",
        "ma 19 apr 2027, 09:00–11:00", "ma 26 apr 2027, 09:00–11:00", "ma 3 mei 2027, 09:00–11:00",
        "ma 10 mei 2027, 09:00–11:00", "ma 24 mei 2027, 09:00–11:00"]

    resp = new(anne, site.zaal, book="Reserveren", **fields)
    assert resp.status_code == 302
    booking = only_booking()
    dates = [s[:10] for s in starts(booking.id)]
    assert len(dates) == 8
    assert "2027-03-29" not in dates and "2027-05-17" not in dates
    assert booking.recurrence.endswith("\nRRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=10\nEXDATE:20270329,20270517")


def test_closures_are_shown_and_can_be_skipped(anne, site):
    db.session.add(Closure(building_id=site.building.id, starts_at=local(2027, 4, 12), ends_at=local(2027, 4, 13),
                           reason="Schoonmaak"))
    db.session.commit()
    fields = dict(day="2027-04-05", count="3", **WEEKLY)
    resp = new(anne, site.zaal, **fields)
    assert rows(resp)[1] == ["ma 12 apr 2027, 09:00–11:00",
                             "gesloten: Gesloten van ma 12 apr 2027, 00:00 tot di 13 apr 2027, 00:00: Schoonmaak"]

    resp = new(anne, site.zaal, skip_closures="y", **fields)
    assert "Overgeslagen: ma 12 apr 2027 (gesloten)" in page_text(resp)
    assert rows(resp) == [["ma 5 apr 2027, 09:00–11:00", "vrij"], ["ma 19 apr 2027, 09:00–11:00", "vrij"]]
    resp = new(anne, site.zaal, skip_closures="y", book="Reserveren", **fields)
    assert resp.status_code == 302
    assert starts(only_booking().id) == ["2027-04-05T07:00", "2027-04-19T07:00"]


# --- bad input --------------------------------------------------------------------------------------

BAD_INPUT = [
    ({"title": ""}, "title", "Dit veld is vereist."),
    ({"end_time": "08:00"}, "end_time", "Het einde moet na het begin liggen."),
    ({"day": "2027-02-30"}, "day", "Ongeldige datum."),
    ({"day": "2027-03-28", "start_time": "02:30", "end_time": "04:00"}, "start_time",
     "zo 28 mrt 2027, 02:30 bestaat niet in Europe/Amsterdam: die nacht gaat de klok een uur vooruit."),
    ({"count": "0", **WEEKLY}, "count", "Nummer moet tussen 1 en 800 liggen."),
    ({"count": "5000", **WEEKLY}, "count", "Nummer moet tussen 1 en 800 liggen."),
    ({"count": "", **WEEKLY}, "count", "Hoe vaak?"),
    ({"repeat": "weekly", "count": "3"}, "weekdays", "Kies minstens één weekdag."),
    ({"title": "K" * 300}, "title", "Veld mag niet langer zijn dan 200 karakters."),
    ({"title": "Koffie\x07ochtend"}, "title", "Haal de onzichtbare stuurtekens uit deze tekst."),
    ({"start_time": "25:00"}, "start_time", "Ongeldige waarde voor tijd."),
]


@pytest.mark.parametrize("fields, field, message", BAD_INPUT,
                         ids=["no-title", "end-before-start", "30-feb", "dst-gap", "count-0", "count-5000",
                              "count-empty", "no-weekday", "long-title", "control-chars", "25-00"])
@pytest.mark.parametrize("button", ["preview", "book"])
def test_bad_input_is_shown_on_the_field_with_the_values_kept(anne, site, fields, field, message, button):
    before = counts()
    resp = new(anne, site.zaal, description="Met koffie en thee", **{button: "x"}, **fields)
    assert resp.status_code == 200
    assert field_errors(resp, field) == [message]
    assert "Controle:" not in page_text(resp)  # no preview
    sent = booking_form(site.zaal, description="Met koffie en thee", **fields)
    for name in ("title", "day", "start_time", "end_time", "count", "description"):
        assert input_value(resp, name) == sent[name], name
    assert counts() == before


def test_a_room_the_organisation_may_not_book(anne, site):
    page = anne.get("/bookings/new")
    assert f'value="{site.behandel.id}"' not in page.get_data(as_text=True)
    before = counts()
    for button in ("preview", "book"):
        resp = new(anne, site.behandel, **{button: "x"})
        assert resp.status_code == 200
        assert field_errors(resp, "room_id") == ["Ongeldige keuze."]
    assert counts() == before


@pytest.mark.parametrize("button", ["preview", "book"])
def test_a_room_too_small_for_the_group(anne, site, button):
    before = counts()
    resp = new(anne, site.kamer, expected_people="20", **{button: "x"})
    assert resp.status_code == 200
    assert field_errors(resp, "expected_people") == ["In Spreekkamer passen maximaal 6 personen."]
    assert "Controle:" not in page_text(resp)
    assert counts() == before


def test_front_desk_booking_for_an_organisation_the_room_does_not_admit(client, site, frontdesk):
    logged_in(client, frontdesk)
    before = counts()
    for button in ("preview", "book"):
        resp = new(client, site.behandel, organisation_id=str(site.welzijn.id), **{button: "x"})
        assert resp.status_code == 200
        assert field_errors(resp, "room_id") == ["Welzijn Harderwijk mag deze ruimte niet reserveren."]
    resp = new(client, site.behandel, organisation_id=str(site.huisarts.id), book="x")
    assert resp.status_code == 302
    assert counts()["bookings"] == before["bookings"] + 1


def test_staff_without_an_organisation_must_choose_one(client, site, make_user):
    logged_in(client, make_user("admin", None))
    resp = new(client, site.zaal, organisation_id="0", book="x")
    assert resp.status_code == 200
    assert field_errors(resp, "organisation_id") == ["Kies de organisatie waarvoor je reserveert."]
    assert counts()["bookings"] == 0


# --- our bookings ------------------------------------------------------------------------------------

@pytest.fixture
def our_bookings(site, member, other_member):
    """Two upcoming bookings and a past one of Welzijn, one of the GP practice."""
    book(member, site.zaal, local(2027, 3, 29, 9), local(2027, 3, 29, 11), "Koffieochtend")
    book(member, site.kamer, local(2027, 4, 6, 14), local(2027, 4, 6, 15), "Spreekuur schuldhulp")
    book(member, site.kamer, local(2026, 12, 14, 10), local(2026, 12, 14, 11), "Oud overleg",
         now=datetime(2026, 12, 1, tzinfo=UTC))
    book(other_member, site.zaal, local(2027, 3, 30, 9), local(2027, 3, 30, 11), "Griepprik")


def test_our_bookings_lists_upcoming_and_past(anne, our_bookings):
    resp = anne.get("/bookings/")
    assert heading(resp) == "Onze reserveringen"
    assert rows(resp) == [["ma 29 mrt 2027, 09:00–11:00", "Vergaderzaal", "Koffieochtend", "bevestigd"],
                          ["di 6 apr 2027, 14:00–15:00", "Spreekkamer", "Spreekuur schuldhulp", "bevestigd"]]
    resp = anne.get("/bookings/?scope=past")
    assert rows(resp) == [["ma 14 dec 2026, 10:00–11:00", "Spreekkamer", "Oud overleg", "bevestigd"]]


def test_our_bookings_filters_by_room_and_dates(anne, site, our_bookings):
    resp = anne.get(f"/bookings/?room={site.kamer.id}")
    assert [r[2] for r in rows(resp)] == ["Spreekuur schuldhulp"]
    resp = anne.get("/bookings/?from=2027-03-30&to=2027-04-30")
    assert [r[2] for r in rows(resp)] == ["Spreekuur schuldhulp"]
    resp = anne.get("/bookings/?from=2027-03-01&to=2027-03-29")
    assert [r[2] for r in rows(resp)] == ["Koffieochtend"]
    resp = anne.get(f"/bookings/?scope=past&room={site.zaal.id}")
    assert rows(resp) == []
    assert "Geen reserveringen gevonden." in page_text(resp)
    resp = anne.get("/bookings/?from=2027-02-30")
    assert "2027-02-30 is geen datum. Kies een datum in de kalender." in notices(resp)
    assert len(rows(resp)) == 2


def test_staff_see_every_organisation_and_filter_by_one(client, site, frontdesk, our_bookings):
    logged_in(client, frontdesk)
    resp = client.get("/bookings/?all=1")  # all upcoming dates: the front desk's default is the coming week
    assert heading(resp) == "Reserveringen"
    assert [(r[2], r[3]) for r in rows(resp)] == [
        ("Koffieochtend", "Welzijn Harderwijk"), ("Griepprik", "Huisartsenpraktijk Stadsdennen"),
        ("Spreekuur schuldhulp", "Welzijn Harderwijk")]
    resp = client.get(f"/bookings/?all=1&organisation={site.huisarts.id}")
    assert [r[2] for r in rows(resp)] == ["Griepprik"]


# --- detail ------------------------------------------------------------------------------------------

def test_detail_of_another_organisations_booking_is_forbidden(anne, site, other_member):
    theirs = book(other_member, site.zaal, local(2027, 3, 29, 9), local(2027, 3, 29, 11), "Griepprik")
    resp = anne.get(f"/bookings/{theirs.id}")
    assert resp.status_code == 403
    assert heading(resp) == "Niet toegestaan"
    assert "Griepprik" not in page_text(resp)
    resp = anne.get("/bookings/9999")
    assert resp.status_code == 404
    assert heading(resp) == "Niet gevonden"
    assert "Deze pagina of reservering bestaat niet (meer)." in page_text(resp)


# --- cancel ------------------------------------------------------------------------------------------

def _series(member, site, count=4, day=15, title="Taalcafé"):
    return book(member, site.zaal, local(2027, 3, day, 9), local(2027, 3, day, 11), title,
                recurrence=Recurrence("weekly", byweekday=("MO",), count=count))


def cancel(client, booking_id, occurrence_id, scope="one", reason=""):
    return form_post(client, f"/bookings/{booking_id}/occurrences/{occurrence_id}/cancel",
                     {"scope": scope, "reason": reason}, source=f"/bookings/{booking_id}")


def test_cancel_one_date_with_a_reason_frees_the_slot_at_once(anne, app, site, member, other_member):
    series = _series(member, site, count=2, day=22)
    first, second = occurrences_of(series.id)
    resp = cancel(anne, series.id, first.id, reason="Docent ziek")
    assert resp.status_code == 302
    assert resp.headers["Location"] == f"/bookings/{series.id}"
    first, second = occurrences_of(series.id)
    assert (first.status, first.cancel_reason, first.holds) == (Status.CANCELLED, "Docent ziek", [])
    assert second.status == Status.CONFIRMED
    page = anne.get(f"/bookings/{series.id}")
    assert "Geannuleerd. De ruimte is op dat moment weer vrij." in notices(page)
    assert [r[:3] for r in rows(page)] == [
        ["ma 22 mrt 2027, 09:00–11:00", "Vergaderzaal", "geannuleerd: Docent ziek"],
        ["ma 29 mrt 2027, 09:00–11:00", "Vergaderzaal", "bevestigd"]]

    bart = logged_in(app.test_client(), other_member)
    resp = new(bart, site.zaal, day="2027-03-22", title="Griepprik", book="Reserveren")
    assert resp.status_code == 302
    resp = new(bart, site.zaal, day="2027-03-29", title="Griepprik", book="Reserveren")
    assert resp.status_code == 200
    assert form_errors(resp) == [NOT_ALL_FREE]


def test_a_cancelled_date_cannot_be_moved(anne, site, member):
    series = _series(member, site, count=2)
    first = occurrences_of(series.id)[0]
    cancel(anne, series.id, first.id)
    url = f"/bookings/{series.id}/occurrences/{first.id}/edit"
    assert anne.get(url).status_code == 404
    resp = form_post(anne, url, {"scope": "one", "day": "2027-03-16", "start_time": "09:00", "end_time": "10:00",
                                 "room_id": str(site.zaal.id)}, source=f"/bookings/{series.id}")
    assert resp.status_code == 404
    assert occurrences_of(series.id)[0].status == Status.CANCELLED
    assert 'occurrences/%d/edit"' % first.id not in anne.get(f"/bookings/{series.id}").get_data(as_text=True)


def test_cancel_this_and_all_later_dates(anne, site, member):
    series = _series(member, site)
    occs = occurrences_of(series.id)
    resp = cancel(anne, series.id, occs[1].id, scope="following", reason="Zomerstop")
    assert resp.status_code == 302
    assert [(o.status, o.cancel_reason) for o in occurrences_of(series.id)] == [
        (Status.CONFIRMED, ""), (Status.CANCELLED, "Zomerstop"), (Status.CANCELLED, "Zomerstop"),
        (Status.CANCELLED, "Zomerstop")]
    db.session.rollback()
    assert db.session.get(Booking, series.id).status == Status.CONFIRMED
    cancel(anne, series.id, occs[0].id, scope="following")
    db.session.rollback()
    assert db.session.get(Booking, series.id).status == Status.CANCELLED
    assert db.session.scalars(select(RoomHold)).all() == []


# --- move --------------------------------------------------------------------------------------------

def edit(client, booking_id, occurrence_id, **fields):
    return form_post(client, f"/bookings/{booking_id}/occurrences/{occurrence_id}/edit", fields)


def test_move_one_date_into_a_busy_slot_is_refused(anne, site, member, other_member):
    series = _series(member, site)
    book(other_member, site.kamer, local(2027, 3, 23, 14), local(2027, 3, 23, 15), "Griepprik")
    occ = occurrences_of(series.id)[1]
    before = [(utc_iso(o.starts_at), o.room_id) for o in occurrences_of(series.id)]
    page = anne.get(f"/bookings/{series.id}/occurrences/{occ.id}/edit")
    assert heading(page) == "Een datum van Taalcafé wijzigen"
    assert "Nu: ma 22 mrt 2027, 09:00–11:00 · Vergaderzaal" in page_text(page)
    assert (input_value(page, "day"), input_value(page, "start_time")) == ("2027-03-22", "09:00")

    resp = edit(anne, series.id, occ.id, scope="one", day="2027-03-23", start_time="14:30", end_time="15:30",
                room_id=str(site.kamer.id))
    assert resp.status_code == 200
    assert form_errors(resp) == ["De ruimte is op de gevraagde tijd al gereserveerd."]
    assert "botst met Griepprik (di 23 mrt 2027, 14:00–15:00)" in page_text(resp)
    assert [(utc_iso(o.starts_at), o.room_id) for o in occurrences_of(series.id)] == before

    resp = edit(anne, series.id, occ.id, scope="one", day="2027-03-23", start_time="15:00", end_time="16:00",
                room_id=str(site.kamer.id))
    assert resp.status_code == 302
    assert "De wijziging is opgeslagen." in notices(anne.get(resp.headers["Location"]))
    moved = occurrences_of(series.id)
    assert [(utc_iso(o.starts_at), utc_iso(o.ends_at), o.room_id) for o in moved] == [
        ("2027-03-15T08:00", "2027-03-15T10:00", site.zaal.id),
        ("2027-03-23T14:00", "2027-03-23T15:00", site.kamer.id),
        ("2027-03-29T07:00", "2027-03-29T09:00", site.zaal.id),
        ("2027-04-05T07:00", "2027-04-05T09:00", site.zaal.id)]
    assert [(h.room_id, utc_iso(h.starts_at)) for h in moved[1].holds] == [(site.kamer.id, "2027-03-23T14:00")]


def test_move_one_date_with_bad_times_shows_dutch_messages(anne, site, member):
    series = _series(member, site)
    occ = occurrences_of(series.id)[0]
    resp = edit(anne, series.id, occ.id, scope="one", day="", start_time="10:00", end_time="11:00",
                room_id=str(site.zaal.id))
    assert resp.status_code == 200
    assert field_errors(resp, "day") == ["Vul een geldige datum in."]
    resp = edit(anne, series.id, occ.id, scope="one", day="2027-03-15", start_time="11:00", end_time="10:00",
                room_id=str(site.zaal.id))
    assert field_errors(resp, "end_time") == ["Het einde moet na het begin liggen."]
    assert utc_iso(occurrences_of(series.id)[0].starts_at) == "2027-03-15T08:00"


def test_move_into_a_room_too_small_for_the_group(anne, site, member):
    booking = book(member, site.zaal, local(2027, 3, 29, 9), local(2027, 3, 29, 11), "Koffieochtend")
    db.session.get(Booking, booking.id).expected_people = 10
    db.session.commit()
    occ = occurrences_of(booking.id)[0]
    resp = edit(anne, booking.id, occ.id, scope="one", day="2027-03-29", start_time="09:00", end_time="11:00",
                room_id=str(site.kamer.id))
    assert resp.status_code == 200
    assert field_errors(resp, "room_id") == ["In Spreekkamer passen maximaal 6 personen."]
    assert occurrences_of(booking.id)[0].room_id == site.zaal.id


def test_move_this_and_all_later_dates(anne, site, member, other_member):
    series = _series(member, site)
    occs = occurrences_of(series.id)
    book(other_member, site.kamer, local(2027, 4, 5, 13), local(2027, 4, 5, 14), "Griepprik")
    resp = edit(anne, series.id, occs[1].id, scope="following", day="", start_time="13:00", end_time="14:30",
                room_id=str(site.kamer.id))
    assert resp.status_code == 200
    assert form_errors(resp) == ["De ruimte is op de gevraagde tijd al gereserveerd."]
    assert starts(series.id) == ["2027-03-15T08:00", "2027-03-22T08:00", "2027-03-29T07:00", "2027-04-05T07:00"]

    resp = edit(anne, series.id, occs[1].id, scope="following", day="", start_time="14:00", end_time="15:30",
                room_id=str(site.kamer.id))
    assert resp.status_code == 302
    # The same dates at 14:00 local: 13:00 UTC before the clocks change, 12:00 UTC after.
    assert [(utc_iso(o.starts_at), utc_iso(o.ends_at), o.room_id) for o in occurrences_of(series.id)] == [
        ("2027-03-15T08:00", "2027-03-15T10:00", site.zaal.id),
        ("2027-03-22T13:00", "2027-03-22T14:30", site.kamer.id),
        ("2027-03-29T12:00", "2027-03-29T13:30", site.kamer.id),
        ("2027-04-05T12:00", "2027-04-05T13:30", site.kamer.id)]


# --- extend ------------------------------------------------------------------------------------------

def test_series_ending_soon_is_listed_and_can_be_extended(anne, app, site, member):
    series = _series(member, site, count=5, day=1)  # 1 to 29 March
    assert "Reeksen die binnenkort aflopen" not in page_text(anne.get("/bookings/"))

    app.config["NOW"] = datetime(2027, 3, 10, 9, tzinfo=UTC)
    resp = anne.get("/bookings/")
    assert ("Reeksen die binnenkort aflopen Taalcafé (Vergaderzaal) eindigt op ma 29 mrt 2027. Verlengen"
            in page_text(resp))
    assert f'href="/bookings/{series.id}/extend"' in resp.get_data(as_text=True)

    page = anne.get(f"/bookings/{series.id}/extend")
    assert heading(page) == "Taalcafé verlengen"
    assert "De volgende periode heeft 4 data." in page_text(page)
    assert rows(page) == [[f"ma {d} apr 2027, 09:00–11:00", "vrij"] for d in (5, 12, 19, 26)]
    resp = form_post(anne, f"/bookings/{series.id}/extend", {"extend": "Verlengen"})
    assert resp.status_code == 302
    assert "De reeks is verlengd." in notices(anne.get(resp.headers["Location"]))
    assert starts(series.id)[4:] == ["2027-03-29T07:00", "2027-04-05T07:00", "2027-04-12T07:00",
                                     "2027-04-19T07:00", "2027-04-26T07:00"]
    db.session.rollback()
    assert db.session.get(Booking, series.id).recurrence.endswith("\nRRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20270426")
    assert "Reeksen die binnenkort aflopen" not in page_text(anne.get("/bookings/"))


def test_extend_with_a_conflict_adds_only_the_free_dates_on_purpose(anne, app, site, member, other_member):
    series = _series(member, site, count=5, day=1)
    book(other_member, site.zaal, local(2027, 4, 19, 10), local(2027, 4, 19, 12), "Griepprik", visibility="private")
    app.config["NOW"] = datetime(2027, 3, 10, 9, tzinfo=UTC)
    page = anne.get(f"/bookings/{series.id}/extend")
    assert rows(page)[2] == ["ma 19 apr 2027, 09:00–11:00", "botst met Bezet (ma 19 apr 2027, 10:00–12:00)"]
    html = page.get_data(as_text=True)
    assert 'name="extend"' not in html and 'name="extend_free"' in html

    before = counts()
    resp = form_post(anne, f"/bookings/{series.id}/extend", {"extend": "Verlengen"})
    assert resp.status_code == 200
    assert counts() == before

    resp = form_post(anne, f"/bookings/{series.id}/extend", {"extend_free": "Alleen met de vrije data verlengen"})
    assert resp.status_code == 302
    assert starts(series.id)[5:] == ["2027-04-05T07:00", "2027-04-12T07:00", "2027-04-26T07:00"]
    db.session.rollback()
    assert db.session.get(Booking, series.id).recurrence.endswith(
        "\nRRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20270426\nEXDATE:20270419")


def test_a_single_booking_cannot_be_extended(anne, site, member):
    single = book(member, site.zaal, local(2027, 3, 29, 9), local(2027, 3, 29, 11), "Koffieochtend")
    resp = anne.get(f"/bookings/{single.id}/extend")
    assert resp.status_code == 302
    assert "Je kunt alleen een herhalende reservering verlengen." in notices(anne.get(resp.headers["Location"]))
    assert counts()["occurrences"] == 1


def test_extending_repeats_the_series_times_even_after_its_first_date_moved(anne, app, site, member):
    series = _series(member, site, count=5, day=1)  # Mondays 1 to 29 March, 09:00-11:00
    first = occurrences_of(series.id)[0]
    moved = move_occurrence(Context(session=db.session, actor=member, now=app.config["NOW"]), series.id,
                            first.id, datetime(2027, 3, 2, 14), datetime(2027, 3, 2, 15))
    assert moved.status == Status.CONFIRMED
    app.config["NOW"] = datetime(2027, 3, 10, 9, tzinfo=UTC)
    page = anne.get(f"/bookings/{series.id}/extend")
    assert rows(page) == [[f"ma {d} apr 2027, 09:00–11:00", "vrij"] for d in (5, 12, 19, 26)]


def test_a_member_extending_into_an_approval_room_waits_and_a_rejected_request_cannot_be_extended(
        anne, app, site, member, frontdesk):
    request = book(member, site.theater, local(2027, 3, 1, 9), local(2027, 3, 1, 11), "Buurtvoorstelling",
                   recurrence=Recurrence("weekly", byweekday=("MO",), count=2))
    refused = book(member, site.theater, local(2027, 3, 2, 9), local(2027, 3, 2, 11), "Dansles",
                   recurrence=Recurrence("weekly", byweekday=("TU",), count=2))
    desk = Context(session=db.session, actor=frontdesk, now=app.config["NOW"])
    approve(desk, request.id)
    app.config["NOW"] = datetime(2027, 3, 3, 9, tzinfo=UTC)
    assert form_post(anne, f"/bookings/{request.id}/extend", {"extend": "Verlengen"}).status_code == 302
    # The next period is as long as the series so far: one more Monday, waiting for the front desk.
    assert [o.status for o in occurrences_of(request.id)] == [Status.CONFIRMED] * 2 + [Status.PENDING]
    reject(desk, refused.id, "De zaal is verhuurd.")
    before = counts()
    resp = form_post(anne, f"/bookings/{refused.id}/extend", {"extend": "Verlengen"})
    assert resp.status_code == 302
    assert counts() == before
    assert [o.status for o in occurrences_of(refused.id)] == [Status.REJECTED] * 2


def test_a_member_without_organisation_sees_no_one_elses_series(app, client, site, member, make_user):
    _series(member, site, count=5, day=1, title="Rouwgroep")
    app.config["NOW"] = datetime(2027, 3, 10, 9, tzinfo=UTC)
    loner = logged_in(client, make_user("member", None))
    text = page_text(loner.get("/bookings/"))
    assert "Rouwgroep" not in text and "Reeksen die binnenkort aflopen" not in text


@pytest.mark.parametrize("url", [
    "/bookings/99999999999999999999", "/bookings/99999999999999999999/extend",
    "/bookings/1/occurrences/99999999999999999999/edit"])
def test_ids_no_booking_can_have_are_404(anne, site, url):
    assert anne.get(url).status_code == 404


@pytest.mark.parametrize("query", ["room=²", "room=99999999999999999999", "from=0001-01-01", "to=9999-12-31",
                                   "organisation=²", "room=-1"])
def test_odd_filters_on_our_bookings_are_no_500(anne, site, query):
    assert anne.get(f"/bookings/?{query}").status_code == 200


@pytest.mark.parametrize("day", ["0001-01-01", "9999-06-01"])
def test_a_date_far_outside_the_calendar_is_a_field_error(anne, site, day):
    resp = new(anne, site.zaal, day=day, count="3", **WEEKLY)
    assert resp.status_code == 200
    assert field_errors(resp, "day") == ["Kies een datum tussen 2000 en 2100."]


def test_room_rules_show_in_dutch_in_the_preview_and_nothing_is_booked(anne, site):
    site.zaal.min_notice_minutes, site.zaal.max_advance_days, site.zaal.max_duration_minutes = 2880, 60, 90
    db.session.commit()
    resp = new(anne, site.zaal, day="2027-01-05", book="Reserveren")  # NOW is Monday 4 January
    assert rows(resp) == [["di 5 jan 2027, 09:00–11:00",
                           "te lang: Deze ruimte mag je maximaal 90 minuten achter elkaar reserveren. "
                           "te kort van tevoren: Deze ruimte moet je minstens 2880 minuten van tevoren reserveren."]]
    resp = new(anne, site.zaal, day="2027-03-29", end_time="10:00", book="Reserveren")
    assert rows(resp) == [["ma 29 mrt 2027, 09:00–10:00",
                           "te ver vooruit: Deze ruimte kun je maximaal 60 dagen vooruit reserveren."]]
    assert counts()["bookings"] == 0


def test_outside_opening_hours_reads_the_dutch_way(anne, site):
    resp = new(anne, site.zaal, day="2027-02-01", start_time="06:00", end_time="08:00")
    assert rows(resp) == [["ma 1 feb 2027, 06:00–08:00", "buiten openingstijden: ma 1 feb 2027, 06:00 valt buiten "
                                                         "de openingstijden (maandag: 07:00-23:00)."]]
