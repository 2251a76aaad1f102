"""An outbox row as an email, delivered by SMTP or, without a mail server, written as an .eml file."""
from __future__ import annotations

import os
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid, parseaddr

from ..models import OutboxMessage

DEFAULT_FROM = "Zaalreservering <zaalreservering@localhost>"


@dataclass(frozen=True)
class MailSettings:
    """Where mail goes: an SMTP server (BOOKING_MAIL_*), or a folder of .eml files when none is set."""

    server: str | None
    port: int
    username: str | None
    password: str | None
    use_tls: bool          # STARTTLS after connecting (port 587)
    use_ssl: bool          # TLS from the start (port 465)
    sender: str
    outbox: str            # the .eml folder
    timeout: float


def settings_from(config, instance_path: str) -> MailSettings:
    """The mail settings of an app's configuration (environment values may arrive parsed as JSON)."""
    def text(name: str) -> str | None:
        value = config.get(name)
        return None if value in (None, "") else str(value)
    ssl = bool(config.get("MAIL_USE_SSL"))
    return MailSettings(server=text("MAIL_SERVER"), port=int(config.get("MAIL_PORT") or (465 if ssl else 25)),
                        username=text("MAIL_USERNAME"), password=text("MAIL_PASSWORD"),
                        use_tls=bool(config.get("MAIL_USE_TLS") or config.get("MAIL_STARTTLS")), use_ssl=ssl,
                        sender=text("MAIL_FROM") or DEFAULT_FROM,
                        outbox=text("MAIL_OUTBOX") or os.path.join(instance_path, "outbox"),
                        timeout=float(config.get("MAIL_TIMEOUT") or 10))


def email_of(message: OutboxMessage, sender: str) -> EmailMessage:
    """The MIME message: text and HTML alternatives, the .ics as a text/calendar part with its method."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = message.recipient
    mail["Subject"] = message.subject
    mail["Date"] = format_datetime(message.created_at)
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    mail["Message-ID"] = make_msgid(f"outbox-{message.id}", domain=domain)
    mail["Content-Language"] = message.language
    mail.set_content(message.body_text, cte="quoted-printable")
    if message.body_html:
        mail.add_alternative(message.body_html, subtype="html", cte="quoted-printable")
    if message.ics:
        method = message.ics_method or "REQUEST"
        mail.add_attachment(message.ics, subtype="calendar", filename=f"booking-{message.booking_id or 0}.ics",
                            cte="quoted-printable",
                            params={"method": method})
    return mail


class Postman:
    """Delivers the messages of one round: one SMTP connection for them all, opened on first use."""

    def __init__(self, settings: MailSettings):
        self.settings = settings
        self.smtp: smtplib.SMTP | None = None

    def deliver(self, message: OutboxMessage) -> None:
        """Send one message, or write it as an .eml file; raises on failure."""
        mail = email_of(message, self.settings.sender)
        if not self.settings.server:
            write_eml(self.settings.outbox, message, mail)
            return
        if self.smtp is None:
            self.smtp = connect(self.settings)
        self.smtp.send_message(mail, from_addr=parseaddr(self.settings.sender)[1], to_addrs=[message.recipient])

    def drop_connection(self) -> None:
        """Forget a connection that failed, so the next message opens a new one."""
        if self.smtp is not None:
            try:
                self.smtp.close()
            finally:
                self.smtp = None

    def close(self) -> None:
        """Say goodbye to the server, if one was spoken to."""
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass
            self.smtp = None


def connect(settings: MailSettings) -> smtplib.SMTP:
    """An SMTP connection, over TLS or upgraded with STARTTLS as set, logged in when a user is set."""
    if settings.use_ssl:
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(settings.server, settings.port, timeout=settings.timeout)
    else:
        smtp = smtplib.SMTP(settings.server, settings.port, timeout=settings.timeout)
    try:
        if settings.use_tls and not settings.use_ssl:
            smtp.starttls()
        if settings.username:
            smtp.login(settings.username, settings.password or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def write_eml(folder: str, message: OutboxMessage, mail: EmailMessage) -> str:
    """Write the message as `<created>-<id>-<kind>.eml` in `folder`, whole or not at all; its path."""
    os.makedirs(folder, exist_ok=True)
    name = f"{message.created_at:%Y%m%dT%H%M%S}-{message.id:07d}-{message.kind}.eml"
    path = os.path.join(folder, name)
    partial = path + ".part"
    with open(partial, "wb") as f:
        f.write(mail.as_bytes(policy=SMTP))
    os.replace(partial, path)
    return path
