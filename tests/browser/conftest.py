"""Browser tests: the real pages in Chromium, checked with axe-core (WCAG 2.1 A and AA) at 375 and 1280 px.

One server for the whole folder: the app on a fresh, migrated SQLite database filled by
`flask seed-demo` (the real now, real passwords, CSRF on), served by werkzeug in a thread on a free
127.0.0.1 port. One Chromium (Debian's /usr/bin/chromium, driven by Playwright), one page per
person (a visitor, the administrator), logged in once and reused.

The whole folder is skipped, with the reason, where Playwright or /usr/bin/chromium is missing
(.ci/run installs Debian's chromium; Playwright comes with the `test` extra).

BOOKING_SCREENSHOTS=<folder> saves a full-page screenshot of every checked page at both widths there.
"""
from __future__ import annotations

import importlib.util
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import select

HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
AXE = HERE / "vendor" / "axe.min.js"
WIDTHS = (375, 1280)
HEIGHT = 800
ADMIN = ("admin@kiekmure.nl", "kiekmure-admin")  # the seed-demo administrator (published demo password)


def unavailable() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed (pip install -e '.[test]')"
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} is missing (apt-get install chromium; .ci/run does it)"
    return None


def pytest_collection_modifyitems(config, items):
    reason = unavailable()
    if reason is None:
        return
    skip = pytest.mark.skip(reason=f"browser tests skipped: {reason}")
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(skip)


@dataclass
class Demo:
    """The running demo site and the ids the page list needs."""

    base: str
    series_id: int          # a weekly series with dates to come (Yoga op de stoel, Welzijn Harderwijk)
    occurrence_id: int      # one of its dates to come
    room_id: int            # Zaal A
    organisation_id: int    # Welzijn Harderwijk


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> Iterator[Demo]:
    """The app on a fresh SQLite database seeded by `flask seed-demo`, served on a free port."""
    from werkzeug.serving import make_server

    import booking
    from booking.extensions import db
    from booking.models import Booking, Occurrence, Organisation, Room, Status
    from dbkit import sqlite_database

    uri = sqlite_database(tmp_path_factory.mktemp("browser") / "demo.sqlite3")
    app = booking.create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": "browser-tests"}, config_name="testing")
    with app.app_context():
        seeded = app.test_cli_runner().invoke(args=["seed-demo"])
        assert seeded.exit_code == 0, seeded.output
        series = db.session.scalars(select(Booking).where(Booking.title == "Yoga op de stoel")).one()
        occ = db.session.scalars(select(Occurrence).where(Occurrence.booking_id == series.id,
                                                          Occurrence.status == Status.CONFIRMED)
                                 .order_by(Occurrence.starts_at.desc())).first()
        room = db.session.scalars(select(Room).where(Room.name == "Zaal A")).one()
        org = db.session.scalars(select(Organisation).where(Organisation.name == "Welzijn Harderwijk")).one()
        ids = (series.id, occ.id, room.id, org.id)
        db.session.remove()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request in the test output
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="browser-test-server", daemon=True)
    thread.start()
    try:
        yield Demo(f"http://127.0.0.1:{server.server_port}", *ids)
    finally:
        server.shutdown()
        thread.join(10)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole folder."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync"])
        yield chromium
        chromium.close()


def new_page(browser, demo: Demo):
    """A page in a fresh context (own cookies), Dutch, 1280 px wide."""
    context = browser.new_context(base_url=demo.base, locale="nl-NL", viewport={"width": WIDTHS[-1], "height": HEIGHT})
    context.set_default_timeout(15000)
    return context.new_page()


@pytest.fixture(scope="session")
def visitor(browser, demo):
    """A resident who has not logged in."""
    page = new_page(browser, demo)
    yield page
    page.context.close()


@pytest.fixture(scope="session")
def admin(browser, demo):
    """The administrator, logged in through the login form once."""
    page = new_page(browser, demo)
    page.goto("/login")
    page.fill("input[name=email]", ADMIN[0])
    page.fill("input[name=password]", ADMIN[1])
    with page.expect_navigation():
        page.click("form.narrow [type=submit]")
    assert "/login" not in page.url, "the demo administrator could not log in"
    yield page
    page.context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")
