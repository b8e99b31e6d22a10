"""Incidents in the database: creating them, reading members, and refreshing derived records.

The linker (`service.py`, `relinking.py`) and the human decisions (`decisions.py`) both change
membership and then call `refresh` on the incidents they touched, so every path rebuilds the
record the same way, with the pins applied last. Each of them first takes `lock_incidents`, so
they change incidents one transaction at a time.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from refwatch.errors import UnknownIncident
from refwatch.incidents.facts import ReportFacts
from refwatch.incidents.record import IncidentRecord, derive_record
from refwatch.incidents.store_index import load_facts
from refwatch.store.models import Incident, IncidentPin, IncidentReport, utcnow

KEY_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
KEY_LENGTH = 10
REFRESH_CHUNK = 500
INCIDENTS_LOCK = 0x7277_6C69_6E6B_0000  # pg_advisory_xact_lock key of incident changes ("rwlink")
DERIVED_COLUMNS = (
    "status", "country", "place", "lat", "lon", "people_min", "people_max", "children", "first_event_date",
    "last_event_date", "first_reported", "last_reported", "days_in_custody",
)


def lock_incidents(session: Session) -> None:
    """Hold the incidents lock until this transaction ends: one changer of incidents at a time.

    Every batch of the linker, every chunk of a re-link, `rederive` and each person's decision
    take it before they read. Without it two linkers, neither seeing the other's uncommitted
    incident, start two incidents for one group; a merge committed while the linker places a
    report in the merged incident loses that report; and a record derived from members read
    before another writer's commit overwrites the newer one. PostgreSQL: a transaction-level
    advisory lock. SQLite: its one write lock, taken now by an empty write rather than at the
    first real write, after the reads it would depend on. What the session read before is
    expired, so nothing is decided on values from before the lock.
    """
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": INCIDENTS_LOCK})
    else:
        session.execute(text("UPDATE incidents SET id = id WHERE 0 = 1"))
    session.expire_all()


def new_key() -> str:
    """A stable, unguessable public key: unpublished incidents cannot be found by trying keys."""
    return "inc-" + "".join(secrets.choice(KEY_ALPHABET) for _ in range(KEY_LENGTH))


def create_incident(session: Session, *, created_by: str = "linker") -> Incident:
    incident = Incident(key=new_key(), created_by=created_by, record={})
    session.add(incident)
    session.flush()
    return incident


def get_incident(session: Session, key_or_id: str | int) -> Incident:
    """By public key or numeric id; a merged incident's key leads to the one it was merged into."""
    text = str(key_or_id)
    incident = session.scalars(select(Incident).where(Incident.key == text)).first()
    if incident is None and text.isdigit():
        incident = session.get(Incident, int(text))
    if incident is None:
        raise UnknownIncident(f"no incident {text}")
    seen = {incident.id}
    while incident.state == "merged" and incident.merged_into_id is not None:
        target = session.get(Incident, incident.merged_into_id)
        if target is None or target.id in seen:
            break
        seen.add(target.id)
        incident = target
    return incident


def member_ids(session: Session, incident_id: int) -> list[int]:
    query = select(IncidentReport.report_id).where(IncidentReport.incident_id == incident_id)
    return list(session.scalars(query.order_by(IncidentReport.report_id)))


def member_count(session: Session, incident_id: int) -> int:
    return int(session.scalar(select(func.count()).where(IncidentReport.incident_id == incident_id)) or 0)


def active_pins(session: Session, incident_id: int) -> dict[str, Any]:
    pins = session.scalars(
        select(IncidentPin).where(IncidentPin.incident_id == incident_id, IncidentPin.active.is_(True))
        .order_by(IncidentPin.id)
    )
    return {pin.field: pin.value.get("value") for pin in pins}


def members_facts(session: Session, incident_id: int) -> list[ReportFacts]:
    loaded = load_facts(session, member_ids(session, incident_id))
    return [loaded[r] for r in sorted(loaded)]


def _news_time(record: IncidentRecord) -> datetime | None:
    if not record.last_reported:
        return None
    return datetime.combine(date.fromisoformat(record.last_reported), datetime.min.time(), tzinfo=UTC)


def refresh(session: Session, incident_ids: Iterable[int], *, today: date | None = None) -> None:
    """Derive again the record of each incident; empty ones are marked `empty`, not deleted."""
    ordered = sorted(set(incident_ids))
    for done, incident_id in enumerate(ordered, 1):
        if done % REFRESH_CHUNK == 0:  # a whole-archive refresh (relink) keeps memory flat
            session.flush()
            session.expunge_all()
        incident = session.get(Incident, incident_id)
        if incident is None or incident.state == "merged":
            continue
        members = members_facts(session, incident_id)
        if not members:
            incident.state = "empty"
            incident.report_count = 0
            incident.updated_at = utcnow()
            continue
        incident.state = "active"
        record = derive_record(members, pins=active_pins(session, incident_id), today=today)
        _write(incident, record)
    session.flush()


def _write(incident: Incident, record: IncidentRecord) -> None:
    values: dict[str, Any] = {name: getattr(record, name) for name in DERIVED_COLUMNS}
    values.update(
        urgency=record.urgency.score,
        urgent=record.urgency.urgent,
        report_count=record.report_count,
        independent_sources=record.independent_sources,
        conflict_count=len(record.conflicts),
        last_news_at=_news_time(record),
        record=record.to_json(),
    )
    changed = False
    for name, value in values.items():
        current = getattr(incident, name)
        if name == "last_news_at" and current is not None and value is not None:
            current = current if current.tzinfo else current.replace(tzinfo=UTC)
        if current != value:
            setattr(incident, name, value)
            changed = True
    if changed:
        incident.updated_at = utcnow()
