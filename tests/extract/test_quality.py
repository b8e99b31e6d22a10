"""A guard on quality: our own held-out reports (never tuned on one by one) must stay coded well.

`tests/fixtures/extract/heldout.jsonl` holds 17 reports written for this project in wire, NGO and
blog styles (15 English, 2 Korean) with codebook annotations. Events are matched to gold on type
and country, as the project's scorer does; the bars are the issue's targets.
"""

from __future__ import annotations

import json
from pathlib import Path

from refwatch.extract import extract
from refwatch.types import Report

HELDOUT = Path(__file__).parent.parent / "fixtures" / "extract" / "heldout.jsonl"


def _pairs(gold: list[dict], predicted: list[dict]) -> list[tuple[dict, dict]]:
    pairs, used = [], set()
    for g in gold:
        for j, p in enumerate(predicted):
            if j not in used and p["type"] == g["type"] and p["country"] == g["country"]:
                pairs.append((g, p))
                used.add(j)
                break
    return pairs


def test_quality_heldout_reports_meet_the_targets() -> None:
    docs = [json.loads(line) for line in HELDOUT.read_text(encoding="utf-8").splitlines() if line.strip()]
    relevance_ok = gold_n = pred_n = matched = count_n = count_ok = 0
    for doc in docs:
        report = Report(text=doc["text"], title=doc["title"], published=doc["published"], language=doc["language"])
        result = extract(report, doc["id"]).to_contract()
        relevance_ok += result["relevant"] == doc["gold"]["relevant"]
        gold = [e for e in doc["gold"]["events"] if not e["background"]]
        predicted = [e for e in result["events"] if not e["background"]] if result["relevant"] else []
        pairs = _pairs(gold, predicted)
        gold_n, pred_n, matched = gold_n + len(gold), pred_n + len(predicted), matched + len(pairs)
        for g, p in pairs:
            if g["count"] is not None:
                count_n += 1
                count_ok += g["count"] == p["count"]
    precision, recall = matched / max(1, pred_n), matched / max(1, gold_n)
    assert relevance_ok / len(docs) >= 0.95
    assert 2 * precision * recall / max(1e-9, precision + recall) >= 0.85
    assert count_ok / max(1, count_n) >= 0.85
