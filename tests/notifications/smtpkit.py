"""A tiny SMTP server on a thread, for the tests: it keeps what it receives, or refuses on purpose."""
from __future__ import annotations

import socketserver
import threading
from email import message_from_bytes, policy


class FakeSMTP(socketserver.ThreadingTCPServer):
    """Speaks just enough SMTP for smtplib: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT.

    `received` holds (envelope recipients, parsed message); with `refuse` set, MAIL FROM is answered
    451 (a temporary failure), so every message fails.
    """

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Session)
        self.received: list[tuple[list[str], object]] = []
        self.refuse = False
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def port(self) -> int:
        return self.server_address[1]

    def __enter__(self) -> "FakeSMTP":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()
        self.server_close()


class Session(socketserver.StreamRequestHandler):
    """One SMTP conversation."""

    def say(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self.say("220 fake ESMTP")
        rcpts: list[str] = []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.decode(errors="replace").strip().split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.say("250 fake")
            elif verb == "MAIL":
                rcpts = []
                self.say("451 try again later" if self.server.refuse else "250 ok")
            elif verb == "RCPT":
                rcpts.append(line.decode().split(":", 1)[1].strip().strip("<>"))
                self.say("250 ok")
            elif verb == "DATA":
                self.say("354 go ahead")
                data = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                self.server.received.append((rcpts, message_from_bytes(b"".join(data), policy=policy.default)))
                self.say("250 queued")
            elif verb == "QUIT":
                self.say("221 bye")
                return
            else:
                self.say("250 ok")
