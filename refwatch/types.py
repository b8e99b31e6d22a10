"""Plain data that crosses pipeline stages.

Stages take and return these frozen dataclasses, never ORM rows or loose dicts, so the
embedded runner, the CLI and a task queue all call the same functions. Field names follow
the project's codebook and the `refwatch extract` contract (`docs/extract.md`).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Literal

EventType = Literal[
    "detained", "transferred", "repatriated", "at_risk", "released", "arrived", "sentenced", "died"
]
EVENT_TYPES: tuple[str, ...] = (
    "detained", "transferred", "repatriated", "at_risk", "released", "arrived", "sentenced", "died",
)
Precision = Literal["day", "month", "year", "unknown"]
CountQualifier = Literal["exact", "about", "at_least", "up_to", "unknown"]
ReportState = Literal["new", "skipped", "extracted", "linked", "error"]


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def date_precision(value: str | None) -> Precision:
    """Precision of a `YYYY`, `YYYY-MM` or `YYYY-MM-DD` string."""
    if not value:
        return "unknown"
    return {4: "year", 7: "month", 10: "day"}.get(len(value), "unknown")  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class Fetched:
    """Exactly what came back from one request: the raw archive keeps this."""

    url: str
    final_url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    fetched_at: datetime

    @property
    def sha256(self) -> str:
        return sha256_hex(self.body)

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        for key, value in self.headers:
            if key.lower() == lowered:
                return value
        return None


@dataclass(frozen=True, slots=True)
class Report:
    """One news report as refwatch keeps it: clean text plus where and when it came from."""

    text: str
    url: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str | None = None
    external_id: str | None = None
    fetched_at: datetime | None = None
    raw_sha256: str | None = None

    @property
    def published_precision(self) -> Precision:
        return date_precision(self.published)

    @property
    def content_hash(self) -> str:
        """Hash of the text with white space folded: a re-fetch with other markup is the same report."""
        folded = " ".join(self.text.split())
        return sha256_hex(folded.encode("utf-8"))


@dataclass(frozen=True, slots=True)
class Event:
    """One statement a report makes about what happened to a group of people (codebook)."""

    type: str
    date: str | None = None
    date_precision: Precision = "unknown"
    country: str | None = None
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    count: int | None = None
    count_qualifier: CountQualifier = "unknown"
    children: int | None = None
    authority: str | None = None
    background: bool = False
    evidence: str = ""
    confidence: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Extraction:
    """The coded result for one report, in the shape of the `refwatch extract` contract."""

    report_id: str
    language: str | None
    relevant: bool
    score: float
    events: tuple[Event, ...] = ()
    sources: tuple[str, ...] = ()
    error: str | None = None
    extractor: str = ""
    incident: str | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    def to_contract(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.report_id,
            "language": self.language,
            "relevant": self.relevant,
            "score": round(self.score, 3),
            "incident": self.incident,
            "events": [e.to_dict() for e in self.events],
            "sources": list(self.sources),
        }
        if self.error:
            out["error"] = self.error
        return out
