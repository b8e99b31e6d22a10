"""Real peers on loopback for respond tests: an aiosmtpd SMTP server and a webhook receiver."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class ReceivedMail:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    raw: bytes
    helo: str


class Collector:
    """Waitable list: tests block on a condition with a deadline instead of sleeping."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self._cond = threading.Condition()

    def append(self, item: Any) -> None:
        with self._cond:
            self.items.append(item)
            self._cond.notify_all()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Any]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self.items) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"expected {count} items, got {len(self.items)} within {timeout} s")
                self._cond.wait(left)
            return list(self.items)


class _MailHandler:
    def __init__(self, owner: SmtpPeer) -> None:
        self.owner = owner

    async def handle_MAIL(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        reply = self.owner.mail_reply()
        if reply is not None:
            return reply
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        reply = self.owner.rcpt_reply(address)
        if reply is not None:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        reply = self.owner.data_reply()
        if reply is not None:
            return reply
        raw = envelope.original_content or envelope.content
        message = message_from_bytes(raw, policy=policy.default)
        self.owner.mails.append(ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), message, raw,
                                             session.host_name or ""))
        return "250 Message accepted"


@dataclass
class SmtpPeer:
    """An aiosmtpd server; set `mail_replies` / `rcpt_replies` / `data_replies` to make it refuse,
    `password` to make it check logins (AUTH PLAIN/LOGIN offered without TLS, fine on loopback)."""

    port: int = 0
    mails: Collector = field(default_factory=Collector)
    mail_replies: list[str] = field(default_factory=list)
    data_replies: list[str] = field(default_factory=list)
    rcpt_replies: dict[str, str] = field(default_factory=dict)
    password: str | None = None
    controller: Controller | None = None

    def _authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        given = getattr(auth_data, "password", b"")
        return AuthResult(success=self.password is not None and given == self.password.encode(), handled=False)

    def mail_reply(self) -> str | None:
        return self.mail_replies.pop(0) if self.mail_replies else None

    def data_reply(self) -> str | None:
        return self.data_replies.pop(0) if self.data_replies else None

    def rcpt_reply(self, address: str) -> str | None:
        return self.rcpt_replies.get(address)

    def start(self) -> SmtpPeer:
        self.port = self.port or free_port()
        login = {"authenticator": self._authenticate, "auth_require_tls": False}
        self.controller = Controller(_MailHandler(self), hostname="127.0.0.1", port=self.port,
                                     **(login if self.password is not None else {}))
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@dataclass
class ReceivedHook:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class WebhookPeer:
    """An HTTP server recording POSTs; `statuses` answers the next requests in order (then 200).

    An entry may be `(status, headers)` to send headers such as Retry-After with it.
    """

    def __init__(self) -> None:
        self.requests = Collector()
        self.statuses: list[int | tuple[int, dict[str, str]]] = []
        self.responder: Callable[[ReceivedHook], int] | None = None
        peer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                hook = ReceivedHook(self.path, {k.lower(): v for k, v in self.headers.items()},
                                    self.rfile.read(length))
                answer = peer.statuses.pop(0) if peer.statuses else 200
                status, extra = answer if isinstance(answer, tuple) else (answer, {})
                peer.requests.append((hook, status))
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/refwatch"

    def start(self) -> WebhookPeer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
