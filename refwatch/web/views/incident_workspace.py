"""Incidents in the workspace: the list, the incident page, and a person's decisions on them.

Merge, split, move, unlock, pin and unpin call `refwatch.incidents` (which writes the audit
entry and keeps the decision through re-linking); publishing (`refwatch.incidents.publishing`)
audits the public summary before and after. Every change needs the editor role, runs in one
transaction and answers with a redirect to the page, with `?done=` or `?problem=` to say how
it went; once it is committed, the alerts it calls for are queued at once. Notes and sensitive
fields on incidents use the review module's handlers unchanged.
"""

from __future__ import annotations

import hashlib
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session
from starlette.responses import Response

from refwatch.errors import BadRequest, EditConflict, IncidentError, InvalidDecision, NotFound, UnknownIncident
from refwatch.incidents import (
    incident_view,
    merge_incidents,
    move_report,
    pin_fact,
    split_incident,
    unlock_report,
    unpin_fact,
)
from refwatch.incidents.decisions import STATUSES
from refwatch.incidents.publishing import PUBLIC_TEXT_FIELDS, set_publication
from refwatch.incidents.record import PINNABLE
from refwatch.incidents.rederive import rederive, stale_reports
from refwatch.incidents.stored import get_incident
from refwatch.store import transaction
from refwatch.store.audit import record as audit
from refwatch.store.models import AuditEntry, Incident
from refwatch.store.notes import SENSITIVE_KINDS, count_sensitive, list_notes, list_sensitive
from refwatch.store.users import Account
from refwatch.web.auth import Editor, Viewer
from refwatch.web.public.display import Words
from refwatch.web.public.filters import filter_condition, parse_filters
from refwatch.web.public.incident_data import incident_summary
from refwatch.web.respond._common import announcing_incident_changes
from refwatch.web.templating import NavLink
from refwatch.web.views._shared import cipher, factory, form, pages, see_other
from refwatch.web.views.review import NOTE_TARGETS, NoteTarget

router = APIRouter(include_in_schema=False)
NAV = (NavLink("nav.workspace_incidents", "/workspace/incidents", role="viewer"),)
NOTE_TARGETS["incidents"] = NoteTarget("incident", "/workspace/incidents/{id}", Incident)

WORKSPACE_PAGE = 50
TEXT_LIMITS = {"title_en": 300, "title_ko": 300, "summary_en": 4000, "summary_ko": 4000}
DONE = ("published", "unpublished", "saved", "merged", "split", "moved", "unlocked", "pinned", "unpinned",
        "refreshed", "note", "note_empty", "sensitive", "sensitive_invalid")
PROBLEMS = ("RW801", "RW802", "needs_summary", "bad_value")


def version_of(incident: Incident) -> str:
    """A fingerprint of what the publish form showed; a change meanwhile makes the form stale."""
    payload = "|".join([str(incident.updated_at), str(incident.published),
                        *(getattr(incident, name) or "" for name in PUBLIC_TEXT_FIELDS)])
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def _page(key: str, *, done: str | None = None, problem: str | None = None, anchor: str = "") -> Response:
    query = f"?done={done}" if done else f"?problem={problem}" if problem else ""
    return see_other(f"/workspace/incidents/{key}{query}{'#' + anchor if anchor else ''}")


@router.get("/workspace/incidents", response_class=HTMLResponse)
def workspace_list(request: Request, account: Viewer, published: str = "all", status: str | None = None,
                   country: str | None = None, q: str | None = None, page: int = 1) -> HTMLResponse:
    """Every active incident, most urgent first, published or not."""
    filters = parse_filters(published=published, status=status, country=country, q=q)
    if page < 1 or page > 10_000:
        raise BadRequest("page must be a positive number")
    with factory(request)() as db:
        condition = filter_condition(db, filters)
        rows = list(db.scalars(select(Incident).where(condition)
                               .order_by(Incident.urgency.desc(), Incident.id.desc())
                               .limit(WORKSPACE_PAGE + 1).offset((page - 1) * WORKSPACE_PAGE)))
        total = db.scalar(select(func.count()).select_from(Incident).where(condition)) or 0
    return pages(request).render(request, "incidents/workspace_list.html", {
        "rows": [{**incident_summary(r), "published": r.published, "urgency": r.urgency}
                 for r in rows[:WORKSPACE_PAGE]],
        "more": len(rows) > WORKSPACE_PAGE, "page": page, "total": total,
        "filters": filters, "statuses": STATUSES, "words": Words(request.state.lang),
    })


