"""What the tasks do, as plain functions: the stage functions the embedded runner calls, and
nothing more than the bookkeeping a queue needs around them.

A batch runs `refwatch.pipeline`'s post-ingest stages in order through the embedded runner's
own `run_hooks`. Two things differ, both because a queue may deliver a task twice: per-report
stages get only the ids still `new` (so a redelivered batch codes nothing twice), and the
other stages run under their lock (`refwatch.workers.locks`). Those catch-up stages already
do nothing when nothing waits, which is what makes running them again harmless.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from refwatch.respond.context import RespondContext
from refwatch.respond.outbox import OutboxSender, Tally
from refwatch.sources.catalog import list_sources
from refwatch.sources.ingest import IngestContext, IngestSummary, run
from refwatch.sources.watch import PostIngestHook, SourcePoll, poll_source, run_hooks
from refwatch.store.models import Report as ReportRow

Hold = Callable[[str], AbstractContextManager[None]]


def still_new(factory: sessionmaker[Session], report_ids: Sequence[int]) -> list[int]:
    """The ids among `report_ids` whose report is still `new` (not coded yet), in the given order."""
    if not report_ids:
        return []
    with factory() as session:
        waiting = set(session.scalars(select(ReportRow.id).where(ReportRow.id.in_(report_ids),
                                                                 ReportRow.state == "new")))
    return [report_id for report_id in report_ids if report_id in waiting]


def stage_name(hook: PostIngestHook) -> str:
    """A stable name for a stage across processes: its module and qualified name."""
    return f"{getattr(hook, '__module__', '?')}.{getattr(hook, '__qualname__', type(hook).__qualname__)}"


def run_batch(factory: sessionmaker[Session], report_ids: Sequence[int], *, hooks: Sequence[PostIngestHook],
              per_report: Sequence[PostIngestHook], hold: Hold) -> list[str]:
    """The post-ingest stages for one batch, in order; returns the problems `run_hooks` reported.

    Raises StageBusy when a catch-up stage is held by another worker; the stages before it
    have run, and running the batch again later repeats none of their work.
    """
    fresh = still_new(factory, report_ids)
    problems: list[str] = []
    for hook in hooks:
        if hook in per_report:
            problems += run_hooks(factory, fresh, [hook])
            continue
        with hold(stage_name(hook)):
            problems += run_hooks(factory, list(report_ids), [hook])
    return problems


@dataclass
class PollOutcome:
    poll: SourcePoll | None  # None: the source was removed after the task was queued
    ingest: IngestSummary = field(default_factory=IngestSummary)
    hook_problems: list[str] = field(default_factory=list)


def poll_one(ctx: IngestContext, source_id: int, *, hooks: Sequence[PostIngestHook], now: datetime) -> PollOutcome:
    """Poll one source as the watch loop does, ingest what is new and hand the ids to `hooks`.

    Asking again is harmless: conditional GET and the known-URL check keep a repeated poll
    from storing anything twice.
    """
    source = next((info for info in list_sources(ctx.factory) if info.id == source_id), None)
    if source is None:
        return PollOutcome(None)
    poll, works = poll_source(source, ctx, now=now)
    summary = run(works, ctx)
    return PollOutcome(poll, summary, run_hooks(ctx.factory, summary.new_report_ids, hooks))


def drain_outbox(factory: sessionmaker[Session], ctx: RespondContext) -> Tally:
    """Send every delivery that is due, as `refwatch alerts send-pending` does."""
    return OutboxSender(factory, ctx.channels, ctx.settings, clock=ctx.clock).drain()
