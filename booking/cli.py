"""flask --app booking seed-demo | users create | tokens create (and the commands of imports, mail, reports)."""
from __future__ import annotations

import click
from flask import Flask, current_app

from .extensions import db
from .admin.holiday_cli import holidays
from .imports.cli import Progress, import_ics
from .models import OrganisationKind, Role
from .notifications.cli import mail
from .ops.cli import backup, restore
from .reports.cli import report
from .privacy.cli import privacy


def register(app: Flask) -> None:
    """Attach the commands to the app's CLI."""
    app.cli.add_command(seed_demo)
    app.cli.add_command(users)
    app.cli.add_command(tokens)
    app.cli.add_command(import_ics)
    app.cli.add_command(mail)
    app.cli.add_command(backup)
    app.cli.add_command(restore)
    app.cli.add_command(report)
    app.cli.add_command(holidays)
    app.cli.add_command(privacy)


@click.command("seed-demo")
@click.option("--reset", is_flag=True,
              help="First delete the demo data seed-demo made (asks first; refuses if other data is there).")
@click.option("--yes", is_flag=True, help="Do not ask before --reset deletes (for scripts).")
def seed_demo(reset: bool, yes: bool) -> None:
    """Fill an empty database with a realistic De Kiekmure: rooms, organisations, users, bookings.

    The demo accounts have published passwords: it refuses a database holding data it did not
    make, and the production configuration (DEMO_DATA_ALLOWED off).
    """
    from .demo import SeedRefused, seed

    if not current_app.config.get("DEMO_DATA_ALLOWED", False):
        raise click.ClickException(
            "seed-demo is off under this configuration (DEMO_DATA_ALLOWED is false, as in production): "
            "the demo accounts have published passwords. Nothing was changed.")

    def confirm(what: str) -> bool:
        if yes:
            return True
        try:
            if click.confirm(f"--reset deletes {what}. Delete them and seed again?", default=False, err=True):
                return True
        except click.Abort:  # no answer at all (input closed) or Ctrl-C
            click.echo(err=True)
        raise click.ClickException("Reset not confirmed: nothing was deleted (--yes skips the question).")

    try:
        # The NOW setting pins the moment in tests; otherwise the bookings start from the real now.
        # The bookings are the long part: a progress bar on stderr while they are made.
        with Progress("Booking the demo") as progress:
            for line in seed(db.session, reset=reset, now=current_app.config.get("NOW"), confirm=confirm,
                             on_booking=progress.step):
                click.echo(line)
    except SeedRefused as exc:
        raise click.ClickException(str(exc)) from None


@click.group()
def users() -> None:
    """Manage user accounts."""


@users.command("create")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--password", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.MEMBER.value, show_default=True)
@click.option("--org", "org_name", help="Organisation name; made if missing.")
@click.option("--org-kind", type=click.Choice([k.value for k in OrganisationKind]), default="other",
              show_default=True, help="Kind of a newly made organisation.")
def create_user(email: str, name: str, password: str, role: str, org_name: str | None, org_kind: str) -> None:
    """Create a user (the organisation is made if it does not exist); audited like changes on the pages."""
    from .accounts import services
    from .domain.errors import InvalidInput

    email = email.strip().lower()
    if "@" not in email:
        raise click.BadParameter("not an e-mail address", param_hint="EMAIL")
    try:
        user = services.create_user(db.session, None, email=email, name=name, password=password,
                                    role=Role(role), organisation_name=org_name,
                                    organisation_kind=OrganisationKind(org_kind))
    except InvalidInput as exc:
        db.session.rollback()
        if "email" in exc.fields:
            raise click.ClickException(f"A user {email} already exists.") from None
        if "password" in exc.fields:
            raise click.BadParameter("the password is empty", param_hint="--password") from None
        raise click.ClickException(exc.message) from None
    if len(password) < 10:
        # Scripts set up test accounts this way; people choose their own via an invitation.
        click.echo("warning: a password under 10 characters is easy to guess", err=True)
    org = user.organisation
    click.echo(f"Created {role} {email}" + (f" of {org.name}" if org else ""))


@click.group()
def tokens() -> None:
    """Manage API tokens."""


@tokens.command("create")
@click.argument("email")
@click.option("--name", default="command line", show_default=True,
              help="what the token is called on its user's account page")
def create_token(email: str, name: str) -> None:
    """Print a new API token for EMAIL, alone on the last line."""
    from .accounts.queries import user_by_email
    from .accounts.tokens import issue_token

    user = user_by_email(db.session, email)
    if user is None:
        raise click.ClickException(f"No user {email}.")
    if not user.active:
        raise click.ClickException(f"User {email} is deactivated.")
    plain = issue_token(db.session, None, user, name)
    click.echo(f"API token for {user.email} (shown once; send it as 'Authorization: Bearer TOKEN'):")
    click.echo(plain)
