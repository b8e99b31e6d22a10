"""Deriving an incident's record again from its reports' current events, membership unchanged.

The linker computes each report's facts when it links it; a correction made afterwards (10 → 12
people) reaches the record only when the report's facts are built again. The workspace does
that for one incident at a time, before publishing and on request, using the linker's own
functions, so the record is exactly what a re-link would derive, and membership stays put.

Rebuilding facts makes them fresh, so `link_pending` would no longer notice that a member was
re-extracted or reviewed; such members that nobody locked go back to state `extracted`, and the
next linking pass decides whether they still belong here (or are relevant at all).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from refwatch.incidents.embed import from_bytes
from refwatch.incidents.facts import build_facts
from refwatch.incidents.service import load_extraction
from refwatch.incidents.store_index import save_facts
from refwatch.incidents.stored import lock_incidents, member_ids, refresh
from refwatch.store.models import EventRow, Extraction, IncidentReport, LinkFacts
from refwatch.store.models import Report as ReportRow
from refwatch.store.reports import to_report


def _stale_members(session: Session, incident_id: int) -> list[int]:
    reviewed_later = exists().where(EventRow.report_id == IncidentReport.report_id,
                                    EventRow.reviewed_at > LinkFacts.computed_at)
    newer_extraction = exists().where(Extraction.report_id == IncidentReport.report_id,
                                      Extraction.current.is_(True),
                                      or_(LinkFacts.extraction_id.is_(None), Extraction.id != LinkFacts.extraction_id))
    query = (select(IncidentReport.report_id)
             .join(LinkFacts, LinkFacts.report_id == IncidentReport.report_id)
             .where(IncidentReport.incident_id == incident_id, or_(reviewed_later, newer_extraction)))
    return list(session.scalars(query.order_by(IncidentReport.report_id)))


def stale_reports(session: Session, incident_id: int) -> int:
    """How many member reports were reviewed or re-extracted after their facts were stored."""
    return len(_stale_members(session, incident_id))


def rederive(session: Session, incident_id: int, *, today: date | None = None) -> int:
    """Build every member report's facts again and derive the record; returns how many were rebuilt."""
    lock_incidents(session)
    stale = set(_stale_members(session, incident_id))
    rebuilt = 0
    for report_id in member_ids(session, incident_id):
        row = session.get(ReportRow, report_id)
        found = load_extraction(session, report_id)
        if row is None or found is None:
            continue
        extraction, extraction_id = found
        stored = session.get(LinkFacts, report_id)
        embedding = from_bytes(stored.embedding) if stored is not None and stored.embedding else None
        facts = build_facts(str(report_id), to_report(row), extraction, embedding=embedding)
        save_facts(session, facts, extraction_id=extraction_id)
        link = session.get(IncidentReport, report_id)
        if report_id in stale and link is not None and not link.locked:
            row.state, row.state_reason = "extracted", "facts rebuilt for the record; to be linked again"
        rebuilt += 1
    refresh(session, [incident_id], today=today)
    return rebuilt
