"""What an alert channel is given and gives back; the plain data between the outbox and channels."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.orm import Session

from refwatch.errors import DeliveryFailed
from refwatch.store.models import Alert

INCIDENT_KINDS = frozenset({"incident"})


@dataclass(frozen=True, slots=True)
class AlertView:
    """A detached copy of an alert row, safe to hand to plugin code."""

    id: int
    dedupe_key: str
    kind: str
    incident_key: str | None
    country: str | None
    urgent: bool
    created_at: datetime
    content: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, row: Alert) -> AlertView:
        return cls(row.id, row.dedupe_key, row.kind, row.incident_key, row.country, row.urgent,
                   row.created_at, dict(row.content or {}))


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """One claimed delivery: send `alert` to `recipient`; `idempotency_key` is the same on every retry."""

    delivery_id: int
    idempotency_key: str
    recipient: str
    attempt: int
    alert: AlertView


DeliveryResult = tuple[int, DeliveryFailed | None]


class AlertChannel(Protocol):
    """A way to reach people: e-mail, webhooks, or whatever a plugin adds."""

    name: str

    def recipients(self, session: Session, alert: AlertView) -> Iterable[str]:
        """Recipient references (`subscriber:12`) this alert goes to over this channel."""
        ...

    def deliver(self, session: Session, items: Sequence[OutboxItem]) -> Iterator[DeliveryResult]:
        """Attempt each item; yield `(delivery_id, None)` when delivered, else the failure."""
        ...
