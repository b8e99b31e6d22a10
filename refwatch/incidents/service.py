"""The stored linker: what the watch loop calls after extraction, and a full re-link.

`link_pending` takes every report in state `extracted` (and every linked report whose facts
are older than its current extraction or than a person's review of one of its events), stores
its facts and keys, links it (unless a person locked it), refreshes the incidents it touched
and moves it to `linked`.
`relink` runs the linker again over every stored report without a lock, in publication
order, around the locked ones, so merges, splits, moves and pins always survive it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, exists, or_, select
from sqlalchemy.orm import Session, sessionmaker

from refwatch.incidents.embed import Embedder, default_embedder, lead_text
from refwatch.incidents.facts import ReportFacts, build_facts
from refwatch.incidents.linker import decide
from refwatch.incidents.store_index import StoreIndex, forget_facts, load_facts, save_facts
from refwatch.incidents.stored import create_incident, member_count, refresh
from refwatch.settings import load_settings
from refwatch.store import transaction
from refwatch.store.models import EventRow, Incident, IncidentReport, LinkFacts
from refwatch.store.models import Extraction as ExtractionRow
from refwatch.store.models import Report as ReportRow
from refwatch.store.reports import to_report
from refwatch.types import Event, Extraction, Report

PENDING_BATCH = 100
RELINK_CHUNK = 500


@dataclass
class LinkSummary:
    linked: int = 0
    new_incidents: int = 0
    locked: int = 0
    not_relevant: int = 0


def _event(row: EventRow) -> Event:
    return Event(
        type=row.type, date=row.date, date_precision=row.date_precision,  # type: ignore[arg-type]
        country=row.country, place=row.place, lat=row.lat, lon=row.lon, count=row.count,
        count_qualifier=row.count_qualifier,  # type: ignore[arg-type]
        children=row.children, authority=row.authority, background=row.background,
        evidence=row.evidence, confidence=row.confidence,
    )


def load_extraction(session: Session, report_id: int) -> tuple[Extraction, int] | None:
    """The report's current extraction with its standing events (a person's corrections kept)."""
    row = session.scalars(
        select(ExtractionRow).where(ExtractionRow.report_id == report_id, ExtractionRow.current.is_(True))
        .order_by(ExtractionRow.id.desc()).limit(1)
    ).first()
    if row is None:
        return None
    events = session.scalars(
        select(EventRow).where(
            EventRow.report_id == report_id,
            EventRow.review != "rejected",
            or_(EventRow.extraction_id == row.id, EventRow.origin != "machine"),
        ).order_by(EventRow.id)
    )
    extraction = Extraction(
        report_id=str(report_id), language=row.language, relevant=row.relevant, score=row.score,
        events=tuple(_event(e) for e in events), sources=tuple(row.sources or ()), error=row.error,
        extractor=row.extractor,
    )
    return extraction, row.id


def link_one(session: Session, index: StoreIndex, facts: ReportFacts, summary: LinkSummary) -> set[int]:
    """Link one report whose facts are stored; return the incidents whose membership changed."""
    current = session.get(IncidentReport, int(facts.report_id))
    if current is not None and current.locked:
        summary.locked += 1
        return {current.incident_id}
    decision = decide(facts, index)
    previous = current.incident_id if current is not None else None
    if decision.incident is not None:
        target = int(decision.incident)
    elif previous is not None and member_count(session, previous) == 1:
        target = previous  # still alone: keep its incident and key
    else:
        target = create_incident(session).id
        summary.new_incidents += 1
    index.assign(facts, str(target), reasons=decision.score.reasons() if decision.score else None)
    summary.linked += 1
    return {target} | ({previous} if previous is not None else set())


def _drop(session: Session, report_id: int, summary: LinkSummary) -> set[int]:
    """A report found not relevant leaves its incident, unless a person locked it there."""
    current = session.get(IncidentReport, report_id)
    if current is not None and current.locked:
        summary.locked += 1
        return {current.incident_id}
    summary.not_relevant += 1
    forget_facts(session, report_id)
    if current is None:
        return set()
    session.delete(current)
    session.flush()
    return {current.incident_id}


def link_reports(session: Session, rows: Sequence[ReportRow], *, embedder: Embedder | None,
                 summary: LinkSummary, today: date | None = None) -> None:
    """Link these reports inside the caller's transaction and mark them `linked` (or `skipped`)."""
    index = StoreIndex(session)
    loaded = [(row, load_extraction(session, row.id)) for row in rows]
    ready: list[tuple[ReportRow, Report, Extraction, int]] = []
    touched: set[int] = set()
    for row, found in loaded:
        if found is not None and found[0].relevant and not found[0].error:
            ready.append((row, to_report(row), found[0], found[1]))
            continue
        touched |= _drop(session, row.id, summary)
        locked = session.get(IncidentReport, row.id) is not None
        row.state = "linked" if locked else "skipped"
        row.state_reason = "kept in its incident by a person" if locked else "not relevant: no incident"
    vectors = embedder.encode([lead_text(r.title, r.text) for _row, r, _e, _i in ready]) if embedder and ready else None
    for n, (row, report, extraction, extraction_id) in enumerate(ready):
        facts = build_facts(str(row.id), report, extraction, embedding=None if vectors is None else vectors[n])
        save_facts(session, facts, extraction_id=extraction_id)
        touched |= link_one(session, index, facts, summary)
        row.state = "linked"
        row.state_reason = None
    refresh(session, touched, today=today)


