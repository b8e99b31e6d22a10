"""The tasks: thin wrappers that call `refwatch.workers.stages` with this process's runtime.

Each may run twice (a redelivery after a lost worker, a retry): a batch codes only reports
still `new`, a poll stores nothing it already has, a drain sends only what is due.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from celery import Celery

from refwatch.sources.ingest import IngestContext
from refwatch.workers.errors import StageBusy
from refwatch.workers.runtime import Runtime
from refwatch.workers.stages import drain_outbox, poll_one, run_batch

AFTER_INGEST_TASK = "refwatch.after_ingest"
POLL_SOURCE_TASK = "refwatch.poll_source"
DRAIN_OUTBOX_TASK = "refwatch.drain_outbox"
BUSY_RETRY_S = 2.0  # a held stage is tried again this much later

log = logging.getLogger(__name__)


def register_tasks(app: Celery, runtime: Runtime) -> None:
    """Add the three tasks to `app`; they reach the database and locks through `runtime`.

    `shared=False`: Celery would otherwise add these closures to every app made later, and
    a second app (a test's, a second settings) would run tasks with the first one's runtime.
    """

    @app.task(name=AFTER_INGEST_TASK, bind=True, max_retries=None, shared=False)  # type: ignore[untyped-decorator]
    def after_ingest(task: Any, report_ids: list[int]) -> int:
        from refwatch.pipeline import PER_REPORT  # late: the stages import most of the package

        try:
            problems = run_batch(runtime.factory(), report_ids, hooks=runtime.stages(), per_report=PER_REPORT,
                                 hold=runtime.locks().hold)
        except StageBusy as e:
            raise task.retry(exc=e, countdown=BUSY_RETRY_S) from e
        for problem in problems:
            log.error("post-ingest stage failed: %s", problem)
        return len(problems)

    @app.task(name=POLL_SOURCE_TASK, shared=False)  # type: ignore[untyped-decorator]
    def poll_source(source_id: int) -> str:
        from refwatch.workers.dispatch import QueueDispatcher

        with IngestContext(runtime.settings, runtime.factory(), timebox=runtime.timebox()) as ctx:
            outcome = poll_one(ctx, source_id, hooks=[QueueDispatcher(runtime.settings, app=app)],
                               now=datetime.now(UTC))
        for problem in outcome.hook_problems:
            log.error("could not hand on the new reports: %s", problem)
        if outcome.poll is None:
            return f"source {source_id} no longer exists"
        return f"{outcome.poll.url}: {outcome.poll.outcome}; {outcome.ingest.line()}"

    @app.task(name=DRAIN_OUTBOX_TASK, shared=False)  # type: ignore[untyped-decorator]
    def drain() -> str:
        tally = drain_outbox(runtime.factory(), runtime.respond())
        return f"sent {tally.sent}, retry later {tally.retried}, given up {tally.dead}"
