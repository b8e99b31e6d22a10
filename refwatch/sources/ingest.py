"""Ingestion, the public face: turn targets (files, folders, page and feed URLs) into work and
run it through the stages.

    fetch -> decode -> gate -> extract -> language -> store

The pieces live beside this module: `work.Work` (what travels), `context.IngestContext`
(what the stages share), `stages` (the visible list of plain functions), `runner` (running
them with an error handler that records and goes on). Names are re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from refwatch.errors import RefwatchError
from refwatch.sources.context import SKIPPED_BATCH, IngestContext
from refwatch.sources.feeds import looks_like_feed, parse_feed
from refwatch.sources.files import read_path
from refwatch.sources.http import without_userinfo
from refwatch.sources.runner import (
    IngestSummary,
    ItemResult,
    Outcome,
    raise_error,
    record_error,
    run,
    run_item,
)
from refwatch.sources.stages import INPUT_FIELDS, SKIPPED_EXCERPT_CHARS, STAGES, Stage
from refwatch.sources.work import Work
from refwatch.store import transaction
from refwatch.store.archive import record_attempt
from refwatch.types import Fetched, Report


def feed_work(fetched: Fetched, ctx: IngestContext, *, source_id: int | None = None) -> list[Work]:
    """Work for each entry of the feed in `fetched`, after recording the feed's own fetch."""
    feed = parse_feed(fetched.body, url=fetched.final_url, content_type=fetched.header("content-type"))
    with transaction(ctx.factory) as session:
        record_attempt(session, url=fetched.url, outcome="feed", source_id=source_id, fetched=fetched)
    return [Work(origin=entry.url, url=entry.url, source_id=source_id,
                 preset=Report(text="", title=entry.title, published=entry.published))
            for entry in feed.entries]


def _url_items(url: str, ctx: IngestContext) -> Iterator[Work]:
    try:
        fetched = ctx.fetcher.fetch(url)
    except RefwatchError as e:  # recorded under the URL without any password it carried
        yield Work(origin=without_userinfo(url), url=without_userinfo(url), error=e)
        return
    if not looks_like_feed(fetched.body, fetched.header("content-type")):
        yield Work(origin=url, url=url, fetched=fetched)
        return
    try:
        entries = feed_work(fetched, ctx)
    except RefwatchError as e:
        yield Work(origin=url, url=url, fetched=fetched, error=e)
        return
    yield from entries


def targets_to_work(targets: Iterable[str], ctx: IngestContext) -> Iterator[Work]:
    """Work for each target: a URL (a page, or a feed whose entries are fetched), a file or a folder."""
    for target in targets:
        if target.startswith(("http://", "https://")):
            yield from _url_items(target, ctx)
        else:
            yield from read_path(Path(target), max_bytes=ctx.settings.max_body_bytes)


def ingest_targets(targets: Iterable[str], ctx: IngestContext, *,
                   on_item: Callable[[ItemResult], None] | None = None,
                   should_stop: Callable[[], bool] = lambda: False) -> IngestSummary:
    """`refwatch ingest`: every target through the stages, errors recorded, the run going on."""
    return run(targets_to_work(targets, ctx), ctx, on_item=on_item, should_stop=should_stop)


__all__ = ["INPUT_FIELDS", "SKIPPED_BATCH", "SKIPPED_EXCERPT_CHARS", "STAGES", "IngestContext", "IngestSummary",
           "ItemResult", "Outcome", "Stage", "Work", "feed_work", "ingest_targets", "raise_error", "record_error",
           "run", "run_item", "targets_to_work"]
