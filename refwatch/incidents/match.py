"""How strongly a new report belongs to an incident: evidence points from several signals.

No single field decides. Extraction misses events and gets counts, dates and places wrong, so
the score adds up independent evidence, each capped:

- **facts**: the report's events against the incident's events (same step of the custody
  path: type, dates that overlap or nearly, same or nearby place, compatible counts);
- **copy**: MinHash similarity of the texts (a syndicated copy is decisive on its own);
- **meaning**: multilingual embedding similarity of the leads, relative to what two reports
  on the same topic score anyway (Korean and English sit lower than two English texts);
- **descriptors**: shared distinctive details ("army captain", "baby", "fishing boat") and
  numbers both leads name (a head count, a day of the month);
- **time**: a report far from every member, with no fact to bridge the gap, is held back.

Two reports on the same topic read alike, so when both sides have dated or placed facts and
those facts do not agree, meaning and descriptors count half. The weights are few, round and
explained here; the dev corpus set the threshold and that floor, and generated dense streams
(`bench/link.py quality`) checked them (decision 0401).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from refwatch.incidents import embed, minhash
from refwatch.incidents.descriptors import COMMON
from refwatch.incidents.facts import FactEvent, ReportFacts

LINK_THRESHOLD = 2.0
COPY_SIMILARITY = 0.5
EARTH_RADIUS_KM = 6371.0
SAME_PLACE_KM = 30.0
NEAR_PLACE_KM = 120.0
# Cosine that two leads about the same topic but different groups reach anyway.
EMBED_MIDPOINT_SAME_LANGUAGE = 0.69
EMBED_MIDPOINT_CROSS_LANGUAGE = 0.61
EMBED_SCALE = 0.05
STALE_DAYS = 150
SEQUENCE_WINDOW_DAYS = 120
NUMBER_WEIGHT = 0.35
DESCRIPTOR_CAP = 0.9
# Below this much fact evidence, text similarity alone counts half (unless the report has no
# dated or placed event to compare: then text is all there is).
FACT_FLOOR = 0.5


@dataclass(frozen=True, slots=True)
class Score:
    """Evidence that a report belongs to an incident, with the reasons a monitor can read."""

    total: float
    facts: float = 0.0
    copy: float = 0.0
    meaning: float = 0.0
    descriptors: float = 0.0
    time: float = 0.0
    best_copy: float = 0.0

    @property
    def links(self) -> bool:
        return self.total >= LINK_THRESHOLD

    def reasons(self) -> dict[str, float]:
        return {k: round(v, 3) for k, v in (
            ("total", self.total), ("facts", self.facts), ("copy", self.copy), ("meaning", self.meaning),
            ("descriptors", self.descriptors), ("time", self.time), ("best_copy", self.best_copy),
        )}


def date_gap(a: FactEvent, b: FactEvent) -> int | None:
    """Days between two date intervals (0 when they overlap); None when either is undated."""
    if a.start is None or b.start is None or a.end is None or b.end is None:
        return None
    return max(0, max(a.start, b.start) - min(a.end, b.end))


def distance_km(a: FactEvent, b: FactEvent) -> float | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def place_relation(a: FactEvent, b: FactEvent) -> str | None:
    """'same', 'near', 'far', 'other' (different names, distance unknown) or None (one unknown)."""
    if set(a.places) & set(b.places):
        return "same"
    km = distance_km(a, b)
    if km is not None:
        return "same" if km <= SAME_PLACE_KM else "near" if km <= NEAR_PLACE_KM else "far"
    if a.places and b.places:
        return "other"
    return None


def count_range(count: int, qualifier: str) -> tuple[float, float]:
    """The head counts a figure allows: 'about 20' is 16-25, 'more than 60' is 60 or more."""
    if qualifier == "about":
        return count * 0.75, count * 1.3
    if qualifier == "at_least":
        return count, math.inf
    if qualifier == "up_to":
        return 1, count
    return count, count


def count_relation(a: FactEvent, b: FactEvent) -> str | None:
    """'same', 'compatible', 'differs' or None (one unknown)."""
    if a.count is None or b.count is None:
        return None
    if a.count == b.count:
        return "same"
    low_a, high_a = count_range(a.count, a.qualifier)
    low_b, high_b = count_range(b.count, b.qualifier)
    return "compatible" if low_a <= high_b and low_b <= high_a else "differs"


def count_weight(count: int) -> float:
    """Agreeing on 600 people says more than agreeing on one person."""
    return min(1.5, 0.3 + 0.3 * math.log(count))


def event_affinity(a: FactEvent, b: FactEvent) -> float:
    """Evidence that two events are the same step, or consecutive steps, of one group's path."""
    if a.country and b.country and a.country != b.country:
        return 0.0
    same_type = a.type == b.type
    score = 0.3 if a.country and b.country else 0.0
    gap = date_gap(a, b)
    if gap is not None and (a.approximate or b.approximate):
        score += -1.5 if gap > SEQUENCE_WINDOW_DAYS else 0.0
    elif gap is not None:
        if not same_type:
            score += 0.5 if gap <= 14 else -1.5 if gap > SEQUENCE_WINDOW_DAYS else 0.0
        elif gap == 0:
            score += 1.5 if a.precision == b.precision == "day" else 0.75
        elif gap <= 3:
            score += 1.0
        elif gap <= 14:
            score += 0.4
        elif gap > 45:
            score -= 1.5
    place = place_relation(a, b)
    score += {"same": 1.0, "near": 0.3, "far": -1.0, "other": -0.3, None: 0.0}[place]
    counts = count_relation(a, b)
    if counts == "same" and a.count is not None:
        score += count_weight(a.count)
    elif counts == "compatible":
        score += 0.4
    elif counts == "differs":
        score -= 0.5
    if score > 0 and (not same_type or a.approximate or b.approximate):
        score *= 0.5  # a different step, or a date that is only the publication's: weaker evidence
    return score


