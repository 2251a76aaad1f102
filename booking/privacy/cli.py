"""flask --app booking privacy anonymise [--dry-run]: the retention run from cron or a timer."""
from __future__ import annotations

import click
from flask import current_app

from ..imports.cli import Progress, command_line_actor
from ..web import context
from .retention import anonymise


@click.group()
def privacy() -> None:
    """Privacy (AVG/GDPR): anonymise bookings past the retention period."""


@privacy.command("anonymise")
@click.option("--dry-run", is_flag=True, help="Only count what would be anonymised; change nothing.")
def anonymise_command(dry_run: bool) -> None:
    """Anonymise the bookings whose last date ended more than RETENTION_MONTHS months ago."""
    months = max(int(current_app.config.get("RETENTION_MONTHS") or 0), 0)
    if months == 0:
        click.echo("RETENTION_MONTHS is 0: bookings are kept forever; nothing to do.")
        return
    with Progress("Anonymising") as progress:
        run = anonymise(context(command_line_actor()), months, dry_run=dry_run, progress=progress.step)
    what = "would be" if dry_run else "were"
    click.echo(f"Retention {months} months: bookings whose last date ended before "
               f"{run.cutoff:%Y-%m-%d %H:%M} UTC.")
    click.echo(f"{run.bookings} bookings {what} anonymised; {run.audit_entries} audit entries {what} "
               "scrubbed of personal texts.")
