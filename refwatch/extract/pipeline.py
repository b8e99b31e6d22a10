"""The extraction pipeline: one visible list of stages, each declaring what it reads and writes.

    normalise → language → relevance → sentences → triggers → mentions → events → background
    → sources → confidence

Relevance runs before sentence splitting: it needs only cue counts over the whole text, and
it lets the 99 % of irrelevant reports stop there. The runner checks nothing else than the
order; `tests/extract/test_pipeline.py` checks that every stage reads only what the report
or an earlier stage provides. A failing stage becomes a per-report error through the error
handler (`record_error` by default, `raise_error` in tests), never a crash of the batch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from refwatch.errors import RefwatchError, StageFailed
from refwatch.extract import stages
from refwatch.extract.facts import Draft, SentenceFacts
from refwatch.types import Event, Extraction, Report

# Raised whenever the rules code differently, so `refwatch extract --stored --outdated` re-codes the archive
# (1.1: the rules of the blind-set rounds 2-4).
EXTRACTOR_VERSION = "refwatch.extract/1.1"
DEFAULT_MAX_CHARS = 200_000


@dataclass
class Work:
    """Everything the stages know about one report while it is being coded."""

    report: Report
    report_id: str
    max_chars: int = DEFAULT_MAX_CHARS
    text: str = ""
    language: str | None = None
    rules: Any = None
    rules_name: str = ""
    cues: dict[str, int] = field(default_factory=dict)
    rejected: bool = False
    score: float = 0.0
    relevant: bool = False
    sentences: list[SentenceFacts] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def extractor(self) -> str:
        return f"{EXTRACTOR_VERSION}+{self.rules_name}" if self.rules_name else EXTRACTOR_VERSION

    def result(self, error: str | None = None) -> Extraction:
        extras: dict[str, Any] = {"notes": list(self.notes)} if self.notes else {}
        return Extraction(
            report_id=self.report_id,
            language=self.language,
            relevant=self.relevant and error is None,
            score=self.score if error is None else 0.0,
            events=tuple(self.events) if error is None else (),
            sources=tuple(self.sources) if error is None else (),
            error=error,
            extractor=self.extractor,
            extras=extras,
        )


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    run: Callable[[Work], None]
    after_rejection: bool = False


INPUTS = ("report", "report_id", "max_chars")

STAGES: tuple[Stage, ...] = (
    Stage("normalise", ("report", "max_chars"), ("text", "notes", "report"), stages.normalise),
    Stage("language", ("report", "text"), ("language", "rules", "rules_name"), stages.choose_language),
    Stage("relevance", ("report", "text", "rules"), ("cues", "rejected", "score"), stages.gate),
    Stage("sentences", ("text", "rules"), ("sentences",), stages.split),
    Stage("triggers", ("sentences", "rules"), ("sentences.triggers",), stages.find_triggers),
    Stage("mentions", ("sentences", "sentences.triggers", "rules", "report"), ("sentences.mentions",),
          stages.find_mentions),
    Stage("events", ("sentences.triggers", "sentences.mentions", "rules", "report"), ("drafts",),
          stages.assemble_events),
    Stage("background", ("drafts", "sentences.mentions", "rules", "report"), ("drafts",), stages.place_in_story),
    Stage("sources", ("sentences", "rules", "report"), ("sources",), stages.collect_sources),
    Stage("confidence", ("drafts", "cues"), ("events", "relevant", "score"), stages.conclude),
)

ErrorHandler = Callable[[Work, Stage, Exception], Extraction]


def record_error(work: Work, stage: Stage, error: Exception) -> Extraction:
    """Production handler: the report gets `relevant: false` and an error naming the stage."""
    if isinstance(error, RefwatchError):
        return work.result(error=f"{stage.name}: {error}")
    return work.result(error=str(StageFailed(f"{type(error).__name__}: {error}", where=stage.name)))


def raise_error(work: Work, stage: Stage, error: Exception) -> Extraction:
    """Test handler: let the error through with the stage named."""
    if isinstance(error, RefwatchError):
        raise error
    raise StageFailed(f"{type(error).__name__}: {error}", where=stage.name) from error


def run(report: Report, report_id: str, *, on_error: ErrorHandler = record_error,
        max_chars: int = DEFAULT_MAX_CHARS) -> Extraction:
    work = Work(report=report, report_id=report_id, max_chars=max_chars)
    for stage in STAGES:
        if work.rejected and not stage.after_rejection:
            break
        try:
            stage.run(work)
        except Exception as error:  # every failure becomes this report's error, never the batch's
            return on_error(work, stage, error)
    return work.result()
