"""From an incident change to queued deliveries: rules, de-duplication, action follow-up, fan-out.

`on_incident_change` is what the incidents stage (or the watch loop) calls after it changes
an incident, inside the same transaction: the open urgent actions follow the new status, the
rules give reasons, reasons already told are dropped, and what is left becomes one alert
whose deliveries are written to the outbox before the transaction commits. A crash before
the commit loses nothing (the change is rolled back too); after it, the outbox owns delivery.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from refwatch.errors import RespondError
from refwatch.respond import actions
from refwatch.respond.context import RespondContext, fan_out
from refwatch.respond.public import PublicIncident
from refwatch.respond.rules import IncidentChange, Reason, manual_reason, quiet_reason, reasons_for
from refwatch.store.audit import record
from refwatch.store.models import Alert, UrgentAction


def told_reason_keys(session: Session, incident_key: str) -> set[str]:
    """Keys of every reason already alerted for this incident."""
    keys: set[str] = set()
    for content in session.scalars(select(Alert.content).where(Alert.incident_key == incident_key,
                                                               Alert.kind == "incident")):
        keys.update(r["key"] for r in (content or {}).get("reasons", []))
    return keys


def _action_info(session: Session, incident_key: str) -> dict[str, object] | None:
    rows = session.scalars(select(UrgentAction).where(UrgentAction.incident_key == incident_key)
                           .order_by(UrgentAction.state.desc(), UrgentAction.updated_at.desc()))
    first = rows.first()
    return actions.action_summary(first) if first else None


def create_incident_alert(session: Session, incident: PublicIncident, reasons: Iterable[Reason], *,
                          ctx: RespondContext, created_by: str = "rules") -> Alert | None:
    """One alert for the reasons not yet told; None when there is nothing new to say."""
    if not incident.published:
        return None
    told = told_reason_keys(session, incident.key)
    fresh = [r for r in reasons if r.key not in told]
    if not fresh:
        return None
    digest = hashlib.sha256("\n".join(sorted(r.key for r in fresh)).encode()).hexdigest()[:40]
    alert = Alert(dedupe_key=f"incident:{incident.key[:100]}:{digest}", kind="incident", incident_key=incident.key,
                  country=(incident.country or "").upper() or None, urgent=any(r.urgent for r in fresh),
                  content={"incident": incident.to_public_dict(), "reasons": [r.to_dict() for r in fresh],
                           "action": _action_info(session, incident.key)},
                  created_by=created_by, created_at=ctx.now())
    session.add(alert)
    fan_out(session, alert, ctx)
    return alert


def on_incident_change(session: Session, change: IncidentChange, *, ctx: RespondContext) -> Alert | None:
    """Follow-up for one change to an incident: actions re-targeted or closed, then the alert."""
    actions.follow_incident(session, change, ctx=ctx)
    return create_incident_alert(session, change.after, reasons_for(change, ctx.rules), ctx=ctx)


def send_manual_alert(session: Session, incident: PublicIncident, *, editor: str, message_en: str,
                      message_ko: str, urgent: bool, ctx: RespondContext) -> Alert:
    """An editor's alert about a published incident; their message is the public text."""
    if not incident.published:
        raise RespondError("only published incidents can be alerted about", where=incident.key)
    if not (message_en.strip() or message_ko.strip()):
        raise RespondError("write the message in English or Korean", where="message")
    reason = manual_reason(message_en=message_en, message_ko=message_ko, urgent=urgent)
    alert = create_incident_alert(session, incident, [reason], ctx=ctx, created_by=editor)
    if alert is None:  # a fresh uuid key is never told before
        raise RespondError("the alert could not be created", where=incident.key)
    record(session, actor=editor, action="alert.manual", entity_type="alert", entity_id=alert.id,
           after={"incident": incident.key, "urgent": urgent, "message_en": message_en, "message_ko": message_ko})
    return alert


def check_quiet(session: Session, incidents: Iterable[PublicIncident], *, ctx: RespondContext) -> list[Alert]:
    """'No news for N days' alerts for published groups still held; each quiet spell alerts once."""
    created = []
    for incident in incidents:
        reason = quiet_reason(incident, now=ctx.now(), days=ctx.settings.quiet_days)
        if reason is not None:
            alert = create_incident_alert(session, incident, [reason], ctx=ctx)
            if alert is not None:
                created.append(alert)
    return created
