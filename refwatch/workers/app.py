"""The Celery app of the scale-out, configured from refwatch's settings and nothing else.

Three queues: `<worker_queue>` for post-ingest batches, `<worker_queue>.poll` for source
polls and `<worker_queue>.outbox` for outbox drains, so a worker can be given only some of
them and a long batch never sits in front of a drain. A task is acknowledged after it ran
(`acks_late`), each process takes one at a time, and the broker hands an unacknowledged task
to another worker only after twice the task time limit, never while the first may still be
running it (docs/decisions/0701-celery-for-scale-out.md).
"""

from __future__ import annotations

from typing import Any

from celery import Celery

from refwatch.settings import Settings
from refwatch.workers.runtime import Runtime, key_prefix
from refwatch.workers.tasks import AFTER_INGEST_TASK, DRAIN_OUTBOX_TASK, POLL_SOURCE_TASK, register_tasks

CONNECT_TIMEOUT_S = 4.0
VISIBILITY_FACTOR = 2  # visibility timeout = this × WORKER_TASK_TIMEOUT
SEND_RETRY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}


def queue_names(settings: Settings) -> tuple[str, str, str]:
    """The batch, poll and outbox queues, in that order."""
    base = settings.worker_queue
    return base, f"{base}.poll", f"{base}.outbox"


def visibility_timeout(settings: Settings) -> int:
    return VISIBILITY_FACTOR * settings.worker_task_timeout


def celery_config(settings: Settings) -> dict[str, Any]:
    batches, polls, drains = queue_names(settings)
    return {
        "broker_url": settings.broker_url,
        "broker_transport_options": {"visibility_timeout": visibility_timeout(settings),
                                     "global_keyprefix": key_prefix(settings)},
        "broker_connection_timeout": CONNECT_TIMEOUT_S,
        "broker_connection_retry_on_startup": True,
        "task_default_queue": batches,
        "task_routes": {POLL_SOURCE_TASK: {"queue": polls}, DRAIN_OUTBOX_TASK: {"queue": drains},
                        AFTER_INGEST_TASK: {"queue": batches}},
        "task_acks_late": True,
        "task_time_limit": settings.worker_task_timeout,
        "task_ignore_result": True,
        "task_serializer": "json",
        "accept_content": ["json"],
        "worker_prefetch_multiplier": 1,
        "worker_concurrency": settings.worker_concurrency,
        "worker_cancel_long_running_tasks_on_connection_loss": True,
        "beat_schedule": {"drain-outbox": {  # a drain nobody took in time is dropped, not piled up
            "task": DRAIN_OUTBOX_TASK, "schedule": float(settings.outbox_drain_interval),
            "options": {"expires": float(settings.outbox_drain_interval)}}},
        "beat_schedule_filename": str(settings.data_path / "celerybeat-schedule"),
        "enable_utc": True,
        "timezone": "UTC",
    }


def make_app(runtime: Runtime) -> Celery:
    """A Celery app for `runtime.settings` with refwatch's tasks; sending through it opens nothing else."""
    app = Celery("refwatch", set_as_current=False)
    app.conf.update(celery_config(runtime.settings))
    register_tasks(app, runtime)
    return app
