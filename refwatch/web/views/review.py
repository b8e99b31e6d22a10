"""The workspace's changes: accept, correct or reject an event; add notes and sensitive fields.

Every handler here changes data, so every one needs the editor role, runs in one transaction
with its audit entry, and answers with a redirect (or re-renders the form with its errors).
The CSRF middleware has already checked the form's token before any of this runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from refwatch.errors import InputError, NotFound
from refwatch.store import transaction
from refwatch.store.models import EventRow
from refwatch.store.models import Report as ReportRow
from refwatch.store.notes import add_note, clear_sensitive, set_sensitive
from refwatch.store.review import Decision, correct, decide, parse_correction
from refwatch.store.users import Account
from refwatch.web.auth import Editor
from refwatch.web.views._shared import cipher, factory, form, see_other
from refwatch.web.views.reports import render_report_page

router = APIRouter(include_in_schema=False)



@dataclass(frozen=True, slots=True)
class NoteTarget:
    """Something notes and sensitive fields attach to: its entity type, page and table."""

    entity_type: str
    page: str
    model: type[Any]


# URL segment → target. The incident views add "incidents" → NoteTarget("incident", …, Incident).
NOTE_TARGETS: dict[str, NoteTarget] = {"reports": NoteTarget("report", "/workspace/reports/{id}", ReportRow)}


def _report_of(request: Request, event_id: int) -> int:
    with factory(request)() as db:
        event = db.get(EventRow, event_id)
        if event is None:
            raise NotFound(f"no event {event_id}")
        return event.report_id


def _after_review(report_id: int, event_id: int, done: str) -> Response:
    return see_other(f"/workspace/reports/{report_id}?done={done}#event-{event_id}")


def _decide(request: Request, event_id: int, decision: Decision, account: Account) -> Response:
    version = form(request).get("version") or None
    with transaction(factory(request)) as db:
        event = decide(db, event_id=event_id, decision=decision, actor=account.username, expected_version=version)
        report_id = event.report_id
    return _after_review(report_id, event_id, decision)


@router.post("/workspace/events/{event_id}/accept")
def accept_event(event_id: int, request: Request, account: Editor) -> Response:
    return _decide(request, event_id, "accept", account)


@router.post("/workspace/events/{event_id}/reject")
def reject_event(event_id: int, request: Request, account: Editor) -> Response:
    return _decide(request, event_id, "reject", account)


@router.post("/workspace/events/{event_id}/correct")
def correct_event(event_id: int, request: Request, account: Editor) -> Response:
    fields = form(request)
    parsed = parse_correction(fields)
    if not parsed.ok:
        report_id = _report_of(request, event_id)
        return render_report_page(request, account, report_id, status=422, errors={event_id: parsed.errors},
                                  submitted={event_id: dict(fields)})
    with transaction(factory(request)) as db:
        event = correct(db, event_id=event_id, changes=parsed.changes, actor=account.username,
                        expected_version=fields.get("version") or None)
        report_id = event.report_id
    return _after_review(report_id, event_id, "correct")


def _target(request: Request, kind: str, entity_id: int) -> tuple[str, str]:
    target = NOTE_TARGETS.get(kind)
    if target is None:
        raise NotFound(f"nothing called {kind}")
    with factory(request)() as db:
        if db.get(target.model, entity_id) is None:
            raise NotFound(f"no {target.entity_type} {entity_id}")
    return target.entity_type, target.page.format(id=entity_id)


@router.post("/workspace/{kind}/{entity_id}/notes")
def add_private_note(kind: str, entity_id: int, request: Request,
                     account: Editor) -> Response:
    entity_type, page = _target(request, kind, entity_id)
    try:
        with transaction(factory(request)) as db:
            add_note(db, cipher(request), entity_type=entity_type, entity_id=entity_id, author=account.username,
                     text=form(request).get("text", ""))
    except InputError:
        return see_other(f"{page}?done=note_empty#notes")
    return see_other(f"{page}?done=note#notes")


@router.post("/workspace/{kind}/{entity_id}/sensitive")
def set_sensitive_field(kind: str, entity_id: int, request: Request,
                        account: Editor) -> Response:
    entity_type, page = _target(request, kind, entity_id)
    fields = form(request)
    try:
        with transaction(factory(request)) as db:
            if fields.get("clear"):
                clear_sensitive(db, entity_type=entity_type, entity_id=entity_id, field=fields.get("field", ""),
                                actor=account.username)
            else:
                set_sensitive(db, cipher(request), entity_type=entity_type, entity_id=entity_id,
                              field=fields.get("field", ""), text=fields.get("text", ""), actor=account.username)
    except InputError:
        return see_other(f"{page}?done=sensitive_invalid#sensitive")
    return see_other(f"{page}?done=sensitive#sensitive")
