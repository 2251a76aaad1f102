"""flask --app booking mail send: deliver the messages that are due, and say what became of each."""
from __future__ import annotations

import click
from flask import current_app

from ..extensions import db
from ..web import now
from .delivery import settings_from
from .sender import BATCH, send_all_due


@click.group()
def mail() -> None:
    """The outbox of email notifications."""


@mail.command("send")
@click.option("--batch", default=BATCH, show_default=True, help="Messages claimed at a time.")
def send(batch: int) -> None:
    """Send every message that is due (failed ones again once their pause is over); exit 1 if any failed."""
    settings = settings_from(current_app.config, current_app.instance_path)
    done = send_all_due(db.session, settings, now(), batch)
    where = f"SMTP {settings.server}:{settings.port}" if settings.server else f".eml files in {settings.outbox}"
    for o in done.sent:
        click.echo(f"sent #{o.id} {o.kind} to {o.recipient}")
    for o in done.failed:
        click.echo(f"failed #{o.id} {o.kind} to {o.recipient}: {o.error}; next try {o.next_try:%Y-%m-%d %H:%M:%S} UTC",
                   err=True)
    click.echo(f"{len(done.sent)} sent, {len(done.failed)} failed ({where})")
    if done.failed:
        raise SystemExit(1)
