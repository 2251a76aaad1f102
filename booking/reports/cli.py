"""flask --app booking report export KIND --start YYYY-MM-DD --end YYYY-MM-DD [--out FILE]: a report's CSV (the
same file as the page's 'Download as CSV') from the command line, with a progress bar on stderr."""
from __future__ import annotations

import sys
from datetime import date

import click
from flask_babel import force_locale

from ..domain.errors import BookingError
from ..domain.text import EARLIEST_YEAR, LATEST_YEAR
from ..extensions import db
from ..i18n import LANGUAGES
from ..web import tr
from .build import charges_report, occupancy_report, organisation_report, public_report
from .charges_page import charges_csv
from .occupancy_page import occupancy_csv
from .period import period_problem
from .summary_pages import organisation_csv, public_csv

# What each kind reads and how it is written: (the report, its CSV).
KINDS = {
    "occupancy": (lambda s, b, first, last, by: occupancy_report(s, b, first, last, by), occupancy_csv),
    "organisations": (lambda s, b, first, last, by: organisation_report(s, b, first, last), organisation_csv),
    "public": (lambda s, b, first, last, by: public_report(s, b, first, last), public_csv),
    "charges": (lambda s, b, first, last, by: charges_report(s, b, first, last), charges_csv),
}


def day_option(ctx, param, value: str) -> date:
    """A YYYY-MM-DD date within the years the app knows."""
    try:
        day = date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        day = None
    if day is None or not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise click.BadParameter(f"{value!r} is not a date as YYYY-MM-DD between {EARLIEST_YEAR} and {LATEST_YEAR}.")
    return day


@click.group()
def report() -> None:
    """Usage reports."""


@report.command("export")
@click.argument("kind", type=click.Choice(sorted(KINDS)))
@click.option("--start", required=True, callback=day_option, help="The first day (YYYY-MM-DD), included.")
@click.option("--end", required=True, callback=day_option, help="The last day (YYYY-MM-DD), included.")
@click.option("--out", "out", type=click.Path(dir_okay=False, writable=True), default="-",
              help="Write the CSV into this file (default: standard output).")
@click.option("--building", "building_id", type=click.IntRange(min=1), help="The building's id (default: the first).")
@click.option("--by", type=click.Choice(["week", "month"]), default="week", show_default=True,
              help="occupancy: per week or per month.")
@click.option("--language", type=click.Choice(LANGUAGES), default="nl", show_default=True,
              help="The language of the headers and names.")
def export(kind: str, start: date, end: date, out: str, building_id: int | None, by: str, language: str) -> None:
    """Write the KIND report of the days START..END as CSV (UTF-8 with BOM, ';', decimal commas: Excel with Dutch
    settings opens it as it is). Exit 2 for bad dates, 1 for an unknown building."""
    problem = period_problem(start, end)
    if problem:
        with force_locale("en"):
            raise click.BadParameter(tr(problem), param_hint="--end")
    build, write = KINDS[kind]
    with force_locale(language), click.progressbar(length=3, label=f"Exporting {kind}", file=sys.stderr) as bar:
        try:
            found = build(db.session, building_id, start, end, by)
        except BookingError as exc:
            with force_locale("en"):  # the command line speaks English, as the other commands do
                raise click.ClickException(f"{tr(exc.message)} Nothing was written.") from None
        finally:
            db.session.rollback()  # only read: end the transaction
        bar.update(1)
        body = write(found)
        bar.update(1)
        with click.open_file(out, "wb") as f:
            f.write(body)
        bar.update(1)
    if out != "-":
        click.echo(f"Wrote {len(body)} bytes to {out}.", err=True)
