"""Fixtures of the import tests: the web tests' building and people, and .ics files made to measure."""
from __future__ import annotations

from web.conftest import admin, frontdesk, make_user, member, other_member, site  # noqa: F401  (fixtures)


def ics(*events: str, extra: str = "") -> bytes:
    """A calendar file holding these VEVENT bodies (lines without BEGIN/END), CRLF as RFC 5545 has it."""
    body = "".join("BEGIN:VEVENT\n" + e.strip() + "\nEND:VEVENT\n" for e in events)
    text = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//import//NL\n" + extra + body + "END:VCALENDAR\n"
    return text.replace("\n", "\r\n").encode("utf-8")


def event(uid: str, start: str, end: str, summary: str = "Spreekuur", *lines: str, tz: str = "Europe/Amsterdam") -> str:
    """A VEVENT body from local times 'YYYYMMDDTHHMMSS' in `tz` ('' for floating, 'Z' for UTC given in the times)."""
    def when(name, value):
        return f"{name};TZID={tz}:{value}" if tz not in ("", "Z") else f"{name}:{value}"
    return "\n".join([f"UID:{uid}", f"SUMMARY:{summary}", when("DTSTART", start), when("DTEND", end), *lines])
