"""The ingestion runner: named stages, in one visible list, over one `Work` at a time.

    fetch -> decode -> gate -> extract -> language -> store

Each stage is a plain function `(work, ctx) -> work`. Pages the gate rejects flow through
`extract` and `language` untouched and are stored as `skipped` with the gate's reason, so
they count as seen. A stage that raises hands the item to the error handler, which records
the error with the fetch attempt (and the raw bytes, for diagnosis) and lets the run go on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from sqlalchemy.orm import Session, sessionmaker

from refwatch.errors import RefwatchError
from refwatch.settings import Settings
from refwatch.sources.feeds import looks_like_feed, parse_feed
from refwatch.sources.files import read_path, text_title
from refwatch.sources.http import Fetcher
from refwatch.sources.pages import EXTRACT_TARGET, PageMeta, decode_html, read_article
from refwatch.sources.timebox import TimeBox
from refwatch.sources.work import Work
from refwatch.store import transaction
from refwatch.store.archive import attempt_values, record_attempt
from refwatch.store.reports import save_report, save_skipped_batch
from refwatch.text.clean import PageText, fast_text, normalize_text
from refwatch.text.gate import GateDecision, check_relevance
from refwatch.text.language import detect_language
from refwatch.types import Fetched, Report

Outcome = Literal["new", "new_version", "duplicate", "skipped", "error"]
SKIPPED_BATCH = 256  # gate-skipped reports written per transaction
SKIPPED_LANGUAGE_SAMPLE = 1_000  # characters: enough to label a skipped page, cheap enough for all of them


class IngestContext:
    """What stages share: settings, the database, and (made on first use) a fetcher and a time box."""

    def __init__(self, settings: Settings, factory: sessionmaker[Session], *,
                 fetcher: Fetcher | None = None, timebox: TimeBox | None = None) -> None:
        self.settings = settings
        self.factory = factory
        self._fetcher = fetcher
        self._timebox = timebox
        self._owned: list[Fetcher | TimeBox] = []  # only what this context made is closed with it
        self._skipped: list[tuple[Work, Report, dict[str, Any]]] = []
        self.late_duplicates = 0  # queued skipped reports whose text turned out to be kept already

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(self.settings)
            self._owned.append(self._fetcher)
        return self._fetcher

    @property
    def timebox(self) -> TimeBox:
        if self._timebox is None:
            self._timebox = TimeBox(EXTRACT_TARGET, timeout=self.settings.extract_timeout)
            self._owned.append(self._timebox)
        return self._timebox

    def queue_skipped(self, work: Work, report: Report) -> None:
        """Hold a gate-skipped report for the next batch write (duplicates are found at the write)."""
        attempt = attempt_values(url=work.origin, outcome="skipped", source_id=work.source_id, fetched=work.fetched)
        self._skipped.append((work, report, attempt))
        if len(self._skipped) >= SKIPPED_BATCH:
            self.flush_skipped()

    def flush_skipped(self) -> None:
        """Write the held skipped reports in one transaction (one by one if the batch fails)."""
        batch, self._skipped = self._skipped, []
        if not batch:
            return
        try:
            with transaction(self.factory) as session:
                written = save_skipped_batch(session, [(report, attempt, _reason(work))
                                                       for work, report, attempt in batch])
            self.late_duplicates += len(batch) - written
        except Exception:  # retried item by item, so one bad row costs only itself
            for work, _report, _attempt in batch:
                result = run_item(work, self, stages=(Stage("store", store_one, STAGES[-1].reads, STAGES[-1].writes),))
                self.late_duplicates += result.outcome == "duplicate"

    def close(self) -> None:
        self.flush_skipped()
        while self._owned:
            self._owned.pop().close()

    def __enter__(self) -> IngestContext:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


# --- the stages -------------------------------------------------------------------------

def fetch(work: Work, ctx: IngestContext) -> Work:
    if work.fetched is not None or work.url is None:
        return work
    return replace(work, fetched=ctx.fetcher.fetch(work.url))


def decode(work: Work, ctx: IngestContext) -> Work:
    if work.kind == "report" or work.fetched is None:
        return work
    content_type = work.fetched.header("content-type")
    kind = work.kind
    if kind == "auto":
        kind = "text" if content_type and content_type.lower().startswith("text/plain") else "html"
    return replace(work, kind=kind, markup=decode_html(work.fetched.body, content_type=content_type,
                                                       where=work.origin))


def _page_text(work: Work) -> PageText:
    if work.kind == "html":
        return fast_text(work.markup or "")
    if work.kind == "text":
        text = normalize_text(work.markup or "")
        return PageText(title=text_title(text), text=text)
    preset = work.preset or Report(text="")
    return PageText(title=preset.title, text=preset.text)


def gate(work: Work, ctx: IngestContext) -> Work:
    page = _page_text(work)
    return replace(work, page=page, gate=check_relevance(page.for_gate))


def _merge(found: Report, preset: Report | None, *, preset_wins: bool) -> Report:
    if preset is None:
        return found
    changes = {}
    for name in ("url", "canonical_url", "title", "outlet", "published", "language", "external_id"):
        mine, theirs = getattr(found, name), getattr(preset, name)
        if theirs is not None and (preset_wins or mine is None):
            changes[name] = theirs
    return replace(found, **changes)


def extract(work: Work, ctx: IngestContext) -> Work:
    fetched, page = work.fetched, work.page or PageText(None, "")
    if work.skipped or work.kind == "text":
        report = Report(text=page.text, title=page.title, url=work.url)
    elif work.kind == "report":
        report = work.preset or Report(text="")
    else:
        meta = PageMeta(url=fetched.final_url if fetched and fetched.final_url.startswith("http") else work.url,
                        fetched_at=fetched.fetched_at if fetched else None)
        # `url` stays the address the feed or the user gave (that is how a page is known as seen);
        # a redirect's target or the page's own canonical link becomes `canonical_url`.
        report = replace(read_article(work.markup or "", meta, timebox=ctx.timebox), url=work.url or meta.url)
    if work.skipped and work.preset is not None:
        report = replace(report, title=report.title or work.preset.title)
    fetched_at = fetched.fetched_at if fetched else report.fetched_at
    report = replace(_merge(report, work.preset, preset_wins=work.preset_wins), fetched_at=fetched_at)
    return replace(work, report=report)


def language(work: Work, ctx: IngestContext) -> Work:
    report = work.report
    if report is None or report.language:
        return work
    sample = report.text[:SKIPPED_LANGUAGE_SAMPLE] if work.skipped else report.text
    return replace(work, report=replace(report, language=detect_language(sample)))


def _reason(work: Work) -> str:
    return work.gate.reason if work.gate is not None else "gate"


def store(work: Work, ctx: IngestContext) -> Work:
    """Keep the report with its fetch attempt; skipped pages are written in batches."""
    report = work.report
    if report is None or work.gate is None or not report.text.strip():
        raise RefwatchError("nothing to store: no text was found", where=work.origin)
    if work.skipped and not ctx.settings.archive_skipped:
        ctx.queue_skipped(work, report)
        return replace(work, queued=True)
    return store_one(work, ctx)


def store_one(work: Work, ctx: IngestContext) -> Work:
    report, decision = work.report, work.gate
    if report is None or decision is None:
        raise RefwatchError("nothing to store: no text was found", where=work.origin)
    keep_body = decision.passed or ctx.settings.archive_skipped
    with transaction(ctx.factory) as session:
        attempt = record_attempt(session, url=work.origin, outcome="skipped" if work.skipped else "ok",
                                 source_id=work.source_id, fetched=work.fetched, keep_body=keep_body)
        saved = save_report(session, replace(report, raw_sha256=attempt.raw_sha256),
                            source_id=work.source_id, fetch_attempt_id=attempt.id,
                            state="skipped" if work.skipped else "new",
                            state_reason=decision.reason if work.skipped else None)
    return replace(work, saved=saved)


@dataclass(frozen=True, slots=True)
class Stage:
    """A named step; `reads`/`writes` name the `Work` fields it needs and fills."""

    name: str
    run: Callable[[Work, IngestContext], Work]
    reads: tuple[str, ...]
    writes: tuple[str, ...]


STAGES: tuple[Stage, ...] = (
    Stage("fetch", fetch, reads=("url",), writes=("fetched",)),
    Stage("decode", decode, reads=("fetched", "kind"), writes=("markup", "kind")),
    Stage("gate", gate, reads=("markup", "kind", "preset"), writes=("page", "gate")),
    Stage("extract", extract, reads=("markup", "page", "gate", "preset"), writes=("report",)),
    Stage("language", language, reads=("report",), writes=("report",)),
    Stage("store", store, reads=("report", "gate", "fetched", "source_id"), writes=("saved", "queued")),
)
INPUT_FIELDS = ("origin", "url", "kind", "source_id", "preset", "preset_wins", "error", "fetched")


# --- running ----------------------------------------------------------------------------

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


def run_item(work: Work, ctx: IngestContext, *, stages: Iterable[Stage] = STAGES,
             on_error: ErrorHandler = record_error) -> ItemResult:
    """Pass one item through every stage; a stage's error goes to `on_error`."""
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
    saved = work.saved
    reason = work.gate.reason if work.gate else None
    if saved is None and work.skipped:  # held for the batch write, or its text is already kept
        return ItemResult(work.origin, "skipped" if work.queued else "duplicate", reason=reason)
    if saved is None:
        return on_error(work, "store", RefwatchError("the stages ended without storing", where=work.origin), ctx)
    outcome: Outcome = "skipped" if work.skipped and saved.outcome != "duplicate" else saved.outcome
    return ItemResult(work.origin, outcome, report_id=saved.report_id, reason=reason)


