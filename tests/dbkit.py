"""Making, migrating and emptying test databases: the one place that does it.

Used by the suite's fixtures (tests/fixtures/database.py) and by tests/serverkit.py (the
gunicorn tests and bench/booking_race.py). The app is imported only when a database is
migrated or emptied, so importing this module stays cheap.
"""
from __future__ import annotations

import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def sqlalchemy_url(uri: str) -> str:
    """The URL as the app reads it: a plain postgresql:// URL means psycopg 3."""
    if uri.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + uri.split("://", 1)[1]
    return uri


def migrate(uri: str) -> None:
    """Bring the database at `uri` to the newest schema, as `flask db upgrade` would."""
    from flask_migrate import upgrade

    from booking import create_app
    from booking.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": "migrate"}, config_name="testing")
    with app.app_context():
        upgrade()
        db.engine.dispose()


def sqlite_database(path: str | Path, template: str | Path | None = None) -> str:
    """An SQLite database at `path`: a copy of a migrated `template`, or migrated afresh.

    A copy first removes the -wal and -shm files a previous database at `path` may have left,
    so that none of its pages can reappear in the copy.
    """
    uri = f"sqlite:///{path}"
    if template is None:
        migrate(uri)
        return uri
    path = Path(path)
    for leftover in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copy(template, path)
    return uri


@contextmanager
def postgres_database(base_url: str, template: str | None = None, prefix: str = "booking_test") -> Iterator[str]:
    """A throw-away PostgreSQL database next to `base_url`'s, dropped afterwards.

    With `template` (the name of a migrated database nobody is connected to) it is a copy,
    which is much faster than migrating; without, it is migrated afresh.
    """
    base = make_url(sqlalchemy_url(base_url))
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            suffix = f' TEMPLATE "{template}"' if template else ""
            conn.execute(text(f'CREATE DATABASE "{name}"{suffix}'))
        uri = base.set(database=name).render_as_string(hide_password=False)
        try:
            if template is None:
                migrate(uri)
            yield uri
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def database_name(uri: str) -> str:
    """The database part of a URL (for TEMPLATE)."""
    return make_url(sqlalchemy_url(uri)).database or ""


def empty_postgres(uri: str) -> None:
    """Delete every row of a migrated PostgreSQL database, child tables first, and restart its sequences.

    What TRUNCATE ... RESTART IDENTITY does, at a twentieth of its cost on a small database.
    """
    import booking.models  # noqa: F401  (registers the tables)
    from booking.extensions import db

    engine = create_engine(sqlalchemy_url(uri))
    with engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
        for (seq,) in conn.execute(text("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")):
            conn.execute(text("SELECT setval(:seq, 1, false)"), {"seq": f'"{seq}"'})
    engine.dispose()
