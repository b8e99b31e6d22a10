"""Keeping reports: one row per distinct text, versions linked by canonical URL."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import func, insert, or_, select, text
from sqlalchemy.orm import Session

from refwatch.errors import StoreError
from refwatch.store.db import in_chunks, insert_new
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


# Column sizes of `reports` for values taken from pages and records: PostgreSQL refuses a longer
# value (and with it the whole report), SQLite would keep it.
URL_CHARS, OUTLET_CHARS, EXTERNAL_ID_CHARS, LANGUAGE_CHARS = 2048, 200, 200, 8


def _fitted(value: str | None, size: int) -> str | None:
    return value[:size] if value is not None else None


def _row_values(report: Report, *, digest: str, state: str, state_reason: str | None, source_id: int | None,
                fetch_attempt_id: int | None, previous: tuple[int, int] | None) -> dict[str, Any]:
    """The column values of one report row; `previous` is the (id, version) it follows."""
    language = report.language if report.language and len(report.language) <= LANGUAGE_CHARS else None
    return {
        "external_id": _fitted(report.external_id, EXTERNAL_ID_CHARS), "url": _fitted(report.url, URL_CHARS),
        "canonical_url": _fitted(report.canonical_url or report.url, URL_CHARS),
        "outlet": _fitted(report.outlet, OUTLET_CHARS), "title": report.title, "published": report.published,
        "published_precision": report.published_precision, "fetched_at": report.fetched_at or utcnow(),
        "language": language, "text": report.text, "content_hash": digest, "raw_sha256": report.raw_sha256,
        "fetch_attempt_id": fetch_attempt_id, "source_id": source_id, "state": state, "state_reason": state_reason,
        "version": previous[1] + 1 if previous else 1, "previous_version_id": previous[0] if previous else None,
        "created_at": utcnow(),
    }


def _version_key(report: Report) -> str | None:
    """What versions are linked by: the canonical URL, else the URL (as stored, so fitted)."""
    return _fitted(report.canonical_url or report.url, URL_CHARS)


def _lock_versions_of(session: Session, key: str) -> None:
    """PostgreSQL: one writer of a URL's versions at a time, until this transaction ends.

    Two processes storing two new texts of one article would otherwise both read version 1 and
    both write a version 2. SQLite needs nothing: its second writer fails on the stale snapshot
    instead, and the report is stored by the next poll. One lock per transaction (the ingest
    stores one report per transaction), so two writers cannot wait for each other.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 1))"), {"key": key})


def _kept(session: Session, digest: str) -> ReportRow | None:
    return session.scalars(select(ReportRow).where(ReportRow.content_hash == digest)).first()


def save_report(
    session: Session,
    report: Report,
    *,
    source_id: int | None = None,
    fetch_attempt_id: int | None = None,
    state: str = "new",
    state_reason: str | None = None,
) -> Saved:
    """Store `report` unless its text is already kept; a changed text at a known URL is a new version.

    A text that another process stores between the check and the insert is a duplicate too.
    """
    digest = report.content_hash
    existing = _kept(session, digest)
    if existing is None:
        key = _version_key(report)
        if key:
            _lock_versions_of(session, key)
        previous = latest_version(session, key) if key else None
        values = _row_values(report, digest=digest, state=state, state_reason=state_reason, source_id=source_id,
                             fetch_attempt_id=fetch_attempt_id,
                             previous=(previous.id, previous.version) if previous else None)
        inserted = session.execute(insert_new(session, ReportRow, unique="content_hash").values(**values)
                                   .returning(ReportRow.id)).scalar()
        if inserted is not None:
            return Saved("new_version" if previous else "new", inserted, values["version"])
        existing = _kept(session, digest)
    if existing is None:
        raise StoreError("report insert skipped as a duplicate, but no report has its text", where=report.url)
    return Saved("duplicate", existing.id, existing.version)


def existing_hashes(session: Session, digests: Collection[str]) -> set[str]:
    """Which of these content hashes are already kept."""
    found: set[str] = set()
    for chunk in in_chunks(digests):
        found.update(session.scalars(select(ReportRow.content_hash).where(ReportRow.content_hash.in_(chunk))))
    return found


def _latest_versions(session: Session, keys: Collection[str]) -> dict[str, tuple[int, int]]:
    """canonical URL -> (id, version) of its newest kept version, for many URLs in few queries."""
    latest: dict[str, tuple[int, int]] = {}
    for chunk in in_chunks(keys):
        rows = session.execute(select(ReportRow.canonical_url, ReportRow.id, ReportRow.version)
                               .where(ReportRow.canonical_url.in_(chunk)))
        for key, row_id, version in rows:
            if key is not None and (key not in latest or version > latest[key][1]):
                latest[key] = (row_id, version)
    return latest


def save_skipped_batch(session: Session, items: Sequence[tuple[Report, dict[str, Any], str]]) -> int:
    """Store many gate-skipped reports and their attempts with a few multi-row inserts.

    Each item is (report, attempt column values, reason). Texts already kept are left out
    (their attempt is still written); versions follow `save_report`'s rule for known URLs,
    also between items of the batch. Returns how many reports were written.
    """
    if not items:
        return 0
    attempt_ids = session.scalars(
        insert(FetchAttempt).returning(FetchAttempt.id, sort_by_parameter_order=True),
        [values for _report, values, _reason in items],
    ).all()
    digests = [report.content_hash for report, _v, _r in items]  # a property that hashes: compute once
    kept = existing_hashes(session, digests)
    waiting: list[tuple[Report, str, int, dict[str, Any], str]] = []
    for (report, values, reason), attempt_id, digest in zip(items, attempt_ids, digests, strict=True):
        if digest not in kept:
            kept.add(digest)
            waiting.append((report, digest, attempt_id, values, reason))
    latest = _latest_versions(session, [k for report, *_rest in waiting if (k := _version_key(report))])
    written = 0
    while waiting:  # a URL's second version in this batch waits for the id of its first
        wave, waiting, keys = _next_wave(waiting, latest)
        rows = session.execute(insert_new(session, ReportRow, unique="content_hash").returning(
            ReportRow.id, ReportRow.canonical_url, ReportRow.version), wave).all()
        for row_id, key, version in rows:
            if key in keys:
                latest[key] = (row_id, version)
        written += len(rows)
    return written


def _next_wave(waiting: list[tuple[Report, str, int, dict[str, Any], str]], latest: dict[str, tuple[int, int]]
               ) -> tuple[list[dict[str, Any]], list[tuple[Report, str, int, dict[str, Any], str]], set[str]]:
    """Rows to insert now (one per URL), the items left for later, and the URLs of this wave."""
    wave: list[dict[str, Any]] = []
    later: list[tuple[Report, str, int, dict[str, Any], str]] = []
    keys: set[str] = set()
    for item in waiting:
        report, digest, attempt_id, values, reason = item
        key = _version_key(report)
        if key is not None and key in keys:
            later.append(item)
            continue
        if key is not None:
            keys.add(key)
        wave.append(_row_values(report, digest=digest, state="skipped", state_reason=reason,
                                source_id=values.get("source_id"), fetch_attempt_id=attempt_id,
                                previous=latest.get(key) if key else None))
    return wave, later, keys


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
    found: set[str] = set()
    for chunk in in_chunks(urls):
        rows = session.execute(
            select(ReportRow.url, ReportRow.canonical_url).where(
                or_(ReportRow.url.in_(chunk), ReportRow.canonical_url.in_(chunk))
            )
        )
        for url, canonical in rows:
            found.update(u for u in (url, canonical) if u in chunk)
    return found
