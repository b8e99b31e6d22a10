"""How urgently an incident needs people to act, on a 0-100 scale, with its reasons.

Speed is what saves people: the score is highest while a group is still held abroad and rises
with what brings a forced return closer. Parts, added then capped at 100:

- where the group stands: at risk of return 50, moved 45, held 40, ordered deported 40;
  already returned 25 (punishment follows, campaigns go on), died 10, released 5, safe 0;
- children among them: +15;
- a transfer toward the North Korean border (to or from a Chinese border city, or out of a
  country that hands people back to China: Vietnam, Laos, Myanmar, Mongolia, Russia): +15;
- return reported as imminent (an at-risk report in the last 14 days): +10;
- silence while in custody: 7-45 days without news +10 (someone should check);
- staleness: after 90 days without news the score halves, after a year it is a fifth.

`urgent` is a score of 60 or more: what the alerting stage treats as urgent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from refwatch.incidents.facts import place_keys
from refwatch.incidents.timeline import Step

if TYPE_CHECKING:
    from refwatch.incidents.record import IncidentRecord

URGENT_AT = 60.0
STATUS_BASE = {"at_risk": 50.0, "transferred": 45.0, "detained": 40.0, "sentenced": 40.0, "repatriated": 25.0,
               "died": 10.0, "released": 5.0, "arrived": 0.0}
OPEN = frozenset({"detained", "transferred", "at_risk", "sentenced"})
# Chinese cities on the North Korean border, where groups are held before the hand-over.
BORDER_PLACES = frozenset(place_keys(
    "Dandong; Tumen; Hunchun; Changbai; Ji'an; Linjiang; Nanping; Sanhe; Kaishantun; Longjing; Helong; Yanji; "
    "Shuangmufeng; Quanhe; Sinuiju; Namyang; Hyesan; Hoeryong; Onsong; Musan"
))
PUSHBACK_COUNTRIES = frozenset({"VN", "LA", "MM", "MN", "RU"})
IMMINENT_DAYS = 14


@dataclass(frozen=True, slots=True)
class Urgency:
    score: float
    reasons: tuple[str, ...]

    @property
    def urgent(self) -> bool:
        return self.score >= URGENT_AT

    def to_json(self) -> dict[str, Any]:
        return {"score": self.score, "urgent": self.urgent, "reasons": list(self.reasons)}


def _toward_border(steps: Sequence[Step]) -> bool:
    for step in steps:
        if step.type != "transferred" or step.refuted_by:
            continue
        places = {key for m in step.mentions for key in m.event.places}
        countries = {m.event.country for m in step.mentions if m.event.country}
        if places & BORDER_PLACES or countries & PUSHBACK_COUNTRIES:
            return True
    return False


def _imminent(steps: Sequence[Step], today: int) -> bool:
    return any(
        step.type == "at_risk" and not step.refuted_by and today - step.anchor <= IMMINENT_DAYS
        for step in steps
    )


def urgency_of(record: IncidentRecord, steps: Sequence[Step], today: int) -> Urgency:
    score = STATUS_BASE.get(record.status, 20.0)
    reasons = [f"status {record.status}"]
    if record.children:
        score += 15
        reasons.append("children")
    open_case = record.status in OPEN
    if open_case and _toward_border(steps):
        score += 15
        reasons.append("moved toward the border")
    if open_case and _imminent(steps, today):
        score += 10
        reasons.append("return reported imminent")
    silence = record.days_without_news
    if open_case and silence is not None and 7 <= silence <= 45:
        score += 10
        reasons.append(f"{silence} days without news")
    if silence is not None and silence > 365:
        score *= 0.2
        reasons.append("no news for over a year")
    elif silence is not None and silence > 90:
        score *= 0.5
        reasons.append("no news for over 90 days")
    return Urgency(round(min(100.0, score), 1), tuple(reasons))
