"""The respond part of the workspace: outbox status, manual alerts, urgent actions, events and
the moderation queue. Editors only; every change goes through the library, which audits it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from refwatch.errors import BadRequest, InvalidEvent, NotFound, RespondError
from refwatch.respond import actions, alerts, events, outbox, responses
from refwatch.respond.actions import ActionInput
from refwatch.respond.events import EventInput, local_time, to_utc
from refwatch.respond.incident_feed import incident_by_key, published_incidents
from refwatch.store import transaction
from refwatch.store.models import Alert, ProtestEvent, ReaderResponse, UrgentAction
from refwatch.store.users import Account
from refwatch.web.auth import Editor
from refwatch.web.respond._common import factory, field, form, respond_ctx, wake_outbox
from refwatch.web.views._shared import pages, see_other

router = APIRouter(include_in_schema=False)
BASE = "/workspace/respond"
EVENT_TEXT_FIELDS = ("title_en", "title_ko", "description_en", "description_ko", "place_name", "city", "address",
                     "online_url", "what_to_bring_en", "what_to_bring_ko", "organiser", "organiser_contact",
                     "accessibility_en", "accessibility_ko")


def _local(value: str, name: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except ValueError as e:
        raise BadRequest(f"{name}: give a date and time like 2026-12-01T13:00") from e


def _optional_utc(request: Request, name: str) -> datetime | None:
    raw = field(request, name)
    if not raw:
        return None
    try:
        return to_utc(_local(raw, name), field(request, "timezone", "UTC"))
    except InvalidEvent as e:
        raise BadRequest(e.message) from e


def _dashboard(db: Session) -> dict[str, Any]:
    return {
        "counts": outbox.state_counts(db),
        "alerts": db.scalars(select(Alert).where(Alert.kind == "incident").order_by(Alert.id.desc()).limit(15)).all(),
        "actions": db.scalars(select(UrgentAction).order_by(UrgentAction.state.desc(),
                                                            UrgentAction.updated_at.desc()).limit(50)).all(),
        "events": db.scalars(select(ProtestEvent).order_by(ProtestEvent.starts_at.desc()).limit(50)).all(),
        "held": db.scalar(select(func.count()).select_from(ReaderResponse).where(ReaderResponse.state == "held")),
        "incidents": published_incidents(db),
    }


@router.get(BASE, response_class=HTMLResponse)
def dashboard(request: Request, account: Editor) -> HTMLResponse:
    with factory(request)() as db:
        data = _dashboard(db)
        data["done"] = request.query_params.get("done", "")
        return pages(request).render(request, "respond/workspace.html", data)


@router.post(f"{BASE}/alerts")
def manual_alert(request: Request, account: Editor) -> Response:
    ctx = respond_ctx(request)
    with transaction(factory(request)) as db:
        incident = incident_by_key(db, field(request, "incident"))
        if incident is None:
            raise NotFound("no such incident")
        try:
            alerts.send_manual_alert(db, incident, editor=account.username, message_en=field(request, "message_en"),
                                     message_ko=field(request, "message_ko"), urgent=field(request, "urgent") == "1",
                                     ctx=ctx)
        except RespondError as e:
            raise BadRequest(e.message) from e
    wake_outbox(request)
    return see_other(f"{BASE}?done=alert")


@router.get(f"{BASE}/responses", response_class=HTMLResponse)
def moderation_queue(request: Request, account: Editor) -> HTMLResponse:
    state = request.query_params.get("state", "held")
    if state not in ("held", "spam", "approved", "rejected"):
        raise BadRequest("unknown state")
    with factory(request)() as db:
        rows = responses.moderation_queue(db, state=state)
        return pages(request).render(request, "respond/moderation.html", {"rows": rows, "state": state})


@router.post(f"{BASE}/responses/{{response_id}}")
def moderate(response_id: int, request: Request, account: Editor) -> Response:
    ctx = respond_ctx(request)
    with transaction(factory(request)) as db:
        try:
            responses.moderate(db, response_id, field(request, "decision"), moderator=account.username,
                               note=field(request, "note"), now=ctx.now())
        except RespondError as e:
            raise BadRequest(e.message) from e
    return see_other(f"{BASE}/responses")


def _action_input(request: Request) -> ActionInput:
    ids = [int(v) for v in form(request).getlist("target") if v.isdigit()]
    return ActionInput(title_en=field(request, "title_en"), title_ko=field(request, "title_ko"),
                       background_en=field(request, "background_en"), background_ko=field(request, "background_ko"),
                       expected_transfer_at=_optional_utc(request, "expected_transfer_at"),
                       transfer_certainty=field(request, "transfer_certainty", "unknown"),
                       deadline_at=_optional_utc(request, "deadline_at"), target_ids=ids or None)


@router.get(f"{BASE}/actions/new", response_class=HTMLResponse)
def new_action(request: Request, account: Editor, incident: str = "") -> HTMLResponse:
    return pages(request).render(request, "respond/action_form.html", {
        "action": None, "incident_key": incident, "certainties": actions.CERTAINTIES,
        "certainty_label": actions.certainty_label,
        "values": {"transfer_certainty": "unknown", "timezone": "UTC"}})


@router.post(f"{BASE}/actions")
def create_action(request: Request, account: Editor) -> Response:
    ctx = respond_ctx(request)
    with transaction(factory(request)) as db:
        incident = incident_by_key(db, field(request, "incident"))
        if incident is None:
            raise NotFound("no such incident")
        try:
            action = actions.create_action(db, incident, _action_input(request), actor=account.username, ctx=ctx)
        except RespondError as e:
            raise BadRequest(e.message) from e
        slug = action.slug
    return see_other(f"/act/{slug}")


def _action_values(action: UrgentAction) -> dict[str, str]:
    def stamp(moment: datetime | None) -> str:
        return local_time(moment, "UTC").strftime("%Y-%m-%dT%H:%M") if moment else ""

    return {"title_en": action.title_en, "title_ko": action.title_ko, "background_en": action.background_en,
            "background_ko": action.background_ko, "expected_transfer_at": stamp(action.expected_transfer_at),
            "deadline_at": stamp(action.deadline_at), "transfer_certainty": action.transfer_certainty,
            "timezone": "UTC"}


@router.get(f"{BASE}/actions/{{action_id}}", response_class=HTMLResponse)
def edit_action(action_id: int, request: Request, account: Editor) -> HTMLResponse:
    with factory(request)() as db:
        action = db.get(UrgentAction, action_id)
        if action is None:
            raise NotFound("no such action")
        return pages(request).render(request, "respond/action_form.html", {
            "action": action, "incident_key": action.incident_key, "certainties": actions.CERTAINTIES,
            "certainty_label": actions.certainty_label, "values": _action_values(action)})


@router.post(f"{BASE}/actions/{{action_id}}")
def update_action(action_id: int, request: Request, account: Editor) -> Response:
    ctx = respond_ctx(request)
    with transaction(factory(request)) as db:
        action = _editable_action(db, action_id)
        if field(request, "close"):
            actions.close_action(db, action, outcome=field(request, "close"), actor=account.username, ctx=ctx)
        else:
            try:
                actions.update_action(db, action, _action_input(request), actor=account.username, ctx=ctx)
            except RespondError as e:
                raise BadRequest(e.message) from e
        slug = action.slug
    return see_other(f"/act/{slug}")


def _editable_action(db: Session, action_id: int) -> UrgentAction:
    action = db.get(UrgentAction, action_id)
    if action is None:
        raise NotFound("no such action")
    return action


def _event_input(request: Request) -> EventInput:
    values: dict[str, Any] = {name: field(request, name) for name in EVENT_TEXT_FIELDS}
    return EventInput(**values, starts_local=_local(field(request, "starts_local"), "start"),
                      ends_local=_local(field(request, "ends_local"), "end"),
                      timezone=field(request, "timezone", "Asia/Seoul"), kind=field(request, "kind", "protest"),
                      country=field(request, "country") or None, address_hidden=field(request, "address_hidden") == "1",
                      incident_key=field(request, "incident_key") or None)


def _event_values(event: ProtestEvent) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(event, name) for name in EVENT_TEXT_FIELDS}
    values.update(starts_local=local_time(event.starts_at, event.timezone).strftime("%Y-%m-%dT%H:%M"),
                  ends_local=local_time(event.ends_at, event.timezone).strftime("%Y-%m-%dT%H:%M"),
                  timezone=event.timezone, kind=event.kind, country=event.country or "",
                  address_hidden=event.address_hidden, incident_key=event.incident_key or "")
    return values


@router.get(f"{BASE}/events/new", response_class=HTMLResponse)
def new_event(request: Request, account: Editor, incident: str = "") -> HTMLResponse:
    return pages(request).render(request, "respond/event_form.html", {
        "event": None, "values": {"timezone": "Asia/Seoul", "kind": "protest", "incident_key": incident},
        "kinds": events.KINDS, "error": None})


def _save_event(request: Request, account: Account, event_id: int | None) -> Response:
    ctx = respond_ctx(request)
    try:
        data = _event_input(request)
        with transaction(factory(request)) as db:
            if event_id is None:
                slug = events.create_event(db, data, actor=account.username, ctx=ctx).slug
            else:
                existing = db.get(ProtestEvent, event_id)
                if existing is None:
                    raise NotFound("no such event")
                events.update_event(db, existing, data, actor=account.username, ctx=ctx)
                slug = existing.slug
    except (InvalidEvent, BadRequest) as e:
        values: dict[str, Any] = {name: field(request, name) for name in (
            *EVENT_TEXT_FIELDS, "starts_local", "ends_local", "timezone", "kind", "country", "incident_key")}
        values["address_hidden"] = field(request, "address_hidden") == "1"
        return pages(request).render(request, "respond/event_form.html", {
            "event": {"id": event_id} if event_id else None, "values": values, "kinds": events.KINDS,
            "error": e.message}, status=422)
    wake_outbox(request)
    return see_other(f"/events/{slug}")


@router.post(f"{BASE}/events")
def create_event(request: Request, account: Editor) -> Response:
    return _save_event(request, account, None)


@router.get(f"{BASE}/events/{{event_id}}", response_class=HTMLResponse)
def edit_event(event_id: int, request: Request, account: Editor) -> HTMLResponse:
    with factory(request)() as db:
        event = db.get(ProtestEvent, event_id)
        if event is None:
            raise NotFound("no such event")
        return pages(request).render(request, "respond/event_form.html", {
            "event": event, "values": _event_values(event), "kinds": events.KINDS, "error": None})


@router.post(f"{BASE}/events/{{event_id}}")
def update_event(event_id: int, request: Request, account: Editor) -> Response:
    return _save_event(request, account, event_id)


@router.post(f"{BASE}/events/{{event_id}}/cancel")
def cancel_event(event_id: int, request: Request, account: Editor) -> Response:
    ctx = respond_ctx(request)
    with transaction(factory(request)) as db:
        event = db.get(ProtestEvent, event_id)
        if event is None:
            raise NotFound("no such event")
        events.cancel_event(db, event, actor=account.username, ctx=ctx)
        slug = event.slug
    wake_outbox(request)
    return see_other(f"/events/{slug}")
