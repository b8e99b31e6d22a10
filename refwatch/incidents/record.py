"""The incident record, derived from its reports' events; pinned facts win over derived ones.

Everything here is a pure function of the member reports' facts, the pins and the day it is
computed for, so re-linking or re-extraction simply derives it again, and a person's pin is
applied last every time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from refwatch.incidents.chains import SourceChain, source_chains
from refwatch.incidents.conflicts import Conflict, find_conflicts
from refwatch.incidents.facts import ReportFacts
from refwatch.incidents.match import count_range
from refwatch.incidents.timeline import Step, build_steps, format_day
from refwatch.incidents.urgency import Urgency, urgency_of

IN_CUSTODY = frozenset({"detained", "transferred", "at_risk", "sentenced"})
CLOSING = frozenset({"repatriated", "released", "arrived", "died"})
EXITS = frozenset({"repatriated", "released", "died"})  # ways out of custody (arrival follows one)
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


def _exit_range(step: Step, corrected: bool) -> tuple[float, float] | None:
    """How many people the step took out of custody: the latest report's count when a later
    report corrected it ("two died, not three"), else the largest count any report gives."""
    counted = [m for m in step.mentions if m.event.count is not None]
    if not counted:
        return None
    if corrected:
        latest = max(counted, key=lambda m: (m.published or 0, len(m.report_id), m.report_id))
        return count_range(latest.event.count or 0, latest.event.qualifier)
    ranges = [count_range(m.event.count or 0, m.event.qualifier) for m in counted]
    return max(low for low, _high in ranges), max(high for _low, high in ranges)


def _some_still_held(standing: Sequence[Step], corrected: Collection[int]) -> bool:
    """Fewer people certainly left custody (released, returned, died) than were certainly held."""
    exits = [_exit_range(s, id(s) in corrected) for s in standing if s.type in EXITS]
    if not exits or any(found is None for found in exits):
        return False
    held = [count_range(m.event.count, m.event.qualifier)[0] for s in standing for m in s.mentions
            if m.event.count is not None]
    return bool(held) and sum(found[1] for found in exits if found is not None) < max(held)


def _status(standing: Sequence[Step], some_still_held: bool) -> str:
    """The type of the latest standing step; but when that step releases, returns or buries only
    part of the group ("one drowned, six were caught"), the latest step of those still held."""
    if not standing:
        return "unknown"
    held = [s for s in standing if s.type in IN_CUSTODY]
    if standing[-1].type in EXITS and held and some_still_held:
        return held[-1].type
    return standing[-1].type


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


def _event_span(steps: Sequence[Step]) -> tuple[str | None, str | None]:
    """The first and last event dates, each step counted by its most precise date."""
    spans = [span for step in steps if (span := step.span()) is not None]
    if not spans:
        return None, None
    first = min(spans, key=lambda s: s[0])
    last = max(spans, key=lambda s: s[1])
    return format_day(first[0], first[2]), format_day(last[1], last[2])


def _custody_days(standing: Sequence[Step], status: str, today: int, last_news: int | None,
                  some_still_held: bool) -> int | None:
    """From the first dated custody step until the group left custody (the last release, return
    or death; else reaching safety); while some are still held, to today, or to the last news once
    nothing has been heard for STALE_CUSTODY_DAYS (what the reports know)."""
    held = [s for s in standing if s.type in IN_CUSTODY and s.dated]
    if not held:
        return None
    start = min(s.anchor for s in held)
    after = [s for s in standing if s.dated and s.anchor >= start]
    exits = [s.anchor for s in after if s.type in EXITS]
    arrivals = [s.anchor for s in after if s.type == "arrived"]
    ongoing = status in IN_CUSTODY and (some_still_held or not (exits or arrivals))
    if ongoing:
        end: int | None = last_news if last_news is not None and today - last_news > STALE_CUSTODY_DAYS else today
    else:
        end = max(exits) if exits else min(arrivals) if arrivals else None
    return None if end is None else max(0, end - start)


def derive_record(members: Sequence[ReportFacts], *, pins: Mapping[str, Any] | None = None,
                  today: date | None = None) -> IncidentRecord:
    """Status, people, places, timeline, sources, conflicts and urgency from the member reports."""
    today_ordinal = (today or date.today()).toordinal()
    steps = build_steps(members)
    conflicts = find_conflicts(steps, members)  # marks refuted steps
    standing = [s for s in steps if not s.refuted_by]
    corrected = {id(steps[c.step]) for c in conflicts if c.kind == "corrected"}
    some_still_held = _some_still_held(standing, corrected)
    status = _status(standing, some_still_held)
    people_min, people_max = _people(members)
    country, place, lat, lon = _where(steps)
    first_event, last_event = _event_span(steps)
    published = [m.published for m in members if m.published is not None]
    last_day = max(published) if published else None
    record = IncidentRecord(
        status=status, country=country, place=place, lat=lat, lon=lon,
        people_min=people_min, people_max=people_max, children=_children(members),
        first_event_date=first_event, last_event_date=last_event,
        first_reported=format_day(min(published), "day") if published else None,
        last_reported=format_day(last_day, "day") if last_day is not None else None,
        days_in_custody=_custody_days(standing, status, today_ordinal, last_day, some_still_held),
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
    """A person's pinned values replace the derived ones; the record says which were pinned.

    A pinned bound of the head count moves the derived other bound with it when they would
    cross (pinned at least 12 while the reports say at most 11 reads 12-12, never 12-11).
    """
    chosen = {name: value for name, value in pins.items() if name in PINNABLE}
    if not chosen:
        return record
    values = dict(chosen)
    if "place" in chosen:
        values.update(lat=None, lon=None)
    low, high = chosen.get("people_min", record.people_min), chosen.get("people_max", record.people_max)
    if low is not None and high is not None and low > high:
        if "people_max" not in chosen:
            values["people_max"] = low
        elif "people_min" not in chosen:
            values["people_min"] = high
    return replace(record, **values, pinned=dict(chosen))
