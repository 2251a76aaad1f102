"""The pages the browser tests check, and how to check one with axe-core.

To add a page: add a `Shown` to PAGES. `path` may name the demo's ids ({series_id}, {occurrence_id},
{room_id}, {organisation_id}); `prepare` does what a person does on the page before it is checked
(fill in the form and press 'Check availability'). A page that answers another status than `status`
(a 404: the page is not there) fails the test with its path: none is skipped.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Callable

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary || '',
                              html: n.html.slice(0, 160)}))}));
}"""


def weekday_ahead(weekday: int, weeks: int = 1) -> date:
    """The date of `weekday` (0 = Monday) at least `weeks` weeks from today."""
    d = date.today() + timedelta(weeks=weeks)
    return d + timedelta(days=(weekday - d.weekday()) % 7)


def fill_clashing_series(page) -> None:
    """Ask for Zaal A on four Thursdays 10:00-11:00, where 'Yoga op de stoel' is, and press 'Check availability'.

    Every date clashes, so the result offers other rooms ('Probeer het met ...') and the nearest free time.
    On the booking form.
    """
    room = page.eval_on_selector("select[name=room_id]",
                                 "s => [...s.options].find(o => o.text.startsWith('Zaal A ')).value")
    page.select_option("select[name=room_id]", room)
    page.fill("input[name=title]", "Extra yoga")
    page.fill("input[name=day]", weekday_ahead(3).isoformat())
    page.fill("input[name=start_time]", "10:00")
    page.fill("input[name=end_time]", "11:00")
    page.fill("input[name=expected_people]", "10")
    page.select_option("select[name=repeat]", "weekly")
    page.check("input[name=weekdays][value=TH]")
    page.fill("input[name=count]", "4")
    with page.expect_navigation() as answer:
        page.click("#preview")
    return answer.value


def choose_weekly(page) -> None:
    page.select_option("select[name=repeat]", "weekly")


def open_cancel_series(page) -> None:
    page.click("details.cancel-series summary")


def open_extras(page) -> None:
    """Unfold the booking form's Extras and ask for a beamer and coffee for 12."""
    page.click("details.extras-section summary")
    page.fill("details.extras-section input >> nth=0", "1")
    page.fill("details.extras-section input >> nth=-1", "12")


def import_file() -> bytes:
    """A GP's calendar for the import preview: a weekly hour on Thursdays 10:00-11:00 in Zaal A, where 'Yoga op de
    stoel' is (a conflict), a free single hour, an evening past closing time and an all-day event (a problem)."""
    thursday, monday = weekday_ahead(3), weekday_ahead(0)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//tests//browser//NL"]
    for uid, summary, day, start, end, extra in (
            ("a", "Spreekuur praktijkondersteuner", thursday, "100000", "110000", "RRULE:FREQ=WEEKLY;COUNT=4"),
            ("b", "Griepprik", monday, "140000", "160000", ""),
            ("c", "Avondspreekuur", monday, "223000", "233000", "")):
        lines += ["BEGIN:VEVENT", f"UID:{uid}", f"SUMMARY:{summary}",
                  f"DTSTART;TZID=Europe/Amsterdam:{day:%Y%m%d}T{start}",
                  f"DTEND;TZID=Europe/Amsterdam:{day:%Y%m%d}T{end}"] + ([extra] if extra else []) + ["END:VEVENT"]
    lines += ["BEGIN:VEVENT", "UID:d", "SUMMARY:Heidag", f"DTSTART;VALUE=DATE:{monday:%Y%m%d}", "END:VEVENT",
              "END:VCALENDAR"]
    return "\r\n".join(lines).encode()


def upload_calendar(page):
    """Choose Zaal A and the file above on the import page and press 'Check the events'."""
    room = page.eval_on_selector("select[name=room_id]",
                                 "s => [...s.options].find(o => o.text.startsWith('Zaal A ')).value")
    page.select_option("select[name=room_id]", room)
    page.set_input_files("input[name=file]", files=[{"name": "spreekuren.ics", "mimeType": "text/calendar",
                                                     "buffer": import_file()}])
    with page.expect_navigation() as answer:
        page.click("#check")
    return answer.value


def import_calendar(page):
    """Upload the file above and book its free event ('Griepprik', ticked): the result page."""
    upload_calendar(page)
    with page.expect_navigation() as answer:
        page.click("#confirm")
    return answer.value


def close_a_thursday(page):
    """Fill in a whole-day closure of the building on a Thursday ahead, when 'Yoga op de stoel' is, and press
    'Add closure': the confirmation step lists the booked dates."""
    page.fill("input[name=start_day]", weekday_ahead(3).isoformat())
    page.fill("input[name=end_day]", weekday_ahead(3).isoformat())
    page.fill("input[name=reason]", "Schilderwerk")
    with page.expect_navigation() as answer:
        page.click("#check")
    return answer.value


