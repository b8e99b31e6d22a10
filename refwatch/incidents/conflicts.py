"""Where reports disagree: shown on the incident, never averaged away.

- `count`: two reports give head counts for one step that cannot both be true;
- `corrected`: the same, where the later report says earlier reports of that step were wrong;
- `date`: two day-precise dates for one step differ;
- `place`: one step placed in two places that are not the same or nearby;
- `refuted`: a later report says earlier reports of a kind of step were wrong ("reports that
  they had been handed to China turned out to be wrong") and itself leaves out that step
  (a transfer, a return, a death) which an earlier report gave. The step stays on the
  timeline, marked as refuted, and no longer sets the incident's status.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from refwatch.incidents.facts import ReportFacts
from refwatch.incidents.match import count_relation, place_relation
from refwatch.incidents.timeline import Mention, Step, format_day

REFUTABLE = frozenset({"transferred", "repatriated", "died", "released", "arrived", "sentenced"})


@dataclass(frozen=True, slots=True)
class Conflict:
    kind: str
    step: int
    type: str
    reports: tuple[str, ...]
    values: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "step": self.step, "type": self.type,
                "reports": list(self.reports), "values": dict(self.values)}


def _later(a: Mention, b: Mention) -> Mention:
    return b if (b.published or 0, b.report_id) >= (a.published or 0, a.report_id) else a


def _count_conflicts(index: int, step: Step, disputes: dict[str, frozenset[str]]) -> list[Conflict]:
    pairs = [(a, b) for a, b in combinations(step.mentions, 2) if count_relation(a.event, b.event) == "differs"]
    if not pairs:
        return []
    involved = {m.report_id: m.event.count for pair in pairs for m in pair}
    corrected = any(step.type in disputes.get(_later(a, b).report_id, frozenset()) for a, b in pairs)
    kind = "corrected" if corrected else "count"
    return [Conflict(kind, index, step.type, tuple(involved), involved)]


def _date_conflicts(index: int, step: Step) -> list[Conflict]:
    days = {m.report_id: m.event.start for m in step.mentions
            if m.event.precision == "day" and not m.event.approximate and m.event.start is not None}
    if len(set(days.values())) < 2:
        return []
    values = {report: format_day(day, "day") for report, day in days.items()}
    return [Conflict("date", index, step.type, tuple(values), values)]


def _place_conflicts(index: int, step: Step) -> list[Conflict]:
    pairs = [(a, b) for a, b in combinations(step.mentions, 2) if place_relation(a.event, b.event) in ("far", "other")]
    if not pairs:
        return []
    values = {m.report_id: m.event.place_label for pair in pairs for m in pair}
    return [Conflict("place", index, step.type, tuple(values), values)]


def _refutations(index: int, step: Step, members: Sequence[ReportFacts]) -> list[Conflict]:
    if step.type not in REFUTABLE:
        return []
    told = set(step.reports)
    last_told = max((m.published or 0) for m in step.mentions)
    refuters = [
        m.report_id for m in members
        if step.type in m.disputes and m.report_id not in told and m.events
        and m.published is not None and m.published > last_told and m.published >= step.anchor
    ]
    if not refuters:
        return []
    step.refuted_by = refuters
    return [Conflict("refuted", index, step.type, tuple(step.reports + refuters),
                     {"claimed_by": step.reports, "refuted_by": refuters})]


def find_conflicts(steps: Sequence[Step], members: Sequence[ReportFacts]) -> list[Conflict]:
    """Every disagreement between the incident's reports; marks refuted steps as a side effect."""
    disputes = {m.report_id: m.disputes for m in members}
    found: list[Conflict] = []
    for index, step in enumerate(steps):
        found += _count_conflicts(index, step, disputes)
        found += _date_conflicts(index, step)
        found += _place_conflicts(index, step)
        found += _refutations(index, step, members)
    return found
