"""Keeping reports: one row per distinct text, versions linked by canonical URL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from refwatch.store.models import Report as ReportRow
from refwatch.store.models import utcnow
from refwatch.types import Report

SaveOutcome = Literal["new", "new_version", "duplicate"]


@dataclass(frozen=True, slots=True)
class Saved:
    outcome: SaveOutcome
    report_id: int
    version: int


def latest_version(session: Session, canonical_url: str) -> ReportRow | None:
    return session.scalars(
        select(ReportRow)
        .where(ReportRow.canonical_url == canonical_url)
        .order_by(ReportRow.version.desc())
        .limit(1)
    ).first()


def save_report(
    session: Session,
    report: Report,
    *,
    source_id: int | None = None,
    fetch_attempt_id: int | None = None,
    state: str = "new",
    state_reason: str | None = None,
) -> Saved:
    """Store `report` unless its text is already kept; a changed text at a known URL is a new version."""
    digest = report.content_hash
    existing = session.scalars(select(ReportRow).where(ReportRow.content_hash == digest)).first()
    if existing is not None:
        return Saved("duplicate", existing.id, existing.version)
    key = report.canonical_url or report.url
    previous = latest_version(session, key) if key else None
    row = ReportRow(
        external_id=report.external_id,
        url=report.url,
        canonical_url=key,
        outlet=report.outlet,
        title=report.title,
        published=report.published,
        published_precision=report.published_precision,
        fetched_at=report.fetched_at or utcnow(),
        language=report.language,
        text=report.text,
        content_hash=digest,
        raw_sha256=report.raw_sha256,
        fetch_attempt_id=fetch_attempt_id,
        source_id=source_id,
        state=state,
        state_reason=state_reason,
        version=(previous.version + 1) if previous else 1,
        previous_version_id=previous.id if previous else None,
    )
    session.add(row)
    session.flush()
    return Saved("new_version" if previous else "new", row.id, row.version)


def to_report(row: ReportRow) -> Report:
    return Report(
        text=row.text,
        url=row.url,
        canonical_url=row.canonical_url,
        title=row.title,
        outlet=row.outlet,
        published=row.published,
        language=row.language,
        external_id=row.external_id,
        fetched_at=row.fetched_at,
        raw_sha256=row.raw_sha256,
    )


def count_reports(session: Session, *, state: str | None = None) -> int:
    query = select(func.count(ReportRow.id))
    if state is not None:
        query = query.where(ReportRow.state == state)
    return int(session.scalar(query) or 0)


def list_reports(
    session: Session, *, state: str | None = None, limit: int = 50, offset: int = 0
) -> list[ReportRow]:
    query = select(ReportRow).order_by(ReportRow.id.desc()).limit(limit).offset(offset)
    if state is not None:
        query = query.where(ReportRow.state == state)
    return list(session.scalars(query))