def show_holidays(page):
    """Press the filter form's button ('Show the holidays', 'Show the school holidays') for the chosen building and year."""
    with page.expect_navigation() as answer:
        page.click("form.filters button[type=submit]")
    return answer.value


def fail_six_logins(page):
    """Log in six times with a wrong password for one (unknown) email: the sixth is refused with 429."""
    answer = None
    for _ in range(6):
        page.fill("input[name=email]", "vergeten@kiekmure.nl")
        page.fill("input[name=password]", "niet het wachtwoord")
        with page.expect_navigation() as answer:
            page.click("form.narrow [type=submit]")
    return answer.value


def open_first(selector: str):
    """Follow the first link matching `selector` (a building's or a user's page, whose id the demo does not name)."""
    def follow(page):
        with page.expect_navigation() as answer:
            page.click(selector)
        return answer.value
    return follow


def open_erase_step(page):
    """From the user list, open the confirmation step of erasing the last person listed (not the admin)."""
    href = page.eval_on_selector_all("table.stack tbody a", "links => links[links.length - 1].getAttribute('href')")
    return page.goto(href + "/erase")


def deactivate_first_building(page):
    """Open the first building and press 'Deactivate this building': refused (409), with its bookings to come listed."""
    open_first(".cards h2 a")(page)
    with page.expect_navigation() as answer:
        page.click("#deactivate")
    return answer.value


@dataclass(frozen=True)
class Shown:
    """A page to check: its name, address, who looks at it, the status it must answer, what to do first."""

    name: str
    path: str
    who: str = "admin"  # or "visitor"
    status: int = 200
    prepare: Callable | None = None  # after opening the page; may return the answer to a form it posted


PAGES: tuple[Shown, ...] = (
    # Without logging in.
    Shown("login", "/login", "visitor"),
    Shown("login, too many failed tries", "/login", "visitor", status=429, prepare=fail_six_logins),
    Shown("start page, visitor", "/", "visitor"),
    Shown("public agenda", "/agenda", "visitor"),
    Shown("public agenda, the four weeks after", "/agenda?from={in_four_weeks}", "visitor"),
    Shown("lobby screen", "/lobby", "visitor"),
    Shown("error page", "/no-such-page", "visitor", status=404),
    Shown("the API page", "/api", "visitor"),
    # The administrator sees every page.
    Shown("start page", "/"),
    Shown("booking form", "/bookings/new"),
    Shown("booking form, weekly", "/bookings/new", prepare=choose_weekly),
    Shown("booking form, result of a check", "/bookings/new", prepare=fill_clashing_series),
    Shown("our bookings", "/bookings/"),
    Shown("a booking's page", "/bookings/{series_id}"),
    Shown("a booking's page, cancel the series opened", "/bookings/{series_id}", prepare=open_cancel_series),
    Shown("extend a series", "/bookings/{series_id}/extend"),
    Shown("change a date", "/bookings/{series_id}/occurrences/{occurrence_id}/edit"),
    Shown("requests to approve", "/frontdesk/approvals"),
    Shown("users", "/admin/users"),
    Shown("my account", "/account"),
    Shown("error page, logged in", "/bookings/999999", status=404),
    # The other issue's pages: the front desk's day, week and month views, the free-room finder.
    Shown("front desk's day", "/frontdesk/day"),
    Shown("front desk's day, a Wednesday with extras", "/frontdesk/day?date={next_wednesday}"),
    Shown("room week", "/rooms/{room_id}/week"),
    Shown("room month", "/rooms/{room_id}/month"),
    Shown("organisation week", "/organisations/{organisation_id}/week"),
    Shown("organisation month", "/organisations/{organisation_id}/month"),
    Shown("find a free room", "/find"),
    # Calendar feeds (issue 9).
    Shown("calendar subscriptions", "/feeds/"),
    # The .ics import (issue 9): the upload form and the preview of a file.
    Shown("import a calendar", "/imports/new"),
    Shown("import a calendar, the preview", "/imports/new", prepare=upload_calendar),
    Shown("import a calendar, booked", "/imports/new", prepare=import_calendar),
    # The reports (issue 10).
    Shown("occupancy report", "/reports/occupancy"),
    Shown("occupancy report per month", "/reports/occupancy?by=month"),
    Shown("hours per organisation", "/reports/organisations"),
    Shown("public activities per week", "/reports/public"),
    Shown("year against year", "/reports/annual"),
    # The demo books from the current week on: the charges of the coming three months.
    Shown("rental charges", f"/reports/charges?start={date.today().isoformat()}"
                            f"&end={(date.today() + timedelta(days=90)).isoformat()}"),
    # Administration (issue 10).
    Shown("administration", "/admin"),
    Shown("closures", "/admin/closures"),
    Shown("add a closure", "/admin/closures/new"),
    Shown("add a closure, the booked dates", "/admin/closures/new", prepare=close_a_thursday),
    Shown("public holidays", "/admin/closures/holidays"),
    Shown("public holidays, the proposal", "/admin/closures/holidays", prepare=show_holidays),
    Shown("school holidays", "/admin/school-holidays"),
    Shown("add a school holiday", "/admin/school-holidays/new"),
    Shown("a school holiday", "/admin/school-holidays", prepare=open_first("table.stack tbody a")),
    Shown("school holidays of a school year, the proposal", "/admin/school-holidays/import", prepare=show_holidays),
    Shown("rooms", "/admin/rooms"),
    Shown("add a room", "/admin/rooms/new"),
    Shown("a room", "/admin/rooms/{room_id}"),
    Shown("buildings", "/admin/buildings"),
    Shown("a building", "/admin/buildings", prepare=open_first(".cards h2 a")),
    Shown("add a building", "/admin/buildings/new"),
    Shown("organisations", "/admin/organisations"),
    Shown("an organisation", "/admin/organisations/{organisation_id}"),
    Shown("extras", "/admin/extras"),
    Shown("add an extra", "/admin/extras/new"),
    Shown("an extra", "/admin/extras", prepare=open_first("table.stack tbody a")),
    Shown("booking form, extras opened", "/bookings/new", prepare=open_extras),
    Shown("a user's role", "/admin/users", prepare=open_first("table.stack tbody a")),
    Shown("audit trail", "/admin/audit"),
    # Privacy (issue 10): retention, and erasing a user's personal data.
    Shown("privacy", "/admin/privacy"),
    Shown("erase a user, the confirmation", "/admin/users", prepare=open_erase_step),
    Shown("a building, deactivation refused", "/admin/buildings", status=409, prepare=deactivate_first_building),
)


