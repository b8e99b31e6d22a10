"""The stage list: order, declared reads and writes, and per-report errors instead of crashes."""

from __future__ import annotations

import pytest

from refwatch.errors import StageFailed, UnreadableText
from refwatch.extract import EXTRACTOR_VERSION, extract, raise_error
from refwatch.extract.pipeline import INPUTS, STAGES, Stage, Work, run
from refwatch.types import Report

LEAD = (
    "HANOI (Mekong Wire) - Vietnamese border guards detained 11 North Koreans, including a boy of about nine, "
    "in Lang Son province last Saturday, an official said.\n\n"
    "Rights groups fear the group will be pushed back across the border."
)


def test_pipeline_every_stage_reads_only_what_is_already_written() -> None:
    available = set(INPUTS)
    for stage in STAGES:
        missing = [name for name in stage.reads if name not in available]
        assert not missing, f"stage {stage.name} reads {missing} before any stage writes it"
        available.update(stage.writes)


def test_pipeline_stage_order_is_the_documented_one() -> None:
    assert [s.name for s in STAGES] == [
        "normalise", "language", "relevance", "sentences", "triggers", "mentions", "events", "background",
        "sources", "confidence",
    ]


def test_pipeline_codes_a_relevant_report() -> None:
    result = extract(Report(text=LEAD, published="2019-10-30", language="en"), "r1", on_error=raise_error)
    assert result.relevant and result.error is None
    assert result.extractor.startswith(EXTRACTOR_VERSION)
    detained = [e for e in result.events if e.type == "detained"]
    assert detained and detained[0].country == "VN" and detained[0].count == 11 and detained[0].date == "2019-10-26"
    assert detained[0].evidence in LEAD
    assert any(e.type == "at_risk" and e.country == "VN" for e in result.events)


def test_pipeline_irrelevant_report_stops_at_the_gate() -> None:
    result = extract(Report(text="The central bank kept interest rates unchanged on Thursday.", language="en"), "r2")
    assert not result.relevant and result.events == () and result.error is None


@pytest.mark.parametrize("text", ["", "   \n\n  ", "\x00\x01\x02\x03" * 50, "12345 67890 ... !!!"])
def test_pipeline_unreadable_text_is_a_per_report_error(text: str) -> None:
    result = extract(Report(text=text), "bad")
    assert not result.relevant and result.error and "RW103" in result.error
    with pytest.raises(UnreadableText):
        extract(Report(text=text), "bad", on_error=raise_error)


def test_pipeline_a_crashing_stage_becomes_the_reports_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(work: Work) -> None:
        raise ValueError("boom")

    broken = tuple(Stage(s.name, s.reads, s.writes, explode) if s.name == "events" else s for s in STAGES)
    monkeypatch.setattr("refwatch.extract.pipeline.STAGES", broken)
    result = run(Report(text=LEAD, language="en", published="2019-10-30"), "r3")
    assert result.error is not None and "events" in result.error and "boom" in result.error
    with pytest.raises(StageFailed):
        run(Report(text=LEAD, language="en", published="2019-10-30"), "r3", on_error=raise_error)


def test_pipeline_unknown_language_is_a_clear_error() -> None:
    result = extract(Report(text="Le gouvernement a annoncé une réforme des retraites.", language="fr"), "fr1")
    assert result.error is not None and "no rules for language" in result.error
