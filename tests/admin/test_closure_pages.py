"""The admin's closure pages: who may see them, adding one (over booked dates: confirm, then cancel or keep),
removing one, hostile input."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from booking.extensions import db
from booking.models import AuditEntry, Booking, Closure, RoomHold, Status
from web.helpers import book, form_post, heading, local, logged_in, notices, occurrences_of, page_text, rows

PAGES = ["/admin", "/admin/closures", "/admin/closures/new", "/admin/closures/holidays",
         "/admin/closures/holidays?year=2027"]


def closures() -> list[Closure]:
    db.session.rollback()
    return list(db.session.scalars(select(Closure).order_by(Closure.starts_at)))


def closure_form(site, **overrides) -> dict:
    data = {"building_id": str(site.building.id), "room_id": "0", "start_day": "2027-03-29", "start_time": "",
            "end_day": "2027-03-29", "end_time": "", "reason": "Schilderwerk", "check": "x"}
    data.update(overrides)
    return data


@pytest.mark.parametrize("url", PAGES)
def test_admin_sees_each_page(client, admin, url):
    assert logged_in(client, admin).get(url).status_code == 200


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("role", ["member", "frontdesk"])
def test_others_get_403(client, member, frontdesk, url, role):
    assert logged_in(client, member if role == "member" else frontdesk).get(url).status_code == 403


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_goes_to_login(client, site, url):
    resp = client.get(url)
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]


def test_the_menu_links_the_admin_pages_for_admins_only(client, admin, member, app):
    assert 'href="/admin"' in logged_in(client, admin).get("/").get_data(as_text=True)
    other = app.test_client()
    assert 'href="/admin"' not in logged_in(other, member).get("/").get_data(as_text=True)


def test_posting_as_member_writes_nothing(client, site, admin, member):
    page_client = logged_in(client, member)
    token_page = page_client.get("/bookings/new")  # any page with a CSRF token of this session
    assert token_page.status_code == 200
    from web.helpers import csrf_tokens
    token = next(iter(csrf_tokens(token_page.get_data(as_text=True)).values()))
    resp = page_client.post("/admin/closures/new", data={**closure_form(site), "csrf_token": token})
    assert resp.status_code == 403
    assert closures() == []


def test_add_a_whole_day_closure_of_the_building(client, site, admin):
    logged_in(client, admin)
    resp = form_post(client, "/admin/closures/new", closure_form(site), follow_redirects=True)
    assert notices(resp) == ["Sluiting toegevoegd."]
    [c] = closures()
    assert (c.building_id, c.room_id, c.reason) == (site.building.id, None, "Schilderwerk")
    assert (c.starts_at, c.ends_at) == (datetime(2027, 3, 28, 22, 0, tzinfo=UTC), datetime(2027, 3, 29, 22, 0, tzinfo=UTC))
    assert rows(resp)[0][:4] == ["De Kiekmure", "Het hele gebouw", "ma 29 mrt 2027, hele dag",
                                 "Schilderwerk"]
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "closure.create")).one()
    assert entry.actor_id == admin.id


def test_a_closure_on_the_dst_day_stores_the_right_utc_instants(client, site, admin):
    logged_in(client, admin)
    form_post(client, "/admin/closures/new", closure_form(site, start_day="2027-03-28", end_day="2027-03-28"))
    [c] = closures()
    assert (c.starts_at, c.ends_at) == (datetime(2027, 3, 27, 23, 0, tzinfo=UTC),
                                        datetime(2027, 3, 28, 22, 0, tzinfo=UTC))
    form_post(client, "/admin/closures/new", closure_form(site, start_day="2027-03-28", end_day="2027-03-28",
                                                          start_time="01:00", end_time="04:00", reason="Nacht"))
    assert [(c.starts_at, c.ends_at) for c in closures()][1] == (datetime(2027, 3, 28, 0, 0, tzinfo=UTC),
                                                                 datetime(2027, 3, 28, 2, 0, tzinfo=UTC))


def test_a_time_the_clocks_skip_is_refused_on_the_form(client, site, admin):
    logged_in(client, admin)
    resp = form_post(client, "/admin/closures/new", closure_form(site, start_day="2027-03-28", start_time="02:30",
                                                                 end_day="2027-03-28", end_time="04:00"))
    assert resp.status_code == 200
    assert "bestaat niet" in page_text(resp)
    assert closures() == []


@pytest.mark.parametrize("overrides, message", [
    ({"end_day": "2027-03-28"}, "Het einde moet na het begin liggen."),
    ({"reason": ""}, "Dit veld is vereist."),
    ({"reason": "a\x01b"}, "Haal de onzichtbare stuurtekens uit deze tekst."),
    ({"start_day": "29-03-2027"}, None),
    ({"start_day": "9999-03-29"}, None),
    ({"room_id": "99999999999"}, None),
    ({"room_id": "abc"}, None),
    ({"building_id": "424242"}, None),
    ({"start_time": "25:00"}, None),
])
def test_bad_input_is_shown_and_writes_nothing(client, site, admin, overrides, message):
    logged_in(client, admin)
    resp = form_post(client, "/admin/closures/new", closure_form(site, **overrides))
    assert resp.status_code == 200
    if message:
        assert message in page_text(resp)
    assert closures() == []


def test_a_room_of_another_building_is_refused(client, site, admin):
    from booking.models import Building
    other = Building(name="Het Anker")
    db.session.add(other)
    db.session.commit()
    logged_in(client, admin)
    resp = form_post(client, "/admin/closures/new", closure_form(site, building_id=str(other.id),
                                                                 room_id=str(site.zaal.id)))
    assert "Deze ruimte hoort bij een ander gebouw." in page_text(resp)
    assert closures() == []


@pytest.fixture
def booked(site, member, other_member):
    """Three bookings in and around the closed Monday 29 March 2027 (Vergaderzaal, Spreekkamer, and after)."""
    return {
        "zaal": book(member, site.zaal, local(2027, 3, 29, 9), local(2027, 3, 29, 11), "Koffieochtend"),
        "kamer": book(other_member, site.kamer, local(2027, 3, 29, 14), local(2027, 3, 29, 15), "Spreekuur",
                      visibility="private"),
        "later": book(member, site.zaal, local(2027, 3, 30, 9), local(2027, 3, 30, 10), "Dinsdag"),
    }


def test_a_closure_over_bookings_lists_them_first_and_writes_nothing(client, site, admin, booked):
    logged_in(client, admin)
    resp = form_post(client, "/admin/closures/new", closure_form(site))
    assert resp.status_code == 200
    assert heading(resp) == "Reserveringen tijdens de sluiting"
    assert rows(resp) == [["ma 29 mrt 2027, 09:00–11:00", "Vergaderzaal", "Koffieochtend", "Welzijn Harderwijk"],
                          ["ma 29 mrt 2027, 14:00–15:00", "Spreekkamer", "Spreekuur",
                           "Huisartsenpraktijk Stadsdennen"]]
    assert closures() == []


def confirm(client, site, button: str, **extra):
    first = form_post(client, "/admin/closures/new", closure_form(site))
    html = first.get_data(as_text=True)
    from web.helpers import parse
    hidden = {c["name"]: c.get("value", "") for c in parse(html).controls if c.get("type") == "hidden"}
    return client.post("/admin/closures/new", data={**hidden, button: "x", **extra}, follow_redirects=True)


def test_confirming_cancels_the_dates_with_the_message(client, site, admin, booked):
    logged_in(client, admin)
    resp = confirm(client, site, "cancel_dates", message="Het gebouw wordt geschilderd.")
    assert notices(resp) == ["Sluiting toegevoegd; 2 data zijn geannuleerd."]
    assert len(closures()) == 1
    for key in ("zaal", "kamer"):
        [occ] = occurrences_of(booked[key].id)
        assert occ.status == Status.CANCELLED and occ.cancel_reason == "Het gebouw wordt geschilderd."
        assert db.session.get(Booking, booked[key].id).status == Status.CANCELLED
    assert occurrences_of(booked["later"].id)[0].status == Status.CONFIRMED
    held = db.session.scalars(select(RoomHold.occurrence_id)).all()
    assert held == [occurrences_of(booked["later"].id)[0].id]
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.actor_id == admin.id)
                                 .order_by(AuditEntry.id)).all()
    assert actions == ["closure.create", "occurrence.cancel", "occurrence.cancel"]


def test_confirming_without_a_message_gives_the_reason(client, site, admin, booked):
    logged_in(client, admin)
    confirm(client, site, "cancel_dates")
    assert occurrences_of(booked["zaal"].id)[0].cancel_reason == "Schilderwerk"


def test_keeping_the_bookings_adds_only_the_closure(client, site, admin, booked):
    logged_in(client, admin)
    resp = confirm(client, site, "keep_dates")
    assert notices(resp) == ["Sluiting toegevoegd."]
    assert len(closures()) == 1
    assert occurrences_of(booked["zaal"].id)[0].status == Status.CONFIRMED


def test_posting_the_confirmation_twice_adds_one_closure(client, site, admin, booked):
    logged_in(client, admin)
    first = form_post(client, "/admin/closures/new", closure_form(site))
    from web.helpers import parse
    hidden = {c["name"]: c.get("value", "") for c in parse(first.get_data(as_text=True)).controls
              if c.get("type") == "hidden"}
    client.post("/admin/closures/new", data={**hidden, "cancel_dates": "x"}, follow_redirects=True)
    again = client.post("/admin/closures/new", data={**hidden, "cancel_dates": "x"}, follow_redirects=True)
    assert notices(again) == ["Deze sluiting was al ingevoerd."]
    assert len(closures()) == 1


def test_a_date_not_shown_is_not_cancelled_but_shown_again(client, site, admin, booked):
    logged_in(client, admin)
    first = form_post(client, "/admin/closures/new", closure_form(site))
    from web.helpers import parse
    hidden = {c["name"]: c.get("value", "") for c in parse(first.get_data(as_text=True)).controls
              if c.get("type") == "hidden"}
    hidden["seen"] = str(occurrences_of(booked["zaal"].id)[0].id)  # the admin saw only one of the two
    resp = client.post("/admin/closures/new", data={**hidden, "cancel_dates": "x"})
    assert heading(resp) == "Reserveringen tijdens de sluiting" and len(rows(resp)) == 2
    assert closures() == []
    assert occurrences_of(booked["zaal"].id)[0].status == Status.CONFIRMED


def test_a_room_closure_lists_the_dates_of_that_room_only(client, site, admin, booked):
    logged_in(client, admin)
    resp = form_post(client, "/admin/closures/new", closure_form(site, room_id=str(site.kamer.id)))
    assert [r[2] for r in rows(resp)] == ["Spreekuur"]


def test_remove_a_closure(client, site, admin):
    db.session.add(Closure(building_id=site.building.id, reason="Weg", starts_at=datetime(2027, 3, 29, tzinfo=UTC),
                           ends_at=datetime(2027, 3, 30, tzinfo=UTC)))
    db.session.commit()
    closure_id = closures()[0].id
    logged_in(client, admin)
    resp = form_post(client, f"/admin/closures/{closure_id}/delete", {}, source="/admin/closures", follow_redirects=True)
    assert notices(resp) == ["Sluiting verwijderd."]
    assert closures() == []
    gone = form_post(client, f"/admin/closures/{closure_id}/delete", {}, source="/admin/closures")
    assert gone.status_code == 404
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == "closure.delete")) == 1


def test_the_list_shows_closures_to_come_first_and_past_ones_on_request(client, site, admin):
    for start, reason in ((datetime(2026, 12, 1, tzinfo=UTC), "Voorbij"), (datetime(2027, 5, 1, tzinfo=UTC), "Later"),
                          (datetime(2027, 2, 1, tzinfo=UTC), "Eerst")):
        db.session.add(Closure(building_id=site.building.id, reason=reason, starts_at=start,
                               ends_at=start.replace(hour=5)))
    db.session.commit()
    logged_in(client, admin)
    assert [r[3] for r in rows(client.get("/admin/closures"))] == ["Eerst", "Later"]
    assert [r[3] for r in rows(client.get("/admin/closures?past=1"))] == ["Voorbij"]
    assert rows(client.get("/admin/closures?building_id=424242")) == []
    assert len(rows(client.get(f"/admin/closures?building_id={site.building.id}"))) == 2
    assert len(rows(client.get("/admin/closures?building_id=99999999999"))) == 2  # no id: no filter
    assert client.get("/admin/closures?page=99999999999999").status_code == 200
