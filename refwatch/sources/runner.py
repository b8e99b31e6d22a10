"""Running the stages: one item at a time, errors recorded and the run going on.

`run` passes each item through `stages.STAGES`. While the extraction worker reads an article
(the 1 % of pages that pass the gate), the runner goes on gating the next items and picks the
article up when it is ready, one article in flight at a time: on a two-core machine the slow
extraction and the fast gating overlap. Results therefore come out in the order items finish.
A stage that raises hands the item to the error handler; `record_error` writes the error on
a fetch attempt with any bytes received, `raise_error` (for tests) re-raises.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from refwatch.errors import RefwatchError
from refwatch.sources.context import IngestContext
from refwatch.sources.stages import FINISH_EXTRACT, STAGES, START_EXTRACT, Stage, needs_worker
from refwatch.sources.work import Work
from refwatch.store import transaction
from refwatch.store.archive import record_attempt

Outcome = Literal["new", "new_version", "duplicate", "skipped", "error"]
_BEFORE_EXTRACT = STAGES[:3]  # fetch, decode, gate
_FROM_EXTRACT = STAGES[3:]  # extract, language, store
_AFTER_EXTRACT = STAGES[4:]  # language, store


@dataclass(frozen=True, slots=True)
class ItemResult:
    origin: str
    outcome: Outcome
    report_id: int | None = None
    stage: str | None = None
    error: str | None = None
    error_code: str | None = None
    reason: str | None = None


@dataclass
class IngestSummary:
    counts: Counter[str] = field(default_factory=Counter)
    new_report_ids: list[int] = field(default_factory=list)
    errors: list[ItemResult] = field(default_factory=list)

    def add(self, result: ItemResult) -> None:
        self.counts[result.outcome] += 1
        if result.outcome in ("new", "new_version") and result.report_id is not None:
            self.new_report_ids.append(result.report_id)
        if result.outcome == "error":
            self.errors.append(result)

    def recount_skipped_as_duplicates(self, count: int) -> None:
        """Skipped reports are checked for duplicates when their batch is written, after the fact."""
        moved = min(count, self.counts["skipped"])
        self.counts["skipped"] -= moved
        self.counts["duplicate"] += moved

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def line(self) -> str:
        parts = [f"{self.counts[k]} {label}" for k, label in (
            ("new", "new"), ("new_version", "new versions"), ("duplicate", "already kept"),
            ("skipped", "skipped by the gate"), ("error", "errors"))]
        return f"{self.total} items: " + ", ".join(parts)


ErrorHandler = Callable[[Work, str, Exception, IngestContext], ItemResult]


def record_error(work: Work, stage: str, error: Exception, ctx: IngestContext) -> ItemResult:
    """Production handler: keep the error (and any bytes) as a fetch attempt, then go on."""
    code = getattr(error, "code", "RW000")
    message = str(error) if isinstance(error, RefwatchError) else f"{work.origin}: {type(error).__name__}: {error}"
    try:
        with transaction(ctx.factory) as session:
            record_attempt(session, url=work.origin, outcome="error", source_id=work.source_id,
                           fetched=work.fetched, error_code=code, error_message=f"[{stage}] {message}")
    except Exception as e:  # the database itself failing must not hide the first error
        message = f"{message} (and it could not be recorded: {type(e).__name__})"
    return ItemResult(work.origin, "error", stage=stage, error=message, error_code=code)


def raise_error(work: Work, stage: str, error: Exception, ctx: IngestContext) -> ItemResult:
    """Test handler: fail loudly at the stage that broke."""
    raise error


def _through(work: Work, ctx: IngestContext, stages: Iterable[Stage], on_error: ErrorHandler) -> Work | ItemResult:
    """`work` after `stages`, or the error handler's result for the stage that raised."""
    if work.error is not None:
        return on_error(work, "read", work.error, ctx)
    for stage in stages:
        try:
            result = stage.run(work, ctx)
        except Exception as e:
            return on_error(work, stage.name, e, ctx)
        if not isinstance(result, Work):
            raise TypeError(f"stage {stage.name!r} returned {type(result).__name__}, not Work")
        work = result
    return work


def _result(done: Work | ItemResult, ctx: IngestContext, on_error: ErrorHandler) -> ItemResult:
    if isinstance(done, ItemResult):
        return done
    saved, reason = done.saved, done.gate.reason if done.gate else None
    if saved is None and done.queued:  # held for the batch write
        return ItemResult(done.origin, "skipped", reason=reason)
    if saved is None:
        return on_error(done, "store", RefwatchError("the stages ended without storing", where=done.origin), ctx)
    outcome: Outcome = "skipped" if done.skipped and saved.outcome != "duplicate" else saved.outcome
    return ItemResult(done.origin, outcome, report_id=saved.report_id, reason=reason)


def run_item(work: Work, ctx: IngestContext, *, stages: Iterable[Stage] = STAGES,
             on_error: ErrorHandler = record_error) -> ItemResult:
    """Pass one item through every stage, waiting for the worker when it reads the article."""
    return _result(_through(work, ctx, stages, on_error), ctx, on_error)


def run(items: Iterable[Work], ctx: IngestContext, *, on_item: Callable[[ItemResult], None] | None = None,
        should_stop: Callable[[], bool] = lambda: False, on_error: ErrorHandler = record_error) -> IngestSummary:
    """Ingest `items`, overlapping article extraction with the gating of the next items.

    `should_stop()` is asked between items; the article in flight is finished before returning.
    """
    summary = IngestSummary()
    duplicates_before = ctx.late_duplicates
    in_flight: Work | None = None

    def emit(done: Work | ItemResult) -> None:
        result = _result(done, ctx, on_error)
        summary.add(result)
        if on_item is not None:
            on_item(result)

    def land() -> None:
        nonlocal in_flight
        if in_flight is not None:
            parked, in_flight = in_flight, None
            emit(_through(parked, ctx, (FINISH_EXTRACT, *_AFTER_EXTRACT), on_error))

    try:
        for work in items:
            if should_stop():
                break
            if in_flight is not None and ctx.timebox.ready():
                land()
            gated = _through(work, ctx, _BEFORE_EXTRACT, on_error)
            if isinstance(gated, ItemResult) or not needs_worker(gated):
                emit(gated if isinstance(gated, ItemResult) else _through(gated, ctx, _FROM_EXTRACT, on_error))
                continue
            land()  # one article in flight at a time
            started = _through(gated, ctx, (START_EXTRACT,), on_error)
            if isinstance(started, ItemResult):
                emit(started)
            else:
                in_flight = started
    finally:
        land()
        ctx.flush_skipped()
    summary.recount_skipped_as_duplicates(ctx.late_duplicates - duplicates_before)
    return summary
