"""The rental charges report on the hand-checked week of conftest.py, with these rates:

- Zaal A and Zaal B by the hour: welfare EUR 12,50, care EUR 25,00 an hour; cancelling free until 24 hours before;
- Grote zaal by the day part: welfare EUR 40,00 a day part; deadline 48 hours;
- Spreekkamer by the day part: care EUR 30,00 a day part; no deadline.

Week of 1-7 March 2027, by hand:
- Welzijn Harderwijk: Zaal A Mon 09:00-12:00, 3 h = 37,50; Grote zaal Tue 19:00-22:00, the avond = 40,00;
  Zaal B Sun 21:00 - Mon 01:00, 4 h = 50,00 (counted whole in the month it starts); the pending Thursday date
  and the Saturday date cancelled five days before cost nothing: 7 h and 1 day part, EUR 127,50.
- Huisartsenpraktijk: Spreekkamer Mon and Fri 08:00-12:30, ochtend and middag each day = 4 x 30,00 = 120,00;
  Zaal B Fri 10:00-12:00 cancelled Thursday 20:00 (14 hours before: late), 2 h x 25,00 = 50,00: EUR 170,00.
- Total EUR 297,50, of which EUR 50,00 for one date cancelled late.
"""
from __future__ import annotations

import re
from datetime import UTC

import pytest
from sqlalchemy import select

from booking.extensions import db
from booking.models import AuditEntry, Role, User
from web.helpers import PASSWORD, logged_in, notices, page_text, rows

from .conftest import AMS, at

WEEK = "start=2027-03-01&end=2027-03-07"


@pytest.fixture
def person(app):
    made = []

    def make(role: str = "frontdesk", language: str | None = None):
        made.append(role)
        user = User(email=f"{role}-{len(made)}@kiekmure.example", name=role, role=Role(role), language=language)
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
        return logged_in(app.test_client(), user)
    return make


def test_the_amounts_of_the_week(priced, person):
    resp = person().get(f"/reports/charges?{WEEK}")
    assert resp.status_code == 200
    found = rows(resp)
    assert found[:2] == [
        ["maart 2027", "4 dagdelen", "€ 120,00", "1 datum · 2 u · € 50,00", "€ 170,00"],
        ["maart 2027", "7 u · 1 dagdeel", "€ 127,50", "–", "€ 127,50"],
    ], found
    text = page_text(resp)
    assert "Huisartsenpraktijk" in text and "Welzijn Harderwijk" in text
    assert "€ 297,50" in text and "1 datum · € 50,00" in text
    assert "Laat afgezegde data" in text  # the list of dates cancelled late: Zaal B on Friday
    assert "Zaal B" in text.split("Laat afgezegde data")[1]


def test_the_room_charges_by_the_hour_instead(priced, person):
    """The Spreekkamer by the hour: the GP's two dates of 4,5 hours at its EUR 99,00 care rate."""
    priced.consult.charge_mode = "hour"
    db.session.commit()
    assert rows(person().get(f"/reports/charges?{WEEK}"))[0] == [
        "maart 2027", "9 u", "€ 891,00", "1 datum · 2 u · € 50,00", "€ 941,00"]


def test_a_cancellation_in_time_or_without_deadline_is_free(priced, person):
    priced.b.cancel_deadline_hours = 12     # the Friday date was cancelled 14 hours before: in time now
    db.session.commit()
    found = rows(person().get(f"/reports/charges?{WEEK}"))
    assert found[0] == ["maart 2027", "4 dagdelen", "€ 120,00", "–", "€ 120,00"]
    priced.b.cancel_deadline_hours = 0
    db.session.commit()
    assert rows(person().get(f"/reports/charges?{WEEK}"))[0][-1] == "€ 120,00"


def test_a_date_called_off_for_a_closure_is_free(priced, person):
    import json
    late = priced.made[6].occurrences[0]
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.subject_id == late.id)).one()
    entry.detail = json.dumps({"booking_id": late.booking_id, "reason": "Lekkage", "closure_id": 1})
    db.session.commit()
    assert rows(person().get(f"/reports/charges?{WEEK}"))[0][-1] == "€ 120,00"


def test_a_date_counts_in_the_month_it_starts(priced, person):
    """Sunday 28 February 23:00 - Monday 02:00: 3 hours at EUR 25,00 in February."""
    found = rows(person().get("/reports/charges?start=2027-02-01&end=2027-03-31"))
    assert ["februari 2027", "3 u", "€ 75,00", "–", "€ 75,00"] in found


def test_free_kinds_and_no_rates(scene, person):
    """No room has a rate: every organisation books for free, the hours still shown."""
    found = rows(person().get(f"/reports/charges?{WEEK}"))
    assert [r[-1] for r in found] == ["€ 0,00", "€ 0,00"]
    assert found[1] == ["maart 2027", "10 u", "€ 0,00", "–", "€ 0,00"]  # every room charges by the hour by default


def test_english(priced, person):
    resp = person("frontdesk", "en").get(f"/reports/charges?{WEEK}")
    assert ["March 2027", "7 h · 1 day part", "€127.50", "–", "€127.50"] in rows(resp)


