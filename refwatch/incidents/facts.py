"""What the linker knows about one report: its coded facts in comparable form, plus signatures.

`ReportFacts` is built once per report from a `Report` and its `Extraction` and is all that the
matcher, the indexes and the incident record need. It serialises to one JSON object plus two
small binary signatures, which is how the stored linker keeps it in the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from refwatch.incidents import embed, minhash
from refwatch.incidents.descriptors import descriptors_in, disputed_types, numbers_in
from refwatch.incidents.embed import lead_text
from refwatch.types import Event, Extraction, Report

_PLACE_SPLIT = re.compile(r"[;,/]| - ")
_NOT_LETTER = re.compile(r"[^0-9a-z\uac00-\ud7a3]+")


@dataclass(frozen=True, slots=True)
class FactEvent:
    """An event reduced to what linking compares: dates as ordinal-day intervals, place keys."""

    type: str
    start: int | None = None
    end: int | None = None
    precision: str = "unknown"
    country: str | None = None
    places: tuple[str, ...] = ()
    place_label: str | None = None
    lat: float | None = None
    lon: float | None = None
    count: int | None = None
    qualifier: str = "unknown"
    children: int | None = None
    authority: str | None = None
    approximate: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type, "start": self.start, "end": self.end, "precision": self.precision,
            "country": self.country, "places": list(self.places), "place_label": self.place_label,
            "lat": self.lat, "lon": self.lon, "count": self.count, "qualifier": self.qualifier,
            "children": self.children, "authority": self.authority, "approximate": self.approximate,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FactEvent:
        return cls(**{**data, "places": tuple(data.get("places") or ())})


@dataclass(frozen=True, eq=False)
class ReportFacts:
    """One report as the linker sees it."""

    report_id: str
    published: int | None
    language: str | None
    outlet: str | None
    events: tuple[FactEvent, ...]
    signature: np.ndarray
    embedding: np.ndarray | None = None
    sources: tuple[str, ...] = ()
    descriptors: frozenset[str] = field(default_factory=frozenset)
    numbers: frozenset[int] = field(default_factory=frozenset)
    title: str | None = None
    disputes: frozenset[str] = field(default_factory=frozenset)

    @property
    def dated_events(self) -> tuple[FactEvent, ...]:
        return tuple(e for e in self.events if e.start is not None and not e.approximate)

    def facts_json(self) -> dict[str, Any]:
        """Everything except the two signatures, for a JSON column."""
        return {
            "published": self.published, "language": self.language, "outlet": self.outlet,
            "events": [e.to_json() for e in self.events], "sources": list(self.sources),
            "descriptors": sorted(self.descriptors), "numbers": sorted(self.numbers), "title": self.title,
            "disputes": sorted(self.disputes),
        }

    @classmethod
    def from_stored(cls, report_id: str, data: dict[str, Any], signature: bytes,
                    embedding: bytes | None) -> ReportFacts:
        return cls(
            report_id=report_id,
            published=data.get("published"),
            language=data.get("language"),
            outlet=data.get("outlet"),
            events=tuple(FactEvent.from_json(e) for e in data.get("events") or ()),
            signature=minhash.from_bytes(signature),
            embedding=embed.from_bytes(embedding) if embedding else None,
            sources=tuple(data.get("sources") or ()),
            descriptors=frozenset(data.get("descriptors") or ()),
            numbers=frozenset(data.get("numbers") or ()),
            title=data.get("title"),
            disputes=frozenset(data.get("disputes") or ()),
        )


def arrival_order(facts: ReportFacts) -> tuple[int, int, str]:
    """Publication day, then id (numeric ids in numeric order): the order reports came in."""
    return facts.published or 0, len(facts.report_id), facts.report_id


def day_interval(value: str | None) -> tuple[int | None, int | None, str]:
    """`YYYY-MM-DD`, `YYYY-MM` or `YYYY` as an inclusive (first, last) ordinal-day interval."""
    if not value:
        return None, None, "unknown"
    try:
        parts = [int(p) for p in value[:10].split("-")]
        if len(parts) == 3:
            day = date(*parts).toordinal()
            return day, day, "day"
        if len(parts) == 2:
            first = date(parts[0], parts[1], 1)
            following = date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
            return first.toordinal(), following.toordinal() - 1, "month"
        if len(parts) == 1:
            return date(parts[0], 1, 1).toordinal(), date(parts[0], 12, 31).toordinal(), "year"
    except ValueError:
        pass
    return None, None, "unknown"


def place_keys(place: str | None) -> tuple[str, ...]:
    """'Tumen; Hunchun' -> ('tumen', 'hunchun'); 'Zamyn-Uud' -> ('zamynuud',)."""
    if not place:
        return ()
    keys = []
    for part in _PLACE_SPLIT.split(place.casefold()):
        key = _NOT_LETTER.sub("", part)
        if len(key) > 1 and key not in keys:
            keys.append(key)
    return tuple(keys)


UNDATED_LOOKBACK_DAYS = 60


def fact_event(event: Event, published: int | None = None) -> FactEvent:
    """An undated event is placed in the weeks before publication and marked approximate."""
    start, end, precision = day_interval(event.date)
    if event.date_precision in ("month", "year") and start is not None and event.date:
        start, end, precision = day_interval(event.date[: 7 if event.date_precision == "month" else 4])
    approximate = start is None and published is not None
    if approximate and published is not None:
        start, end = published - UNDATED_LOOKBACK_DAYS, published
    return FactEvent(
        type=event.type,
        start=start,
        end=end,
        precision=precision,
        country=(event.country or "").upper() or None,
        places=place_keys(event.place),
        place_label=event.place,
        lat=event.lat,
        lon=event.lon,
        count=event.count if event.count is not None and event.count > 0 else None,
        qualifier=event.count_qualifier,
        children=event.children,
        authority=event.authority,
        approximate=approximate,
    )


def published_day(report: Report) -> int | None:
    start, _end, _precision = day_interval(report.published)
    return start


def build_facts(report_id: str, report: Report, extraction: Extraction, *,
                embedding: np.ndarray | None = None) -> ReportFacts:
    """The linker's view of one report; `embedding` comes from a batched encoder call.

    The embedding is rounded through its stored (int8) form here, so that a batch in memory
    and the linker reading members back from the database compare exactly the same vectors.
    """
    published = published_day(report)
    events = tuple(fact_event(e, published) for e in extraction.events if not e.background)
    return ReportFacts(
        report_id=report_id,
        published=published,
        language=extraction.language or report.language,
        outlet=report.outlet,
        events=events,
        signature=minhash.signature(report.text),
        embedding=None if embedding is None else embed.from_bytes(embed.to_bytes(embedding)),
        sources=tuple(extraction.sources),
        descriptors=descriptors_in(f"{report.title or ''}\n{report.text}"),
        numbers=numbers_in(lead_text(report.title, report.text)),
        title=report.title,
        disputes=disputed_types(report.text),
    )
