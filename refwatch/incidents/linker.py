"""The linking decision: the best-scoring candidate incident, or a new incident.

The same function serves a batch (`MemoryIndex`) and the stored linker (`StoreIndex`); what
differs is only where candidates and members come from.
"""

from __future__ import annotations

from dataclasses import dataclass

from refwatch.incidents.facts import ReportFacts
from refwatch.incidents.index import LinkIndex
from refwatch.incidents.keys import query_keys
from refwatch.incidents.match import Score, score_incident


@dataclass(frozen=True, slots=True)
class LinkDecision:
    """`incident` is None when no candidate scored enough: the report starts a new incident."""

    incident: str | None
    score: Score | None
    considered: int


def decide(facts: ReportFacts, index: LinkIndex) -> LinkDecision:
    """Score every candidate incident and keep the best one if it links."""
    candidates = index.candidates(query_keys(facts), exclude_report=facts.report_id)
    best_incident: str | None = None
    best_score: Score | None = None
    members_of = index.members(candidates)
    for incident in candidates:
        members = [m for m in members_of.get(incident, ()) if m.report_id != facts.report_id]
        if not members:
            continue
        score = score_incident(facts, members)
        if best_score is None or score.total > best_score.total:
            best_incident, best_score = incident, score
    if best_score is not None and best_score.links:
        return LinkDecision(best_incident, best_score, len(candidates))
    return LinkDecision(None, best_score, len(candidates))
