"""Fixtures of the notification tests: the people of one organisation and of another, a room, the
caught mail (.eml files in a temporary folder) and a way to send what the outbox holds."""
from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from icalendar import Calendar

from booking.extensions import db
from booking.models import MailNotice, OutboxMessage, User
from booking.notifications.delivery import settings_from
from booking.notifications.sender import Round, send_all_due

from fixtures.clock import NOW

ORG = "Welzijn Harderwijk"
OTHER = "Huisartsenpraktijk Stadsdennen"


class Mail:
    """One caught email, parsed back: its recipient, subject, bodies and calendar."""

    def __init__(self, raw: bytes):
        self.raw = raw
        self.message: EmailMessage = message_from_bytes(raw, policy=policy.default)
        self.to = str(self.message["To"])
        self.subject = str(self.message["Subject"])
        self.text = self.message.get_body(("plain",)).get_content()
        parts = [p for p in self.message.walk() if p.get_content_type() == "text/calendar"]
        assert len(parts) == 1, [p.get_content_type() for p in self.message.walk()]
        self.calendar_part = parts[0]
        self.calendar = Calendar.from_ical(parts[0].get_content())

    @property
    def method(self) -> str:
        """The calendar's METHOD."""
        return str(self.calendar["METHOD"])

    @property
    def events(self) -> list:
        """The VEVENTs of the attachment."""
        return [c for c in self.calendar.walk("VEVENT")]


@pytest.fixture
def outbox_dir(app, tmp_path) -> Path:
    """The folder the .eml files go to (no SMTP server set)."""
    folder = tmp_path / "outbox"
    app.config.update(MAIL_OUTBOX=str(folder), MAIL_SERVER=None)
    return folder


@pytest.fixture
def send(app, outbox_dir):
    """Send every due message, as `flask mail send` does, at NOW (or `at`)."""
    def run(at=NOW) -> Round:
        return send_all_due(db.session, settings_from(app.config, app.instance_path), at)
    return run


@pytest.fixture
def mails(outbox_dir, send):
    """Send what is due and return the .eml files written since the last call, parsed, by recipient."""
    seen: set[Path] = set()

    def read() -> list[Mail]:
        send()
        new = sorted(set(outbox_dir.glob("*.eml")) - seen) if outbox_dir.exists() else []
        seen.update(new)
        return sorted((Mail(p.read_bytes()) for p in new), key=lambda m: (m.to, m.subject))
    return read


@pytest.fixture
def team(people, admin_headers):
    """The requester (English), a coordinator (Dutch by default), an inactive colleague, someone of
    another organisation, a front-desk worker; the admin of admin_headers is there too."""
    requester = people.user("member", org=ORG, email="requester@welzijn.nl")
    requester.language = "en"
    coordinator = people.user("member", org=ORG, email="coordinator@welzijn.nl")
    gone = people.user("member", org=ORG, email="gone@welzijn.nl")
    gone.active = False
    outsider = people.user("member", org=OTHER, email="outsider@huisarts.nl")
    desk = people.user("frontdesk", org="De Kiekmure", email="desk@kiekmure.nl")
    db.session.commit()
    return {"requester": requester, "coordinator": coordinator, "gone": gone, "outsider": outsider, "desk": desk,
            "requester_headers": people.token(requester), "outsider_headers": people.token(outsider),
            "desk_headers": people.token(desk), "admin_headers": admin_headers}


@pytest.fixture
def room(make_room):
    """A meeting room."""
    return make_room("Vergaderzaal", 12)


@pytest.fixture
def book(client, team, room):
    """POST /api/v1/bookings as the requester (or `headers`); returns the JSON, asserting 201."""
    def post(start="2027-02-01T10:00", end="2027-02-01T11:00", title="Taalcafé", headers=None, room_id=None,
             **extra):
        body = {"room_id": room_id or room["id"], "title": title, "start": start, "end": end, **extra}
        r = client.post("/api/v1/bookings", json=body, headers=headers or team["requester_headers"])
        assert r.status_code == 201, r.get_json()
        return r.get_json()
    return post


def outbox_rows() -> list[OutboxMessage]:
    """Every outbox row, as committed."""
    db.session.rollback()
    return list(db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)))


def notices() -> list[MailNotice]:
    """The notices of changes the booking services wrote, oldest first, as committed."""
    db.session.rollback()
    return list(db.session.scalars(db.select(MailNotice).order_by(MailNotice.id)))


def addressed(found: list[Mail]) -> list[tuple[str, str]]:
    """(recipient, subject) of each mail."""
    return [(m.to, m.subject) for m in found]


def user(email: str) -> User:
    """The user with `email`."""
    return db.session.scalars(db.select(User).where(User.email == email)).one()
