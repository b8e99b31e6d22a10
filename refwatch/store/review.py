"""A person's decision on a machine-suggested event: accept, correct or reject it.

Each decision writes `review`, `reviewed_by` and `reviewed_at` (and `origin='human'` for a
correction) and appends the before/after to the audit log in the same transaction. Forms carry
a `version` of the event as it was shown; if someone else changed it meanwhile the change is
refused instead of silently overwriting their decision.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy.orm import Session

from refwatch.errors import EditConflict, NotFound
from refwatch.store.audit import record
from refwatch.store.models import EventRow, utcnow
from refwatch.types import EVENT_TYPES, date_precision

Decision = Literal["accept", "reject"]
COUNT_QUALIFIERS: tuple[str, ...] = ("exact", "about", "at_least", "up_to", "unknown")
REVIEW_STATES: tuple[str, ...] = ("suggested", "accepted", "corrected", "rejected")
EDITABLE_FIELDS: tuple[str, ...] = (
    "type", "date", "country", "place", "count", "count_qualifier", "children", "authority", "background",
)
MAX_COUNT = 1_000_000
_DATE_RE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")  # ASCII: "２０２４" is not a stored date
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")


def snapshot(event: EventRow) -> dict[str, Any]:
    """The reviewable state of an event: what the audit log records before and after."""
    values: dict[str, Any] = {name: getattr(event, name) for name in EDITABLE_FIELDS}
    values.update(date_precision=event.date_precision, review=event.review, origin=event.origin)
    return values


def version_of(event: EventRow) -> str:
    """A short fingerprint of the event's state, carried by forms to detect concurrent edits."""
    payload = json.dumps(snapshot(event), sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def _load(session: Session, event_id: int, expected_version: str | None) -> EventRow:
    event = session.get(EventRow, event_id)
    if event is None:
        raise NotFound(f"no event {event_id}")
    if expected_version is not None and expected_version != version_of(event):
        who = event.reviewed_by or "someone"
        raise EditConflict(f"event {event_id} was changed by {who} after this page was shown")
    return event


def decide(session: Session, *, event_id: int, decision: Decision, actor: str,
           expected_version: str | None = None) -> EventRow:
    """Accept or reject an event as it stands."""
    event = _load(session, event_id, expected_version)
    before = snapshot(event)
    event.review = "accepted" if decision == "accept" else "rejected"
    event.reviewed_by = actor
    event.reviewed_at = utcnow()
    session.flush()
    record(session, actor=actor, action=f"event.{decision}", entity_type="event", entity_id=event.id,
           before=before, after=snapshot(event))
    return event


def correct(session: Session, *, event_id: int, changes: Mapping[str, Any], actor: str,
            expected_version: str | None = None) -> EventRow:
    """Apply a person's corrections; with nothing changed this is an accept."""
    event = _load(session, event_id, expected_version)
    before = snapshot(event)
    changed = {name: value for name, value in changes.items() if before.get(name) != value}
    if not changed:
        return decide(session, event_id=event_id, decision="accept", actor=actor)
    for name, value in changed.items():
        setattr(event, name, value)
    if "date" in changed:
        event.date_precision = date_precision(event.date)
    event.origin = "human"
    event.review = "corrected"
    event.reviewed_by = actor
    event.reviewed_at = utcnow()
    session.flush()
    record(session, actor=actor, action="event.correct", entity_type="event", entity_id=event.id,
           before=before, after=snapshot(event))
    return event


@dataclass(frozen=True, slots=True)
class ParsedCorrection:
    changes: dict[str, Any]
    errors: dict[str, str]

    @property
    def ok(self) -> bool:
        return not self.errors


def _optional_int(raw: str, *, field: str, errors: dict[str, str]) -> int | None:
    text = raw.strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_COUNT:  # "²".isdigit(), yet int() refuses it
        errors[field] = "number"
        return None
    return int(text)


def _optional_date(raw: str, errors: dict[str, str]) -> str | None:
    text = raw.strip()
    if not text:
        return None
    if not _DATE_RE.match(text):
        errors["date"] = "date"
        return None
    parts = [int(p) for p in text.split("-")] + [1, 1]
    try:
        date(parts[0], parts[1], parts[2])
    except ValueError:
        errors["date"] = "date"
        return None
    return text


def parse_correction(form: Mapping[str, str]) -> ParsedCorrection:
    """Turn the correction form's strings into event values; `errors` maps field to a message key."""
    errors: dict[str, str] = {}
    event_type = form.get("type", "")
    if event_type not in EVENT_TYPES:
        errors["type"] = "choice"
    qualifier = form.get("count_qualifier", "unknown")
    if qualifier not in COUNT_QUALIFIERS:
        errors["count_qualifier"] = "choice"
    country = form.get("country", "").strip().upper() or None
    if country is not None and not _COUNTRY_RE.match(country):
        errors["country"] = "country"
    count = _optional_int(form.get("count", ""), field="count", errors=errors)
    children = _optional_int(form.get("children", ""), field="children", errors=errors)
    if count is not None and children is not None and children > count:
        errors["children"] = "children_over_count"
    place = form.get("place", "").strip()[:200] or None
    authority = form.get("authority", "").strip()[:200] or None
    changes = {
        "type": event_type,
        "date": _optional_date(form.get("date", ""), errors),
        "country": country,
        "place": place,
        "count": count,
        "count_qualifier": qualifier,
        "children": children,
        "authority": authority,
        "background": form.get("background", "") in {"1", "on", "true"},
    }
    return ParsedCorrection(changes, errors)
