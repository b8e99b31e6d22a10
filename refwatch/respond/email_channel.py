"""The e-mail alert channel, registered through the same hook as any plugin's channel.

Recipients are references (`subscriber:12`, `rsvp:7`) resolved when the mail is built, so an
unsubscribe that lands between fan-out and sending is honoured. A batch is sent over one SMTP
connection; if the server cannot be reached, the rest of the batch is failed at once (to be
retried with backoff) instead of knocking on a closed door two hundred times.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from refwatch.errors import DeliveryFailed
from refwatch.respond import event_mail, links, messages, subscriptions
from refwatch.respond.channel import INCIDENT_KINDS, AlertChannel, AlertView, DeliveryResult, OutboxItem
from refwatch.respond.hookspecs import hookimpl
from refwatch.respond.mail import MailContent, SmtpConnection, build_message, mail_domain, message_id
from refwatch.settings import Settings
from refwatch.store.models import Subscriber


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A mail ready to hand over, for one recipient."""

    to: str
    lang: str
    content: MailContent
    unsubscribe_url: str | None = None


Built = dict[int, Outgoing | DeliveryFailed]
MailBuilder = Callable[[Session, Sequence[OutboxItem], Settings], Built]


def _subscribers(session: Session, items: Sequence[OutboxItem]) -> dict[int, Subscriber]:
    ids = {int(i.recipient.split(":", 1)[1]) for i in items if i.recipient.startswith("subscriber:")}
    return {row.id: row for row in session.scalars(select(Subscriber).where(Subscriber.id.in_(ids)))}


def _subscriber_of(rows: dict[int, Subscriber], item: OutboxItem) -> Subscriber | DeliveryFailed:
    kind, _, ident = item.recipient.partition(":")
    row = rows.get(int(ident)) if kind == "subscriber" and ident.isdigit() else None
    if row is None:
        return DeliveryFailed("skipped: the subscriber no longer exists", permanent=True)
    return row


def build_incident_mails(session: Session, items: Sequence[OutboxItem], settings: Settings) -> Built:
    """Incident alerts: one composition per (alert, language), a personal footer per subscriber."""
    rows = _subscribers(session, items)
    shared: dict[tuple[int, str], messages.Composed] = {}
    built: Built = {}
    for item in items:
        row = _subscriber_of(rows, item)
        if isinstance(row, DeliveryFailed):
            built[item.delivery_id] = row
            continue
        if row.state != "active":
            built[item.delivery_id] = DeliveryFailed("skipped: the subscriber has unsubscribed", permanent=True)
            continue
        key = (item.alert.id, row.language)
        if key not in shared:
            shared[key] = messages.incident_alert(item.alert, lang=row.language, settings=settings)
        token = subscriptions.manage_token(settings, row)
        unsubscribe_url = links.unsubscribe(settings, token)
        composed = messages.subscriber_footer(shared[key], countries=list(row.countries or []),
                                              manage_url=links.manage(settings, token),
                                              unsubscribe_url=unsubscribe_url)
        built[item.delivery_id] = Outgoing(row.email, row.language, messages.render(composed), unsubscribe_url)
    return built


def build_opt_in_mails(session: Session, items: Sequence[OutboxItem], settings: Settings) -> Built:
    """Confirmation mails; a link that was replaced by a newer sign-up is not sent."""
    rows = _subscribers(session, items)
    built: Built = {}
    for item in items:
        row = _subscriber_of(rows, item)
        if isinstance(row, DeliveryFailed):
            built[item.delivery_id] = row
            continue
        if not row.confirm_nonce or not item.alert.dedupe_key.endswith(f":{row.confirm_nonce}"):
            built[item.delivery_id] = DeliveryFailed("skipped: confirmed already or superseded", permanent=True)
            continue
        confirm_url = links.confirm(settings, subscriptions.confirm_token(settings, row))
        composed = messages.opt_in(lang=(row.pending_prefs or {}).get("language", row.language),
                                   confirm_url=confirm_url, settings=settings)
        built[item.delivery_id] = Outgoing(row.email, composed.lang, messages.render(composed))
    return built


BUILDERS: dict[str, MailBuilder] = {
    "incident": build_incident_mails,
    "opt_in": build_opt_in_mails,
    **event_mail.BUILDERS,
}


class EmailChannel:
    """Alerts by e-mail over SMTP (settings `SMTP_*`, `MAIL_FROM`)."""

    name = "email"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def recipients(self, session: Session, alert: AlertView) -> Iterable[str]:
        if alert.kind in INCIDENT_KINDS:
            return [subscriptions.recipient_ref(i) for i in subscriptions.incident_audience(session, alert)]
        if alert.kind == "opt_in":
            return [subscriptions.recipient_ref(int(alert.content["subscriber_id"]))]
        return event_mail.recipients(session, alert)

    def deliver(self, session: Session, items: Sequence[OutboxItem]) -> Iterator[DeliveryResult]:
        built: Built = {}
        by_kind: dict[str, list[OutboxItem]] = {}
        for item in items:
            by_kind.setdefault(item.alert.kind, []).append(item)
        for kind, group in by_kind.items():
            builder = BUILDERS.get(kind)
            if builder is None:
                built.update({i.delivery_id: DeliveryFailed(f"no mail for alerts of kind {kind!r}", permanent=True)
                              for i in group})
            else:
                built.update(builder(session, group, self.settings))
        yield from self._send(items, built)

    def _send(self, items: Sequence[OutboxItem], built: Built) -> Iterator[DeliveryResult]:
        domain = mail_domain(self.settings)
        unreachable: DeliveryFailed | None = None
        with SmtpConnection(self.settings) as smtp:
            for item in items:
                outgoing = built[item.delivery_id]
                if isinstance(outgoing, DeliveryFailed):
                    yield item.delivery_id, outgoing
                    continue
                if unreachable is not None:
                    yield item.delivery_id, unreachable
                    continue
                message = build_message(outgoing.content, sender=self.settings.mail_from, to=outgoing.to,
                                        msg_id=message_id(item.idempotency_key, domain), language=outgoing.lang,
                                        unsubscribe_url=outgoing.unsubscribe_url,
                                        list_id=f"{self.settings.site_name} alerts <alerts.{domain}>"
                                        if outgoing.unsubscribe_url else None)
                try:
                    smtp.open()
                except DeliveryFailed as e:
                    unreachable = e
                    yield item.delivery_id, e
                    continue
                try:
                    smtp.send(message, to=outgoing.to)
                except DeliveryFailed as e:
                    yield item.delivery_id, e
                    continue
                yield item.delivery_id, None


@hookimpl
def refwatch_alert_channels(settings: Settings) -> list[AlertChannel]:
    return [EmailChannel(settings)]
