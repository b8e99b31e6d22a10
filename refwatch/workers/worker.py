"""Starting a worker from refwatch's settings: checks first, then Celery's own worker.

The checks make a misconfiguration fail at start with one clear line, not in the first task:
a broker must be set and answer, and every configured post-ingest hook must load. Then the
schema is brought up to date, as every refwatch command does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from celery.signals import worker_process_shutdown

from refwatch.settings import Settings
from refwatch.store import engine_for, migrate
from refwatch.workers.app import make_app, queue_names
from refwatch.workers.errors import WorkerError
from refwatch.workers.runtime import Runtime
from refwatch.workers.status import ping_broker


def _upgrade_schema(settings: Settings) -> None:
    """Bring the database to the newest schema, as every refwatch command does, and close it before the fork."""
    engine = engine_for(settings)
    try:
        migrate(engine)
    finally:
        engine.dispose()


def run_worker(runtime: Runtime, *, queues: Sequence[str] = (), concurrency: int | None = None, beat: bool = False,
               loglevel: str = "INFO") -> int:
    """Run a worker until it is stopped (SIGTERM, Ctrl-C); returns its exit code."""
    settings = runtime.settings
    if not settings.broker_url:
        raise WorkerError("no broker is set: give REFWATCH_BROKER_URL, e.g. redis://127.0.0.1:6379/0")
    known = queue_names(settings)
    unknown = sorted(set(queues) - set(known))
    if unknown:
        raise WorkerError(f"unknown queue {', '.join(unknown)}; refwatch's queues are {', '.join(known)}")
    runtime.stages()  # a post-ingest hook that does not load fails here
    app = make_app(runtime)
    ping_broker(app, settings)
    _upgrade_schema(settings)

    def close_runtime(**_: Any) -> None:
        runtime.close()

    worker_process_shutdown.connect(close_runtime, weak=False)
    if beat:  # beat keeps its schedule in DATA_DIR
        settings.data_path.mkdir(parents=True, exist_ok=True)
    worker = app.Worker(queues=list(queues or known),
                        concurrency=concurrency or settings.worker_concurrency, beat=beat, loglevel=loglevel)
    try:
        worker.start()
    finally:
        runtime.close()
    return int(worker.exitcode or 0)