def _history(db: Session, key: str, report_ids: list[int]) -> list[AuditEntry]:
    ids = [key, *(str(r) for r in report_ids)]
    return list(db.scalars(select(AuditEntry).where(
        or_(AuditEntry.entity_type == "incident", AuditEntry.action.startswith("incident.")),
        AuditEntry.entity_id.in_(ids)).order_by(AuditEntry.id.desc()).limit(50)))


@router.get("/workspace/incidents/{key}", response_class=HTMLResponse)
def workspace_incident(key: str, request: Request, account: Viewer) -> HTMLResponse:
    with factory(request)() as db:
        try:
            incident = get_incident(db, key)
        except UnknownIncident as e:
            raise NotFound(f"no incident {key}") from e
        view = incident_view(db, incident.id)
        merged_ids = [str(i) for i in db.scalars(select(Incident.id).where(Incident.merged_into_id == incident.id))]
        notes = [note for entity in (str(incident.id), *merged_ids)
                 for note in list_notes(db, cipher(request), entity_type="incident", entity_id=entity)]
        editor = account.can("editor")
        sensitive = list_sensitive(db, cipher(request), entity_type="incident", entity_id=incident.id) \
            if editor else []
        hidden = 0 if editor else count_sensitive(db, entity_type="incident", entity_id=incident.id)
        data = {
            "incident": incident, "summary": incident_summary(incident), "view": view, "record": view.record,
            "stale": stale_reports(db, incident.id),
            "history": _history(db, incident.key, [r.report_id for r in view.reports]),
            "notes": notes, "sensitive": sensitive, "hidden_sensitive": hidden, "sensitive_kinds": SENSITIVE_KINDS,
            "can_edit": editor, "version": version_of(incident), "pinnable": PINNABLE, "statuses": STATUSES,
            "words": Words(request.state.lang), "done": request.query_params.get("done"),
            "problem": request.query_params.get("problem"), "done_keys": DONE, "problem_keys": PROBLEMS,
        }
    return pages(request).render(request, "incidents/workspace_incident.html", data)


def _texts(request: Request) -> dict[str, str]:
    fields = form(request)
    texts = {name: " ".join(fields.get(name, "").split()) if name.startswith("title") else
             fields.get(name, "").strip().replace("\r\n", "\n") for name in PUBLIC_TEXT_FIELDS}
    for name, limit in TEXT_LIMITS.items():
        if len(texts[name]) > limit:
            raise BadRequest(f"{name} is longer than {limit} characters")
    return texts


@router.post("/workspace/incidents/{key}/publish")
def publish(key: str, request: Request, account: Editor) -> Response:
    """Save the public title and summary (en/ko); publish or unpublish as the button says."""
    fields = form(request)
    action = fields.get("action", "save")
    if action not in ("publish", "save", "unpublish"):
        raise BadRequest("action is publish, save or unpublish")
    texts = _texts(request)
    with announcing_incident_changes(request), transaction(factory(request)) as db:
        incident = _incident(db, key)
        if fields.get("version") and fields.get("version") != version_of(incident):
            raise EditConflict("the incident changed since the form was shown")
        publishing = action == "publish" or (action == "save" and incident.published)
        if publishing and not (texts["summary_en"] or texts["summary_ko"]):
            return _page(incident.key, problem="needs_summary", anchor="publish")
        set_publication(db, incident, actor=account.username, texts=texts, action=action)  # type: ignore[arg-type]
        done = {"publish": "published", "unpublish": "unpublished"}.get(action, "saved")
        return _page(incident.key, done=done, anchor="publish")


