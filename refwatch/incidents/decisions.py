"""A person's decisions on incidents: merge, split, move a report, pin or correct a fact.

Every decision first takes the incidents lock (so the linker is never half-way through placing
a report in an incident being merged), locks the reports it places (the linker never moves a
locked report), is written to the audit log with before and after in the same transaction, and
refreshes the records of the incidents it touched. Re-linking and re-extraction therefore cannot undo it:
a locked report keeps its incident whatever its new facts say, and pins are applied after
every derivation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from refwatch.errors import InvalidDecision, UnknownIncident
from refwatch.incidents.record import PINNABLE
from refwatch.incidents.stored import (
    active_pins,
    create_incident,
    get_incident,
    lock_incidents,
    member_ids,
    refresh,
)
from refwatch.store.audit import record as audit
from refwatch.store.models import Incident, IncidentPin, IncidentReport, utcnow
from refwatch.types import EVENT_TYPES

STATUSES = (*EVENT_TYPES, "unknown")


def _lock(session: Session, report_ids: Iterable[int], incident_id: int, actor: str) -> None:
    for report_id in report_ids:
        row = session.get(IncidentReport, report_id)
        if row is None:
            session.add(IncidentReport(report_id=report_id, incident_id=incident_id, assigned_by=actor, locked=True))
        else:
            row.incident_id = incident_id
            row.assigned_by = actor
            row.locked = True
            row.assigned_at = utcnow()
    session.flush()


def _summary(session: Session, incident: Incident) -> dict[str, Any]:
    return {"key": incident.key, "state": incident.state, "reports": member_ids(session, incident.id),
            "pins": active_pins(session, incident.id)}


def merge_incidents(session: Session, *, source: str, target: str, actor: str, note: str = "",
                    today: date | None = None) -> Incident:
    """Fold `source` into `target`; the source key keeps leading to the target.

    The source's pins move to the target, except where the target pinned the same field: the
    target's pin stays and the source's is dropped (both show in the audit entry).
    """
    lock_incidents(session)
    into = get_incident(session, target)
    folded = get_incident(session, source)
    if folded.id == into.id:
        raise InvalidDecision(f"{folded.key} and {into.key} are already one incident")
    before = {"source": _summary(session, folded), "target": _summary(session, into)}
    _lock(session, member_ids(session, folded.id) + member_ids(session, into.id), into.id, actor)
    kept = set(active_pins(session, into.id))
    for pin in session.scalars(select(IncidentPin).where(IncidentPin.incident_id == folded.id,
                                                         IncidentPin.active.is_(True))):
        if pin.field in kept:
            pin.active = False
        else:
            pin.incident_id = into.id
    folded.state = "merged"
    folded.merged_into_id = into.id
    folded.updated_at = utcnow()
    session.execute(update(Incident).where(Incident.merged_into_id == folded.id).values(merged_into_id=into.id))
    refresh(session, [into.id], today=today)
    after = {"source": {"key": folded.key, "state": folded.state, "merged_into": into.key},
             "target": _summary(session, into), "note": note}
    audit(session, actor=actor, action="incident.merge", entity_type="incident", entity_id=into.key,
          before=before, after=after)
    return into


def split_incident(session: Session, *, incident: str, report_ids: Sequence[int], actor: str, note: str = "",
                   today: date | None = None) -> Incident:
    """Move `report_ids` out into a new incident; both sides are locked so no re-link rejoins them."""
    lock_incidents(session)
    origin = get_incident(session, incident)
    members = member_ids(session, origin.id)
    chosen = sorted(set(report_ids))
    strangers = [r for r in chosen if r not in members]
    if strangers:
        raise UnknownIncident(f"reports {strangers} are not in {origin.key}")
    if not chosen or len(chosen) == len(members):
        raise InvalidDecision("a split must leave at least one report on each side")
    before = _summary(session, origin)
    created = create_incident(session, created_by=actor)
    _lock(session, chosen, created.id, actor)
    _lock(session, [r for r in members if r not in chosen], origin.id, actor)
    refresh(session, [origin.id, created.id], today=today)
    audit(session, actor=actor, action="incident.split", entity_type="incident", entity_id=origin.key,
          before=before, after={"kept": _summary(session, origin), "new": _summary(session, created), "note": note})
    return created


def move_report(session: Session, *, report_id: int, to: str | None, actor: str, note: str = "",
                today: date | None = None) -> Incident:
    """Put one report in another incident (a new one when `to` is None) and lock it there."""
    lock_incidents(session)
    row = session.get(IncidentReport, report_id)
    if row is None:
        raise UnknownIncident(f"report {report_id} is not linked to any incident")
    origin = session.get(Incident, row.incident_id)
    target = get_incident(session, to) if to is not None else create_incident(session, created_by=actor)
    if origin is not None and target.id == origin.id:
        raise InvalidDecision(f"report {report_id} is already in {target.key}")
    before = {"report": report_id, "incident": origin.key if origin else None}
    _lock(session, [report_id], target.id, actor)
    refresh(session, [target.id] + ([origin.id] if origin else []), today=today)
    audit(session, actor=actor, action="incident.move", entity_type="report", entity_id=report_id,
          before=before, after={"report": report_id, "incident": target.key, "note": note})
    return target


def unlock_report(session: Session, *, report_id: int, actor: str, note: str = "") -> None:
    """Hand a report back to the linker: the next re-link may move it."""
    lock_incidents(session)
    row = session.get(IncidentReport, report_id)
    if row is None or not row.locked:
        raise InvalidDecision(f"report {report_id} is not locked")
    incident = session.get(Incident, row.incident_id)
    key = incident.key if incident is not None else None
    row.locked = False
    session.flush()
    audit(session, actor=actor, action="incident.unlock", entity_type="report", entity_id=report_id,
          before={"incident": key, "locked": True, "by": row.assigned_by},
          after={"incident": key, "locked": False, "note": note})


def _checked(field: str, value: Any) -> Any:
    """A pinned value of the right kind for its field, or InvalidDecision."""
    if field not in PINNABLE:
        raise InvalidDecision(f"cannot pin {field!r}; pinnable: {', '.join(PINNABLE)}")
    if field == "status" and value not in STATUSES:
        raise InvalidDecision(f"status must be one of {', '.join(STATUSES)}")
    people = field in ("people_min", "people_max", "children")
    if people and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise InvalidDecision(f"{field} must be a whole number of people")
    if field == "country" and not (isinstance(value, str) and len(value) == 2 and value.isalpha()):
        raise InvalidDecision("country must be a two-letter ISO code")
    if field == "first_event_date":
        try:
            date.fromisoformat(str(value) + "-01" * (2 - str(value).count("-")))
        except ValueError as e:
            raise InvalidDecision("first_event_date must be YYYY, YYYY-MM or YYYY-MM-DD") from e
    return value.upper() if field == "country" else value


def _within_pinned_range(field: str, value: Any, pins: dict[str, Any]) -> None:
    """A pinned head count bound may not cross the other pinned bound."""
    low, high = pins.get("people_min"), pins.get("people_max")
    crossing = (field == "people_min" and high is not None and value > high) or (
        field == "people_max" and low is not None and value < low)
    if crossing:
        raise InvalidDecision(f"{field} {value} would cross the pinned range {low}-{high}")


def pin_fact(session: Session, *, incident: str, field: str, value: Any, actor: str, note: str = "",
             today: date | None = None) -> Incident:
    """Pin (or correct) one fact of the incident record; it wins over whatever is derived."""
    lock_incidents(session)
    target = get_incident(session, incident)
    value = _checked(field, value)
    pins = active_pins(session, target.id)
    _within_pinned_range(field, value, pins)
    before = {"field": field, "value": getattr(target, field, None), "pinned": field in pins}
    _deactivate(session, target.id, field)
    session.add(IncidentPin(incident_id=target.id, field=field, value={"value": value}, note=note, actor=actor))
    session.flush()
    refresh(session, [target.id], today=today)
    audit(session, actor=actor, action="incident.pin", entity_type="incident", entity_id=target.key,
          before=before, after={"field": field, "value": value, "note": note})
    return target


def unpin_fact(session: Session, *, incident: str, field: str, actor: str, today: date | None = None) -> Incident:
    """Let the derived value show again."""
    lock_incidents(session)
    target = get_incident(session, incident)
    pins = active_pins(session, target.id)
    if field not in pins:
        raise InvalidDecision(f"{field} is not pinned on {target.key}")
    _deactivate(session, target.id, field)
    refresh(session, [target.id], today=today)
    audit(session, actor=actor, action="incident.unpin", entity_type="incident", entity_id=target.key,
          before={"field": field, "value": pins[field]}, after={"field": field, "value": getattr(target, field, None)})
    return target


def _deactivate(session: Session, incident_id: int, field: str) -> None:
    session.execute(
        update(IncidentPin).where(IncidentPin.incident_id == incident_id, IncidentPin.field == field,
                                  IncidentPin.active.is_(True)).values(active=False)
    )
