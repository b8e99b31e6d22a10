"""Is a report about North Koreans caught, moved, returned, freed, arrived, sentenced or dead?

Two steps, cheap first (DESIGN: 99 % of a news stream is irrelevant):
1. **Gate** on the language rules' cue counts, one regex pass over the text: no mention of
   the people, or no event or risk word, rejects the report before sentences are even split.
2. **Decision** after assembly: a report is relevant when it tells of a specific incident
   (codebook) — at least one main event with its own count, date or place — and its
   negative cues (missiles, elections, statistics, policy debate…) do not dominate.
The score is a logistic of the same evidence, so it reads as a probability-like 0–1 value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from refwatch.types import Event

_THRESHOLD = 0.5


def passes_gate(cues: dict[str, int]) -> bool:
    return cues.get("people", 0) >= 1 and (cues.get("event", 0) + cues.get("risk", 0)) >= 1


def _logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def gate_score(cues: dict[str, int]) -> float:
    """A score for reports the gate rejects: low, and lower the fewer cues they have."""
    evidence = min(cues.get("people", 0), 3) + min(cues.get("event", 0) + cues.get("risk", 0), 3)
    return round(0.05 * evidence, 3)


def decide(cues: dict[str, int], events: Sequence[Event]) -> tuple[bool, float]:
    """(relevant, score) from the cues and the assembled events."""
    main = [e for e in events if not e.background]
    specific = [e for e in main if e.count is not None or e.date is not None or e.place is not None]
    incident_events = [e for e in specific if e.type != "at_risk"]
    undated = not any(e.date for e in main)  # life stories and features tell no dated incident
    x = (
        -1.6
        - 1.0 * (undated and cues.get("negative", 0) >= 2)
        + 0.35 * min(cues.get("event", 0), 8)
        + 0.5 * min(cues.get("risk", 0), 3)
        + 0.25 * min(cues.get("people", 0), 6)
        + 1.2 * min(len(incident_events), 3)
        + 0.5 * min(len(specific) - len(incident_events), 2)
        - 0.6 * min(cues.get("negative", 0), 8)
    )
    score = _logistic(x)
    relevant = score >= _THRESHOLD and bool(specific)
    return relevant, round(score, 3)
