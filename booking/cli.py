"""flask --app booking seed-demo | users create | tokens create."""
from __future__ import annotations

import click
from flask import Flask, current_app
from sqlalchemy import select

from .extensions import db
from .models import ApiToken, Organisation, OrganisationKind, Role, User


def register(app: Flask) -> None:
    """Attach the commands to the app's CLI."""
    app.cli.add_command(seed_demo)
    app.cli.add_command(users)
    app.cli.add_command(tokens)


@click.command("seed-demo")
@click.option("--reset", is_flag=True,
              help="Delete all bookings, rooms, users, organisations and buildings first.")
def seed_demo(reset: bool) -> None:
    """Fill the database with a realistic De Kiekmure: rooms, organisations, users, bookings."""
    from .demo import seed

    # The NOW setting pins the moment in tests; otherwise the bookings start from the real now.
    for line in seed(db.session, reset=reset, now=current_app.config.get("NOW")):
        click.echo(line)


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
def create_token(email: str) -> None:
    """Print a new API token for EMAIL, alone on the last line."""
    user = db.session.scalars(select(User).where(User.email == email.strip().lower())).first()
    if user is None:
        raise click.ClickException(f"No user {email}.")
    if not user.active:
        raise click.ClickException(f"User {email} is deactivated.")
    token, plain = ApiToken.issue(user)
    db.session.add(token)
    db.session.commit()
    click.echo(f"API token for {user.email} (shown once; send it as 'Authorization: Bearer TOKEN'):")
    click.echo(plain)
