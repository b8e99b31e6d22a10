"""Webhooks: alerts POSTed as JSON to receivers that registered an endpoint, signed and retried.

Every request carries these headers (docs/respond.md#webhooks):

    X-Refwatch-Event: alert.incident
    X-Refwatch-Delivery: <idempotency key; the same on every retry of this delivery>
    X-Refwatch-Timestamp: <Unix seconds when this attempt was signed>
    X-Refwatch-Signature: v1=<hex HMAC-SHA256 over "<timestamp>." + body, keyed with the endpoint secret>

A receiver recomputes the HMAC, compares in constant time, refuses timestamps more than five
minutes off (replays) and drops a delivery id it has already seen (our retries). Any 2xx is
success; 4xx answers (except 408, 425 and 429) are not retried;
5xx, timeouts and refused connections are retried by the outbox with backoff, and a
`Retry-After` is honoured. Endpoint hosts pass the SSRF guard like any fetch, and redirects
are not followed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from refwatch.errors import DeliveryFailed, RefwatchError, SignatureInvalid
from refwatch.respond import links, messages
from refwatch.respond.channel import INCIDENT_KINDS, AlertChannel, AlertView, DeliveryResult, OutboxItem
from refwatch.respond.hookspecs import hookimpl
from refwatch.respond.rules import public_reasons
from refwatch.settings import Settings
from refwatch.sources.guard import AddressGuard, parse_networks
from refwatch.store.audit import record
from refwatch.store.models import WebhookEndpoint
from refwatch.store.secrets import FieldCipher

SIGNATURE_VERSION = "v1"
DEFAULT_TOLERANCE_S = 300
RETRYABLE_4XX = frozenset({408, 425, 429})


def sign(secret: bytes, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret, str(timestamp).encode("ascii") + b"." + body, hashlib.sha256).hexdigest()
    return f"{SIGNATURE_VERSION}={mac}"


def verify(secret: bytes, *, body: bytes, timestamp: str | None, signature: str | None, now: float | None = None,
           tolerance: int = DEFAULT_TOLERANCE_S) -> None:
    """What a receiver runs: raises SignatureInvalid unless the request is ours and fresh."""
    if not timestamp or not timestamp.isdigit() or not signature:
        raise SignatureInvalid("missing or malformed signature headers")
    moment = time.time() if now is None else now
    if abs(moment - int(timestamp)) > tolerance:
        raise SignatureInvalid("timestamp outside the allowed window (replayed or clock skew)")
    expected = sign(secret, int(timestamp), body)
    offered = [part.strip() for part in signature.split(",")]
    if not any(hmac.compare_digest(expected, candidate) for candidate in offered):
        raise SignatureInvalid("signature does not match")


def _context(endpoint_id: int) -> str:
    return f"webhook_endpoints:{endpoint_id}:secret"


def add_endpoint(session: Session, url: str, *, actor: str, settings: Settings, description: str = "",
                 countries: Sequence[str] = (), urgent_only: bool = False,
                 secret: str | None = None) -> tuple[WebhookEndpoint, str]:
    """Register a receiver; returns it with its signing secret, shown to the editor this once."""
    parsed = httpx.URL(url)
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise RefwatchError("a webhook URL must be http or https with a host", where=url)
    plain = secret or f"whsec_{secrets.token_urlsafe(32)}"
    endpoint = WebhookEndpoint(url=url, secret_sealed=b"", description=description, created_by=actor,
                               countries=sorted({c.upper() for c in countries}), urgent_only=urgent_only)
    session.add(endpoint)
    session.flush()
    endpoint.secret_sealed = FieldCipher.from_settings(settings).seal_text(plain, context=_context(endpoint.id))
    record(session, actor=actor, action="webhook.add", entity_type="webhook", entity_id=endpoint.id,
           after={"url": url, "countries": endpoint.countries, "urgent_only": urgent_only})
    return endpoint, plain


def set_active(session: Session, endpoint: WebhookEndpoint, active: bool, *, actor: str, reason: str = "") -> None:
    before = {"active": endpoint.active}
    endpoint.active = active
    endpoint.disabled_reason = None if active else (reason or "switched off")
    record(session, actor=actor, action="webhook.enable" if active else "webhook.disable", entity_type="webhook",
           entity_id=endpoint.id, before=before, after={"active": active, "reason": endpoint.disabled_reason})


def endpoint_secret(endpoint: WebhookEndpoint, settings: Settings) -> bytes:
    return FieldCipher.from_settings(settings).open_text(endpoint.secret_sealed,
                                                         context=_context(endpoint.id)).encode("utf-8")


def payload(alert: AlertView, *, delivery: str, settings: Settings) -> dict[str, Any]:
    """The JSON a receiver gets: public fields, the reasons, ready texts in both languages, links."""
    texts = {}
    for lang in ("en", "ko"):
        composed = messages.incident_alert(alert, lang=lang, settings=settings)
        texts[lang] = {"subject": composed.subject, "title": composed.heading, "paragraphs": list(composed.paragraphs)}
    key = alert.incident_key or ""
    link_map = {"incident": links.incident(settings, key)}
    action = alert.content.get("action")
    if action:
        link_map["action"] = links.action(settings, action["slug"])
    return {"type": f"alert.{alert.kind}", "delivery": delivery, "alert_id": alert.id, "urgent": alert.urgent,
            "created_at": alert.created_at.isoformat(), "incident": alert.content.get("incident"),
            "reasons": public_reasons(alert.content.get("reasons", [])), "action": action, "texts": texts,
            "links": link_map}


def _failure_for(response: httpx.Response, where: str) -> DeliveryFailed | None:
    status = response.status_code
    if 200 <= status < 300:
        return None
    retry_after = response.headers.get("retry-after", "")
    wait = float(retry_after) if retry_after.isdigit() else None
    permanent = 400 <= status < 500 and status not in RETRYABLE_4XX
    return DeliveryFailed(f"receiver answered {status}", where=where, permanent=permanent, retry_after=wait)


class WebhookChannel:
    """Signed JSON POSTs to registered endpoints."""

    name = "webhook"

    def __init__(self, settings: Settings, *, transport: httpx.BaseTransport | None = None) -> None:
        self.settings = settings
        self.guard = AddressGuard(parse_networks(settings.allow_networks))
        self._transport = transport

    def recipients(self, session: Session, alert: AlertView) -> Iterable[str]:
        if alert.kind not in INCIDENT_KINDS:
            return []
        found = []
        for endpoint in session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.active.is_(True))):
            wants_country = not endpoint.countries or (alert.country or "").upper() in endpoint.countries
            if wants_country and (alert.urgent or not endpoint.urgent_only):
                found.append(f"webhook:{endpoint.id}")
        return found

    def deliver(self, session: Session, items: Sequence[OutboxItem]) -> Iterator[DeliveryResult]:
        ids = {int(i.recipient.split(":", 1)[1]) for i in items}
        endpoints = {e.id: e for e in session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.id.in_(ids)))}
        with httpx.Client(timeout=self.settings.webhook_timeout, follow_redirects=False, trust_env=False,
                          transport=self._transport) as client:
            for item in items:
                endpoint = endpoints.get(int(item.recipient.split(":", 1)[1]))
                if endpoint is None or not endpoint.active:
                    yield item.delivery_id, DeliveryFailed("skipped: the endpoint was removed or switched off",
                                                           permanent=True)
                    continue
                yield item.delivery_id, self._post(client, endpoint, item)

    def _post(self, client: httpx.Client, endpoint: WebhookEndpoint, item: OutboxItem) -> DeliveryFailed | None:
        body = json.dumps(payload(item.alert, delivery=item.idempotency_key, settings=self.settings),
                          ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
        timestamp = int(time.time())
        url = httpx.URL(endpoint.url)
        host = url.raw_host.decode("ascii")
        try:
            address = self.guard.resolve(host, url.port or (443 if url.scheme == "https" else 80))
        except RefwatchError as e:
            return DeliveryFailed(f"endpoint refused: {e.message}", where=endpoint.url, permanent=True)
        headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": self.settings.user_agent,
                   "Host": url.netloc.decode("ascii"), "X-Refwatch-Event": f"alert.{item.alert.kind}",
                   "X-Refwatch-Delivery": item.idempotency_key, "X-Refwatch-Timestamp": str(timestamp),
                   "X-Refwatch-Signature": sign(endpoint_secret(endpoint, self.settings), timestamp, body)}
        extensions = {"sni_hostname": host} if url.scheme == "https" else {}
        try:
            response = client.post(url.copy_with(host=str(address)), content=body, headers=headers,
                                   extensions=extensions)
        except httpx.HTTPError as e:
            return DeliveryFailed(f"{type(e).__name__}: {e}", where=endpoint.url)
        return _failure_for(response, endpoint.url)


@hookimpl
def refwatch_alert_channels(settings: Settings) -> list[AlertChannel]:
    return [WebhookChannel(settings)]
