"""The raw archive: every fetched body, compressed, addressed by its SHA-256."""

from __future__ import annotations

import zlib
from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from refwatch.store.db import in_chunks, insert_new
from refwatch.store.models import FetchAttempt, RawBlob, utcnow
from refwatch.types import Fetched, sha256_hex

URL_CHARS = 2048  # fetch_attempts.url and final_url


def put_blob(session: Session, body: bytes) -> str:
    """Store `body` once and return its SHA-256 (another process storing it meanwhile is fine)."""
    digest = sha256_hex(body)
    if session.get(RawBlob, digest) is None:
        session.execute(insert_new(session, RawBlob, unique="sha256").values(
            sha256=digest, size=len(body), compression="zlib", data=zlib.compress(body, 6), first_seen_at=utcnow()))
    return digest


def get_blob(session: Session, digest: str) -> bytes | None:
    blob = session.get(RawBlob, digest)
    if blob is None:
        return None
    data = zlib.decompress(blob.data) if blob.compression == "zlib" else blob.data
    if sha256_hex(data) != digest:
        raise ValueError(f"archive blob {digest} does not match its hash")
    return data


def record_attempt(
    session: Session,
    *,
    url: str,
    outcome: str,
    source_id: int | None = None,
    fetched: Fetched | None = None,
    started_at: datetime | None = None,
    duration_ms: int | None = None,
    error_code: str | None = None,
    error_message: str | None = None,
    keep_body: bool = True,
) -> FetchAttempt:
    """Write one fetch attempt; with a response, its body goes to the archive first."""
    digest = put_blob(session, fetched.body) if fetched is not None and keep_body else None
    attempt = FetchAttempt(**attempt_values(
        url=url, outcome=outcome, source_id=source_id, fetched=fetched, started_at=started_at,
        duration_ms=duration_ms, error_code=error_code, error_message=error_message, raw_sha256=digest))
    session.add(attempt)
    session.flush()
    return attempt


def attempt_values(
    *,
    url: str,
    outcome: str,
    source_id: int | None = None,
    fetched: Fetched | None = None,
    started_at: datetime | None = None,
    duration_ms: int | None = None,
    error_code: str | None = None,
    error_message: str | None = None,
    raw_sha256: str | None = None,
) -> dict[str, Any]:
    """The column values of one attempt, for callers that insert many rows in one statement."""
    headers: dict[str, Any] | None = None
    if fetched is not None:
        headers = {}
        for key, value in fetched.headers:
            headers.setdefault(key.lower(), value)
    return {
        "source_id": source_id,
        "url": url[:URL_CHARS],
        "final_url": fetched.final_url[:URL_CHARS] if fetched else None,
        "started_at": started_at or utcnow(),
        "duration_ms": duration_ms,
        "outcome": outcome,
        "http_status": fetched.status if fetched else None,
        "headers": headers,
        "raw_sha256": raw_sha256,
        "error_code": error_code,
        "error_message": error_message,
    }


def handled_urls(session: Session, urls: Collection[str], *, error_codes: Collection[str]) -> set[str]:
    """Which of `urls` were already fetched and kept (or skipped), or failed with one of `error_codes`."""
    found: set[str] = set()
    for chunk in in_chunks(urls):
        found.update(session.scalars(
            select(FetchAttempt.url).where(
                FetchAttempt.url.in_(chunk),
                or_(FetchAttempt.outcome.in_(("ok", "skipped")), FetchAttempt.error_code.in_(list(error_codes))),
            )
        ))
    return found
