"""The directory of whom to ask: embassies, ministries, UN bodies, with office hours in their own zone.

Which targets an urgent action addresses follows from two columns: `phases` (before a return,
`prevent_return`; after it, `after_return`) and `countries` (the holding countries a target is
relevant for; empty means every incident). A directory is kept as a CSV or JSON file and
imported with `refwatch targets import`, which updates rows by `slug`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from refwatch.errors import TargetImportError
from refwatch.store.audit import record
from refwatch.store.models import ActionTarget, utcnow

KINDS = ("embassy", "ministry", "government", "un_body", "other")
PHASES = ("prevent_return", "after_return")
TEXT_FIELDS = ("name_en", "name_ko", "address", "email", "phone", "website", "salutation_en", "salutation_ko",
               "office_hours")
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HOURS = re.compile(r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})")


def _split(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in re.split(r"[;,]", str(value or "")) if part.strip()]


def _clean(raw: dict[str, Any], line: int) -> dict[str, Any]:
    where = f"row {line}"
    slug = str(raw.get("slug") or "").strip()
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,99}", slug):
        raise TargetImportError("slug must be lowercase letters, digits and dashes", where=where)
    kind = str(raw.get("kind") or "other").strip()
    if kind not in KINDS:
        raise TargetImportError(f"kind {kind!r} is not one of {', '.join(KINDS)}", where=where)
    phases = _split(raw.get("phases")) or list(PHASES)
    if unknown := set(phases) - set(PHASES):
        raise TargetImportError(f"unknown phases {sorted(unknown)}", where=where)
    tz = str(raw.get("timezone") or "UTC").strip()
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as e:
        raise TargetImportError(f"unknown time zone {tz!r}", where=where) from e
    values: dict[str, Any] = {name: str(raw.get(name) or "").strip() for name in TEXT_FIELDS}
    if not values["name_en"]:
        raise TargetImportError("name_en is required", where=where)
    active = str(raw.get("active", "true")).strip().lower() not in {"0", "false", "no"}
    values.update(slug=slug, kind=kind, phases=phases, timezone=tz, active=active,
                  country=(str(raw.get("country") or "").strip().upper() or None),
                  countries=[c.upper() for c in _split(raw.get("countries"))],
                  language="ko" if str(raw.get("language") or "en").strip().startswith("ko") else "en")
    return values


def read_directory(path: Path) -> list[dict[str, Any]]:
    """Rows of a `.csv` or `.json` directory file, checked; the first bad row stops the import."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json":
        try:
            records = json.loads(text)
        except json.JSONDecodeError as e:
            raise TargetImportError(f"not JSON: {e}", where=str(path)) from e
        if not isinstance(records, list):
            raise TargetImportError("a JSON directory is a list of objects", where=str(path))
    else:
        records = list(csv.DictReader(io.StringIO(text)))
    return [_clean(dict(raw), n) for n, raw in enumerate(records, start=1)]


def import_targets(session: Session, rows: Iterable[dict[str, Any]], *, actor: str) -> tuple[int, int]:
    """Insert new targets and update existing ones by slug; returns (added, updated)."""
    added = updated = 0
    for values in rows:
        target = session.scalars(select(ActionTarget).where(ActionTarget.slug == values["slug"])).first()
        if target is None:
            target = ActionTarget(**values, updated_at=utcnow())
            session.add(target)
            session.flush()
            added += 1
            record(session, actor=actor, action="target.add", entity_type="target", entity_id=target.id, after=values)
            continue
        before = {k: getattr(target, k) for k in values}
        changes = {k: v for k, v in values.items() if before[k] != v}
        if changes:
            for key, value in changes.items():
                setattr(target, key, value)
            target.updated_at = utcnow()
            updated += 1
            record(session, actor=actor, action="target.update", entity_type="target", entity_id=target.id,
                   before={k: before[k] for k in changes}, after=changes)
    return added, updated


KIND_ORDER = {kind: n for n, kind in enumerate(KINDS)}


def directory_targets(session: Session, *, phase: str, holding_country: str | None) -> list[ActionTarget]:
    """Active targets for a phase and a holding country, embassies first."""
    found = []
    for target in session.scalars(select(ActionTarget).where(ActionTarget.active.is_(True))):
        if phase not in (target.phases or []):
            continue
        if target.countries and (holding_country or "").upper() not in target.countries:
            continue
        found.append(target)
    return sorted(found, key=lambda t: (KIND_ORDER.get(t.kind, 99), t.name_en))


def targets_by_id(session: Session, ids: Sequence[int]) -> list[ActionTarget]:
    rows = {t.id: t for t in session.scalars(select(ActionTarget).where(ActionTarget.id.in_(ids)))}
    return [rows[i] for i in ids if i in rows and rows[i].active]


@dataclass(frozen=True, slots=True)
class OfficeStatus:
    """Whether a target's office is open now, with its local time, for "call now" buttons."""

    local_time: datetime
    open_now: bool | None  # None: the hours are not in a form we can read


def _days(spec: str) -> set[int]:
    days: set[int] = set()
    for part in spec.lower().split(","):
        ends = [p.strip()[:3] for p in part.split("-")]
        if not all(e in DAY_NAMES for e in ends):
            continue
        first, last = DAY_NAMES.index(ends[0]), DAY_NAMES.index(ends[-1])
        days.update(range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)])
    return days


def office_status(target: ActionTarget, *, now: datetime | None = None) -> OfficeStatus:
    """Read hours like "Mon-Fri 09:00-12:00, 14:00-17:00" in the target's own time zone."""
    moment = (now or datetime.now(UTC)).astimezone(ZoneInfo(target.timezone or "UTC"))
    match = re.match(r"\s*([A-Za-z,\- ]+?)\s+(\d.*)$", target.office_hours or "")
    if not match:
        return OfficeStatus(moment, None)
    days = _days(match.group(1))
    spans = _HOURS.findall(match.group(2))
    if not days or not spans:
        return OfficeStatus(moment, None)
    minute = moment.hour * 60 + moment.minute
    inside = any(int(h1) * 60 + int(m1) <= minute < int(h2) * 60 + int(m2) for h1, m1, h2, m2 in spans)
    return OfficeStatus(moment, moment.weekday() in days and inside)
