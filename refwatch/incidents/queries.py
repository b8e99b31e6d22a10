"""Reading incidents for the CLI and the web pages: plain dataclasses, never ORM rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from refwatch.incidents.stored import active_pins, get_incident
from refwatch.store.models import Incident, IncidentReport
from refwatch.store.models import Report as ReportRow

ORDERS = ("urgency", "recent", "first")


@dataclass(frozen=True, slots=True)
class IncidentSummary:
    """One line of an incident list."""

    key: str
    status: str
    country: str | None
    place: str | None
    people_min: int | None
    people_max: int | None
    children: int | None
    first_event_date: str | None
    last_reported: str | None
    urgency: float
    report_count: int
    independent_sources: int
    conflict_count: int
    published: bool


@dataclass(frozen=True, slots=True)
class MemberReport:
    report_id: int
    outlet: str | None
    published: str | None
    language: str | None
    title: str | None
    url: str | None
    assigned_by: str
    locked: bool
    score: float | None


@dataclass(frozen=True)
class IncidentView:
    """Everything `refwatch incidents show` and the incident page need."""

    summary: IncidentSummary
    record: dict[str, Any]
    reports: tuple[MemberReport, ...]
    pins: dict[str, Any] = field(default_factory=dict)
    merged_from: tuple[str, ...] = ()


def _summary(row: Incident) -> IncidentSummary:
    return IncidentSummary(
        key=row.key, status=row.status, country=row.country, place=row.place, people_min=row.people_min,
        people_max=row.people_max, children=row.children, first_event_date=row.first_event_date,
        last_reported=row.last_reported, urgency=row.urgency, report_count=row.report_count,
        independent_sources=row.independent_sources, conflict_count=row.conflict_count, published=row.published,
    )


def list_incidents(session: Session, *, status: str | None = None, country: str | None = None,
                   published: bool | None = None, order: str = "urgency", limit: int = 50,
                   offset: int = 0) -> list[IncidentSummary]:
    """Active incidents, most urgent (or most recently reported, or oldest) first."""
    query = select(Incident).where(Incident.state == "active")
    if status:
        query = query.where(Incident.status == status)
    if country:
        query = query.where(Incident.country == country.upper())
    if published is not None:
        query = query.where(Incident.published.is_(published))
    if order == "recent":
        query = query.order_by(Incident.last_reported.desc(), Incident.id.desc())
    elif order == "first":
        query = query.order_by(Incident.first_event_date, Incident.id)
    else:
        query = query.order_by(Incident.urgency.desc(), Incident.id.desc())
    rows = session.scalars(query.limit(limit).offset(offset))
    return [_summary(row) for row in rows]


def incident_view(session: Session, key_or_id: str | int) -> IncidentView:
    incident = get_incident(session, key_or_id)
    rows = session.execute(
        select(IncidentReport, ReportRow)
        .join(ReportRow, ReportRow.id == IncidentReport.report_id)
        .where(IncidentReport.incident_id == incident.id)
        .order_by(ReportRow.published, ReportRow.id)
    ).all()
    reports = tuple(
        MemberReport(report.id, report.outlet, report.published, report.language, report.title, report.url,
                     link.assigned_by, link.locked, link.score)
        for link, report in rows
    )
    merged = tuple(session.scalars(select(Incident.key).where(Incident.merged_into_id == incident.id)))
    return IncidentView(_summary(incident), dict(incident.record or {}), reports,
                        active_pins(session, incident.id), merged)


def incident_of_report(session: Session, report_id: int) -> str | None:
    """The key of the incident a report is linked to, if any."""
    return session.scalar(
        select(Incident.key).join(IncidentReport, IncidentReport.incident_id == Incident.id)
        .where(IncidentReport.report_id == report_id)
    )
