"""The ingestion stages, in one visible list:

    fetch -> decode -> gate -> extract -> language -> store

Each stage is a plain function `(work, ctx) -> work` that fills some fields of the frozen
`Work` and names them (`Stage.reads` / `Stage.writes`; a test checks that no stage reads
what no earlier stage wrote). Pages the gate rejects pass `extract` and `language` cheaply
and are stored as `skipped` with the gate's reason, so they count as seen. `extract` has two
halves, `start_extract` and `finish_extract`, so that the runner can gate other pages while
the worker reads an article (`runner.run`); called whole it simply waits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from refwatch.errors import RefwatchError
from refwatch.sources.context import IngestContext
from refwatch.sources.files import text_title
from refwatch.sources.pages import PageMeta, collect_article, decode_html, submit_article
from refwatch.sources.work import Work
from refwatch.store import transaction
from refwatch.store.archive import record_attempt
from refwatch.store.reports import save_report
from refwatch.text.clean import PageText, excerpt, fast_text, normalize_text
from refwatch.text.gate import check_relevance
from refwatch.text.language import detect_language
from refwatch.types import Report

SKIPPED_EXCERPT_CHARS = 600  # a skipped web page keeps this much of its text (decision 0103)


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
    if kind == "html":
        ctx.prepare_extractor()
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


def needs_worker(work: Work) -> bool:
    """An HTML page that passed the gate: its article is read by trafilatura in the worker."""
    return work.kind == "html" and not work.skipped and work.error is None


def _page_meta(work: Work) -> PageMeta:
    fetched = work.fetched
    url = fetched.final_url if fetched and fetched.final_url.startswith("http") else work.url
    return PageMeta(url=url, fetched_at=fetched.fetched_at if fetched else None)


def start_extract(work: Work, ctx: IngestContext) -> Work:
    if not needs_worker(work):
        return work
    submit_article(work.markup or "", _page_meta(work), timebox=ctx.timebox)
    return replace(work, in_worker=True)


def _skipped_text(page: PageText) -> str:
    """What a skipped web page keeps: its title and the start of its text (decision 0103)."""
    text = excerpt(page.text, SKIPPED_EXCERPT_CHARS)
    if page.title and not text.startswith(page.title):
        text = f"{page.title}\n\n{text}"
    return text


def _merge(found: Report, preset: Report | None, *, preset_wins: bool) -> Report:
    if preset is None:
        return found
    changes = {}
    for name in ("url", "canonical_url", "title", "outlet", "published", "language", "external_id"):
        mine, theirs = getattr(found, name), getattr(preset, name)
        if theirs is not None and (preset_wins or mine is None):
            changes[name] = theirs
    return replace(found, **changes)


def finish_extract(work: Work, ctx: IngestContext) -> Work:
    page = work.page or PageText(None, "")
    if work.in_worker:
        # `url` stays the address the feed or the user gave (that is how a page is known as seen);
        # a redirect's target or the page's own canonical link becomes `canonical_url`.
        meta = _page_meta(work)
        report = replace(collect_article(meta, timebox=ctx.timebox), url=work.url or meta.url)
    elif work.skipped and work.kind == "html":
        report = Report(text=_skipped_text(page), title=page.title, url=work.url)
    elif work.kind == "report":
        report = work.preset or Report(text="")
    else:
        report = Report(text=page.text, title=page.title, url=work.url)
    if work.skipped and work.preset is not None:
        report = replace(report, title=report.title or work.preset.title)
    fetched_at = work.fetched.fetched_at if work.fetched else report.fetched_at
    report = replace(_merge(report, work.preset, preset_wins=work.preset_wins), fetched_at=fetched_at)
    return replace(work, report=report, in_worker=False)


def extract(work: Work, ctx: IngestContext) -> Work:
    return finish_extract(start_extract(work, ctx), ctx)


def language(work: Work, ctx: IngestContext) -> Work:
    report = work.report
    if report is None or report.language:
        return work
    return replace(work, report=replace(report, language=detect_language(report.text, quick=work.skipped)))


def store(work: Work, ctx: IngestContext) -> Work:
    """Keep the report with its fetch attempt; skipped pages are held and written in batches."""
    report, decision = work.report, work.gate
    if report is None or decision is None or not report.text.strip():
        raise RefwatchError("nothing to store: no text was found", where=work.origin)
    if work.skipped and not ctx.settings.archive_skipped:
        ctx.hold_skipped(work, report, decision.reason)
        return replace(work, queued=True)
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
# The two halves of `extract`, for the runner that overlaps the worker with the gating.
START_EXTRACT = Stage("extract", start_extract, reads=("markup", "gate"), writes=("in_worker",))
FINISH_EXTRACT = Stage("extract", finish_extract, reads=("in_worker", "page", "gate", "preset"),
                       writes=("report", "in_worker"))
