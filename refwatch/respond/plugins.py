"""The plugin manager: our built-in channels and rules, then any installed `refwatch` plugins."""

from __future__ import annotations

from functools import lru_cache

import pluggy

from refwatch.respond import email_channel, hookspecs, rules, webhooks
from refwatch.respond.channel import AlertChannel
from refwatch.respond.rules import AlertRule
from refwatch.settings import Settings

BUILTIN_PLUGINS = (email_channel, webhooks, rules)


@lru_cache(maxsize=1)
def plugin_manager() -> pluggy.PluginManager:
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    for module in BUILTIN_PLUGINS:
        manager.register(module, name=f"refwatch.respond.{module.__name__.rsplit('.', 1)[-1]}")
    manager.load_setuptools_entrypoints(hookspecs.PROJECT)
    return manager


def load_channels(settings: Settings) -> dict[str, AlertChannel]:
    """Every channel by name; a plugin that reuses a name replaces the built-in one."""
    channels: dict[str, AlertChannel] = {}
    for batch in reversed(plugin_manager().hook.refwatch_alert_channels(settings=settings)):
        for channel in batch:
            channels[channel.name] = channel
    return channels


def load_rules() -> list[AlertRule]:
    found: list[AlertRule] = []
    for batch in reversed(plugin_manager().hook.refwatch_alert_rules()):
        found.extend(batch)
    return found
