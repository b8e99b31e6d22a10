"""Where incident changes come from: the incidents table, seen through its public projection.

The linker and the workspace change incidents in many places; rather than asking each of
them to call us, `scan_changes` compares every active incident's public projection with the
snapshot kept in `incident_snapshots` and hands each difference to
`alerts.on_incident_change` (whose rules ignore incidents that are not published). It runs
as a post-ingest hook in the watch loop, after an editor's change in the workspace
(`refwatch.web.respond._common.announcing_incident_changes`), and from `refwatch alerts scan`.
The projection reads only public columns: names, notes and sensitive fields are in other
tables and never read here.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session, sessionmaker

from refwatch.respond.alerts import on_incident_change
from refwatch.respond.context import RespondContext
from refwatch.respond.public import PublicIncident
from refwatch.respond.rules import IncidentChange
from refwatch.respond.timefmt import utc
from refwatch.respond.words import place_ko
from refwatch.settings import load_settings
from refwatch.store.db import transaction
from refwatch.store.models import Alert, Incident, IncidentSnapshot

PUBLIC_COLUMNS = ("key", "status", "published", "title_en", "title_ko", "summary_en", "summary_ko", "country",
                  "place", "people_min", "people_max", "children", "urgent", "first_reported", "last_news_at",
                  "updated_at")


def public_incident(row: Incident | Row[Any]) -> PublicIncident:
    """The adapter from an incident record (or a row of its PUBLIC_COLUMNS): public columns only, times in UTC."""
    values = {name: getattr(row, name) for name in PUBLIC_COLUMNS}
    for name in ("last_news_at", "updated_at"):
        if values[name] is not None:
            values[name] = utc(values[name])
    values["status"] = values["status"] or "unknown"
    values["place_ko"] = place_ko(values["place"])
    return PublicIncident.from_mapping(values)


def incident_by_key(session: Session, key: str) -> PublicIncident | None:
    row = session.scalars(select(Incident).where(Incident.key == key)).first()
    return public_incident(row) if row is not None else None


def published_incidents(session: Session) -> list[PublicIncident]:
    rows = session.scalars(select(Incident).where(Incident.published.is_(True), Incident.state == "active"))
    return [public_incident(row) for row in rows]


def _comparable(incident: PublicIncident) -> dict[str, object]:
    data = incident.to_public_dict()
    data.pop("updated_at", None)  # a touch without a visible change is not news
    return data


def _unchanged(kept: dict[str, Any], now: PublicIncident) -> bool:
    """Whether the snapshot says what the projection says now; the stored form is compared first
    (what the last scan wrote), the parsed one only when that differs (a snapshot of older code)."""
    fresh = _comparable(now)
    if {name: value for name, value in kept.items() if name != "updated_at"} == fresh:
        return True
    return _comparable(PublicIncident.from_public_dict(kept)) == fresh


def scan_changes(session: Session, *, ctx: RespondContext, baseline: bool | None = None) -> list[Alert]:
    """Alert on every public change since the last scan; the first scan of a live site only records.

    `baseline=None` decides by itself: when no snapshot exists at all but published incidents
    do (refwatch was upgraded on a running site), the scan records them silently instead of
    re-announcing everything already public.
    """
    snapshots = {s.incident_key: s for s in session.scalars(select(IncidentSnapshot))}
    if baseline is None:
        baseline = not snapshots and bool(session.scalar(
            select(func.count()).select_from(Incident).where(Incident.published.is_(True))))
    # Only the public columns: the derived record (large JSON) is neither needed nor decoded.
    query = select(*(getattr(Incident, name) for name in PUBLIC_COLUMNS)).where(Incident.state == "active")
    created: list[Alert] = []
    for row in session.execute(query).all():
        after = public_incident(row)
        snapshot = snapshots.get(after.key)
        if snapshot is not None and _unchanged(snapshot.public, after):
            continue
        before = PublicIncident.from_public_dict(snapshot.public) if snapshot else None
        if not baseline:
            alert = on_incident_change(session, IncidentChange(before, after, ctx.now()), ctx=ctx)
            if alert is not None:
                created.append(alert)
        if snapshot is None:
            session.add(IncidentSnapshot(incident_key=after.key, public=after.to_public_dict(), seen_at=ctx.now()))
        else:
            snapshot.public, snapshot.seen_at = after.to_public_dict(), ctx.now()
    session.flush()
    return created


def record_baseline(session: Session, *, ctx: RespondContext) -> bool:
    """Before a person's change on a site never scanned: keep what is public now, silently.

    Without it the scan after the change would see no snapshot at all, take the change itself
    for the upgrade baseline and announce nothing. True when a baseline was recorded.
    """
    if session.scalars(select(IncidentSnapshot.incident_key).limit(1)).first() is not None:
        return False
    scan_changes(session, ctx=ctx, baseline=True)
    return True


@lru_cache(maxsize=1)
def _process_context() -> RespondContext:
    return RespondContext.from_settings(load_settings())


def after_ingest(factory: sessionmaker[Session], report_ids: Sequence[int]) -> None:
    """Post-ingest hook (`refwatch.respond.incident_feed:after_ingest`, after extraction and linking).

    Alerts go to the outbox in the scan's transaction; the process's background sender is
    woken to deliver them at once.
    """
    from refwatch.respond.background import background_sender

    ctx = _process_context()
    with transaction(factory) as session:
        created = scan_changes(session, ctx=ctx)
    if created:
        background_sender(factory, ctx).wake()