def fact_evidence(events: Sequence[FactEvent], pool: Sequence[FactEvent]) -> float:
    """The best match of each new event in the incident's pool; the strongest counts fully."""
    if not events or not pool:
        return 0.0
    bests = sorted((max(event_affinity(e, p) for p in pool) for e in events), reverse=True)
    strongest = min(bests[0], 4.5)
    if strongest <= 0:
        return max(strongest, -2.0)
    support = sum(min(b, 3.0) for b in bests[1:] if b > 0)
    return strongest + min(0.5 * support, 2.5)


def copy_evidence(similarity: float) -> float:
    if similarity >= COPY_SIMILARITY:
        return 6.0
    if similarity >= 0.3:
        return 2.5
    if similarity >= 0.2:
        return 1.0
    return 0.0


def meaning_evidence(cosine: float, *, same_language: bool) -> float:
    midpoint = EMBED_MIDPOINT_SAME_LANGUAGE if same_language else EMBED_MIDPOINT_CROSS_LANGUAGE
    return max(-1.5, min(2.0, (cosine - midpoint) / EMBED_SCALE * 0.5))


def descriptor_evidence(a: ReportFacts, b: ReportFacts) -> float:
    """Shared distinctive details, and shared numbers beyond the one any two reports share."""
    shared = a.descriptors & b.descriptors
    details = min(DESCRIPTOR_CAP, 0.3 * len(shared - COMMON) + 0.1 * len(shared & COMMON))
    numbers = len(a.numbers & b.numbers)
    return details + min(1.0, NUMBER_WEIGHT * max(0, numbers - 1))


def time_evidence(report: ReportFacts, members: Sequence[ReportFacts], facts: float) -> float:
    """Hold back a report published long after (or before) every member unless facts bridge it."""
    if report.published is None or facts >= 2.0:
        return 0.0
    gaps = [abs(report.published - m.published) for m in members if m.published is not None]
    if not gaps:
        return 0.0
    nearest = min(gaps)
    return -1.5 if nearest > STALE_DAYS else 0.3 if nearest <= 14 else 0.0


def score_incident(report: ReportFacts, members: Sequence[ReportFacts]) -> Score:
    """How strongly `report` belongs to the incident made of `members`."""
    if not members:
        return Score(total=float("-inf"))
    pool = [e for m in members for e in m.events]
    facts = fact_evidence(report.events, pool)
    best_copy = max(minhash.similarity(report.signature, m.signature) for m in members)
    meaning = _best_meaning(report, members)
    descriptors = max(descriptor_evidence(report, m) for m in members)
    time = time_evidence(report, members, facts)
    copy = copy_evidence(best_copy)
    if facts < FACT_FLOOR and _has_comparable_facts(report) and any(_has_comparable_facts(m) for m in members):
        meaning, descriptors = min(meaning, meaning / 2), descriptors / 2
    total = facts + copy + meaning + descriptors + time
    return Score(total, facts, copy, meaning, descriptors, time, best_copy)


def _has_comparable_facts(report: ReportFacts) -> bool:
    return any((e.start is not None and not e.approximate) or e.places for e in report.events)


def _best_meaning(report: ReportFacts, members: Sequence[ReportFacts]) -> float:
    best: float | None = None
    for member in members:
        if report.embedding is None or member.embedding is None:
            continue
        same = bool(report.language) and report.language == member.language
        value = meaning_evidence(embed.cosine(report.embedding, member.embedding), same_language=same)
        best = value if best is None else max(best, value)
    return best or 0.0
