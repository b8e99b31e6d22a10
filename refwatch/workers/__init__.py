"""The scale-out: Celery workers that run the pipeline's stages for the watcher.

With `broker_url` empty (the default) nothing here is used: the watching process runs every
stage itself. With a broker, `refwatch watch` queues each batch of new report ids
(`dispatch.QueueDispatcher`) and `refwatch workers run` processes them with the same stage
functions (`stages`, `tasks`). Public surface below; docs/workers.md tells how to deploy it.
"""

from refwatch.workers.app import celery_config, make_app, queue_names
from refwatch.workers.dispatch import QueueDispatcher
from refwatch.workers.errors import BrokerUnreachable, StageBusy, WorkerError
from refwatch.workers.runtime import Runtime
from refwatch.workers.status import BrokerStatus, broker_status
from refwatch.workers.tasks import AFTER_INGEST_TASK, DRAIN_OUTBOX_TASK, POLL_SOURCE_TASK
from refwatch.workers.worker import run_worker

__all__ = ["AFTER_INGEST_TASK", "DRAIN_OUTBOX_TASK", "POLL_SOURCE_TASK", "BrokerStatus", "BrokerUnreachable",
           "QueueDispatcher", "Runtime", "StageBusy", "WorkerError", "broker_status", "celery_config", "make_app",
           "queue_names", "run_worker"]
