"""Migration 0014 makes the login_failure table as the model has it, on SQLite and PostgreSQL."""
from __future__ import annotations

from sqlalchemy import inspect

from booking.extensions import db
from booking.models import LoginFailure


def test_the_migrated_table_matches_the_model(app):
    found = inspect(db.engine)
    columns = {c["name"]: c for c in found.get_columns("login_failure")}
    assert set(columns) == {c.name for c in LoginFailure.__table__.columns} == {"id", "key", "at"}
    assert not any(c["nullable"] for c in columns.values())
    indexes = {i["name"]: i["column_names"] for i in found.get_indexes("login_failure")}
    assert indexes == {i.name: [c.name for c in i.columns] for i in LoginFailure.__table__.indexes} == {
        "ix_login_failure_key_at": ["key", "at"], "ix_login_failure_at": ["at"]}
