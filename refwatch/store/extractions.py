"""Keeping extractions: each run of the extractor over a stored report, and its event suggestions.

- `save_extraction` stores one `Extraction` for a report with its extractor version, marks it
  `current`, and replaces the report's *machine suggestions* (events with origin `machine`
  and review `suggested`). Rows a person accepted, corrected or rejected are never touched,
  and a new suggestion that repeats one of them (same type and evidence, or same type,
  country and date) is not added again: "machine suggestions never overwrite a human decision".
- `extract_pending` codes the reports nobody has coded yet (or, with `outdated=True`, those
  coded by another extractor version) and sets their state: `extracted`, `skipped` (not
  relevant) or `error`. It is the watch loop's post-ingest hook (`extract_new_reports`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, exists, select, update
from sqlalchemy.orm import Session, sessionmaker

from refwatch.errors import ExtractionError
from refwatch.store.db import transaction
from refwatch.store.models import EventRow
from refwatch.store.models import Extraction as ExtractionRow
from refwatch.store.models import Report as ReportRow
from refwatch.store.reports import to_report
from refwatch.types import Event, Extraction

MACHINE = "machine"
SUGGESTED = "suggested"


@dataclass(frozen=True, slots=True)
class PendingResult:
    coded: int
    relevant: int
    errors: int


def _covered(event: Event, reviewed: Sequence[EventRow]) -> bool:
    """A person already decided on this fact: keep their row, add no twin suggestion."""
    for row in reviewed:
        if row.type != event.type:
            continue
        if row.evidence and row.evidence == event.evidence:
            return True
        if row.country == event.country and row.date == event.date:
            return True
    return False


def _event_row(report_id: int, extraction_id: int, extractor: str, event: Event) -> EventRow:
    return EventRow(
        report_id=report_id, extraction_id=extraction_id, type=event.type, date=event.date,
        date_precision=event.date_precision, country=event.country, place=event.place, lat=event.lat,
        lon=event.lon, count=event.count, count_qualifier=event.count_qualifier, children=event.children,
        authority=event.authority, background=event.background, evidence=event.evidence,
        confidence=event.confidence, origin=MACHINE, review=SUGGESTED, extractor=extractor,
    )


def save_extraction(session: Session, report_id: int, extraction: Extraction) -> int:
    """Store `extraction` as the report's current one; returns the new extraction row id."""
    session.execute(
        update(ExtractionRow).where(ExtractionRow.report_id == report_id, ExtractionRow.current.is_(True))
        .values(current=False)
    )
    row = ExtractionRow(
        report_id=report_id, extractor=extraction.extractor, language=extraction.language,
        relevant=extraction.relevant, score=extraction.score, sources=list(extraction.sources),
        error=extraction.error, current=True,
    )
    session.add(row)
    session.flush()
    suggestions = (EventRow.report_id == report_id, EventRow.origin == MACHINE, EventRow.review == SUGGESTED)
    session.execute(delete(EventRow).where(*suggestions))
    reviewed = list(session.scalars(select(EventRow).where(EventRow.report_id == report_id)))
    for event in extraction.events:
        if not _covered(event, reviewed):
            session.add(_event_row(report_id, row.id, extraction.extractor, event))
    report = session.get(ReportRow, report_id)
    if report is not None and report.state in ("new", "extracted", "skipped", "error"):
        if extraction.error:
            report.state, report.state_reason = "error", extraction.error
        elif extraction.relevant:
            report.state, report.state_reason = "extracted", None
        else:
            report.state, report.state_reason = "skipped", f"not relevant (score {extraction.score:.2f})"
    session.flush()
    return row.id


def pending_report_ids(session: Session, *, limit: int, outdated_than: str | None = None) -> list[int]:
    """Reports without a current extraction (or, given a version, with one from another version)."""
    current = select(ExtractionRow.id).where(ExtractionRow.report_id == ReportRow.id, ExtractionRow.current.is_(True))
    if outdated_than is not None:
        current = current.where(ExtractionRow.extractor.like(f"{outdated_than}%"))
    query = select(ReportRow.id).where(~exists(current)).order_by(ReportRow.id).limit(limit)
    return list(session.scalars(query))


def extract_reports(factory: sessionmaker[Session], report_ids: Sequence[int]) -> PendingResult:
    """Code these stored reports, one transaction each, so one failure never loses the others.

    A report whose coding cannot be stored is marked `error` with the reason and the rest go
    on; afterwards an ExtractionError names the failures, so the caller reports them.
    """
    from refwatch.extract import extract

    coded = relevant = errors = 0
    failures: list[str] = []
    for report_id in report_ids:
        with factory() as session:
            row = session.get(ReportRow, report_id)
            if row is None:
                continue
            report = to_report(row)
        try:
            extraction = extract(report, str(report_id))
            with transaction(factory) as session:
                save_extraction(session, report_id, extraction)
        except Exception as e:  # this report only: the others are still coded
            failures.append(_mark_failed(factory, report_id, e))
            continue
        coded += 1
        relevant += extraction.relevant
        errors += extraction.error is not None
    if failures:
        raise ExtractionError(f"{len(failures)} of {len(report_ids)} reports could not be coded: "
                              + "; ".join(failures[:3]) + (" ..." if len(failures) > 3 else ""))
    return PendingResult(coded, relevant, errors)


def _mark_failed(factory: sessionmaker[Session], report_id: int, error: Exception) -> str:
    reason = f"report {report_id}: {type(error).__name__}: {error}"
    try:
        with transaction(factory) as session:
            row = session.get(ReportRow, report_id)
            if row is not None and row.state == "new":
                row.state, row.state_reason = "error", f"extraction could not be stored: {reason}"[:2000]
    except Exception as e:  # the database itself: the report stays `new` and is coded by a later run
        reason += f" (and it could not be marked: {type(e).__name__})"
    return reason


def extract_pending(factory: sessionmaker[Session], *, limit: int = 500, outdated: bool = False) -> PendingResult:
    """Code up to `limit` reports not coded yet; with `outdated`, also those of older extractors."""
    from refwatch.extract import EXTRACTOR_VERSION

    with factory() as session:
        ids = pending_report_ids(session, limit=limit, outdated_than=EXTRACTOR_VERSION if outdated else None)
    return extract_reports(factory, ids)


def extract_new_reports(factory: sessionmaker[Session], report_ids: Sequence[int]) -> None:
    """The post-ingest hook: code the reports the watch loop just stored.

    A report this extractor already coded (a worker or an earlier hook got to it first) is left
    alone: coding it again would only supersede an identical extraction and send it back to the linker.
    """
    from refwatch.extract import EXTRACTOR_VERSION

    with factory() as session:
        coded = set(session.scalars(select(ExtractionRow.report_id).where(
            ExtractionRow.report_id.in_(list(report_ids)), ExtractionRow.current.is_(True),
            ExtractionRow.extractor.like(f"{EXTRACTOR_VERSION}%")))) if report_ids else set()
    extract_reports(factory, [report_id for report_id in report_ids if report_id not in coded])


def current_events(session: Session, report_id: int) -> list[EventRow]:
    return list(session.scalars(select(EventRow).where(EventRow.report_id == report_id).order_by(EventRow.id)))
