"""Column types shared by the models."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, String, bindparam, type_coerce
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import TypeDecorator

from .enums import ACTIVE_STATUSES


class UTCDateTime(TypeDecorator):
    """An aware UTC instant, stored as UTC on every database.

    SQLite keeps no offset, so values are normalised to UTC before writing and get UTC
    attached when read; naive datetimes are refused, because their zone is a guess.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        return None if value is None else aware_utc(value)

    def result_processor(self, dialect, coltype):
        # PostgreSQL's sessions run in UTC (database.install_postgres_settings): psycopg reads aware UTC already,
        # and aware_utc would hand every value back unchanged, at three Python calls each.
        if dialect.name == "postgresql":
            return self.impl_instance.dialect_impl(dialect).result_processor(dialect, coltype)
        return super().result_processor(dialect, coltype)


def aware_utc(value: datetime) -> datetime:
    """An instant as the driver reads it, aware in UTC: PostgreSQL's sessions run in UTC (database.py), so
    psycopg gives UTC already and nothing is converted; SQLite gives naive UTC."""
    if value.tzinfo is UTC:
        return value
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def bare_instant(column) -> ColumnElement:
    """A UTCDateTime column read as the driver gives it (see aware_utc), without a conversion per value: for the
    reads of hundreds of dates that are formatted at once (a two-year series has 730), where the model's types
    cost as much as the statement."""
    return type_coerce(column, DateTime(timezone=True))


def bare_text(column) -> ColumnElement:
    """A column of an enum (a date's status) read as its plain text value, without building the enum member."""
    return type_coerce(column, String)


def utcnow() -> datetime:
    """The current instant, aware, in UTC."""
    return datetime.now(UTC)


def active_written_out(status) -> ColumnElement[bool]:
    """`status` (a date's status column, of the model or an alias) is confirmed or pending, with the two values
    written into the statement's text, not sent as parameters: only then may PostgreSQL (also in a prepared
    statement's generic plan) and SQLite use the partial indexes of active dates (migrations 0018, 0019)."""
    return status.in_(bindparam("active_statuses", list(ACTIVE_STATUSES), expanding=True, literal_execute=True))
