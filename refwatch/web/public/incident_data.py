"""The public projection of an incident: the one dict the page, the API and the exports render.

Built from the incident row (pins already applied by `refwatch/incidents/`), its derived record
(timeline, source chains, conflicts) and its member reports' stored facts. What is left out on
purpose (docs/decisions/0551-what-an-incident-page-shows.md):

- private notes and sensitive fields: never read here at all;
- report ids and evidence quotes: sources are numbered S1, S2 … and say what they report in
  coded words (type, date, place, number), because a quote may name a person or a hiding place;
- reports without a web address (tips, files): only their date and coded words, never their
  title or outlet, which could point at an informant;
- the names a report cites as its sources: a chain is shown by its outlets, not by who talked;
- coordinates finer than two decimals (about a kilometre): places are towns, never addresses.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from refwatch.store.models import Incident, IncidentReport, LinkFacts
from refwatch.store.models import Report as ReportRow

COORDINATE_DECIMALS = 2
SUMMARY_FIELDS: tuple[str, ...] = (
    "key", "status", "country", "place", "lat", "lon", "people_min", "people_max", "children",
    "first_event_date", "last_event_date", "first_reported", "last_reported", "days_in_custody", "report_count",
    "independent_sources", "corroborated", "conflict_count", "urgent", "title_en", "title_ko", "summary_en",
    "summary_ko", "url",
)
SAYS_FIELDS: tuple[str, ...] = ("type", "date", "country", "place", "count", "count_qualifier", "children",
                                "authority")


def web_link(url: str | None) -> str | None:
    """Only http(s) addresses count as a published source; anything else is shown as a tip."""
    return url if url and url.lower().startswith(("https://", "http://")) else None


def incident_path(key: str) -> str:
    return f"/incidents/{key}"


def _coordinate(value: float | None) -> float | None:
    return None if value is None else round(value, COORDINATE_DECIMALS)


def incident_summary(row: Incident) -> dict[str, Any]:
    """The public columns of one incident, codebook names; what a list, a CSV row or a marker needs."""
    return {
        "key": row.key, "status": row.status, "country": row.country, "place": row.place,
        "lat": _coordinate(row.lat), "lon": _coordinate(row.lon),
        "people_min": row.people_min, "people_max": row.people_max, "children": row.children,
        "first_event_date": row.first_event_date, "last_event_date": row.last_event_date,
        "first_reported": row.first_reported, "last_reported": row.last_reported,
        "days_in_custody": row.days_in_custody, "report_count": row.report_count,
        "independent_sources": row.independent_sources, "corroborated": row.independent_sources >= 2,
        "conflict_count": row.conflict_count, "urgent": bool(row.urgent),
        "title_en": row.title_en or "", "title_ko": row.title_ko or "",
        "summary_en": row.summary_en or "", "summary_ko": row.summary_ko or "",
        "url": incident_path(row.key),
    }


def _day(ordinal: int | None, precision: str) -> str | None:
    if ordinal is None or precision == "unknown":
        return None
    text = date.fromordinal(ordinal).isoformat()
    return {"day": text, "month": text[:7], "year": text[:4]}.get(precision)


def _says(facts: dict[str, Any] | None) -> list[dict[str, Any]]:
    """A report's coded events, in words a page can render; no evidence, no cited names."""
    said = []
    for event in (facts or {}).get("events") or ():
        said.append({
            "type": event.get("type"), "date": _day(event.get("start"), event.get("precision", "unknown")),
            "country": event.get("country"), "place": event.get("place_label"), "count": event.get("count"),
            "count_qualifier": event.get("qualifier") or "unknown", "children": event.get("children"),
            "authority": event.get("authority"),
        })
    return said


MEMBER_COLUMNS = (ReportRow.id, ReportRow.outlet, ReportRow.published, ReportRow.language, ReportRow.title,
                  ReportRow.url, LinkFacts.facts)


def _members_query(incident_ids: Sequence[int]) -> Any:
    return (select(IncidentReport.incident_id, *MEMBER_COLUMNS)
            .join(ReportRow, ReportRow.id == IncidentReport.report_id)
            .outerjoin(LinkFacts, LinkFacts.report_id == ReportRow.id)
            .where(IncidentReport.incident_id.in_(list(incident_ids)))
            .order_by(ReportRow.published.is_(None), ReportRow.published, ReportRow.id))


def members_of(db: Session, incident_ids: Sequence[int]) -> dict[int, list[tuple[Any, ...]]]:
    """Member reports (with their stored facts) of several incidents in one query, oldest first."""
    grouped: dict[int, list[tuple[Any, ...]]] = {i: [] for i in incident_ids}
    for incident_id, *member in db.execute(_members_query(incident_ids)):
        grouped[incident_id].append(tuple(member))
    return grouped


