"""flask report export KIND --start --end [--out FILE]: the page's CSV on the command line, a progress bar on
stderr, clear refusals of bad dates."""
from __future__ import annotations

import pytest


def export(runner, *args):
    return runner.invoke(args=["report", "export", *args])


def test_the_charges_csv_into_a_file(runner, priced, tmp_path):
    out = tmp_path / "huur.csv"
    result = export(runner, "charges", "--start", "2027-03-01", "--end", "2027-03-07", "--out", str(out))
    assert result.exit_code == 0, result.output
    body = out.read_bytes()
    assert body.startswith(b"\xef\xbb\xbf")
    lines = body.decode("utf-8").split("\r\n")
    assert lines[0].startswith("\ufeffOrganisatie-id;Organisatie;Soort;Maand;")
    assert f"{priced.welzijn.id};Welzijn Harderwijk;welfare;2027-03;3;7,00;1;127,50;0;0,00;0;0,00;127,50" in lines
    assert lines[-2].endswith(";50,00;297,50")
    assert "Exporting charges" in result.stderr and "Wrote" in result.stderr


def test_to_standard_output_in_english(runner, priced):
    result = export(runner, "charges", "--start", "2027-03-01", "--end", "2027-03-07", "--language", "en")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbfOrganisation id;Organisation;Kind;Month;")
    assert "Exporting charges" not in result.stdout  # the progress bar goes to stderr only


@pytest.mark.parametrize("kind, head", [("occupancy", "Ruimte-id;Ruimte;Week"), ("organisations", "Soort;"),
                                        ("public", "Week;Van;Tot")])
def test_the_other_reports(runner, priced, kind, head):
    result = export(runner, kind, "--start", "2027-03-01", "--end", "2027-03-07")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.decode("utf-8").startswith("\ufeff" + head)


@pytest.mark.parametrize("start, end, says", [
    ("2027-13-01", "2027-03-07", "is not a date as YYYY-MM-DD"),
    ("1-3-2027", "2027-03-07", "is not a date as YYYY-MM-DD"),
    ("2027-03-07", "2027-03-01", "The end date must not be before the start date."),
    ("2020-01-01", "2027-03-07", "A report covers at most 731 days."),
])
def test_bad_dates_are_refused_clearly(runner, priced, start, end, says, tmp_path):
    out = tmp_path / "x.csv"
    result = export(runner, "charges", "--start", start, "--end", end, "--out", str(out))
    assert result.exit_code == 2
    assert says in result.stderr
    assert not out.exists()


def test_an_unknown_building(runner, priced, tmp_path):
    out = tmp_path / "x.csv"
    result = export(runner, "charges", "--start", "2027-03-01", "--end", "2027-03-07", "--building", "999",
                    "--out", str(out))
    assert result.exit_code == 1 and "Nothing was written" in result.stderr
    assert not out.exists()


def test_an_unknown_kind(runner, priced):
    result = export(runner, "invoices", "--start", "2027-03-01", "--end", "2027-03-07")
    assert result.exit_code == 2 and "charges" in result.stderr


def test_seed_demo_shows_a_progress_bar_and_prices_the_rooms(runner):
    from sqlalchemy import select

    from booking.extensions import db
    from booking.models import Room

    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "Booking the demo" in result.stderr and "Booking the demo" not in result.stdout
    rooms = {r.name: r for r in db.session.scalars(select(Room))}
    rates = {r.kind.value: (r.hour_cents, r.daypart_cents) for r in rooms["Zaal A"].rates}
    assert rates == {"welfare": (1250, 4000), "care": (2500, 7500)}  # residents, volunteers, other: free
    assert (rooms["Zaal A"].charge_mode, rooms["Zaal A"].cancel_deadline_hours) == ("hour", 24)
    assert (rooms["Grote zaal"].charge_mode, rooms["Grote zaal"].cancel_deadline_hours) == ("daypart", 48)
    # The demo's report: the rental charges of its first weeks add up to something.
    out = runner.invoke(args=["report", "export", "charges", "--start", "2027-01-01", "--end", "2027-12-31"])
    assert out.exit_code == 0, out.output
    total = out.stdout_bytes.decode("utf-8").split("\r\n")[-2].split(";")[-1]
    assert total != "0,00"
