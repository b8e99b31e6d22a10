"""Private notes and sensitive fields: encrypted, shown only inside the workspace.

Both attach to any entity by `(entity_type, entity_id)`, so incidents can use them the same
way reports do. The audit log records that a note or field changed and a fingerprint of the
sealed bytes, never the plaintext: the log is readable by admins and is not encrypted.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from refwatch.errors import InputError
from refwatch.store.audit import record
from refwatch.store.models import PrivateNote, SensitiveField
from refwatch.store.secrets import FieldCipher

SENSITIVE_KINDS: tuple[str, ...] = ("names", "family", "hiding_place", "photo", "informant", "other")
MAX_NOTE_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class Note:
    id: int
    author: str
    created_at: datetime
    text: str


@dataclass(frozen=True, slots=True)
class Sensitive:
    id: int
    field: str
    created_by: str
    created_at: datetime
    text: str


def _note_context(entity_type: str, entity_id: str) -> str:
    return f"private_notes|{entity_type}|{entity_id}"


def _field_context(entity_type: str, entity_id: str, field: str) -> str:
    return f"sensitive_fields|{entity_type}|{entity_id}|{field}"


def _fingerprint(sealed: bytes) -> str:
    return hashlib.sha256(sealed).hexdigest()[:16]


def _checked_text(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise InputError("the text is empty")
    if len(cleaned) > MAX_NOTE_CHARS:
        raise InputError(f"the text is longer than {MAX_NOTE_CHARS} characters")
    return cleaned


def add_note(session: Session, cipher: FieldCipher, *, entity_type: str, entity_id: str | int,
             author: str, text: str) -> int:
    key = str(entity_id)
    sealed = cipher.seal_text(_checked_text(text), context=_note_context(entity_type, key))
    row = PrivateNote(entity_type=entity_type, entity_id=key, author=author, ciphertext=sealed)
    session.add(row)
    session.flush()
    record(session, actor=author, action="note.add", entity_type=entity_type, entity_id=key,
           after={"note_id": row.id, "sealed_sha256": _fingerprint(sealed)})
    return row.id


def list_notes(session: Session, cipher: FieldCipher, *, entity_type: str, entity_id: str | int) -> list[Note]:
    key = str(entity_id)
    rows = session.scalars(
        select(PrivateNote)
        .where(PrivateNote.entity_type == entity_type, PrivateNote.entity_id == key)
        .order_by(PrivateNote.id)
    )
    context = _note_context(entity_type, key)
    return [Note(r.id, r.author, r.created_at, cipher.open_text(r.ciphertext, context=context)) for r in rows]


def set_sensitive(session: Session, cipher: FieldCipher, *, entity_type: str, entity_id: str | int,
                  field: str, text: str, actor: str) -> int:
    """Replace the value of one sensitive field (one row per field and entity)."""
    if field not in SENSITIVE_KINDS:
        raise InputError(f"unknown sensitive field {field!r}")
    key = str(entity_id)
    sealed = cipher.seal_text(_checked_text(text), context=_field_context(entity_type, key, field))
    existing = session.scalars(
        select(SensitiveField).where(SensitiveField.entity_type == entity_type,
                                     SensitiveField.entity_id == key, SensitiveField.field == field)
    ).first()
    before = {"field": field, "sealed_sha256": _fingerprint(existing.ciphertext)} if existing else None
    if existing is None:
        existing = SensitiveField(entity_type=entity_type, entity_id=key, field=field, created_by=actor,
                                  ciphertext=sealed)
        session.add(existing)
    else:
        existing.ciphertext = sealed
        existing.created_by = actor
    session.flush()
    record(session, actor=actor, action="sensitive.set", entity_type=entity_type, entity_id=key,
           before=before, after={"field": field, "sealed_sha256": _fingerprint(sealed)})
    return existing.id


def clear_sensitive(session: Session, *, entity_type: str, entity_id: str | int, field: str, actor: str) -> bool:
    key = str(entity_id)
    result = session.execute(
        delete(SensitiveField).where(SensitiveField.entity_type == entity_type,
                                     SensitiveField.entity_id == key, SensitiveField.field == field)
    )
    removed = bool(result.rowcount)  # type: ignore[attr-defined]
    if removed:
        record(session, actor=actor, action="sensitive.clear", entity_type=entity_type, entity_id=key,
               before={"field": field}, after=None)
    return removed


def list_sensitive(session: Session, cipher: FieldCipher, *, entity_type: str,
                   entity_id: str | int) -> list[Sensitive]:
    key = str(entity_id)
    rows = session.scalars(
        select(SensitiveField)
        .where(SensitiveField.entity_type == entity_type, SensitiveField.entity_id == key)
        .order_by(SensitiveField.field)
    )
    return [
        Sensitive(r.id, r.field, r.created_by, r.created_at,
                  cipher.open_text(r.ciphertext, context=_field_context(entity_type, key, r.field)))
        for r in rows
    ]


def count_sensitive(session: Session, *, entity_type: str, entity_id: str | int) -> int:
    rows = session.scalars(
        select(SensitiveField.id).where(SensitiveField.entity_type == entity_type,
                                        SensitiveField.entity_id == str(entity_id))
    )
    return len(list(rows))
