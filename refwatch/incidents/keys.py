"""Blocking keys: the few index look-ups that find candidate incidents for a new report.

Scoring a report against every incident would cost more as the archive grows; instead each
stored report leaves a handful of 63-bit keys in an indexed table, and a new report looks up
only the keys it could share with a report about the same group:

- `specific` keys: LSH bands of its MinHash (copies), place + month and country + head count +
  month of each event (rewrites and translations that coded the same facts);
- `coarse` keys: country + month of each event and the publication week, which still find
  the incident when extraction got the place and the count wrong or found no event at all.

Months are stored once and queried with a month either side, so a late-month arrest meets an
early-next-month follow-up. An undated event borrows the report's publication month.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from refwatch.incidents import minhash
from refwatch.incidents.facts import FactEvent, ReportFacts


@dataclass(frozen=True, slots=True)
class QueryKeys:
    specific: tuple[int, ...]
    coarse: tuple[int, ...]


def key_of(text: str) -> int:
    """A non-negative 63-bit key (fits BIGINT on every database)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big") >> 1


def _month_label(ordinal: int, shift: int = 0) -> str:
    day = date.fromordinal(ordinal)
    index = day.year * 12 + day.month - 1 + shift
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _event_months(event: FactEvent, published: int | None) -> list[int]:
    """Ordinal days standing for the months an event falls in (publication month if undated)."""
    if event.start is not None and event.precision in ("day", "month"):
        return [event.start]
    return [published] if published is not None else []


def _week_label(ordinal: int, shift: int = 0) -> str:
    return f"w|{(ordinal // 7) + shift}"


def _fact_labels(facts: ReportFacts, shifts: tuple[int, ...]) -> tuple[set[str], set[str]]:
    specific: set[str] = set()
    coarse: set[str] = set()
    for event in facts.events:
        for day in _event_months(event, facts.published):
            for shift in shifts:
                month = _month_label(day, shift)
                specific.update(f"p|{place}|{month}" for place in event.places)
                if event.country and event.count is not None:
                    specific.add(f"n|{event.country}|{event.count}|{month}")
                if event.country:
                    coarse.add(f"c|{event.country}|{month}")
    if facts.published is not None:
        coarse.update(_week_label(facts.published, shift) for shift in shifts)
    return specific, coarse


def stored_keys(facts: ReportFacts) -> list[int]:
    """The keys a stored report leaves in the index."""
    specific, coarse = _fact_labels(facts, (0,))
    keys = set(minhash.band_keys(facts.signature))
    keys.update(key_of(label) for label in specific | coarse)
    return sorted(keys)


def query_keys(facts: ReportFacts) -> QueryKeys:
    """The keys a new report looks up, split by how much a hit says."""
    specific, coarse = _fact_labels(facts, (-1, 0, 1))
    bands = minhash.band_keys(facts.signature)
    return QueryKeys(
        specific=tuple(sorted(set(bands) | {key_of(label) for label in specific})),
        coarse=tuple(sorted({key_of(label) for label in coarse})),
    )