def test_the_chart_is_svg_with_the_amounts_written(priced, person):
    html = person().get(f"/reports/charges?{WEEK}").get_data(as_text=True)
    svg = re.search(r"<svg\b.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "€\xa0170,00" in svg and "€\xa0127,50" in svg  # Babel keeps the sign and the amount together


def test_csv(priced, person):
    resp = person().get(f"/reports/charges?{WEEK}&format=csv")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert resp.headers["Content-Disposition"] == 'attachment; filename="rental-charges-2027-03-01-2027-03-07.csv"'
    body = resp.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    lines = body.decode("utf-8").split("\r\n")
    assert lines[0] == ("\ufeffOrganisatie-id;Organisatie;Soort;Maand;Data;Uren;Dagdelen;Bedrag (EUR);Laat afgezegd;"
                        "Uren laat afgezegd;Dagdelen laat afgezegd;Bedrag laat afgezegd (EUR);Totaal (EUR)")
    assert f"{priced.huisarts.id};Huisartsenpraktijk;care;2027-03;2;0,00;4;120,00;1;2,00;0;50,00;170,00" in lines
    assert f"{priced.welzijn.id};Welzijn Harderwijk;welfare;2027-03;3;7,00;1;127,50;0;0,00;0;0,00;127,50" in lines
    assert ";Totaal;;;5;7,00;5;247,50;1;2,00;0;50,00;297,50" in lines


@pytest.mark.parametrize("role, status", [("frontdesk", 200), ("admin", 200), ("member", 403)])
def test_front_desk_and_administrators_only(priced, person, role, status):
    assert person(role).get(f"/reports/charges?{WEEK}").status_code == status
    assert person(role).get(f"/reports/charges?{WEEK}&format=csv").status_code == status


def test_not_logged_in(client, priced):
    assert client.get("/reports/charges").status_code == 302


@pytest.mark.parametrize("query, problem", [
    ("start=2027-13-01&end=2027-03-07", "datum"), ("start=2027-03-07&end=2027-03-01", "einddatum"),
    ("start=2020-01-01&end=2027-03-07", "731"), ("start=%00%ff&end=x", "datum"),
])
def test_bad_dates_are_said_on_the_page(priced, person, query, problem):
    resp = person().get(f"/reports/charges?{query}")
    assert resp.status_code == 200
    assert any(problem in n for n in notices(resp)), notices(resp)


def test_the_reports_menu_links_it(priced, person):
    assert 'href="/reports/charges?' in person().get(f"/reports/occupancy?{WEEK}").get_data(as_text=True)


def test_cancelled_through_the_services_late_confirmed_charged_and_pending_not(priced, staff):
    """Real bookings and cancellations (the audit trail's real time): two dates tomorrow 10:00-12:00 in Zaal B
    (48 hours to cancel free), one confirmed and one still waiting for approval, both cancelled now."""
    from datetime import datetime, timedelta

    from booking.bookings.context import Context
    from booking.bookings.services import cancel_booking, cancel_occurrence
    from booking.models import Status
    from booking.reports.build import charges_report
    from web.helpers import book

    real_now = datetime.now(UTC)
    tomorrow = real_now.astimezone(AMS).date() + timedelta(days=1)
    start, end = at(tomorrow.year, tomorrow.month, tomorrow.day, 10), at(tomorrow.year, tomorrow.month, tomorrow.day, 12)
    priced.b.cancel_deadline_hours = 48
    db.session.commit()
    member = User(email="wim@welzijn.example", name="Wim", role=Role.MEMBER, organisation=priced.welzijn)
    frontdesk = User(email="balie@kiekmure.example", name="Balie", role=Role.FRONTDESK)
    db.session.add_all([member, frontdesk])
    db.session.commit()
    confirmed = book(member, priced.b, start, end, title="Bevestigd", now=real_now)
    priced.b.requires_approval = True
    db.session.commit()
    waiting = book(member, priced.b, start + timedelta(hours=3), end + timedelta(hours=3), title="Aanvraag",
                   now=real_now)
    assert confirmed.status == Status.CONFIRMED and waiting.status == Status.PENDING
    ctx = Context(session=db.session, actor=member, now=real_now)
    cancel_occurrence(ctx, confirmed.id, confirmed.occurrences[0].id, "Ziek")
    cancel_booking(Context(session=db.session, actor=member, now=real_now), waiting.id, "Toch niet")

    report = charges_report(db.session, priced.building.id, tomorrow, tomorrow)
    (row,) = report.rows
    assert (row.organisation, row.used.dates, row.late.dates, row.late.cents) == ("Welzijn Harderwijk", 0, 1, 2500)
    assert report.late_ids == {confirmed.occurrences[0].id}


@pytest.mark.parametrize("building", ["999999", "abc", "0"])
def test_an_unknown_building_is_404(priced, person, building):
    assert person().get(f"/reports/charges?{WEEK}&building={building}").status_code == 404


def test_a_name_like_a_formula_stays_text_in_the_csv(priced, person):
    priced.welzijn.name = "=HYPERLINK(\"x\")"
    db.session.commit()
    body = person().get(f"/reports/charges?{WEEK}&format=csv").get_data().decode("utf-8")
    assert ';"\'=HYPERLINK(""x"")";welfare;' in body  # the apostrophe keeps Excel from running it