def _numbers(ids: Sequence[Any], numbering: dict[str, int]) -> list[int]:
    return sorted({numbering[str(i)] for i in ids if str(i) in numbering})


def _sources(members: list[tuple[Any, ...]], chains: list[dict[str, Any]]) -> list[dict[str, Any]]:
    chain_of = {str(r): n for n, chain in enumerate(chains, 1) for r in chain.get("reports", ())}
    copies = {str(r) for chain in chains for r in chain.get("copies", ())}
    sources = []
    for n, (report_id, outlet, published, language, title, url, facts) in enumerate(members, 1):
        link = web_link(url)
        sources.append({
            "source": n, "public": link is not None, "outlet": outlet if link else None, "published": published,
            "language": language, "title": title if link else None, "url": link,
            "chain": chain_of.get(str(report_id)), "near_copy": str(report_id) in copies,
            "says": _says(facts), "disputes": sorted((facts or {}).get("disputes") or ()),
        })
    return sources


def _timeline(record: dict[str, Any], numbering: dict[str, int]) -> list[dict[str, Any]]:
    steps = []
    for n, step in enumerate(record.get("timeline") or (), 1):
        steps.append({
            "step": n, "type": step.get("type"), "date": step.get("date"), "country": step.get("country"),
            "places": list(step.get("places") or ()), "count_min": step.get("count_min"),
            "count_max": step.get("count_max"), "children": step.get("children"), "authority": step.get("authority"),
            "sources": _numbers(step.get("reports") or (), numbering),
            "refuted_by": _numbers(step.get("refuted_by") or (), numbering),
        })
    return steps


def _conflicts(record: dict[str, Any], numbering: dict[str, int]) -> list[dict[str, Any]]:
    found = []
    for conflict in record.get("conflicts") or ():
        values = conflict.get("values") or {}
        entries: list[dict[str, Any]]
        if conflict.get("kind") == "refuted":
            entries = [{"claimed_by": _numbers(values.get("claimed_by") or (), numbering),
                        "refuted_by": _numbers(values.get("refuted_by") or (), numbering)}]
        else:
            entries = [{"source": numbering[str(r)], "value": v} for r, v in values.items() if str(r) in numbering]
            entries.sort(key=lambda e: e["source"])
        found.append({"kind": conflict.get("kind"), "type": conflict.get("type"),
                      "step": (conflict.get("step") or 0) + 1, "values": entries})
    return found


def _chains(record: dict[str, Any], numbering: dict[str, int], sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    outlets = {s["source"]: s["outlet"] for s in sources}
    chains = []
    for n, chain in enumerate(record.get("chains") or (), 1):
        members = _numbers(chain.get("reports") or (), numbering)
        named = sorted({outlets[m] for m in members if outlets.get(m)})
        chains.append({"chain": n, "sources": members, "copies": _numbers(chain.get("copies") or (), numbering),
                       "outlets": named})
    return chains


def _people(row: Incident, sources: list[dict[str, Any]], pins: dict[str, Any]) -> dict[str, Any]:
    """The head count with its uncertainty: the range across reports and how they qualify it."""
    qualifiers: set[str] = set()
    for source in sources:
        counts = [(s["count"], s["count_qualifier"]) for s in source["says"] if s["count"] is not None]
        if counts:
            top = max(c for c, _q in counts)
            if top in (row.people_min, row.people_max):
                qualifiers |= {q for c, q in counts if c == top}
    qualifier = qualifiers.pop() if len(qualifiers) == 1 else "exact" if not qualifiers else "mixed"
    return {"min": row.people_min, "max": row.people_max, "qualifier": qualifier, "children": row.children,
            "set_by_monitors": bool({"people_min", "people_max"} & set(pins))}


def detail_from_parts(row: Incident, members: list[tuple[Any, ...]]) -> dict[str, Any]:
    """Everything the public incident page shows, from the row and its members (already loaded)."""
    record: dict[str, Any] = dict(row.record or {})
    numbering = {str(m[0]): n for n, m in enumerate(members, 1)}
    chains = list(record.get("chains") or ())
    sources = _sources(members, chains)
    return {
        **incident_summary(row),
        "people": _people(row, sources, dict(record.get("pinned") or {})),
        "timeline": _timeline(record, numbering),
        "sources": sources,
        "chains": _chains(record, numbering, sources),
        "conflicts": _conflicts(record, numbering),
    }


def incident_detail_from(db: Session, row: Incident) -> dict[str, Any]:
    """The detail of one incident (the caller has checked it may be shown)."""
    return detail_from_parts(row, members_of(db, [row.id])[row.id])
