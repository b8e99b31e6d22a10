"""Urgent actions: what to ask, of whom, by when, for one incident, and what happens when it moves.

The countdown counts to the deadline (or, without one, to the expected transfer) and says how
sure that date is. A date that has passed is shown as passed, with how long ago, and never
disappears into silence. When the incident's status changes the action follows: a group
moved to another country is re-targeted there; after a forced return the asks turn to North
Korea and to UN bodies (the action stays open, outcome `returned`); release, safe arrival or
death closes it. Every such change is written to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from refwatch.errors import RespondError
from refwatch.respond.context import RespondContext
from refwatch.respond.public import PublicIncident
from refwatch.respond.rules import IncidentChange
from refwatch.respond.targets import directory_targets, targets_by_id
from refwatch.respond.timefmt import utc
from refwatch.respond.words import language, people_phrase
from refwatch.store.audit import record
from refwatch.store.models import ActionTarget, UrgentAction

CERTAINTIES = ("confirmed", "likely", "possible", "unknown")
CLOSING_OUTCOMES = {"released": "released", "arrived": "arrived", "died": "died"}
CERTAINTY_WORDS = {
    "confirmed": {"en": "confirmed", "ko": "확인됨"},
    "likely": {"en": "likely", "ko": "가능성 높음"},
    "possible": {"en": "possible", "ko": "가능성 있음"},
    "unknown": {"en": "date not known", "ko": "날짜 미상"},
}


@dataclass(frozen=True, slots=True)
class ActionInput:
    """What an editor sets on an action; everything here is public."""

    title_en: str = ""
    title_ko: str = ""
    background_en: str = ""
    background_ko: str = ""
    expected_transfer_at: datetime | None = None
    transfer_certainty: str = "unknown"
    deadline_at: datetime | None = None
    target_ids: list[int] | None = None


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _values(data: ActionInput) -> dict[str, Any]:
    if data.transfer_certainty not in CERTAINTIES:
        raise RespondError(f"certainty must be one of {', '.join(CERTAINTIES)}", where="transfer_certainty")
    values = {f.name: getattr(data, f.name) for f in fields(data)}
    values["expected_transfer_at"] = _aware(data.expected_transfer_at)
    values["deadline_at"] = _aware(data.deadline_at)
    return values


def _snapshot(action: UrgentAction) -> dict[str, Any]:
    names = [f.name for f in fields(ActionInput)] + ["state", "phase", "outcome", "holding_country",
                                                     "incident_status"]
    return {name: utc(value) if isinstance(value := getattr(action, name), datetime) else value for name in names}


def create_action(session: Session, incident: PublicIncident, data: ActionInput, *, actor: str,
                  ctx: RespondContext) -> UrgentAction:
    if not incident.published:
        raise RespondError("an urgent action can only be opened for a published incident", where=incident.key)
    now = ctx.now()
    base = f"{incident.key}"[:100]
    slug, n = base, 1
    while session.scalars(select(UrgentAction.id).where(UrgentAction.slug == slug)).first() is not None:
        n += 1
        slug = f"{base}-{n}"
    returned = incident.status == "repatriated"
    action = UrgentAction(slug=slug, incident_key=incident.key, state="open",
                          phase="after_return" if returned else "prevent_return",
                          outcome="returned" if returned else None, holding_country=incident.country,
                          incident_status=incident.status, created_by=actor, created_at=now, updated_at=now,
                          **_values(data))
    session.add(action)
    session.flush()
    record(session, actor=actor, action="action.create", entity_type="action", entity_id=action.id,
           after=_snapshot(action))
    return action


def update_action(session: Session, action: UrgentAction, data: ActionInput, *, actor: str,
                  ctx: RespondContext) -> bool:
    values = _values(data)
    before = _snapshot(action)
    changed = {k: v for k, v in values.items() if before.get(k) != v}
    if not changed:
        return False
    for key, value in changed.items():
        setattr(action, key, value)
    action.updated_at = ctx.now()
    record(session, actor=actor, action="action.update", entity_type="action", entity_id=action.id,
           before={k: before[k] for k in changed}, after=changed)
    return True


def close_action(session: Session, action: UrgentAction, *, outcome: str, actor: str, ctx: RespondContext) -> None:
    if action.state == "closed":
        return
    before = _snapshot(action)
    action.state, action.outcome, action.closed_at, action.updated_at = "closed", outcome, ctx.now(), ctx.now()
    record(session, actor=actor, action="action.close", entity_type="action", entity_id=action.id,
           before={"state": before["state"], "outcome": before["outcome"]},
           after={"state": "closed", "outcome": outcome})


def open_actions(session: Session, incident_key: str) -> list[UrgentAction]:
    return list(session.scalars(select(UrgentAction).where(UrgentAction.incident_key == incident_key,
                                                           UrgentAction.state == "open")))


def follow_incident(session: Session, change: IncidentChange, *, ctx: RespondContext) -> list[UrgentAction]:
    """Re-target or close the open actions of an incident after its status or country moved."""
    after = change.after
    touched = []
    for action in open_actions(session, after.key):
        before = _snapshot(action)
        if after.status in CLOSING_OUTCOMES:
            close_action(session, action, outcome=CLOSING_OUTCOMES[after.status], actor="rules", ctx=ctx)
            action.incident_status = after.status
            touched.append(action)
            continue
        if after.status == "repatriated" and action.phase != "after_return":
            action.phase, action.outcome, action.target_ids = "after_return", "returned", None
        elif after.country and after.country != action.holding_country and action.phase == "prevent_return":
            action.holding_country, action.target_ids = after.country, None
        action.incident_status = after.status
        now_state = _snapshot(action)
        if now_state != before:
            action.updated_at = ctx.now()
            changed = [k for k in now_state if now_state[k] != before[k]]
            record(session, actor="rules", action="action.retarget", entity_type="action", entity_id=action.id,
                   before={k: before[k] for k in changed}, after={k: now_state[k] for k in changed})
            touched.append(action)
    return touched


def targets_for(session: Session, action: UrgentAction) -> list[ActionTarget]:
    """The editor's own choice if there is one, else the directory's targets for the phase and country."""
    if action.target_ids:
        return targets_by_id(session, [int(i) for i in action.target_ids])
    holding = "KP" if action.phase == "after_return" else action.holding_country
    return directory_targets(session, phase=action.phase, holding_country=holding)


def record_act(session: Session, action: UrgentAction) -> int:
    """Count one more person who acted (no personal data kept); returns the new count."""
    session.execute(update(UrgentAction).where(UrgentAction.id == action.id)
                    .values(acted_count=UrgentAction.acted_count + 1).execution_options(synchronize_session=False))
    session.refresh(action, ["acted_count"])
    return action.acted_count


@dataclass(frozen=True, slots=True)
class Countdown:
    """Time left (negative once passed) to the moment that matters, and how sure that moment is."""

    state: str  # upcoming | passed | unknown | closed
    moment: datetime | None
    remaining: timedelta | None
    certainty: str
    basis: str  # deadline | expected_transfer | none

    def label(self, lang: str) -> str:
        ko = language(lang) == "ko"
        if self.state == "closed":
            return "종료된 행동입니다" if ko else "This action is closed"
        if self.state == "unknown" or self.remaining is None:
            return "날짜를 모릅니다 — 지금 행동해 주세요" if ko else "No date is known — act now"
        span = _span(abs(self.remaining), ko)
        if self.state == "passed":
            what = "기한" if self.basis == "deadline" else "예상 이송일"
            return f"{what}이 {span} 전에 지났습니다" if ko else \
                f"The {'deadline' if self.basis == 'deadline' else 'expected transfer date'} passed {span} ago"
        return f"{span} 남음" if ko else f"{span} left"


def _span(delta: timedelta, ko: bool) -> str:
    days, hours, minutes = delta.days, delta.seconds // 3600, (delta.seconds % 3600) // 60
    if ko:
        parts = [f"{days}일" if days else "", f"{hours}시간" if hours else "",
                 f"{minutes}분" if minutes and not days else ""]
        return " ".join(p for p in parts if p) or "1분 미만"
    def unit(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}" if n else ""
    parts = [unit(days, "day"), unit(hours, "hour"), unit(minutes, "minute") if not days else ""]
    return " ".join(p for p in parts if p) or "less than a minute"


def countdown(action: UrgentAction, *, now: datetime) -> Countdown:
    if action.state == "closed":
        return Countdown("closed", None, None, action.transfer_certainty, "none")
    deadline, expected = _aware(action.deadline_at), _aware(action.expected_transfer_at)
    if action.phase == "after_return":
        expected = None  # the return happened; only an editor's deadline still counts
    moment: datetime | None = deadline or expected
    basis = "deadline" if deadline else "expected_transfer" if expected else "none"
    if moment is None:
        return Countdown("unknown", None, None, action.transfer_certainty, basis)
    remaining = moment - now
    state = "upcoming" if remaining > timedelta(0) else "passed"
    return Countdown(state, moment, remaining, action.transfer_certainty, basis)


def certainty_label(certainty: str, lang: str) -> str:
    return CERTAINTY_WORDS.get(certainty, CERTAINTY_WORDS["unknown"])[language(lang)]


def asks(action: UrgentAction, incident: PublicIncident, lang: str) -> list[str]:
    """What to ask for, in plain words, for the action's phase."""
    who = people_phrase(incident.people_min, incident.people_max, lang)
    if language(lang) == "ko":
        if action.phase == "after_return":
            return [f"강제북송된 탈북민 {who}이 어디에 구금되어 있는지 밝히고, "
                    "유엔 인권사무소와 국제적십자위원회의 접견을 허용할 것.",
                    "나라를 떠났다는 이유로 고문하거나 처벌하지 말 것.",
                    "이들을 석방하고 가족과 연락할 수 있게 할 것."]
        return [f"구금된 탈북민 {who}을 북한으로 돌려보내지 말 것. 돌아가면 고문과 수용소 구금을 당합니다.",
                "유엔난민기구(UNHCR)의 면담을 허용하고, 이들이 원하는 한국이나 제3국으로 갈 수 있게 할 것.",
                "이들이 안전하게 떠날 때까지 외부와 격리하거나 학대하지 말 것."]
    if action.phase == "after_return":
        return [f"Disclose where the {who} returned from abroad are held, and let UN human rights staff and the "
                "International Committee of the Red Cross visit them.",
                "Do not torture or punish them for having left the country.",
                "Release them and let them contact their families."]
    return [f"Do not send the {who} from North Korea back: returned, they face torture and prison camps.",
            "Let UNHCR meet them, and let them travel to South Korea or another country they choose.",
            "Keep them safe, fed and in contact with the outside world until they can leave."]


def action_summary(action: UrgentAction) -> dict[str, Any]:
    """The public facts of an action that go into alerts and webhooks."""
    return {"slug": action.slug, "state": action.state, "phase": action.phase, "outcome": action.outcome,
            "title_en": action.title_en, "title_ko": action.title_ko,
            "deadline_at": utc(action.deadline_at).isoformat() if action.deadline_at else None,
            "expected_transfer_at": utc(action.expected_transfer_at).isoformat()
            if action.expected_transfer_at else None,
            "transfer_certainty": action.transfer_certainty}
