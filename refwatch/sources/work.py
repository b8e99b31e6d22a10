"""The one value that travels through the ingestion stages.

Each stage takes a `Work` and returns a new one with the fields it fills (the dataclass is
frozen), so a stage can be called on its own in a test, in the embedded runner or in a
queue worker, and the runner can check that each stage hands back what it should.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from refwatch.errors import RefwatchError
from refwatch.store.reports import Saved
from refwatch.text.clean import PageText
from refwatch.text.gate import GateDecision
from refwatch.types import Fetched, Report

Kind = Literal["auto", "html", "text", "report"]


@dataclass(frozen=True, slots=True)
class Work:
    """One page, file or record on its way to the store.

    `origin` names it for people (a URL, `path` or `path:line`). `preset` holds what was known
    before reading (a JSONL record's fields, a feed entry's title and date); with
    `preset_wins` those values override what the page says, otherwise they only fill gaps.
    """

    origin: str
    url: str | None = None
    kind: Kind = "auto"
    source_id: int | None = None
    preset: Report | None = None
    preset_wins: bool = False
    error: RefwatchError | None = None
    fetched: Fetched | None = None
    markup: str | None = None
    page: PageText | None = None
    gate: GateDecision | None = None
    in_worker: bool = False  # its article is being read by the extraction worker
    report: Report | None = None
    saved: Saved | None = None
    queued: bool = False  # a skipped report held for the next batch write (see IngestContext)

    @property
    def skipped(self) -> bool:
        return self.gate is not None and not self.gate.passed
