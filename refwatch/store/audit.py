"""The audit log: who changed what, when, before and after, in a hash chain.

Each entry's hash covers its content and the previous entry's hash, so editing or deleting
a row in the middle breaks every hash after it; `verify_chain` finds the first break.

Appends are serialised: two people deciding at once must not both chain onto the same last
entry. On PostgreSQL a transaction-level advisory lock does it (`SELECT ... FOR UPDATE` on the
last row does not: a writer that waited on it still reads that same row, not the one the first
writer added). SQLite lets one writer at a time in, and the change an entry records is written,
taking that lock, before its entry.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from refwatch.store.models import AuditEntry, utcnow

GENESIS = "0" * 64
APPEND_LOCK = 0x7277_6175_6469_7400  # pg_advisory_xact_lock key of audit appends ("rwaudit")


def _naive_utc(moment: datetime) -> datetime:
    """SQLite hands back naive times, PostgreSQL aware ones: hash both the same way."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def _entry_hash(prev_hash: str, at: datetime, actor: str, action: str, entity_type: str,
                entity_id: str, before: Any, after: Any) -> str:
    payload = json.dumps(
        [prev_hash, at.strftime("%Y-%m-%dT%H:%M:%S.%f"), actor, action, entity_type, entity_id, before, after],
        sort_keys=True,
        ensure_ascii=False,
        default=str,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: str | int,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry; call inside the transaction that makes the change."""
    if session.get_bind().dialect.name == "postgresql":  # held until this transaction ends
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": APPEND_LOCK})
    last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).first()
    prev_hash = last.hash if last else GENESIS
    now = utcnow()
    at = _naive_utc(now)
    before_j = json.loads(json.dumps(before, default=str)) if before is not None else None
    after_j = json.loads(json.dumps(after, default=str)) if after is not None else None
    entry = AuditEntry(
        at=now,
        actor=actor,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id),
        before=before_j,
        after=after_j,
        prev_hash=prev_hash,
        hash=_entry_hash(prev_hash, at, actor, action, entity_type, str(entity_id), before_j, after_j),
    )
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True, slots=True)
class ChainCheck:
    entries: int
    first_bad_id: int | None

    @property
    def ok(self) -> bool:
        return self.first_bad_id is None


def verify_chain(session: Session) -> ChainCheck:
    prev = GENESIS
    count = 0
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        count += 1
        at = _naive_utc(entry.at)
        expected = _entry_hash(prev, at, entry.actor, entry.action, entry.entity_type, entry.entity_id,
                               entry.before, entry.after)
        if entry.prev_hash != prev or entry.hash != expected:
            return ChainCheck(count, entry.id)
        prev = entry.hash
    return ChainCheck(count, None)
