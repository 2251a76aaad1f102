"""flask --app booking holidays add --building ID --year YYYY [--dry-run]: the public holidays page's work on the
command line, with a progress bar on stderr."""
from __future__ import annotations

import click
from flask_babel import force_locale

from ..domain.errors import BookingError
from ..extensions import db
from ..i18n import LANGUAGES
from ..imports.cli import Progress, command_line_actor
from ..web import context, tr
from .holidays import add_holidays, propose_holidays


@click.group()
def holidays() -> None:
    """Dutch public holidays as closures of a building."""


@holidays.command("add")
@click.option("--building", "building_id", type=int, required=True, help="The building's id.")
@click.option("--year", type=int, required=True, help="The year of the holidays.")
@click.option("--dry-run", is_flag=True, help="Only list the holidays; add nothing.")
@click.option("--language", type=click.Choice(LANGUAGES), default="nl", show_default=True,
              help="The language of the holidays' names (the closures' reasons).")
def add(building_id: int, year: int, dry_run: bool, language: str) -> None:
    """Close the building on every Dutch public holiday of YEAR (whole local days), as the public holidays page
    does with all ticked; days already closed that way are not added twice. Audited as the command line."""
    ctx = context(command_line_actor())
    try:
        building, proposal = propose_holidays(ctx, building_id, year, language)
        for h in proposal:
            click.echo(f"{h.day.isoformat()} {h.name}: {'already closed' if h.entered else 'to add'}")
        if dry_run:
            db.session.rollback()
            click.echo(f"Dry run: {sum(not h.entered for h in proposal)} of {len(proposal)} would be added.")
            return
        with Progress("Adding the holidays") as progress:
            added = add_holidays(ctx, building_id, year, {h.day for h in proposal}, language,
                                 on_holiday=progress.step)
    except BookingError as exc:
        db.session.rollback()
        with force_locale("en"):
            raise click.ClickException(f"{tr(exc.message)} Nothing was added.") from None
    click.echo(f"{len(added)} closures added to {building.name}, {len(proposal) - len(added)} already there.")
