"""flask --app booking backup PATH | restore PATH: copy the database to a file, and put such a copy back."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from ..extensions import db
from .backup import (BackupError, backup_postgres, backup_sqlite, database_of, describe_counts, file_kind,
                     restore_postgres, restore_sqlite, row_counts, size_of)

KIND_WORDS = {"sqlite": "an SQLite database", "postgresql": "a PostgreSQL dump (pg_dump custom format)"}
DATABASE_WORDS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def sentence(text: str) -> str:
    """`text` with a capital first letter (and the rest as it was)."""
    return text[:1].upper() + text[1:]


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@with_appcontext
def backup(path: Path, force: bool) -> None:
    """Copy the database to PATH while the app runs: an SQLite file, or a pg_dump archive for PostgreSQL."""
    try:
        target = database_of(db.engine.url)
        if path.exists() and not force:
            raise BackupError(f"{path} exists already. Choose another name, or add --force to replace it.")
        if not path.parent.is_dir():
            raise BackupError(f"The folder {path.parent} does not exist.")
        click.echo(f"Backing up {target.describe()} to {path} ...")
        counts = row_counts(db.engine)
        db.session.remove()
        if target.kind == "sqlite":
            backup_sqlite(target, path)
        else:
            backup_postgres(target, path)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Done: {path} ({size_of(path)}, readable by its owner only). When it began the database "
               f"held {describe_counts(counts)}.")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that holds data (everything in it is lost).")
@with_appcontext
def restore(path: Path, force: bool) -> None:
    """Put the backup at PATH in place of the database. Refuses a database that holds data unless --force."""
    try:
        target = database_of(db.engine.url, must_exist=False)
        kind = file_kind(path)
        if kind is None:
            raise BackupError(f"{path} is not a backup made by 'flask backup' (neither an SQLite database "
                              "nor a pg_dump archive). Nothing was changed.")
        if kind != target.kind:
            raise BackupError(f"{path} is {KIND_WORDS[kind]}, but the configured database is "
                              f"{DATABASE_WORDS[target.kind]}. Nothing was changed.")
        before = row_counts(db.engine)
        if any(before.values()) and not force:
            raise BackupError(f"{sentence(target.describe())} holds data ({describe_counts(before)}). Restoring would "
                              "replace all of it: add --force if that is what you want. Nothing was changed.")
        click.echo(f"Restoring {path} into {target.describe()} ...")
        # Our own connections go first: an open transaction of ours would hold the locks the restore needs.
        db.session.remove()
        db.engine.dispose()
        if kind == "sqlite":
            restore_sqlite(target, path)
        else:
            restore_postgres(target, path)
        after = row_counts(db.engine)
        db.engine.dispose()
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    if any(before.values()):
        click.echo(f"Replaced what was there ({describe_counts(before)}).")
    click.echo(f"Done: the database now holds {describe_counts(after)}.")
    click.echo("Restart the app servers, and run 'flask --app booking db upgrade' if the backup is older "
               "than this version of the app.")
