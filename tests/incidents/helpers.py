"""Building blocks for the incident tests: corpus items, stored extractions, hand-made facts."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from sqlalchemy import update
from sqlalchemy.orm import Session

from refwatch.incidents.evaluate import CorpusDoc, Noise, gold_extraction, load_corpus, perturb
from refwatch.store.models import EventRow
from refwatch.store.models import Extraction as ExtractionRow
from refwatch.store.models import Report as ReportRow
from refwatch.store.reports import save_report
from refwatch.types import Event, Extraction, Report

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus" / "dev.jsonl"


def corpus() -> list[CorpusDoc]:
    return load_corpus(CORPUS)


def gold_items(docs: Sequence[CorpusDoc], *, noise: Noise | None = None,
               seed: int = 0) -> list[tuple[Report, Extraction]]:
    rng = random.Random(seed)
    items = []
    for doc in docs:
        extraction = gold_extraction(doc)
        if noise is not None:
            extraction = perturb(extraction, rng, noise)
        items.append((doc.report, extraction))
    return items


def store_extraction(session: Session, report_id: int, extraction: Extraction, *, extractor: str = "test-v1") -> int:
    """What the extraction stage leaves behind: a current extraction, its events, state `extracted`."""
    session.execute(update(ExtractionRow).where(ExtractionRow.report_id == report_id).values(current=False))
    row = ExtractionRow(report_id=report_id, extractor=extractor, language=extraction.language,
                        relevant=extraction.relevant, score=extraction.score, sources=list(extraction.sources),
                        error=extraction.error, current=True)
    session.add(row)
    session.flush()
    for event in extraction.events:
        session.add(EventRow(report_id=report_id, extraction_id=row.id, extractor=extractor, **_event_columns(event)))
    report = session.get(ReportRow, report_id)
    assert report is not None
    report.state = "extracted"
    session.flush()
    return row.id


def _event_columns(event: Event) -> dict[str, object]:
    return {
        "type": event.type, "date": event.date, "date_precision": event.date_precision, "country": event.country,
        "place": event.place, "lat": event.lat, "lon": event.lon, "count": event.count,
        "count_qualifier": event.count_qualifier, "children": event.children, "authority": event.authority,
        "background": event.background, "evidence": event.evidence, "confidence": event.confidence,
    }


def store_items(session: Session, items: Sequence[tuple[Report, Extraction]]) -> list[int]:
    """Save each report and its extraction; returns the report ids in item order."""
    ids = []
    for report, extraction in items:
        saved = save_report(session, report)
        store_extraction(session, saved.report_id, extraction)
        ids.append(saved.report_id)
    return ids


def event(kind: str, day: str | None = None, **fields: object) -> Event:
    """A hand-made event: `event("detained", "2019-10-26", country="VN", place="Lang Son", count=11)`."""
    base = Event(type=kind, date=day, date_precision="day" if day and len(day) == 10 else
                 "month" if day and len(day) == 7 else "unknown")
    return replace(base, **fields)  # type: ignore[arg-type]


def extraction(report_id: str, *events: Event, sources: Sequence[str] = (), language: str = "en") -> Extraction:
    return Extraction(report_id=report_id, language=language, relevant=True, score=1.0, events=tuple(events),
                      sources=tuple(sources))
