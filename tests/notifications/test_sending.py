"""Sending after the commit: SMTP, .eml files, failures retried with backoff, two senders, the thread, the CLI."""
from __future__ import annotations

import socket
import threading
import time
from datetime import timedelta

from booking import create_app
from booking.extensions import db
from booking.notifications import background
from booking.notifications.delivery import Postman, settings_from
from booking.notifications.sender import send_all_due

from fixtures.clock import NOW

from .conftest import notices, outbox_rows
from .smtpkit import FakeSMTP


def closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_messages_go_to_the_smtp_server_with_their_calendar(app, book, send):
    with FakeSMTP() as server:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_FROM="Balie <balie@kiekmure.nl>")
        book()
        done = send()
    assert len(done.sent) == 2 and not done.failed
    assert sorted(rcpts[0] for rcpts, _m in server.received) == ["coordinator@welzijn.nl", "requester@welzijn.nl"]
    for _rcpts, message in server.received:
        assert message["From"] == "Balie <balie@kiekmure.nl>"
        (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
        assert part.get_param("method") == "REQUEST"
        assert 'ORGANIZER;CN="De Kiekmure":mailto:balie@kiekmure.nl' in part.get_content().replace("\r\n ", "")
    assert [(r.attempts, r.sent_at) for r in outbox_rows()] == [(1, NOW), (1, NOW)]


def test_a_failing_mail_server_keeps_the_booking_and_the_message_is_sent_later(app, book, send):
    with FakeSMTP() as server:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=closed_port())
        b = book()  # 201: the booking never waits for the mail server
        first = send()
        assert len(first.failed) == 2 and not first.sent
        rows = outbox_rows()
        assert all(r.booking_id == b["id"] for r in rows)
        assert [(r.attempts, r.sent_at, r.next_try) for r in rows] == [(1, None, NOW + timedelta(seconds=30))] * 2
        assert all("ConnectionRefusedError" in r.last_error for r in rows)

        app.config.update(MAIL_PORT=server.port)
        server.refuse = True
        assert send(NOW + timedelta(seconds=10)).taken == 0  # not due yet
        second = send(NOW + timedelta(seconds=31))
        assert len(second.failed) == 2
        rows = outbox_rows()
        assert [(r.attempts, r.next_try) for r in rows] == [(2, NOW + timedelta(seconds=91))] * 2
        assert all("451" in r.last_error for r in rows)

        server.refuse = False
        third = send(NOW + timedelta(seconds=91))
        assert len(third.sent) == 2 and len(server.received) == 2
        assert [(r.attempts, r.sent_at) for r in outbox_rows()] == [(3, NOW + timedelta(seconds=91))] * 2
        assert send(NOW + timedelta(hours=5)).taken == 0  # sent once, never again


def test_two_senders_at_once_write_and_send_each_message_once(app, book, outbox_dir, monkeypatch):
    for day in range(1, 5):
        book(start=f"2027-02-0{day}T10:00", end=f"2027-02-0{day}T11:00")
    # The bookings wrote one notice each; the messages are written by whichever sender drafts it first.
    assert outbox_rows() == [] and len(notices()) == 4
    delivered: list[int] = []
    real = Postman.deliver

    def deliver(self, message):
        delivered.append(message.id)
        time.sleep(0.001)  # let the other sender run in between
        return real(self, message)

    monkeypatch.setattr(Postman, "deliver", deliver)
    settings = settings_from(app.config, app.instance_path)
    start, errors = threading.Barrier(2), []

    def worker():
        try:
            with app.app_context():
                start.wait(5)
                send_all_due(db.session, settings, NOW, limit=1)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    expected = {r.id for r in outbox_rows()}
    assert len(expected) == 8  # two per booking (requester and coordinator), not four
    assert sorted(delivered) == sorted(expected)
    assert len(list(outbox_dir.glob("*.eml"))) == 8
    assert all(n.drafted_at == NOW and n.last_error is None for n in notices())
    assert all(r.sent_at is not None and r.attempts == 1 for r in outbox_rows())


def test_the_background_sender_writes_the_eml_within_moments(app, book, outbox_dir):
    app.config.update(MAIL_BACKGROUND=True, MAIL_INTERVAL=0.02)
    try:
        background.start(app)
        b = book()
        deadline = time.monotonic() + 10
        while len(list(outbox_dir.glob("*.eml"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        background.stop(app)
    files = sorted(outbox_dir.glob("*.eml"))
    assert len(files) == 2
    raw = b"".join(f.read_bytes() for f in files)
    assert b"To: requester@welzijn.nl" in raw
    assert b'Content-Type: text/calendar; charset="utf-8"; method="REQUEST"' in raw
    assert {r.booking_id for r in outbox_rows()} == {b["id"]}


def test_the_background_sender_is_off_in_testing_and_starts_once(app):
    assert background.start(app) is None
    app.config.update(MAIL_BACKGROUND=True, MAIL_INTERVAL=60)
    try:
        first = background.start(app)
        assert background.start(app) is first and first.thread.is_alive()
    finally:
        background.stop(app)


def test_flask_mail_send_says_what_it_did(app, book, runner, outbox_dir):
    book()
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert "sent #" in result.output and "2 sent, 0 failed" in result.output
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=closed_port())
    book(start="2027-02-02T10:00", end="2027-02-02T11:00")
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 1
    assert "0 sent, 2 failed" in result.output


def test_mail_settings_come_from_booking_environment_variables(monkeypatch, tmp_path):
    for name, value in {"MAIL_SERVER": "smtp.example.org", "MAIL_PORT": "587", "MAIL_USERNAME": "balie",
                        "MAIL_PASSWORD": "123456", "MAIL_USE_TLS": "true", "MAIL_FROM": "balie@example.org",
                        "MAIL_OUTBOX": str(tmp_path)}.items():
        monkeypatch.setenv(f"BOOKING_{name}", value)
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"}, config_name="testing")
    s = settings_from(app.config, app.instance_path)
    assert (s.server, s.port, s.username, s.password, s.use_tls, s.use_ssl, s.sender, s.outbox) == (
        "smtp.example.org", 587, "balie", "123456", True, False, "balie@example.org", str(tmp_path))
    assert settings_from({}, "/srv/instance").outbox == "/srv/instance/outbox"
    assert app.config["MAIL_BACKGROUND"] is False
