"""Building alert e-mail and handing it to an SMTP server.

Messages are multipart (plain text first, HTML second), UTF-8 throughout; a Korean subject is
encoded as RFC 2047 words by the `SMTP` policy. Bulk mail carries `List-Unsubscribe` with an
HTTPS link plus `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058), so mail
programs can offer one-click unsubscribing. The Message-ID is derived from the delivery's
idempotency key, which makes a resend after a crash recognisable as the same message.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate, parseaddr
from types import TracebackType

from refwatch.errors import DeliveryFailed
from refwatch.settings import Settings

TRANSIENT_SMTP_CODES = frozenset({421, 450, 451, 452})


@dataclass(frozen=True, slots=True)
class MailContent:
    subject: str
    text: str
    html: str | None = None


def mail_domain(settings: Settings) -> str:
    """The host name we speak for: HELO name and the right side of Message-IDs."""
    if settings.mail_hostname:
        return settings.mail_hostname
    address = parseaddr(settings.mail_from)[1]
    return address.rpartition("@")[2] or "localhost"


def envelope_sender(settings: Settings) -> str:
    return parseaddr(settings.mail_from)[1]


def message_id(idempotency_key: str, domain: str) -> str:
    return f"<{idempotency_key[:48]}@{domain}>"


def build_message(content: MailContent, *, sender: str, to: str, msg_id: str, language: str,
                  unsubscribe_url: str | None = None, list_id: str | None = None) -> EmailMessage:
    """A complete message; with `unsubscribe_url` it is list mail with RFC 8058 one-click headers."""
    message = EmailMessage(policy=SMTP)
    message["From"] = sender
    message["To"] = to
    message["Subject"] = content.subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = msg_id
    message["Auto-Submitted"] = "auto-generated"
    if list_id:
        message["List-Id"] = list_id
    if unsubscribe_url:
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        message["Precedence"] = "bulk"
    message.set_content(content.text, charset="utf-8")
    if content.html:
        message.add_alternative(content.html, subtype="html", charset="utf-8")
    message["Content-Language"] = language  # after set_content, which drops Content-* headers
    return message


def _smtp_failure(code: int, text: bytes | str, *, where: str, about_recipient: bool = True) -> DeliveryFailed:
    """A refusal as a failure; only a 5xx about this recipient or this message is permanent.

    A 5xx while connecting, logging in or naming our sender says the relay or our settings are
    wrong, not the address: giving up there would drop every alert in the batch for good.
    """
    detail = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    permanent = about_recipient and 500 <= code < 600
    return DeliveryFailed(f"SMTP {code} {detail}".strip(), where=where, permanent=permanent)


class SmtpConnection:
    """One SMTP session reused for a batch of messages; reconnects once after a dropped link."""

    def __init__(self, settings: Settings, *, connect: Callable[..., smtplib.SMTP] = smtplib.SMTP) -> None:
        self.settings = settings
        self._connect = connect
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpConnection:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def open(self) -> smtplib.SMTP:
        if self._smtp is not None:
            return self._smtp
        s = self.settings
        where = f"{s.smtp_host}:{s.smtp_port}"
        try:
            self._smtp = self._connect(s.smtp_host, s.smtp_port, local_hostname=mail_domain(s),
                                       timeout=s.smtp_timeout)
            if s.smtp_starttls:
                self._smtp.starttls(context=ssl.create_default_context())
            if s.smtp_username:
                self._smtp.login(s.smtp_username, s.smtp_password)
        except smtplib.SMTPResponseException as e:
            self.close()
            raise _smtp_failure(e.smtp_code, e.smtp_error, where=where, about_recipient=False) from e
        except (OSError, smtplib.SMTPException) as e:
            self.close()
            raise DeliveryFailed(f"cannot reach the SMTP server: {type(e).__name__}: {e}", where=where) from e
        return self._smtp

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()

    def send(self, message: EmailMessage, *, to: str) -> None:
        """Hand one message over; DeliveryFailed says whether trying again later makes sense."""
        smtp = self.open()
        sender = envelope_sender(self.settings)
        try:
            refused = smtp.send_message(message, from_addr=sender, to_addrs=[to])
        except smtplib.SMTPRecipientsRefused as e:
            code, text = e.recipients.get(to, (550, b"recipient refused"))
            raise _smtp_failure(code, text, where=to) from e
        except smtplib.SMTPSenderRefused as e:
            self.close()
            raise _smtp_failure(e.smtp_code, e.smtp_error, where=sender, about_recipient=False) from e
        except smtplib.SMTPResponseException as e:
            if e.smtp_code in TRANSIENT_SMTP_CODES:
                self.close()
            raise _smtp_failure(e.smtp_code, e.smtp_error, where=to) from e
        except (OSError, smtplib.SMTPException) as e:
            self.close()
            raise DeliveryFailed(f"SMTP connection lost: {type(e).__name__}: {e}", where=to) from e
        if to in refused:
            code, text = refused[to]
            raise _smtp_failure(code, text, where=to)
