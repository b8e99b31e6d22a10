"""The bundled demo data and what `refwatch demo` does with it.

`reports.jsonl` holds the 100 reports of the development corpus (without gold labels),
`pages/` twelve of them as full news pages, `feeds/` three RSS/Atom feeds whose items link to
those reports. The demo ingests the local files; `site.py` can serve the same material as a
small news site on loopback, so that `refwatch watch` (and the web issue) can be shown
polling real feeds.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, sessionmaker

from refwatch.settings import Settings
from refwatch.sources.ingest import IngestContext, IngestSummary, ItemResult, ingest_targets
from refwatch.sources.watch import configured_hooks, run_hooks
from refwatch.store.models import Report as ReportRow

DEMO_DIR = Path(__file__).parent
DEMO_REPORTS = DEMO_DIR / "reports.jsonl"
DEMO_PAGES = DEMO_DIR / "pages"
DEMO_FEEDS = DEMO_DIR / "feeds"


@dataclass(frozen=True, slots=True)
class Candidate:
    report_id: int
    title: str
    outlet: str | None
    published: str | None
    language: str | None


@dataclass
class DemoResult:
    ingest: IngestSummary
    by_state: Counter[str] = field(default_factory=Counter)
    by_language: Counter[str] = field(default_factory=Counter)
    latest: list[Candidate] = field(default_factory=list)
    hook_problems: list[str] = field(default_factory=list)


def demo_targets() -> list[str]:
    """Pages first, so the full-page path runs; the JSONL then adds the other reports."""
    return [str(DEMO_PAGES), str(DEMO_REPORTS)]


def feed_item_paths() -> set[str]:
    """URL paths the bundled feeds link to: the reports the demo news site announces."""
    paths = set()
    for feed in sorted(DEMO_FEEDS.glob("*.xml")):
        for entry in feedparser.parse(feed.read_bytes()).entries:
            path = urlsplit(entry.get("link", "")).path
            if path:
                paths.add(path)
    return paths


def reports_without_feed_items(folder: Path) -> Path:
    """The demo reports minus those the feeds announce, written to `folder` for ingestion.

    Held back, those reports reach the store the way real news does: the monitor polls the
    demo news site's feeds and fetches their pages.
    """
    announced = feed_item_paths()
    kept = [line for line in DEMO_REPORTS.read_text(encoding="utf-8").splitlines()
            if urlsplit(json.loads(line)["url"]).path not in announced]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "demo-reports-without-feed-items.jsonl"
    target.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return target


def _tally(session: Session, column: InstrumentedAttribute[Any]) -> Counter[str]:
    rows = session.execute(select(column, func.count(ReportRow.id)).group_by(column))
    return Counter({str(key or "unknown"): int(count) for key, count in rows})


def _latest_candidates(session: Session, limit: int) -> list[Candidate]:
    superseded = select(ReportRow.previous_version_id).where(ReportRow.previous_version_id.is_not(None))
    rows = session.scalars(
        select(ReportRow).where(ReportRow.state.not_in(("skipped", "error")), ReportRow.id.not_in(superseded))
        .order_by(ReportRow.published.desc().nulls_last(), ReportRow.id.desc()).limit(limit)
    )
    return [Candidate(r.id, r.title or r.text[:80], r.outlet, r.published, r.language) for r in rows]


def run_demo(settings: Settings, factory: sessionmaker[Session], *, latest: int = 8,
             on_item: Callable[[ItemResult], None] | None = None, hold_back_feed_items: bool = False) -> DemoResult:
    """Ingest the bundled data (again: kept reports are recognised), run the hooks, tally the store.

    With `hold_back_feed_items`, the reports the demo feeds announce are left for the monitor.
    """
    targets = demo_targets()
    if hold_back_feed_items:
        targets = [str(DEMO_PAGES), str(reports_without_feed_items(settings.data_path / "demo"))]
    with IngestContext(settings, factory) as ctx:
        summary = ingest_targets(targets, ctx, on_item=on_item)
    problems = run_hooks(factory, summary.new_report_ids, configured_hooks(settings))
    with factory() as session:
        return DemoResult(summary, _tally(session, ReportRow.state), _tally(session, ReportRow.language),
                          _latest_candidates(session, latest), problems)


__all__ = ["DEMO_FEEDS", "DEMO_PAGES", "DEMO_REPORTS", "Candidate", "DemoResult", "ItemResult", "run_demo"]
