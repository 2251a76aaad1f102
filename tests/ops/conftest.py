"""Fixtures of the ops tests: the web tests' building and people, the lines of the JSON request log."""
from __future__ import annotations

import json
import logging

import pytest

from booking.ops.requestlog import LOGGER
from web.conftest import make_user, member, site  # noqa: F401  (fixtures)


class Lines(logging.Handler):
    """Collects what the logger 'booking.requests' writes, formatted as it would be written."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))

    def parsed(self) -> list[dict]:
        """Every line as JSON (a line that is not JSON fails the test here)."""
        return [json.loads(line) for line in self.lines]


@pytest.fixture
def request_log(app):
    """The JSON request log switched on for the test's app; yields the lines it writes."""
    handler = Lines()
    LOGGER.addHandler(handler)
    app.config["LOG_JSON"] = True
    try:
        yield handler
    finally:
        LOGGER.removeHandler(handler)