def run(items: Iterable[Work], ctx: IngestContext, *, on_item: Callable[[ItemResult], None] | None = None,
        should_stop: Callable[[], bool] = lambda: False, on_error: ErrorHandler = record_error) -> IngestSummary:
    """Ingest `items` one by one; stop between items when `should_stop()` turns true."""
    summary = IngestSummary()
    duplicates_before = ctx.late_duplicates
    try:
        for work in items:
            if should_stop():
                break
            result = run_item(work, ctx, on_error=on_error)
            summary.add(result)
            if on_item is not None:
                on_item(result)
    finally:
        ctx.flush_skipped()
    summary.recount_skipped_as_duplicates(ctx.late_duplicates - duplicates_before)
    return summary


def _is_url(target: str) -> bool:
    return target.startswith(("http://", "https://"))


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
    except RefwatchError as e:
        yield Work(origin=url, url=url, error=e)
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
        if _is_url(target):
            yield from _url_items(target, ctx)
        else:
            yield from read_path(Path(target))


def ingest_targets(targets: Iterable[str], ctx: IngestContext, *,
                   on_item: Callable[[ItemResult], None] | None = None,
                   should_stop: Callable[[], bool] = lambda: False) -> IngestSummary:
    """`refwatch ingest`: every target through the stages, errors recorded, the run going on."""
    return run(targets_to_work(targets, ctx), ctx, on_item=on_item, should_stop=should_stop)


__all__ = ["STAGES", "GateDecision", "IngestContext", "IngestSummary", "ItemResult", "Stage", "Work",
           "ingest_targets", "run", "run_item", "targets_to_work"]