def _incident(db: Session, key: str) -> Incident:
    try:
        return get_incident(db, key)
    except UnknownIncident as e:
        raise NotFound(f"no incident {key}") from e


def _decision(request: Request, key: str, account: Account, action: str, anchor: str) -> Response:
    """Run one decision of `refwatch.incidents`; its errors come back as a message on the page."""
    fields = form(request)
    note = fields.get("note", "").strip()[:1000]
    try:
        with announcing_incident_changes(request), transaction(factory(request)) as db:
            incident = _incident(db, key)
            landing = _apply(db, incident, action, fields, account.username, note)
    except IncidentError as e:
        return _page(key, problem=e.code, anchor=anchor)
    except ValueError:
        return _page(key, problem="bad_value", anchor=anchor)
    return _page(landing, done=action, anchor=anchor)


def _report_id(fields: dict[str, str], name: str = "report") -> int:
    raw = fields.get(name, "")
    if not raw.isdigit():
        raise InvalidDecision("choose a report")
    return int(raw)


def _pin_value(field: str, raw: str) -> Any:
    if field in ("people_min", "people_max", "children"):
        return int(raw)
    return raw.strip()


def _apply(db: Session, incident: Incident, action: str, fields: Any, actor: str, note: str) -> str:
    """Carry out `action` on `incident`; returns the key of the incident to show afterwards."""
    if action == "merged":
        target = fields.get("into", "").strip()
        return merge_incidents(db, source=incident.key, target=target, actor=actor, note=note).key
    if action == "split":
        chosen = [int(v) for v in fields.getlist("report") if v.isdigit()]
        split_incident(db, incident=incident.key, report_ids=chosen, actor=actor, note=note)
        return incident.key
    if action == "moved":
        target = fields.get("to", "").strip() or None
        move_report(db, report_id=_report_id(fields), to=target, actor=actor, note=note)
        return incident.key
    if action == "unlocked":
        unlock_report(db, report_id=_report_id(fields), actor=actor, note=note)
        return incident.key
    if action == "pinned":
        field = fields.get("field", "")
        pin_fact(db, incident=incident.key, field=field, value=_pin_value(field, fields.get("value", "")),
                 actor=actor, note=note)
        return incident.key
    if action == "unpinned":
        unpin_fact(db, incident=incident.key, field=fields.get("field", ""), actor=actor)
        return incident.key
    rebuilt = rederive(db, incident.id)
    audit(db, actor=actor, action="incident.refresh", entity_type="incident", entity_id=incident.key,
          before=None, after={"reports_rebuilt": rebuilt, "note": note})
    return incident.key


@router.post("/workspace/incidents/{key}/merge")
def merge(key: str, request: Request, account: Editor) -> Response:
    return _decision(request, key, account, "merged", "merge")


@router.post("/workspace/incidents/{key}/split")
def split(key: str, request: Request, account: Editor) -> Response:
    return _decision(request, key, account, "split", "reports")


@router.post("/workspace/incidents/{key}/move")
def move(key: str, request: Request, account: Editor) -> Response:
    return _decision(request, key, account, "moved", "reports")


@router.post("/workspace/incidents/{key}/unlock")
def unlock(key: str, request: Request, account: Editor) -> Response:
    return _decision(request, key, account, "unlocked", "reports")


@router.post("/workspace/incidents/{key}/pin")
def pin(key: str, request: Request, account: Editor) -> Response:
    return _decision(request, key, account, "pinned", "facts")


@router.post("/workspace/incidents/{key}/unpin")
def unpin(key: str, request: Request, account: Editor) -> Response:
    return _decision(request, key, account, "unpinned", "facts")


@router.post("/workspace/incidents/{key}/refresh")
def refresh_record(key: str, request: Request, account: Editor) -> Response:
    return _decision(request, key, account, "refreshed", "record")
