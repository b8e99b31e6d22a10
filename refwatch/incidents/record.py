"""The incident record, derived from its reports' events; pinned facts win over derived ones.

Everything here is a pure function of the member reports' facts, the pins and the day it is
computed for, so re-linking or re-extraction simply derives it again, and a person's pin is
applied last every time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from refwatch.incidents.chains import SourceChain, source_chains
from refwatch.incidents.conflicts import Conflict, find_conflicts
from refwatch.incidents.facts import ReportFacts
from refwatch.incidents.timeline import Step, build_steps, format_day
from refwatch.incidents.urgency import Urgency, urgency_of

IN_CUSTODY = frozenset({"detained", "transferred", "at_risk", "sentenced"})
CLOSING = frozenset({"repatriated", "released", "arrived", "died"})
STALE_CUSTODY_DAYS = 90
PINNABLE = ("status", "country", "place", "people_min", "people_max", "children", "first_event_date")


@dataclass(frozen=True)
class IncidentRecord:
    """What monitors see for one incident (shape documented in docs/incidents.md)."""

    status: str
    country: str | None
    place: str | None
    lat: float | None
    lon: float | None
    people_min: int | None
    people_max: int | None
    children: int | None
    first_event_date: str | None
    last_event_date: str | None
    first_reported: str | None
    last_reported: str | None
    days_in_custody: int | None
    days_without_news: int | None
    urgency: Urgency
    report_count: int
    chains: tuple[SourceChain, ...]
    conflicts: tuple[Conflict, ...]
    timeline: tuple[dict[str, Any], ...]
    pinned: dict[str, Any] = field(default_factory=dict)

    @property
    def independent_sources(self) -> int:
        return len(self.chains)

    @property
    def corroborated(self) -> bool:
        return self.independent_sources >= 2

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status, "country": self.country, "place": self.place, "lat": self.lat, "lon": self.lon,
            "people_min": self.people_min, "people_max": self.people_max, "children": self.children,
            "first_event_date": self.first_event_date, "last_event_date": self.last_event_date,
            "first_reported": self.first_reported, "last_reported": self.last_reported,
            "days_in_custody": self.days_in_custody, "days_without_news": self.days_without_news,
            "urgency": self.urgency.to_json(), "report_count": self.report_count,
            "independent_sources": self.independent_sources, "corroborated": self.corroborated,
            "chains": [c.to_json() for c in self.chains], "conflicts": [c.to_json() for c in self.conflicts],
            "timeline": list(self.timeline), "pinned": dict(self.pinned),
        }


def _status(steps: Sequence[Step]) -> str:
    standing = [s for s in steps if not s.refuted_by]
    return standing[-1].type if standing else "unknown"


def _people(members: Sequence[ReportFacts]) -> tuple[int | None, int | None]:
    """Each report's figure for the whole group is its largest count; the range runs across reports."""
    sizes = [max(e.count for e in m.events if e.count is not None) for m in members
             if any(e.count is not None for e in m.events)]
    return (min(sizes), max(sizes)) if sizes else (None, None)


def _children(members: Sequence[ReportFacts]) -> int | None:
    values = [e.children for m in members for e in m.events if e.children is not None]
    return max(values) if values else None


def _where(steps: Sequence[Step]) -> tuple[str | None, str | None, float | None, float | None]:
    """Country and place of the first step that names them (where the group was found)."""
    for step in steps:
        for mention in step.mentions:
            event = mention.event
            if event.place_label and event.country:
                return event.country, event.place_label, event.lat, event.lon
    countries = Counter(m.event.country for s in steps for m in s.mentions if m.event.country)
    return (countries.most_common(1)[0][0] if countries else None), None, None, None


def _event_span(steps: Sequence[Step]) -> tuple[str | None, str | None, int | None]:
    dated = [(e.start, e.end, e.precision) for s in steps for e in s.dated if e.start is not None and e.end is not None]
    if not dated:
        return None, None, None
    first = min(dated, key=lambda d: d[0])
    last = max(dated, key=lambda d: d[1])
    return format_day(first[0], first[2]), format_day(last[1], last[2]), first[0]


def _custody_days(steps: Sequence[Step], status: str, today: int, last_news: int | None) -> int | None:
    """From the first dated custody step to release or return; while still held, to today, or to
    the last news once nothing has been heard for STALE_CUSTODY_DAYS (what the reports know)."""
    held = [s for s in steps if s.type in IN_CUSTODY and s.dated]
    if not held:
        return None
    start = min(s.anchor for s in held)
    ends = [s.anchor for s in steps if s.type in CLOSING and not s.refuted_by and s.dated and s.anchor >= start]
    if ends:
        end: int | None = min(ends)
    elif status not in IN_CUSTODY:
        end = None
    elif last_news is not None and today - last_news > STALE_CUSTODY_DAYS:
        end = last_news
    else:
        end = today
    return None if end is None else max(0, end - start)


def derive_record(members: Sequence[ReportFacts], *, pins: Mapping[str, Any] | None = None,
                  today: date | None = None) -> IncidentRecord:
    """Status, people, places, timeline, sources, conflicts and urgency from the member reports."""
    today_ordinal = (today or date.today()).toordinal()
    steps = build_steps(members)
    conflicts = find_conflicts(steps, members)
    status = _status(steps)
    people_min, people_max = _people(members)
    country, place, lat, lon = _where(steps)
    first_event, last_event, _first_day = _event_span(steps)
    published = [m.published for m in members if m.published is not None]
    last_day = max(published) if published else None
    record = IncidentRecord(
        status=status, country=country, place=place, lat=lat, lon=lon,
        people_min=people_min, people_max=people_max, children=_children(members),
        first_event_date=first_event, last_event_date=last_event,
        first_reported=format_day(min(published), "day") if published else None,
        last_reported=format_day(last_day, "day") if last_day is not None else None,
        days_in_custody=_custody_days(steps, status, today_ordinal, last_day),
        days_without_news=(today_ordinal - last_day) if last_day is not None else None,
        urgency=Urgency(0.0, ()),
        report_count=len(members),
        chains=tuple(source_chains(members)),
        conflicts=tuple(conflicts),
        timeline=tuple(s.to_json() for s in steps),
    )
    record = apply_pins(record, pins or {})
    return replace(record, urgency=urgency_of(record, steps, today_ordinal))


def apply_pins(record: IncidentRecord, pins: Mapping[str, Any]) -> IncidentRecord:
    """A person's pinned values replace the derived ones; the record says which were pinned."""
    chosen = {name: value for name, value in pins.items() if name in PINNABLE}
    if not chosen:
        return record
    if "place" in chosen:
        chosen_with_position = {**chosen, "lat": None, "lon": None}
        return replace(record, **chosen_with_position, pinned=dict(chosen))
    return replace(record, **chosen, pinned=dict(chosen))
