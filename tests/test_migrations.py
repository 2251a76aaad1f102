"""The migrations and the models agree (issue 11): a database upgraded from empty to head, on SQLite and
PostgreSQL, is what the models describe, and head goes down to empty and up again."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

import booking.models  # noqa: F401  (registers the tables)
from booking.extensions import db

from dbkit import sqlalchemy_url


def differences(uri: str) -> list:
    engine = create_engine(sqlalchemy_url(uri))
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            return compare_metadata(context, db.metadata)
    finally:
        engine.dispose()


def test_the_migrated_database_is_what_the_models_describe(database_uri):
    assert differences(database_uri) == []


def test_every_migration_goes_down_and_up_again(tmp_path):
    from flask_migrate import downgrade, upgrade

    from booking import create_app
    from dbkit import sqlite_database

    uri = sqlite_database(tmp_path / "down-and-up.sqlite3")
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": "migrate"}, config_name="testing")
    with app.app_context():
        downgrade(revision="base")
        assert db.inspect(db.engine).get_table_names() == ["alembic_version"]
        upgrade()
        db.engine.dispose()
    assert differences(uri) == []
