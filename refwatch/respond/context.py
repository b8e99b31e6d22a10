"""What respond functions share: settings, the installed channels and rules, and a clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from refwatch.respond import outbox
from refwatch.respond.channel import AlertChannel, AlertView
from refwatch.respond.rules import AlertRule
from refwatch.settings import Settings
from refwatch.store.models import Alert, utcnow


@dataclass
class RespondContext:
    """Passed explicitly so tests can install a fake channel or freeze the clock without patching."""

    settings: Settings
    channels: dict[str, AlertChannel] = field(default_factory=dict)
    rules: list[AlertRule] = field(default_factory=list)
    clock: Callable[[], datetime] = utcnow

    @classmethod
    def from_settings(cls, settings: Settings, *, clock: Callable[[], datetime] = utcnow) -> RespondContext:
        """Channels and rules from every registered plugin, ours included."""
        from refwatch.respond.plugins import load_channels, load_rules

        return cls(settings, load_channels(settings), load_rules(), clock)

    def now(self) -> datetime:
        return self.clock()


def fan_out(session: Session, alert: Alert, ctx: RespondContext) -> int:
    """Write the outbox rows for `alert` on every channel, in the caller's transaction."""
    now = ctx.now()
    session.flush()
    view = AlertView.of(alert)
    total = 0
    for channel in ctx.channels.values():
        total += outbox.enqueue(session, alert, channel.name, channel.recipients(session, view), now=now)
    alert.fanned_out_at = now
    return total
