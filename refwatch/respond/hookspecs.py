"""The respond stage's extension points (pluggy, project name `refwatch`).

Our own e-mail and webhook channels and our alert rules are registered through these same
hooks (`refwatch.respond.plugins`), so the extension API is used every day. A package adds a
channel (Signal, Telegram, SMS…) by exposing a module with `@hookimpl` functions under the
`refwatch` entry-point group.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from refwatch.respond.channel import AlertChannel
    from refwatch.respond.rules import AlertRule
    from refwatch.settings import Settings

PROJECT = "refwatch"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def refwatch_alert_channels(settings: Settings) -> list[AlertChannel]:
    """Return the alert channels this plugin delivers through, configured from `settings`.

    Each channel names its recipients for an alert (the outbox writes one delivery row per
    recipient before anything is sent) and later attempts the deliveries it is handed. A channel
    must treat the item's `idempotency_key` as the message's identity: a retry after a crash
    carries the same key, and the receiver can drop the copy.
    """
    raise NotImplementedError


@hookspec
def refwatch_alert_rules() -> list[AlertRule]:
    """Return rules that read an incident change (public fields before and after) and give reasons to alert.

    A rule never sees private data; each reason it returns has a stable key so that running the
    rules twice over the same change alerts nobody twice.
    """
    raise NotImplementedError