def address(shown: Shown, demo) -> str:
    return shown.path.format(series_id=demo.series_id, occurrence_id=demo.occurrence_id, room_id=demo.room_id,
                             organisation_id=demo.organisation_id, next_wednesday=weekday_ahead(2).isoformat(),
                             in_four_weeks=(date.today() + timedelta(days=28)).isoformat())


def open_shown(page, shown: Shown, demo) -> int:
    """Open the page and do what `prepare` does; the HTTP status of what the page then shows
    (the answer to the form `prepare` posted, if it returns one)."""
    answer = page.goto(address(shown, demo))
    if shown.prepare is not None:
        answer = shown.prepare(page) or answer
    page.wait_for_load_state("load")
    return answer.status


def run_axe(page, source: str) -> list[dict]:
    """The WCAG 2.1 A and AA violations axe-core finds on the page as it is now.

    axe-core is evaluated through the DevTools protocol, not added as an inline <script>: the pages'
    Content-Security-Policy refuses inline scripts (and would report the test's own as a violation).
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(source)
    return page.evaluate(_RUN_AXE, WCAG_21_AA)


def wait_until(page, expression: str, timeout: float = 15000) -> None:
    """Wait until the JavaScript `expression` is true on the page (polled through the DevTools protocol).

    Playwright's wait_for_function evaluates its predicate with eval inside the page, which the pages'
    Content-Security-Policy (no 'unsafe-eval') refuses."""
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(f"() => Boolean({expression})"):
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout:.0f} ms: {expression}")
        page.wait_for_timeout(50)


class PolicyViolations:
    """The Content-Security-Policy violations Chromium reports on a page's console while listening.

    with PolicyViolations(page) as seen: ...; then seen.messages lists them (empty: none)."""

    def __init__(self, page) -> None:
        self.page = page
        self.messages: list[str] = []

    def listen(self, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.messages.append(f"{self.page.url}: {message.text}")

    def __enter__(self) -> "PolicyViolations":
        self.page.on("console", self.listen)
        return self

    def __exit__(self, *exc) -> None:
        self.page.remove_listener("console", self.listen)


def readable(problems: dict[int, list[dict]]) -> str:
    """Violations by width, rule and element, for a person to read."""
    lines = []
    for width, violations in problems.items():
        for v in violations:
            lines.append(f"at {width} px: {v['id']} ({v['impact']}): {v['help']}")
            for n in v["nodes"][:8]:
                lines.append(f"    {n['target']}: {n['html']}")
                lines.extend(f"        {s}" for s in n["summary"].splitlines() if s.strip())
    return "\n".join(lines)


def screenshot(page, name: str, width: int) -> None:
    """A full-page screenshot in $BOOKING_SCREENSHOTS, when set."""
    folder = os.environ.get("BOOKING_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        safe = "".join(c if c.isalnum() else "-" for c in name).strip("-")
        page.screenshot(path=str(Path(folder) / f"{safe}-{width}.png"), full_page=True)
