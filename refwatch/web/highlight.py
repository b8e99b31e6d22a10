"""Marking each event's evidence inside the report text, for `<mark>` in the review page.

The extractor quotes evidence verbatim, but white space may differ after cleaning, so a
quote that is not found as is is searched again with any run of white space allowed.
Overlapping quotes are cut into segments that know every event they belong to.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text; `starts`/`ends` name the events whose quote begins/ends here (for anchors)."""

    text: str
    event_ids: tuple[int, ...] = ()
    starts: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()

    @property
    def marked(self) -> bool:
        return bool(self.event_ids)


def locate(text: str, evidence: str) -> tuple[int, int] | None:
    """Where `evidence` sits in `text`, or None when it is not there."""
    quote = evidence.strip()
    if not quote:
        return None
    start = text.find(quote)
    if start >= 0:
        return start, start + len(quote)
    pattern = r"\s+".join(re.escape(word) for word in quote.split())
    match = re.search(pattern, text)
    return (match.start(), match.end()) if match else None


def segments(text: str, spans: list[tuple[int, int, int]]) -> list[Segment]:
    """Cut `text` at every span edge; `spans` are (start, end, event_id)."""
    edges = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[Segment] = []
    for start, end in itertools.pairwise(edges):
        if start >= end:
            continue
        ids = tuple(sorted({event_id for s, e, event_id in spans if s <= start and end <= e}))
        starts = tuple(sorted(event_id for s, _, event_id in spans if s == start))
        ends = tuple(sorted(event_id for _, e, event_id in spans if e == end))
        out.append(Segment(text[start:end], ids, starts, ends))
    return out
