"""The custody timeline: the events of all an incident's reports folded into steps.

A step is one thing that happened to the group (caught in Mong Cai, handed to China, held in
Dongxing, returned at Tumen) with every report that tells of it and every value they give.
Two events of one type fold into one step when they happen in the same country, their dates are
close (within two weeks, or three days if they name different places) and their places or their
counts agree; one report contributes at most one event to a step, so a group caught twice keeps
two detentions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cmp_to_key
from typing import Any

from refwatch.incidents.facts import UNDATED_LOOKBACK_DAYS, FactEvent, ReportFacts, arrival_order
from refwatch.incidents.match import count_relation, date_gap, place_relation

SAME_STEP_DAYS = 14
CLOSE_DAYS = 3
# Order of the custody path, for steps on the same day or without a date.
PATH_ORDER = {"detained": 0, "transferred": 1, "at_risk": 2, "sentenced": 3, "released": 4,
              "repatriated": 4, "died": 4, "arrived": 5}


@dataclass(frozen=True, slots=True)
class Mention:
    """One report's account of a step."""

    report_id: str
    published: int | None
    event: FactEvent


@dataclass
class Step:
    type: str
    mentions: list[Mention] = field(default_factory=list)
    refuted_by: list[str] = field(default_factory=list)

    @property
    def reports(self) -> list[str]:
        return [m.report_id for m in self.mentions]

    @property
    def dated(self) -> list[FactEvent]:
        return [m.event for m in self.mentions if m.event.start is not None and not m.event.approximate]

    def span(self) -> tuple[int, int, str] | None:
        """The step's most precise date: (first day, last day, precision); None when no report dates it.

        "5 September" and "September" in two reports of one arrest mean the 5th, not the 1st.
        """
        dated = [e for e in self.dated if e.start is not None and e.end is not None]
        if not dated:
            return None
        narrowest = min(dated, key=lambda e: ((e.end or 0) - (e.start or 0), e.start or 0))
        return narrowest.start or 0, narrowest.end or 0, narrowest.precision

    @property
    def anchor(self) -> int:
        """The day the step stands for on the timeline (publication day for undated steps)."""
        span = self.span()
        if span is not None:
            return span[0]
        days = [m.event.end for m in self.mentions if m.event.end is not None]
        days += [m.published for m in self.mentions if m.published is not None]
        return max(days) if days else 0

    def best_date(self) -> str | None:
        """The most precise date most reports agree on."""
        dated = self.dated
        if not dated:
            return None
        rank = {"day": 0, "month": 1, "year": 2}
        labels = Counter(format_day(e.start, e.precision) for e in dated if e.start is not None)
        return min(labels, key=lambda label: (rank.get(_precision_of(label), 3), -labels[label], label))

    def counts(self) -> dict[str, int]:
        return {m.report_id: m.event.count for m in self.mentions if m.event.count is not None}

    def places(self) -> list[str]:
        labels = Counter(m.event.place_label for m in self.mentions if m.event.place_label)
        return [label for label, _n in labels.most_common()]

    def country(self) -> str | None:
        countries = Counter(m.event.country for m in self.mentions if m.event.country)
        return countries.most_common(1)[0][0] if countries else None

    def to_json(self) -> dict[str, Any]:
        counts = self.counts()
        children = [m.event.children for m in self.mentions if m.event.children is not None]
        authorities = Counter(m.event.authority for m in self.mentions if m.event.authority)
        return {
            "type": self.type,
            "date": self.best_date(),
            "country": self.country(),
            "places": self.places(),
            "count_min": min(counts.values()) if counts else None,
            "count_max": max(counts.values()) if counts else None,
            "counts": counts,
            "children": max(children) if children else None,
            "authority": authorities.most_common(1)[0][0] if authorities else None,
            "reports": self.reports,
            "refuted_by": list(self.refuted_by),
        }


def format_day(ordinal: int, precision: str) -> str:
    text = date.fromordinal(ordinal).isoformat()
    return text[:7] if precision == "month" else text[:4] if precision == "year" else text


def _precision_of(label: str) -> str:
    return {10: "day", 7: "month", 4: "year"}.get(len(label), "unknown")


def _fit(step: Step, mention: Mention) -> float | None:
    """How well a report's event fits an existing step (higher is better); None if it does not."""
    if step.type != mention.event.type or mention.report_id in step.reports:
        return None
    best: float | None = None
    for other in step.mentions:
        if other.event.country and mention.event.country and other.event.country != mention.event.country:
            continue  # held in Vietnam, then held in China: two steps
        gap = date_gap(other.event, mention.event)
        exact = gap is not None and not other.event.approximate and not mention.event.approximate
        place = place_relation(other.event, mention.event)
        counts = count_relation(other.event, mention.event)
        places_agree = place in ("same", "near", None)
        if exact and gap is not None and (gap > SAME_STEP_DAYS or (gap > CLOSE_DAYS and not places_agree)):
            continue
        if not places_agree and counts not in ("same", "compatible"):
            continue
        fit = (2.0 if place == "same" else 1.0 if places_agree else 0.0) + (1.0 if counts == "same" else 0.0)
        fit -= (gap or 0) / SAME_STEP_DAYS if exact else 0.5
        best = fit if best is None else max(best, fit)
    return best


def _interval(step: Step) -> tuple[int, int]:
    """The days the step may have happened on: its most precise date, else before publication."""
    span = step.span()
    if span is not None:
        return span[0], span[1]
    return step.anchor - UNDATED_LOOKBACK_DAYS, step.anchor


def _before(a: Step, b: Step) -> int:
    """Timeline order: by date where the dates tell, else along the custody path."""
    (a_start, a_end), (b_start, b_end) = _interval(a), _interval(b)
    if a_end < b_start:
        return -1
    if b_end < a_start:
        return 1
    by_path = PATH_ORDER.get(a.type, 9) - PATH_ORDER.get(b.type, 9)
    return by_path or (a_start - b_start)


def build_steps(members: Sequence[ReportFacts]) -> list[Step]:
    """Fold every event of every member report into steps, in timeline order."""
    steps: list[Step] = []
    ordered = sorted(members, key=arrival_order)
    for member in ordered:
        for event in member.events:
            mention = Mention(member.report_id, member.published, event)
            fits = [(fit, n) for n, step in enumerate(steps) if (fit := _fit(step, mention)) is not None]
            home = steps[max(fits)[1]] if fits else None
            if home is None:
                steps.append(Step(event.type, [mention]))
            else:
                home.mentions.append(mention)
    steps.sort(key=cmp_to_key(_before))
    return steps
