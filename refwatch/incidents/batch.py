"""One run = one fresh linking context: what `refwatch extract` calls to fill `incident`.

Reports are linked in publication order (then input order), as they would have arrived, so
the labels do not depend on how the input file happens to be sorted.
"""

from __future__ import annotations

from collections.abc import Sequence

from refwatch.incidents.embed import Embedder, default_embedder, lead_text
from refwatch.incidents.facts import ReportFacts, build_facts
from refwatch.incidents.index import MemoryIndex
from refwatch.incidents.linker import decide
from refwatch.types import Extraction, Report


def is_linkable(extraction: Extraction) -> bool:
    return extraction.relevant and not extraction.error


def arrival_order(items: Sequence[tuple[Report, Extraction]]) -> list[int]:
    """Indexes of the items sorted by publication date; undated reports keep their place last."""
    return sorted(range(len(items)), key=lambda n: (items[n][0].published or "9999", n))


def batch_facts(items: Sequence[tuple[Report, Extraction]], *,
                embedder: Embedder | None) -> dict[int, ReportFacts]:
    """Facts of the linkable items, with their leads embedded in one encoder call."""
    linkable = [n for n, (_report, extraction) in enumerate(items) if is_linkable(extraction)]
    vectors = None
    if embedder is not None and linkable:
        vectors = embedder.encode([lead_text(items[n][0].title, items[n][0].text) for n in linkable])
    return {
        n: build_facts(str(n), items[n][0], items[n][1], embedding=None if vectors is None else vectors[row])
        for row, n in enumerate(linkable)
    }


def link_batch(items: Sequence[tuple[Report, Extraction]], *,
               embedder: Embedder | None = None, use_embeddings: bool = True) -> list[str | None]:
    """Incident labels (`inc-1`, `inc-2`, ...) for each item, None for reports not relevant.

    Reports about the same group get the same label within this call; labels mean nothing
    across calls. The multilingual encoder is loaded once per process, on first need.
    """
    if use_embeddings and embedder is None:
        embedder = default_embedder()
    facts = batch_facts(items, embedder=embedder if use_embeddings else None)
    index = MemoryIndex()
    labels: list[str | None] = [None] * len(items)
    created = 0
    for n in arrival_order(items):
        if n not in facts:
            continue
        decision = decide(facts[n], index)
        if decision.incident is None:
            created += 1
            label = f"inc-{created}"
        else:
            label = decision.incident
        index.assign(facts[n], label)
        labels[n] = label
    return labels
