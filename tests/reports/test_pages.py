"""The report pages: who may see them, the figures of the hand-checked week (conftest.py) in their tables,
the charts as SVG, CSV downloads, Dutch and English, and what a wrong address gives."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import select

from booking.extensions import db
from booking.models import AuditEntry, Role, User
from web.helpers import PASSWORD, logged_in, notices, page_text, rows

from .conftest import at

WEEK = "start=2027-03-01&end=2027-03-07"
SVG = "{http://www.w3.org/2000/svg}"
PAGES = ["/reports/occupancy", "/reports/organisations", "/reports/public", "/reports/annual"]


@pytest.fixture
def person(app):
    """A logged-in browser of a user with `role` (and `language`)."""
    made = []

    def make(role: str = "frontdesk", language: str | None = None):
        made.append(role)
        user = User(email=f"{role}-{len(made)}@kiekmure.example", name=f"{role} {language}", role=Role(role),
                    language=language)
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
        return logged_in(app.test_client(), user)
    return make


def svgs(resp) -> list[ET.Element]:
    """Every inline SVG of the page, parsed as XML."""
    return [ET.fromstring(s) for s in re.findall(r"<svg\b.*?</svg>", resp.get_data(as_text=True), re.S)]


@pytest.mark.parametrize("path", PAGES)
def test_front_desk_and_administrators_only(client, scene, person, path):
    assert person("frontdesk").get(f"{path}?{WEEK}").status_code == 200
    assert person("admin").get(f"{path}?{WEEK}").status_code == 200
    assert person("member").get(f"{path}?{WEEK}").status_code == 403
    assert client.get(path).status_code == 302  # to the login page


def test_the_menu_links_the_reports_for_staff_only(scene, person):
    assert 'href="/reports/occupancy"' in person("frontdesk").get("/").get_data(as_text=True)
    assert 'href="/reports/occupancy"' not in person("member").get("/").get_data(as_text=True)


def test_reports_start_with_occupancy(scene, person):
    resp = person().get(f"/reports/?{WEEK}")
    assert resp.status_code == 302 and resp.location.startswith("/reports/occupancy?")


def test_occupancy_of_the_week(scene, person):
    resp = person().get(f"/reports/occupancy?{WEEK}")
    found = rows(resp)
    # The whole period: room, booked, open, occupancy (a th per row: rows() reads the td cells).
    assert ["3", "77", "3,9 %"] in found and ["5", "82", "6,1 %"] in found and ["9", "84", "10,7 %"] in found
    assert ["20", "320", "6,3 %"] in found  # the building: 3 + 3 + 5 + 9 of 77 + 77 + 82 + 84
    # Attendance: Zaal B has one confirmed date starting in the week and one cancelled late.
    assert ["2", "0 (0,0 %)", "0 (0,0 %)", "1 (50,0 %)"] in found
    assert ["1", "1 (100,0 %)", "0 (0,0 %)", "0 (0,0 %)"] in found      # Zaal A: arrived (Saturday's was in time)
    text = page_text(resp)
    assert "Week 9, 2027" in text and "Bezetting per ruimte" in text


def test_occupancy_per_month_cuts_the_period_at_its_edges(scene, person):
    resp = person().get("/reports/occupancy?start=2027-02-28&end=2027-03-07&by=month")
    text = page_text(resp)
    assert "februari 2027" in text and "maart 2027" in text
    found = rows(resp)
    assert ["1", "56", "1,8 %"] in found    # the building on Sunday 28 February: Zaal B 23:00-24:00 of 4 x 14 hours
    assert ["20", "320", "6,3 %"] in found  # and in March


def test_charts_are_svg_with_a_title_and_a_description(scene, person):
    for path in PAGES:
        resp = person().get(f"{path}?{WEEK}&year=2027")
        charts = svgs(resp)
        assert charts, path
        for svg in charts:
            assert svg.get("role") == "img"
            title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
            assert title is not None and title.text and desc is not None and desc.text, path
            assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_names_are_escaped_in_the_charts(scene, person):
    scene.a.name = "Zaal <A> & co"
    db.session.commit()
    charts = svgs(person().get(f"/reports/occupancy?{WEEK}"))
    assert any("Zaal <A> & co" in "".join(svg.itertext()) for svg in charts)


def test_organisations_and_kinds(scene, person):
    resp = person().get(f"/reports/organisations?{WEEK}")
    found = rows(resp)
    assert ["1", "2", "11", "55,0 %"] in found       # care: 1 organisation, 2 dates (Mon and Fri), 11 hours
    assert ["1", "3", "9", "45,0 %"] in found        # welfare: the Sunday night date starts in the week
    assert ["0", "0", "0", "0,0 %"] in found         # volunteers, residents, other
    assert ["Zorgorganisaties", "2", "11", "55,0 %"] in found  # Huisartsenpraktijk (its kind is a td there)


def test_public_activities_per_week(scene, person):
    found = rows(person().get("/reports/public?start=2027-03-01&end=2027-03-14"))
    assert found == [["2", "6"], ["0", "0"]]


def test_a_year_against_the_year_before(scene, person):
    scene.book(scene.consult, scene.huisarts, (at(2026, 3, 2, 8), at(2026, 3, 2, 22)))
    resp = person().get("/reports/annual?year=2027")
    found = rows(resp)
    # Spreekkamer: 14 of 365 x 14 hours in 2026, 9 of 365 x 14 less the building's closed Wednesday in 2027.
    assert ["14 / 5.110", "0,3 %", "9 / 5.096", "0,2 %", "-0,1 %-punt"] in found
    assert "2027 tegen 2026" in page_text(resp)


def test_english(scene, person):
    resp = person("frontdesk", "en").get(f"/reports/occupancy?{WEEK}")
    text = page_text(resp)
    assert "Occupancy per room" in text and "Week 9, 2027" in text
    assert ["3", "77", "3.9 %"] in rows(resp)


@pytest.mark.parametrize("path, name", [
    ("/reports/occupancy", "occupancy-by-week-2027-03-01-2027-03-07.csv"),
    ("/reports/organisations", "organisations-2027-03-01-2027-03-07.csv"),
    ("/reports/public", "public-activities-2027-03-01-2027-03-07.csv"),
    ("/reports/annual", "occupancy-rate-2027.csv"),
])
def test_every_report_is_also_csv(scene, person, path, name):
    resp = person().get(f"{path}?{WEEK}&year=2027&format=csv")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert resp.headers["Content-Disposition"] == f'attachment; filename="{name}"'
    body = resp.get_data()
    assert body.startswith(b"\xef\xbb\xbf") and b"\r\n" in body and b";" in body


def test_occupancy_csv_rows(scene, person):
    text = person().get(f"/reports/occupancy?{WEEK}&format=csv").get_data().decode("utf-8")
    lines = text.split("\r\n")
    assert lines[0] == ("\ufeffRuimte-id;Ruimte;Week;Van;Tot;Geboekte uren;Open uren;Bezetting;Geboekte data;"
                        "Aangekomen;Niet gekomen;Laat afgezegd;Niet genoteerd")
    assert f"{scene.b.id};Zaal B;Week 9, 2027;2027-03-01;2027-03-07;5,00;82,00;0,0610;2;0;0;1;1" in lines
    assert "Week 9, 2027;2027-03-01;2027-03-07;20,00;320,00;0,0625;6;1;1;1;3" in lines


@pytest.mark.parametrize("query, problem", [
    ("start=2027-13-01&end=2027-03-07", "datum"), ("start=2027-03-07&end=2027-03-01", "einddatum"),
    ("start=2020-01-01&end=2027-03-07", "731"), ("year=abc", "jaar"),
])
def test_what_cannot_be_read_is_said_and_the_default_shown(scene, person, query, problem):
    resp = person().get(f"/reports/occupancy?{query}")
    assert resp.status_code == 200
    assert any(problem in n for n in notices(resp)), notices(resp)
    assert "december 2026" in page_text(resp) or "dec 2026" in page_text(resp)  # the last full month before NOW


@pytest.mark.parametrize("building", ["999999", "abc", "0"])
def test_an_unknown_building_is_404(scene, person, building):
    assert person().get(f"/reports/occupancy?building={building}").status_code == 404


def test_a_date_called_off_for_a_closure_is_not_cancelled_late(scene, person):
    """The admin's closure cancels Zaal B's Friday date (audited with the closure's id): not the organisation's."""
    late = scene.made[6].occurrences[0]
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.subject_id == late.id)).one()
    entry.detail = json.dumps({"booking_id": late.booking_id, "reason": "Lekkage", "closure_id": 1})
    db.session.commit()
    found = rows(person().get(f"/reports/occupancy?{WEEK}"))
    assert ["1", "0 (0,0 %)", "0 (0,0 %)", "0 (0,0 %)"] in found  # Zaal B: its one confirmed date only
