"""`refwatch workers status`: is the broker there, how long are the queues, who is working."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kombu.exceptions import OperationalError
from kombu.utils.url import maybe_sanitize_url

from refwatch.settings import Settings
from refwatch.workers.app import queue_names
from refwatch.workers.errors import BrokerUnreachable


@dataclass(frozen=True)
class BrokerStatus:
    broker: str  # the URL without its password
    queues: dict[str, int]  # queue name → tasks waiting
    workers: dict[str, int]  # worker name → tasks running now


def _waiting(connection: Any, queue: str) -> int:
    channel = connection.default_channel
    size = getattr(channel, "_size", None)
    if size is not None:  # Redis: a passive declare misses queues under a key prefix (kombu 5.7), this counts them
        return int(size(queue))
    try:
        return int(channel.queue_declare(queue=queue, passive=True).message_count)
    except connection.channel_errors:  # no such queue yet: nothing waits in it
        return 0


def ping_broker(app: Any, settings: Settings) -> dict[str, int]:
    """Connect once and count the tasks waiting in each queue; BrokerUnreachable if it does not answer."""
    try:
        with app.connection_for_read() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0)
            return {queue: _waiting(connection, queue) for queue in queue_names(settings)}
    except OperationalError as e:
        raise BrokerUnreachable(f"the broker does not answer ({e})",
                                where=maybe_sanitize_url(settings.broker_url)) from e


def broker_status(app: Any, settings: Settings, *, timeout: float = 1.0) -> BrokerStatus:
    """Queue lengths, then the workers that answer within `timeout` seconds with their running tasks."""
    queues = ping_broker(app, settings)
    active = app.control.inspect(timeout=timeout).active() or {}
    workers = {name: len(tasks) for name, tasks in sorted(active.items())}
    return BrokerStatus(maybe_sanitize_url(settings.broker_url), queues, workers)
