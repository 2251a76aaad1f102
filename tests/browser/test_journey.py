"""One coordinator's morning, end to end in Chromium (issue 11, Real browser): log in, book a weekly
series that clashes, take the suggested room, see it on the front desk's day, cancel one date, switch
the language. The series is cancelled again at the end: the other browser tests share the demo site."""
from __future__ import annotations

import re

from .conftest import new_page
from .pages import fill_clashing_series, weekday_ahead

MEMBER = ("welzijn@kiekmure.nl", "kiekmure-welzijn")  # the seed-demo coordinator of Welzijn Harderwijk


def log_in(page, email: str, password: str) -> None:
    page.goto("/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("form.narrow [type=submit]")
    assert "/login" not in page.url, f"{email} could not log in"


def date_rows(page):
    """(when, room, status) of each row of a booking page's dates."""
    return [tuple(c.strip() for c in row.locator("td").all_inner_texts()[:3])
            for row in page.locator("table tbody tr").all()]


def test_a_coordinator_books_around_a_clash_and_the_front_desk_sees_it(browser, demo, admin):
    page = new_page(browser, demo)
    try:
        log_in(page, *MEMBER)
        page.goto("/bookings/new")
        fill_clashing_series(page)  # Zaal A, four Thursdays 10:00-11:00: 'Yoga op de stoel' is there
        assert "4 van de data kun je niet reserveren zoals gevraagd." in page.inner_text("#preview-summary")
        assert page.locator("[name=book]").count() == 0  # nothing to book as asked

        suggestion = page.locator("button[name=alternative_room]").first
        room = re.match(r"Probeer het met (.+)", suggestion.inner_text()).group(1)
        with page.expect_navigation():
            suggestion.click()
        assert page.inner_text("#preview-summary") == "Alle data zijn vrij."
        with page.expect_navigation():
            page.click("[name=book]")
        assert re.search(r"/bookings/\d+$", page.url), page.url
        booking_url = page.url
        rows = date_rows(page)
        assert len(rows) == 4 and {r[1] for r in rows} == {room}, rows
        assert all(r[2] == "bevestigd" for r in rows), rows

        # The front desk's day of the first Thursday shows it in that room's row, with its time.
        first = weekday_ahead(3)
        admin.goto(f"/frontdesk/day?date={first.isoformat()}")
        row = admin.locator("table.day-grid tbody tr").filter(
            has=admin.locator("th[scope=row]", has_text=re.compile(rf"^\s*{re.escape(room)}\b")))
        assert "Extra yoga" in row.first.inner_text()
        assert "Extra yoga" in admin.inner_text("#day-list")  # the list of the day (a phone's view) too

        # Cancel the second date only.
        page.goto(booking_url)
        second = page.locator("table tbody tr").nth(1)
        second.locator("details summary").click()
        with page.expect_navigation():
            second.locator("[id^=cancel-]").click()
        statuses = [r[2] for r in date_rows(page)]
        assert statuses[0] == "bevestigd" and statuses[1].startswith("geannuleerd") and statuses[2:] == [
            "bevestigd", "bevestigd"], statuses

        # English from now on, for this coordinator.
        page.goto("/account")
        page.select_option("select[name=lang-language]", "en")
        with page.expect_navigation():
            page.click("form.narrow:has(select[name=lang-language]) [type=submit]")
        page.goto(booking_url)
        assert page.locator("html").get_attribute("lang") == "en"
        assert [r[2].split(":")[0] for r in date_rows(page)] == ["confirmed", "cancelled", "confirmed", "confirmed"]
    finally:
        # Leave the shared demo as it was: the rest of the series cancelled, Dutch again.
        if "/bookings/" in page.url and page.locator("details.cancel-series").count():
            page.click("details.cancel-series summary")
            page.check("details.cancel-series input[type=checkbox]")
            with page.expect_navigation():
                page.click("details.cancel-series [type=submit]")
        page.goto("/account")
        if page.locator("select[name=lang-language]").count():
            page.select_option("select[name=lang-language]", "nl")
            with page.expect_navigation():
                page.click("form.narrow:has(select[name=lang-language]) [type=submit]")
        page.context.close()
