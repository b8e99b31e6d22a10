"""The stored linker: what the watch loop calls after extraction.

`link_pending` takes every report in state `extracted` (and every linked report whose facts
are older than its current extraction or than a person's review of one of its events: see
`waiting.py`), stores its facts and keys, links it (unless a person locked it), refreshes the
incidents it touched and moves it to `linked`. Each batch is one transaction under the
incidents lock. `relink` (`relinking.py`) runs the linker again over every unlocked report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from refwatch.incidents.embed import Embedder, default_embedder, lead_text
from refwatch.incidents.facts import ReportFacts, build_facts
from refwatch.incidents.linker import decide
from refwatch.incidents.store_index import StoreIndex, forget_facts, save_facts
from refwatch.incidents.stored import create_incident, lock_incidents, member_count, refresh
from refwatch.incidents.waiting import Waiting
from refwatch.settings import load_settings
from refwatch.store import transaction
from refwatch.store.models import EventRow, IncidentReport
from refwatch.store.models import Extraction as ExtractionRow
from refwatch.store.models import Report as ReportRow
from refwatch.store.reports import to_report
from refwatch.types import Event, Extraction, Report

PENDING_BATCH = 100
KEPT_BY_A_PERSON = "not relevant, kept in its incident by a person"


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
    """The report's current extraction with its standing events.

    Standing: the current extraction's suggestions, plus every event a person accepted or
    corrected, whichever extraction first suggested it (a re-extraction does not repeat a
    reviewed event, so dropping those would lose it), never a rejected one.
    """
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
            or_(EventRow.extraction_id == row.id, EventRow.origin != "machine",
                EventRow.review.in_(("accepted", "corrected"))),
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
    """A report found not relevant leaves its incident and the index (unless a person locked it there)."""
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


def _is_locked(session: Session, report_id: int) -> bool:
    link = session.get(IncidentReport, report_id)
    return link is not None and link.locked


def link_reports(session: Session, rows: Sequence[ReportRow], *, embedder: Embedder | None,
                 summary: LinkSummary, today: date | None = None) -> None:
    """Link these reports inside the caller's transaction and mark them `linked` (or `skipped`).

    A report a person locked keeps its incident whatever its extraction says, and its facts
    follow the current extraction even when that finds it not relevant: the record shows what
    the reports say now, and the report is not found stale again at every call.
    """
    index = StoreIndex(session)
    ready: list[tuple[ReportRow, Report, Extraction, int]] = []
    touched: set[int] = set()
    for row in rows:
        found = load_extraction(session, row.id)
        if found is not None and ((found[0].relevant and not found[0].error) or _is_locked(session, row.id)):
            ready.append((row, to_report(row), found[0], found[1]))
            continue
        touched |= _drop(session, row.id, summary)
        locked = session.get(IncidentReport, row.id) is not None
        row.state = "linked" if locked else "skipped"
        row.state_reason = KEPT_BY_A_PERSON if locked else "not relevant: no incident"
    vectors = embedder.encode([lead_text(r.title, r.text) for _row, r, _e, _i in ready]) if embedder and ready else None
    for n, (row, report, extraction, extraction_id) in enumerate(ready):
        facts = build_facts(str(row.id), report, extraction, embedding=None if vectors is None else vectors[n])
        save_facts(session, facts, extraction_id=extraction_id)
        touched |= link_one(session, index, facts, summary)
        row.state = "linked"
        row.state_reason = None if extraction.relevant and not extraction.error else KEPT_BY_A_PERSON
    refresh(session, touched, today=today)


def link_pending(factory: sessionmaker[Session], *, embedder: Embedder | None = None, use_embeddings: bool = True,
                 batch_size: int = PENDING_BATCH, today: date | None = None) -> LinkSummary:
    """Link every report waiting in state `extracted` (or with stale facts), one committed batch at a time."""
    if use_embeddings and embedder is None:
        embedder = default_embedder()
    summary = LinkSummary()
    seen: set[int] = set()
    waiting: Waiting | None = None
    while True:
        with transaction(factory) as session:
            lock_incidents(session)
            waiting = waiting or Waiting.start(session)
            batch = waiting.next_batch(session, batch_size)
            rows = [row for row in batch if row.id not in seen]
            if not rows:
                if not batch:
                    waiting.finished()
                return summary
            seen.update(row.id for row in rows)
            link_reports(session, rows, embedder=embedder if use_embeddings else None, summary=summary, today=today)


def link_new_reports(factory: sessionmaker[Session], report_ids: Sequence[int]) -> None:
    """The watch loop's post-ingest hook (after extraction): link whatever is waiting."""
    if report_ids:
        link_pending(factory, use_embeddings=load_settings().link_embeddings)
