"""Keeping reports: one row per distinct text, versions linked by canonical URL."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import func, insert, or_, select
from sqlalchemy.orm import Session

from refwatch.store.models import FetchAttempt, utcnow
from refwatch.store.models import Report as ReportRow
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


def existing_hashes(session: Session, digests: Collection[str]) -> set[str]:
    """Which of these content hashes are already kept."""
    wanted = list(dict.fromkeys(digests))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found.update(session.scalars(select(ReportRow.content_hash).where(ReportRow.content_hash.in_(chunk))))
    return found


def _latest_versions(session: Session, keys: Collection[str]) -> dict[str, tuple[int, int]]:
    """canonical URL -> (id, version) of its newest kept version, for many URLs in few queries."""
    wanted = list(dict.fromkeys(keys))
    latest: dict[str, tuple[int, int]] = {}
    for start in range(0, len(wanted), 500):
        rows = session.execute(select(ReportRow.canonical_url, ReportRow.id, ReportRow.version)
                               .where(ReportRow.canonical_url.in_(wanted[start : start + 500])))
        for key, row_id, version in rows:
            if key is not None and (key not in latest or version > latest[key][1]):
                latest[key] = (row_id, version)
    return latest


def save_skipped_batch(session: Session, items: Sequence[tuple[Report, dict[str, Any], str]]) -> int:
    """Store many gate-skipped reports and their attempts with two multi-row inserts.

    Each item is (report, attempt column values, reason). Texts already kept are left out
    (their attempt is still written); versions follow `save_report`'s rule for known URLs.
    Returns how many reports were written.
    """
    if not items:
        return 0
    attempt_ids = session.scalars(
        insert(FetchAttempt).returning(FetchAttempt.id, sort_by_parameter_order=True),
        [values for _report, values, _reason in items],
    ).all()
    digests = [report.content_hash for report, _v, _r in items]  # a property that hashes: compute once
    kept = existing_hashes(session, digests)
    latest = _latest_versions(session, [k for report, _v, _r in items if (k := report.canonical_url or report.url)])
    rows: list[dict[str, Any]] = []
    for (report, values, reason), attempt_id, digest in zip(items, attempt_ids, digests, strict=True):
        if digest in kept:
            continue
        kept.add(digest)
        key = report.canonical_url or report.url
        previous = latest.get(key) if key else None
        rows.append({
            "external_id": report.external_id, "url": report.url, "canonical_url": key, "outlet": report.outlet,
            "title": report.title, "published": report.published, "published_precision": report.published_precision,
            "fetched_at": report.fetched_at or utcnow(), "language": report.language, "text": report.text,
            "content_hash": digest, "raw_sha256": report.raw_sha256, "fetch_attempt_id": attempt_id,
            "source_id": values.get("source_id"), "state": "skipped", "state_reason": reason,
            "version": previous[1] + 1 if previous else 1, "previous_version_id": previous[0] if previous else None,
            "created_at": utcnow(),
        })
    if rows:
        session.execute(insert(ReportRow), rows)
    return len(rows)


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


def known_urls(session: Session, urls: Collection[str]) -> set[str]:
    """Which of `urls` are already kept as a report's URL or canonical URL (any state)."""
    wanted = list(dict.fromkeys(urls))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows = session.execute(
            select(ReportRow.url, ReportRow.canonical_url).where(
                or_(ReportRow.url.in_(chunk), ReportRow.canonical_url.in_(chunk))
            )
        )
        for url, canonical in rows:
            found.update(u for u in (url, canonical) if u in chunk)
    return found
