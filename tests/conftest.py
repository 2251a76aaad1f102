"""The suite's fixtures: an app on a fresh database (SQLite, and PostgreSQL where BOOKING_TEST_POSTGRES_URL is set).

They live in tests/fixtures/ (see its __init__.py for the map) and are registered here, once, for
every test directory; pytest reads pytest_plugins only from this top-level conftest.
"""
pytest_plugins = ["fixtures.database", "fixtures.app", "fixtures.people", "fixtures.api_document"]
