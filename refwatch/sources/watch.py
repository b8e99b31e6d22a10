"""`refwatch watch`: poll the sources that are due, ingest what is new, hand it on, repeat.

A cycle polls every due source (feeds with conditional GET; pages too, so a changed page
becomes a new version), skips entries already kept or already failed for good, ingests the
rest through the stages, then calls the post-ingest hooks with the new report ids: that is
where extraction and linking plug in without touching this loop. A stop request is honoured
between items, so Ctrl-C never leaves half an item behind. The loop outlives its failures: a
source whose poll breaks (a bug, the database) is marked failed and the others are polled; a
cycle that breaks as a whole is reported and the next one runs at its time.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.orm import Session, sessionmaker

from refwatch.errors import (
    BlockedAddress,
    BodyTooLarge,
    NoArticle,
    RefwatchError,
    RobotsDisallowed,
    TooManyRedirects,
    UnreadableText,
    UnsupportedUrl,
)
from refwatch.settings import Settings
from refwatch.sources.catalog import SourceInfo, due_sources, mark_polled, next_due_at
from refwatch.sources.ingest import IngestContext, IngestSummary, ItemResult, feed_work, record_error, run
from refwatch.sources.work import Work
from refwatch.store.archive import handled_urls
from refwatch.store.reports import known_urls

PostIngestHook = Callable[[sessionmaker[Session], Sequence[int]], None]
POST_INGEST_HOOKS: list[PostIngestHook] = []
log = logging.getLogger("refwatch.sources.watch")

# Errors that will not go away by asking again: such URLs are not fetched a second time
# (nor are URLs already read, even when their text turned out to be a duplicate). An unreadable
# robots.txt (RobotsUnavailable, RW209) is not among them: its URLs are asked for again.
PERMANENT_ERROR_CODES: tuple[str, ...] = tuple(error.code for error in (
    NoArticle, BodyTooLarge, BlockedAddress, RobotsDisallowed, TooManyRedirects, UnreadableText, UnsupportedUrl))


def register_post_ingest(hook: PostIngestHook) -> PostIngestHook:
    """Add a processor that runs after each ingest with the new report ids (usable as a decorator)."""
    if hook not in POST_INGEST_HOOKS:
        POST_INGEST_HOOKS.append(hook)
    return hook


def configured_hooks(settings: Settings) -> list[PostIngestHook]:
    """The pipeline's own stages (`refwatch.pipeline`), the registered hooks, then those named
    `module:function` in the `post_ingest_hooks` setting. With `broker_url` set, only the
    dispatcher that queues them for the workers (`refwatch.workers`)."""
    from refwatch.pipeline import AFTER_INGEST  # late: the stages import most of the package

    if settings.broker_url:  # scale-out: one task per batch; the workers run the hooks below (docs/workers.md)
        from refwatch.workers.dispatch import QueueDispatcher

        return [QueueDispatcher(settings)]
    hooks = [*AFTER_INGEST, *(hook for hook in POST_INGEST_HOOKS if hook not in AFTER_INGEST)]
    for target in settings.post_ingest_hooks:
        module_name, _, attribute = target.partition(":")
        try:
            hook = getattr(importlib.import_module(module_name), attribute)
        except (ImportError, AttributeError) as e:
            raise RefwatchError(f"cannot load post-ingest hook: {e}", where=target) from e
        if hook not in hooks:
            hooks.append(hook)
    return hooks


def run_hooks(factory: sessionmaker[Session], report_ids: Sequence[int],
              hooks: Sequence[PostIngestHook]) -> list[str]:
    """Call every hook; one that fails is reported and does not stop the others."""
    problems: list[str] = []
    if not report_ids:
        return problems
    for hook in hooks:
        try:
            hook(factory, list(report_ids))
        except Exception as e:  # a broken processor must not stop monitoring
            problems.append(f"{getattr(hook, '__qualname__', hook)}: {type(e).__name__}: {e}")
    return problems


@dataclass(frozen=True, slots=True)
class SourcePoll:
    source_id: int
    url: str
    outcome: str  # "ok", "not_modified" or "error"
    entries: int = 0
    fresh: int = 0
    error: str | None = None


@dataclass
class CycleSummary:
    polls: list[SourcePoll] = field(default_factory=list)
    ingest: IngestSummary = field(default_factory=IngestSummary)
    hook_problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        unchanged = sum(p.outcome == "not_modified" for p in self.polls)
        failed = sum(p.outcome == "error" for p in self.polls)
        return (f"{len(self.polls)} sources polled ({unchanged} unchanged, {failed} failed); "
                f"{self.ingest.line()}")


def _fresh(works: list[Work], ctx: IngestContext) -> list[Work]:
    urls = [w.url for w in works if w.url]
    with ctx.factory() as session:
        seen = known_urls(session, urls) | handled_urls(session, urls, error_codes=PERMANENT_ERROR_CODES)
    return [w for w in works if w.url not in seen]


def poll_source(source: SourceInfo, ctx: IngestContext, *, now: datetime) -> tuple[SourcePoll, list[Work]]:
    """Fetch one source; return how it went and the work it yields (not yet ingested)."""
    try:
        fetched = ctx.fetcher.fetch(source.url, etag=source.etag, last_modified=source.last_modified)
    except RefwatchError as e:
        record_error(Work(origin=source.url, url=source.url, source_id=source.id), "poll", e, ctx)
        mark_polled(ctx.factory, source.id, now=now, outcome="error", error=str(e))
        return SourcePoll(source.id, source.url, "error", error=str(e)), []
    validators = {"etag": fetched.header("etag"), "last_modified": fetched.header("last-modified")}
    if fetched.status == 304:
        mark_polled(ctx.factory, source.id, now=now, outcome="not_modified")
        return SourcePoll(source.id, source.url, "not_modified"), []
    if source.kind == "page":
        mark_polled(ctx.factory, source.id, now=now, outcome="ok", **validators)
        work = Work(origin=source.url, url=source.url, fetched=fetched, source_id=source.id)
        return SourcePoll(source.id, source.url, "ok", entries=1, fresh=1), [work]
    try:
        works = feed_work(fetched, ctx, source_id=source.id)
    except RefwatchError as e:
        record_error(Work(origin=source.url, url=source.url, fetched=fetched, source_id=source.id), "feed", e, ctx)
        mark_polled(ctx.factory, source.id, now=now, outcome="error", error=str(e))
        return SourcePoll(source.id, source.url, "error", error=str(e)), []
    fresh = _fresh(works, ctx)
    mark_polled(ctx.factory, source.id, now=now, outcome="ok", **validators)
    return SourcePoll(source.id, source.url, "ok", entries=len(works), fresh=len(fresh)), fresh


def _poll_broke(source: SourceInfo, ctx: IngestContext, *, now: datetime, error: Exception) -> SourcePoll:
    """A poll that raised something unexpected: say so on the source (if the database lets us) and go on."""
    message = f"{source.url}: {type(error).__name__}: {error}"
    log.error("polling source %s failed", source.id, exc_info=error)
    try:
        mark_polled(ctx.factory, source.id, now=now, outcome="error", error=message)
    except Exception as e:  # the database itself: the source stays due and is tried next cycle
        message = f"{message} (and it could not be recorded: {type(e).__name__})"
    return SourcePoll(source.id, source.url, "error", error=message)


def run_cycle(ctx: IngestContext, *, now: datetime | None = None, hooks: Sequence[PostIngestHook] = (),
              on_item: Callable[[ItemResult], None] | None = None,
              on_poll: Callable[[SourcePoll], None] | None = None,
              should_stop: Callable[[], bool] = lambda: False) -> CycleSummary:
    """Poll every due source once and ingest what is new; hooks see the new report ids."""
    now = now or datetime.now(UTC)
    summary = CycleSummary()
    for source in due_sources(ctx.factory, now):
        if should_stop():
            break
        try:
            poll, works = poll_source(source, ctx, now=now)
        except Exception as e:  # one broken source must not starve the sources after it
            poll, works = _poll_broke(source, ctx, now=now, error=e), []
        summary.polls.append(poll)
        if on_poll is not None:
            on_poll(poll)
        part = run(works, ctx, on_item=on_item, should_stop=should_stop)
        for key, count in part.counts.items():
            summary.ingest.counts[key] += count
        summary.ingest.new_report_ids.extend(part.new_report_ids)
        summary.ingest.errors.extend(part.errors)
    summary.hook_problems = run_hooks(ctx.factory, summary.ingest.new_report_ids, hooks)
    return summary


def seconds_until_due(ctx: IngestContext, *, now: datetime, default: float) -> float:
    """How long to wait before the next source is due: at least a second, at most `default`."""
    moment = next_due_at(ctx.factory)
    if moment is None:
        return default
    return max(1.0, min(default, (moment - now).total_seconds()))


def watch(ctx: IngestContext, *, stop: threading.Event, hooks: Sequence[PostIngestHook] = (),
          on_cycle: Callable[[CycleSummary], None] | None = None,
          on_item: Callable[[ItemResult], None] | None = None,
          on_poll: Callable[[SourcePoll], None] | None = None,
          on_error: Callable[[Exception], None] | None = None,
          max_cycles: int | None = None) -> int:
    """Run cycles until `stop` is set (or `max_cycles` ran); returns the number of cycles.

    A cycle that raises (the database went away, a bug) goes to `on_error` and the log; the
    loop waits as usual and tries again, because a watcher that quietly stopped is worse.
    """
    cycles = 0
    while not stop.is_set():
        try:
            summary = run_cycle(ctx, hooks=hooks, on_item=on_item, on_poll=on_poll, should_stop=stop.is_set)
        except Exception as e:
            log.exception("watch cycle failed; the next one runs at its time")
            if on_error is not None:
                on_error(e)
        else:
            if on_cycle is not None:
                on_cycle(summary)
        cycles += 1
        if max_cycles is not None and cycles >= max_cycles:
            break
        stop.wait(_pause(ctx))
    return cycles


def _pause(ctx: IngestContext) -> float:
    default = float(ctx.settings.poll_interval)
    try:
        return seconds_until_due(ctx, now=datetime.now(UTC), default=default)
    except Exception:  # the database is not answering: try again after the usual interval
        log.exception("cannot read when the next source is due")
        return default


__all__ = ["POST_INGEST_HOOKS", "CycleSummary", "PostIngestHook", "SourcePoll", "configured_hooks",
           "poll_source", "register_post_ingest", "run_cycle", "run_hooks", "watch"]