def _waiting(session: Session, limit: int) -> list[ReportRow]:
    """Reports to (re-)link: newly extracted ones first, then those whose facts went stale."""
    fresh = list(session.scalars(
        select(ReportRow).where(ReportRow.state == "extracted")
        .order_by(ReportRow.published.is_(None), ReportRow.published, ReportRow.id)
        .limit(limit).with_for_update(skip_locked=True)
    ))
    if fresh:
        return fresh
    newer_extraction = exists(select(ExtractionRow.id).where(
        ExtractionRow.report_id == LinkFacts.report_id, ExtractionRow.current.is_(True),
        or_(LinkFacts.extraction_id.is_(None), ExtractionRow.id != LinkFacts.extraction_id)))
    later_review = exists(select(EventRow.id).where(
        EventRow.report_id == LinkFacts.report_id, EventRow.reviewed_at > LinkFacts.computed_at))
    stale = select(LinkFacts.report_id).where(or_(newer_extraction, later_review)).limit(limit)
    ids = list(session.scalars(stale))
    return list(session.scalars(select(ReportRow).where(ReportRow.id.in_(ids)).order_by(ReportRow.id))) if ids else []


def link_pending(factory: sessionmaker[Session], *, embedder: Embedder | None = None, use_embeddings: bool = True,
                 batch_size: int = PENDING_BATCH, today: date | None = None) -> LinkSummary:
    """Link every report waiting in state `extracted` (or with stale facts), one committed batch at a time."""
    if use_embeddings and embedder is None:
        embedder = default_embedder()
    summary = LinkSummary()
    seen: set[int] = set()
    while True:
        with transaction(factory) as session:
            rows = [row for row in _waiting(session, batch_size) if row.id not in seen]
            if not rows:
                return summary
            seen.update(row.id for row in rows)
            link_reports(session, rows, embedder=embedder if use_embeddings else None, summary=summary, today=today)


def link_new_reports(factory: sessionmaker[Session], report_ids: Sequence[int]) -> None:
    """The watch loop's post-ingest hook (after extraction): link whatever is waiting."""
    if report_ids:
        link_pending(factory, use_embeddings=load_settings().link_embeddings)


def relink(factory: sessionmaker[Session], *, today: date | None = None) -> LinkSummary:
    """Link every stored report again from its stored facts; locked reports stay where people put them."""
    summary = LinkSummary()
    with transaction(factory) as session:
        rows = session.execute(
            select(IncidentReport.report_id, IncidentReport.incident_id).where(IncidentReport.locked.is_(False))
        ).all()
        previous: dict[int, int] = {report_id: incident_id for report_id, incident_id in rows}
        session.execute(delete(IncidentReport).where(IncidentReport.locked.is_(False)))
        order = session.execute(
            select(LinkFacts.report_id).order_by(LinkFacts.published_day.is_(None), LinkFacts.published_day,
                                                 LinkFacts.report_id)
        ).scalars().all()
        index = StoreIndex(session)
        touched = set(previous.values())
        pending = [report_id for report_id in order if report_id in previous]
        for start in range(0, len(pending), RELINK_CHUNK):
            chunk = pending[start : start + RELINK_CHUNK]
            loaded = load_facts(session, chunk)
            for report_id in chunk:
                touched |= _relink_one(session, index, loaded[report_id], previous[report_id], summary)
            session.flush()
            session.expunge_all()  # keep memory flat over a large archive
            index = StoreIndex(session)
        refresh(session, touched, today=today)
    return summary


def _reusable(session: Session, incident_id: int) -> bool:
    incident = session.get(Incident, incident_id)
    return incident is not None and incident.state != "merged"


def _relink_one(session: Session, index: StoreIndex, facts: ReportFacts, before: int,
                summary: LinkSummary) -> set[int]:
    decision = decide(facts, index)
    if decision.incident is not None:
        target = int(decision.incident)
    elif member_count(session, before) == 0 and _reusable(session, before):
        target = before  # the first report of its old incident keeps that incident's key
    else:
        target = create_incident(session).id
        summary.new_incidents += 1
    index.assign(facts, str(target), reasons=decision.score.reasons() if decision.score else None)
    summary.linked += 1
    return {target}
