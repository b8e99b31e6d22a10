"""Re-linking every stored report, after a linker upgrade, around the reports people locked.

The reports are taken in publication order, as if they arrived again, in short transactions
(`RELINK_CHUNK` reports each, under the incidents lock), so a re-link of a large archive
never holds the database for hours and the watch loop and people's decisions go on between
chunks. While it runs, a report being linked sees only the reports already re-linked and the
locked ones (`StoreIndex(placed_since=...)`), never where the old linker had put the others:
the result is the same as re-linking everything in one transaction. An old incident's key goes
to the first report of that incident that starts an incident again, so keys stay stable.

A report linked, moved, locked or dropped by someone else while the re-link runs is left as
they left it. A re-link that stops half-way leaves every report in exactly one incident, with
up-to-date records; running it again finishes the job.
"""

from __future__ import annotations

from array import array
from datetime import UTC, date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from refwatch.incidents.facts import ReportFacts
from refwatch.incidents.linker import decide
from refwatch.incidents.service import LinkSummary
from refwatch.incidents.store_index import StoreIndex, load_facts
from refwatch.incidents.stored import create_incident, lock_incidents, refresh
from refwatch.store import transaction
from refwatch.store.models import Incident, IncidentReport, LinkFacts, utcnow

RELINK_CHUNK = 100


def _as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive UTC times, PostgreSQL aware ones."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def relink_order(session: Session) -> array[int]:
    """Every report the linker placed (not locked), in publication order (undated last)."""
    query = (
        select(LinkFacts.report_id).join(IncidentReport, IncidentReport.report_id == LinkFacts.report_id)
        .where(IncidentReport.locked.is_(False))
        .order_by(LinkFacts.published_day.is_(None), LinkFacts.published_day, LinkFacts.report_id)
    )
    return array("q", session.scalars(query.execution_options(yield_per=10_000)))


def relink(factory: sessionmaker[Session], *, today: date | None = None, chunk: int = RELINK_CHUNK) -> LinkSummary:
    """Link every stored report again from its stored facts; locked reports stay where people put them."""
    started = utcnow()
    with factory() as session:
        order = relink_order(session)
    summary = LinkSummary()
    for start in range(0, len(order), chunk):
        with transaction(factory) as session:
            lock_incidents(session)
            ids = list(order[start : start + chunk])
            index = StoreIndex(session, placed_since=started)
            loaded = load_facts(session, ids)
            touched: set[int] = set()
            for report_id in ids:
                touched |= _relink_one(session, index, loaded.get(report_id), started, summary)
            refresh(session, touched, today=today)
    return summary


def _placed_members(session: Session, incident_id: int, since: datetime) -> int:
    """Members of the incident that this re-link (or a person) already placed."""
    placed = or_(IncidentReport.locked.is_(True), IncidentReport.assigned_at >= since)
    query = select(func.count()).where(IncidentReport.incident_id == incident_id, placed)
    return int(session.scalar(query) or 0)


def _reusable(session: Session, incident_id: int) -> bool:
    incident = session.get(Incident, incident_id)
    return incident is not None and incident.state != "merged"


def _relink_one(session: Session, index: StoreIndex, facts: ReportFacts | None, started: datetime,
                summary: LinkSummary) -> set[int]:
    row = session.get(IncidentReport, int(facts.report_id)) if facts is not None else None
    if facts is None or row is None or row.locked or _as_utc(row.assigned_at) >= started:
        return set()  # dropped, locked or linked again by someone else since the re-link began
    before = row.incident_id
    decision = decide(facts, index)
    if decision.incident is not None:
        target = int(decision.incident)
    elif _placed_members(session, before, started) == 0 and _reusable(session, before):
        target = before  # the first report of its old incident keeps that incident's key
    else:
        target = create_incident(session).id
        summary.new_incidents += 1
    index.assign(facts, str(target), reasons=decision.score.reasons() if decision.score else None)
    summary.linked += 1
    return {before, target}
