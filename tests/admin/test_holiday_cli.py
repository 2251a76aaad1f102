"""flask holidays add: the public holidays page's work on the command line, with a progress bar on stderr."""
from __future__ import annotations

from sqlalchemy import select

from booking.extensions import db
from booking.models import AuditEntry, Closure


def test_the_holidays_of_a_year_are_added_once(runner, site):
    dry = runner.invoke(args=["holidays", "add", "--building", str(site.building.id), "--year", "2027", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "2027-04-27 Koningsdag: to add" in dry.stdout and not db.session.scalars(
        select(Closure).where(Closure.reason == "Koningsdag")).all()
    result = runner.invoke(args=["holidays", "add", "--building", str(site.building.id), "--year", "2027"])
    assert result.exit_code == 0, result.output
    assert "Adding the holidays" in result.stderr
    added = db.session.scalars(select(Closure).where(Closure.room_id.is_(None), Closure.reason == "Koningsdag")).all()
    assert len(added) == 1
    n = int(result.stdout.splitlines()[-1].split()[0])
    assert n >= 9 and len(db.session.scalars(select(AuditEntry).where(AuditEntry.action == "closure.create")).all()) == n
    again = runner.invoke(args=["holidays", "add", "--building", str(site.building.id), "--year", "2027"])
    assert again.exit_code == 0 and again.stdout.splitlines()[-1].startswith("0 closures added")


def test_an_unknown_building_or_year(runner, site):
    result = runner.invoke(args=["holidays", "add", "--building", "999", "--year", "2027"])
    assert result.exit_code == 1 and "Unknown building. Nothing was added." in result.stderr
    result = runner.invoke(args=["holidays", "add", "--building", str(site.building.id), "--year", "1900"])
    assert result.exit_code == 1 and "The year must be between" in result.stderr
