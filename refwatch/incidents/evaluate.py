"""Measuring the linker: corpus loading, gold facts as extractions, noise, and B-cubed.

Used by `bench/link_dev.py`, the regression test and anyone checking a change to the
matcher. The noise model imitates an imperfect extractor: it drops events, shifts dates,
changes counts, blanks places and misses a few relevant reports altogether.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from refwatch.types import Event, Extraction, Report, date_precision


@dataclass(frozen=True, slots=True)
class CorpusDoc:
    doc_id: str
    report: Report
    gold: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Noise:
    """Rates of each kind of extraction error."""

    drop_event: float = 0.2
    shift_date: float = 0.2
    change_count: float = 0.2
    blank_place: float = 0.2
    miss_report: float = 0.0


def load_corpus(path: str | Path) -> list[CorpusDoc]:
    docs = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                docs.append(CorpusDoc(str(row["id"]), report_from_row(row), row.get("gold") or {}))
    return docs


def report_from_row(row: Mapping[str, Any]) -> Report:
    """A `Report` from one line of the `refwatch extract` input format."""
    return Report(
        text=row.get("text") or "",
        url=row.get("url"),
        title=row.get("title"),
        outlet=row.get("outlet"),
        published=row.get("published"),
        language=row.get("language"),
        external_id=str(row.get("id")) if row.get("id") is not None else None,
    )


def event_from_dict(data: Mapping[str, Any]) -> Event:
    """An `Event` from a contract or gold event object (unknown keys are ignored)."""
    value = data.get("date")
    return Event(
        type=str(data["type"]),
        date=value,
        date_precision=data.get("date_precision") or date_precision(value),
        country=data.get("country"),
        place=data.get("place"),
        lat=data.get("lat"),
        lon=data.get("lon"),
        count=data.get("count"),
        count_qualifier=data.get("count_qualifier") or "unknown",
        children=data.get("children"),
        authority=data.get("authority"),
        background=bool(data.get("background")),
        evidence=data.get("evidence") or "",
        confidence=float(data.get("confidence") or 1.0),
    )


def extraction_from_contract(row: Mapping[str, Any]) -> Extraction:
    """An `Extraction` from one line of `refwatch extract` output."""
    return Extraction(
        report_id=str(row["id"]),
        language=row.get("language"),
        relevant=bool(row.get("relevant")),
        score=float(row.get("score") or 0.0),
        events=tuple(event_from_dict(e) for e in row.get("events") or ()),
        sources=tuple(row.get("sources") or ()),
        error=row.get("error"),
    )


def gold_extraction(doc: CorpusDoc) -> Extraction:
    """What a perfect extractor would return for a corpus document."""
    gold = doc.gold
    return Extraction(
        report_id=doc.doc_id,
        language=doc.report.language,
        relevant=bool(gold.get("relevant")),
        score=1.0,
        events=tuple(event_from_dict(e) for e in gold.get("events") or ()),
        sources=tuple(gold.get("sources_cited") or ()),
        extractor="gold",
    )


def _shift(value: str, precision: str, rng: random.Random) -> tuple[str, str]:
    if precision == "day":
        moved = date.fromisoformat(value) + timedelta(days=rng.choice((-9, -3, -1, 1, 2, 5, 12)))
        return (moved.isoformat(), "day") if rng.random() < 0.7 else (moved.isoformat()[:7], "month")
    return value, precision


def perturb(extraction: Extraction, rng: random.Random, noise: Noise = Noise()) -> Extraction:
    """The extraction as a noisy extractor might have produced it."""
    if extraction.relevant and rng.random() < noise.miss_report:
        return replace(extraction, relevant=False, events=())
    events = []
    for event in extraction.events:
        if rng.random() < noise.drop_event:
            continue
        if event.date and rng.random() < noise.shift_date:
            value, precision = _shift(event.date, event.date_precision, rng)
            event = replace(event, date=value, date_precision=precision)  # type: ignore[arg-type]
        if event.count is not None and rng.random() < noise.change_count:
            event = replace(event, count=max(1, event.count + rng.choice((-2, -1, 1, 3)) * max(1, event.count // 5)))
        if event.place and rng.random() < noise.blank_place:
            event = replace(event, place=None, lat=None, lon=None)
        events.append(event)
    return replace(extraction, events=tuple(events))


def bcubed_f1(gold_of: Mapping[str, str], predicted_of: Mapping[str, str | None]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 over the documents that have a gold incident.

    A document without a predicted incident counts as its own singleton, as in the scorer.
    """
    if not gold_of:
        return 0.0, 0.0, 0.0
    predicted = {d: predicted_of.get(d) or f"__single_{d}" for d in gold_of}
    gold_clusters: dict[str, set[str]] = defaultdict(set)
    predicted_clusters: dict[str, set[str]] = defaultdict(set)
    for doc_id, key in gold_of.items():
        gold_clusters[key].add(doc_id)
        predicted_clusters[predicted[doc_id]].add(doc_id)
    precision = recall = 0.0
    for doc_id, key in gold_of.items():
        overlap = len(gold_clusters[key] & predicted_clusters[predicted[doc_id]])
        precision += overlap / len(predicted_clusters[predicted[doc_id]])
        recall += overlap / len(gold_clusters[key])
    precision /= len(gold_of)
    recall /= len(gold_of)
    f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return precision, recall, f1


def gold_incidents(docs: list[CorpusDoc]) -> dict[str, str]:
    return {
        d.doc_id: str(d.gold["incident_key"])
        for d in docs
        if d.gold.get("relevant") and d.gold.get("incident_key")
    }
