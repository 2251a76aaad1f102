"""The settings every connection of the app gets: on PostgreSQL the session runs in UTC without JIT, so instants
are read as UTC whatever the server's or the URL's zone, and the models' types have nothing to convert."""
from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from sqlalchemy import cast, literal, select, text

from booking.extensions import db
from booking.models.types import UTCDateTime, aware_utc, bare_instant
from fixtures.app import make_app

# 01:30 UTC on the night the clocks go forward in Amsterdam (02:00 local does not exist)
CHANGE_NIGHT = datetime(2027, 3, 28, 1, 30, tzinfo=UTC)


@pytest.mark.parametrize("asked_zone", [None, "America/New_York", "Europe/Amsterdam"])
def test_postgres_sessions_read_instants_in_utc_whatever_zone_the_url_asks(postgres_uri, asked_zone):
    uri = postgres_uri if asked_zone is None else f"{postgres_uri}?options={quote(f'-c TimeZone={asked_zone}')}"
    app = make_app(uri)
    try:
        with app.app_context():
            assert db.session.execute(text("SHOW TimeZone")).scalar() == "UTC"
            assert db.session.execute(text("SHOW jit")).scalar() == "off"
            instant = literal("2027-03-28 03:30:00+02")  # the same instant, written in summer time
            typed, bare = db.session.execute(select(cast(instant, UTCDateTime()), bare_instant(cast(instant, UTCDateTime())))).one()
            assert typed == CHANGE_NIGHT and typed.tzinfo is UTC
            assert bare == CHANGE_NIGHT and bare.tzinfo is UTC  # psycopg reads UTC: nothing left to convert
    finally:
        with app.app_context():
            db.engine.dispose()


def test_aware_utc_attaches_or_converts_to_utc():
    assert aware_utc(datetime(2027, 3, 28, 1, 30)) == CHANGE_NIGHT  # SQLite reads naive UTC
    assert aware_utc(datetime(2027, 3, 28, 1, 30)).tzinfo is UTC
    from zoneinfo import ZoneInfo
    summer = datetime(2027, 3, 28, 3, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))
    assert aware_utc(summer) == CHANGE_NIGHT and aware_utc(summer).tzinfo is UTC
    assert aware_utc(CHANGE_NIGHT) is CHANGE_NIGHT


def test_an_enum_column_reads_its_members_and_names_its_values_when_it_meets_another():
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.dialects.postgresql import psycopg

    from booking.models.enums import Status, enum_column
    column = enum_column(Status, "occurrence_status")
    for dialect in (psycopg.dialect(), sqlite.dialect()):
        read = column.dialect_impl(dialect).result_processor(dialect, None)
        assert read("pending") is Status.PENDING and read("cancelled") is Status.CANCELLED and read(None) is None
        with pytest.raises(LookupError, match="^'paused' is not among the values of occurrence_status: "
                                              "cancelled, confirmed, pending, rejected$"):
            read("paused")


def test_instants_need_no_conversion_on_postgres_and_get_utc_attached_on_sqlite():
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.dialects.postgresql import psycopg
    assert UTCDateTime().dialect_impl(psycopg.dialect()).result_processor(psycopg.dialect(), None) is None
    read = UTCDateTime().dialect_impl(sqlite.dialect()).result_processor(sqlite.dialect(), None)
    assert read("2027-03-28 01:30:00.000000") == CHANGE_NIGHT and read("2027-03-28 01:30:00.000000").tzinfo is UTC
