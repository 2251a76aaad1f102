"""flask import-ics: the same preview and booking on the command line, with exit codes and a line per event."""
from __future__ import annotations

import pytest

from booking.extensions import db
from booking.models import AuditEntry, Booking

from web.helpers import book, counts, local

from .conftest import event, ics

FILE = ics(
    event("koffie", "20270322T090000", "20270322T100000", "Koffie"),
    event("overleg", "20270322T110000", "20270322T120000", "Overleg"),
    event("reeks", "20270315T110000", "20270315T120000", "Reeks", "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=3"),
    event("weg", "20270325T090000", "20270325T100000", "Afgelast", "STATUS:CANCELLED"),
)


@pytest.fixture
def gp_file(tmp_path, site, other_member):
    """The file above, and the GP practice's private booking on Monday 22 March 10:00-12:00 in its way."""
    book(other_member, site.zaal, local(2027, 3, 22, 10), local(2027, 3, 22, 12), "Geheim consult",
         visibility="private")
    path = tmp_path / "spreekuren.ics"
    path.write_bytes(FILE)
    return path


def run(runner, site, path, *flags, room=None, organisation=None):
    return runner.invoke(args=["import-ics", str(path), "--room", str(room or site.zaal.id),
                               "--organisation", str(organisation or site.welzijn.id), *flags])


def test_a_dry_run_shows_every_event_and_books_nothing(runner, site, gp_file):
    before = counts()
    result = run(runner, site, gp_file, "--dry-run")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "#1 Koffie (2027-03-22 09:00-10:00): free" in out
    # The command line acts as an administrator, who sees private titles, as on the pages.
    assert "#2 Overleg (2027-03-22 11:00-12:00): conflict: 2027-03-22 10:00 Geheim consult" in out
    assert ("#3 Reeks (2027-03-15 11:00-12:00, 3 dates): partly free, 2 of 3 free: 2027-03-22 10:00 Geheim consult; "
            "This time overlaps event 2 of the file (Overleg)." in out)
    assert "#4 Afgelast: left out, cancelled in the calendar" in out
    assert "Dry run: 1 of 3 events would be booked; nothing was booked." in out
    assert counts() == before


def test_without_only_free_nothing_is_booked_unless_everything_is_free(runner, site, gp_file):
    before = counts()
    result = run(runner, site, gp_file)
    assert result.exit_code == 1
    assert "2 of 3 events are not free: nothing was booked. Use --only-free" in result.output
    assert counts() == before


def test_only_free_books_the_free_events_and_the_free_dates_of_a_series(runner, site, gp_file):
    result = run(runner, site, gp_file, "--only-free")
    assert result.exit_code == 0, result.output
    assert "2 bookings made, 1 events left out." in result.output
    db.session.rollback()
    made = {b.title: len(b.occurrences) for b in db.session.query(Booking).filter(Booking.organisation_id == site.welzijn.id)}
    assert made == {"Koffie": 1, "Reeks": 2}
    assert all(b.creator_id is None for b in db.session.query(Booking).filter(Booking.title == "Reeks"))
    entry = db.session.query(AuditEntry).filter(AuditEntry.action == "import.confirm").one()
    assert entry.actor_id is None and "spreekuren.ics" in entry.detail


def test_a_file_of_free_events_is_booked_whole(runner, site, tmp_path):
    path = tmp_path / "vrij.ics"
    path.write_bytes(ics(event("a", "20270322T090000", "20270322T100000", "Een"),
                         event("b", "20270323T090000", "20270323T100000", "Twee", "RRULE:FREQ=DAILY;COUNT=2")))
    result = run(runner, site, path, "--title-prefix", "GP")
    assert result.exit_code == 0, result.output
    assert "Booked #" in result.output and "GP Een" in result.output
    assert counts()["bookings"] == 2 and counts()["occurrences"] == 3


@pytest.mark.parametrize("data, words", [
    (b"", "The file is empty. Nothing was booked."),
    (b"\xff\xfe\x00garbage", "not UTF-8"),
    (b"BEGIN:VCARD\r\nEND:VCARD\r\n", "not an iCalendar"),
])
def test_a_bad_file_exits_non_zero_with_a_clear_message(runner, site, tmp_path, data, words):
    path = tmp_path / "bad.ics"
    path.write_bytes(data)
    result = run(runner, site, path)
    assert result.exit_code == 1 and words in result.output, result.output
    assert "Traceback" not in result.output
    assert counts()["bookings"] == 0


def test_unknown_room_organisation_or_file(runner, site, tmp_path):
    path = tmp_path / "a.ics"
    path.write_bytes(ics(event("a", "20270322T090000", "20270322T100000")))
    assert "Unknown room." in run(runner, site, path, room=999999).output
    assert "Unknown organisation." in run(runner, site, path, organisation=999999).output
    missing = runner.invoke(args=["import-ics", str(tmp_path / "nope.ics"), "--room", "1", "--organisation", "1"])
    assert missing.exit_code == 2 and "No such file" in missing.output
    assert counts()["bookings"] == 0
