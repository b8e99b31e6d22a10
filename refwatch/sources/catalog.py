"""The list of sources `refwatch watch` polls: add, list, remove, and which are due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal
from urllib.parse import urlsplit

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from refwatch.errors import InputError, UnsupportedUrl
from refwatch.sources.http import without_userinfo
from refwatch.store import transaction
from refwatch.store.models import Source
from refwatch.store.times import as_utc

SourceKind = Literal["feed", "page"]
SOURCE_KINDS: tuple[str, ...] = ("feed", "page")
# Column sizes of `sources` (PostgreSQL refuses longer values; SQLite would keep them).
MAX_URL_CHARS, MAX_NAME_CHARS, MAX_LANGUAGE_CHARS = 2048, 200, 8
MAX_ETAG_CHARS, MAX_LAST_MODIFIED_CHARS = 400, 100


@dataclass(frozen=True, slots=True)
class SourceInfo:
    id: int
    url: str
    kind: str
    name: str | None
    language: str | None
    poll_interval: int
    enabled: bool
    etag: str | None
    last_modified: str | None
    last_polled_at: datetime | None
    next_poll_at: datetime | None
    last_outcome: str | None
    last_error: str | None


def _info(row: Source) -> SourceInfo:
    return SourceInfo(
        id=row.id, url=row.url, kind=row.kind, name=row.name, language=row.language,
        poll_interval=row.poll_interval, enabled=row.enabled, etag=row.etag, last_modified=row.last_modified,
        last_polled_at=as_utc(row.last_polled_at), next_poll_at=as_utc(row.next_poll_at),
        last_outcome=row.last_outcome, last_error=row.last_error,
    )


def add_source(factory: sessionmaker[Session], url: str, *, kind: str = "feed", name: str | None = None,
               language: str | None = None, poll_interval: int = 300) -> SourceInfo:
    """Register a feed or page to poll; it is due at once."""
    _check_source(url, kind=kind, name=name, language=language, poll_interval=poll_interval)
    try:
        with transaction(factory) as session:
            row = Source(url=url, kind=kind, name=name, language=language, poll_interval=poll_interval,
                         enabled=True)
            session.add(row)
            session.flush()
            return _info(row)
    except IntegrityError as e:  # the URL is unique: a source already, perhaps added a moment ago elsewhere
        with factory() as session:
            existing = session.scalars(select(Source.id).where(Source.url == url)).first()
        if existing is None:
            raise
        raise InputError(f"already a source (id {existing})", where=url) from e


def _check_source(url: str, *, kind: str, name: str | None, language: str | None, poll_interval: int) -> None:
    shown = without_userinfo(url)
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as e:
        raise UnsupportedUrl(f"not a URL: {e}", where=shown) from e
    if parts.scheme not in ("http", "https") or not host:
        raise UnsupportedUrl("a source must be an http or https URL", where=shown)
    if parts.username is not None or parts.password is not None:
        raise UnsupportedUrl("a source URL must not carry a user name or password", where=shown)
    if len(url) > MAX_URL_CHARS:
        raise InputError(f"a source URL has at most {MAX_URL_CHARS} characters", where=shown)
    if kind not in SOURCE_KINDS:
        raise InputError(f"unknown source kind {kind!r}; use one of {', '.join(SOURCE_KINDS)}", where=url)
    if poll_interval < 10:
        raise InputError("poll interval must be at least 10 seconds", where=url)
    if name is not None and len(name) > MAX_NAME_CHARS:
        raise InputError(f"a source name has at most {MAX_NAME_CHARS} characters", where=url)
    if language is not None and len(language) > MAX_LANGUAGE_CHARS:
        raise InputError(f"a language code has at most {MAX_LANGUAGE_CHARS} characters, e.g. ko or en", where=url)


def list_sources(factory: sessionmaker[Session]) -> list[SourceInfo]:
    with factory() as session:
        return [_info(row) for row in session.scalars(select(Source).order_by(Source.id))]


def remove_source(factory: sessionmaker[Session], key: str) -> SourceInfo:
    """Remove by id or URL; its reports stay (their `source_id` becomes empty)."""
    with transaction(factory) as session:
        query = select(Source).where(Source.id == int(key)) if key.isdigit() else select(Source).where(
            Source.url == key)
        row = session.scalars(query).first()
        if row is None:
            raise InputError("no such source", where=key)
        info = _info(row)
        session.delete(row)
        return info


def due_sources(factory: sessionmaker[Session], now: datetime) -> list[SourceInfo]:
    """Enabled sources never polled or whose next poll time has come, oldest first."""
    with factory() as session:
        rows = session.scalars(
            select(Source)
            .where(Source.enabled.is_(True), or_(Source.next_poll_at.is_(None), Source.next_poll_at <= now))
            .order_by(Source.next_poll_at.is_not(None), Source.next_poll_at, Source.id)
        )
        return [_info(row) for row in rows]


def next_due_at(factory: sessionmaker[Session]) -> datetime | None:
    with factory() as session:
        moment = session.scalars(
            select(Source.next_poll_at).where(Source.enabled.is_(True)).order_by(Source.next_poll_at).limit(1)
        ).first()
    return as_utc(moment)


def mark_polled(factory: sessionmaker[Session], source_id: int, *, now: datetime, outcome: str,
                error: str | None = None, etag: str | None = None, last_modified: str | None = None) -> None:
    """After a poll: when it happened, how it went, validators for the next conditional GET."""
    with transaction(factory) as session:
        row = session.get(Source, source_id)
        if row is None:
            return
        row.last_polled_at = now
        row.next_poll_at = datetime.fromtimestamp(now.timestamp() + row.poll_interval, UTC)
        row.last_outcome = outcome
        row.last_error = error
        if etag is not None:  # a validator too long to keep is no validator: the next GET is a full one
            row.etag = etag if len(etag) <= MAX_ETAG_CHARS else None
        if last_modified is not None:
            row.last_modified = last_modified if len(last_modified) <= MAX_LAST_MODIFIED_CHARS else None
