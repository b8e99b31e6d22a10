"""Alert rules: which changes to a public incident are worth telling people about.

A rule reads an `IncidentChange` (the public projection before and after) and returns
`Reason`s. Each reason has a stable `key`, so the same news never goes out twice even if the
rules run again over the same change; all reasons from one change become one alert, so a
subscriber gets one message per change. Our rules are registered through the
`refwatch_alert_rules` hook like any plugin's.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from refwatch.respond.hookspecs import hookimpl
from refwatch.respond.public import IN_CUSTODY, TOWARD_RETURN, PublicIncident


@dataclass(frozen=True, slots=True)
class IncidentChange:
    """An incident's public projection before (None when new) and after one change."""

    before: PublicIncident | None
    after: PublicIncident
    at: datetime


@dataclass(frozen=True, slots=True)
class Reason:
    """Why an alert goes out: `code` names the rule's finding, `key` makes it happen only once."""

    code: str
    key: str
    urgent: bool
    detail: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "key": self.key, "urgent": self.urgent, "detail": dict(self.detail)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reason:
        return cls(data["code"], data["key"], bool(data.get("urgent")), dict(data.get("detail") or {}))


AlertRule = Callable[[IncidentChange], Iterable[Reason]]


def _was_public(change: IncidentChange) -> bool:
    return change.before is not None and change.before.published


def newly_published(change: IncidentChange) -> list[Reason]:
    """The incident became public: everyone who watches its country hears of it."""
    after = change.after
    if not after.published or _was_public(change):
        return []
    urgent = after.urgent or after.status in TOWARD_RETURN or bool(after.children)
    return [Reason("published", f"published:{after.key}", urgent, {"status": after.status})]


def status_changed(change: IncidentChange) -> list[Reason]:
    """A published incident moved: toward the border, returned, released, arrived, or any other step."""
    before, after = change.before, change.after
    if not after.published or before is None or not before.published or before.status == after.status:
        return []
    stamp = (after.updated_at or change.at).astimezone(UTC).isoformat(timespec="seconds")
    urgent = after.status in TOWARD_RETURN or after.status == "died"
    key = f"status:{after.key}:{before.status}>{after.status}@{stamp}"
    return [Reason("status", key, urgent, {"from": before.status, "to": after.status})]


def children_involved(change: IncidentChange) -> list[Reason]:
    """Children are now known to be in a published group: always urgent."""
    after = change.after
    if not after.published or not after.children:
        return []
    if _was_public(change) and change.before is not None and change.before.children:
        return []
    return [Reason("children", f"children:{after.key}", True, {"children": after.children})]


BUILTIN_RULES: tuple[AlertRule, ...] = (newly_published, status_changed, children_involved)


@hookimpl
def refwatch_alert_rules() -> list[AlertRule]:
    return list(BUILTIN_RULES)


def reasons_for(change: IncidentChange, rules: Iterable[AlertRule]) -> list[Reason]:
    """Every reason any rule finds, each key once, in rule order."""
    seen: set[str] = set()
    found: list[Reason] = []
    for rule in rules:
        for reason in rule(change):
            if reason.key not in seen:
                seen.add(reason.key)
                found.append(reason)
    return found


def quiet_reason(incident: PublicIncident, *, now: datetime, days: int) -> Reason | None:
    """No news for `days` on a group still held: silence is news too, once per quiet spell."""
    if not incident.published or incident.status not in IN_CUSTODY or incident.last_news_at is None:
        return None
    last = incident.last_news_at if incident.last_news_at.tzinfo else incident.last_news_at.replace(tzinfo=UTC)
    quiet_for = now - last
    if quiet_for < timedelta(days=days):
        return None
    key = f"quiet:{incident.key}:{last.astimezone(UTC).isoformat(timespec='seconds')}"
    return Reason("quiet", key, True, {"days": quiet_for.days, "since": last.astimezone(UTC).date().isoformat()})


def manual_reason(*, message_en: str, message_ko: str, urgent: bool) -> Reason:
    """An editor's own alert: the message is theirs, and so is the decision that it is public.

    Who wrote it is kept in the alert's `created_by` and the audit log, never in the reason:
    reasons travel to webhook receivers, and monitors' names are theirs to keep.
    """
    return Reason("manual", f"manual:{uuid.uuid4().hex}", urgent,
                  {"message_en": message_en.strip(), "message_ko": message_ko.strip()})


PRIVATE_DETAIL = frozenset({"editor"})  # written into manual reasons before they stopped carrying it


def public_reasons(reasons: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stored reasons as they may leave the site: without who made them."""
    return [{**r, "detail": {k: v for k, v in (r.get("detail") or {}).items() if k not in PRIVATE_DETAIL}}
            for r in reasons]
