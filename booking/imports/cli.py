"""flask import-ics FILE --room ID --organisation ID [--dry-run] [--only-free]: the import page's work on the command line."""
from __future__ import annotations

import secrets
import sys

import click
from ..domain.clock import wall, zone_of
from ..domain.errors import BookingError
from ..extensions import db
from ..models import Role, User, Visibility
from .events import MAX_FILE_BYTES
from .services import ALL, FREE, EventPreview, ImportPlan, choice_value, confirm_import, preview_import
from ..web import context


class Progress:
    """A click progress bar that learns its length from the first step (the file's events are counted
    while it is read)."""

    def __init__(self, label: str):
        self.label = label
        self.bar = None

    def step(self, done: int, total: int) -> None:
        """One more event handled of `total`."""
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(1)

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


def command_line_actor() -> User:
    """Who the command line acts as: an administrator that is no stored user (audited as no one)."""
    return User(name="command line", role=Role.ADMIN)


def line(row: EventPreview, zone_name: str) -> str:
    """One event as the command prints it: its place, title, first date, verdict and the dates in the way."""
    ev = row.event
    when = f"{ev.start:%Y-%m-%d %H:%M}-{ev.end:%H:%M}" if ev.start and ev.end else "-"
    repeat = f", {len(row.verdicts)} dates" if ev.recurrence is not None and row.verdicts else ""
    title = row.request.title if row.request else (ev.title or "-")
    text = f"#{ev.index} {title} ({when}{repeat}): {row.verdict.replace('_', ' ')}"
    if row.verdict == "partly_free":
        text += f", {row.free_count} of {len(row.verdicts)} free"
    if row.problem is not None:
        return f"{text}: {row.problem}"
    zone = zone_of(zone_name)
    reasons = [f"{wall(c.start, zone):%Y-%m-%d %H:%M} {c.title}" for v in row.verdicts for c in v.clashes]
    reasons += [str(p.message) for v in row.verdicts for p in v.problems]
    if reasons:
        text += ": " + "; ".join(reasons[:3]) + (f"; and {len(reasons) - 3} more" if len(reasons) > 3 else "")
    return text


@click.command("import-ics")
@click.argument("file", type=click.File("rb"))
@click.option("--room", "room_id", type=int, required=True, help="The id of the room to book.")
@click.option("--organisation", "organisation_id", type=int, required=True, help="The id of the organisation.")
@click.option("--dry-run", is_flag=True, help="Show what each event meets; book nothing.")
@click.option("--only-free", is_flag=True,
              help="Book the free events, and of a series only its free dates; leave the rest out. Without it, "
                   "nothing is booked unless every event is free.")
@click.option("--visibility", type=click.Choice([v.value for v in Visibility]), default="internal", show_default=True)
@click.option("--title-prefix", default="", help="Put this before every title.")
def import_ics(file, room_id: int, organisation_id: int, dry_run: bool, only_free: bool, visibility: str,
               title_prefix: str) -> None:
    """Book a room for the events of an .ics file: each event its own booking, a recurring event a series.

    All or nothing: without --only-free every event must be free. Exit status 0 when done (or on
    --dry-run), 1 when the file cannot be read or nothing could be booked as asked.
    """
    data = file.read(MAX_FILE_BYTES + 1)
    ctx = context(command_line_actor())
    plan = ImportPlan(room_id=room_id, organisation_id=organisation_id, visibility=Visibility(visibility),
                      title_prefix=title_prefix.strip()[:60], filename=getattr(file, "name", "") or "",
                      key=secrets.token_urlsafe(16))
    try:
        with Progress("Checking the events") as progress:
            preview = preview_import(ctx, plan, data, on_event=progress.step)
    except BookingError as exc:
        db.session.rollback()
        raise click.ClickException(f"{exc.message} Nothing was booked.") from None
    for row in preview.events:
        click.echo(line(row, preview.zone))
    for skipped in preview.skipped:
        click.echo(f"#{skipped.index} {skipped.title or '-'}: left out, {skipped.reason}")
    chosen = {r.event.index: choice_value(r).partition(":")[2] for r in preview.events
              if r.choice == ALL or (only_free and r.choice == FREE)}
    blocked = [r for r in preview.events if r.choice != ALL]
    if dry_run:
        db.session.rollback()
        click.echo(f"Dry run: {len(chosen)} of {len(preview.events)} events would be booked; nothing was booked.")
        return
    if blocked and not only_free:
        db.session.rollback()
        raise click.ClickException(f"{len(blocked)} of {len(preview.events)} events are not free: nothing was "
                                   "booked. Use --only-free to book only what is free.")
    if not chosen:
        db.session.rollback()
        raise click.ClickException("No event is free: nothing was booked.")
    with Progress("Booking") as progress:
        outcome = confirm_import(ctx, plan, data, chosen, on_event=progress.step)
    if not outcome.bookings:
        raise click.ClickException("Someone booked one of these times a moment ago: nothing was booked. "
                                   "Run the command again.")
    for booking in outcome.bookings:
        click.echo(f"Booked #{booking.id}: {booking.title}, {len(booking.occurrences)} dates, {booking.status.value}")
    click.echo(f"{len(outcome.bookings)} bookings made, {len(preview.events) - len(chosen)} events left out.")
