"""Reports: the workspace queue and review page, and `/api/v1/reports` (token only).

`report_list` and `report_detail` build the dicts; the queue and the review page render them
with Jinja, the API returns them as JSON. Private notes and sensitive fields are added to the
page's context only, never to these dicts, so they cannot leak into an API answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from refwatch.errors import BadRequest, NotFound
from refwatch.store.models import EventRow, Extraction
from refwatch.store.models import Report as ReportRow
from refwatch.store.notes import SENSITIVE_KINDS, count_sensitive, list_notes, list_sensitive
from refwatch.store.review import COUNT_QUALIFIERS
from refwatch.store.users import Account
from refwatch.types import EVENT_TYPES
from refwatch.web.auth import TokenHolder, Viewer
from refwatch.web.highlight import locate, segments
from refwatch.web.views._shared import (
    PageRequest,
    check_day,
    cipher,
    factory,
    keyset_page,
    next_link,
    page_request,
    pages,
)
from refwatch.web.views.events import event_dict

router = APIRouter(include_in_schema=False)
api_router = APIRouter(tags=["reports"])

REPORT_STATES: tuple[str, ...] = ("new", "skipped", "extracted", "linked", "error")
QUEUE_VIEWS: tuple[str, ...] = ("review", "new", "all")
REPORT_FIELDS: tuple[str, ...] = (
    "id", "title", "outlet", "url", "published", "published_precision", "language", "state", "fetched_at",
    "version",
)


def _event_counts(db: Session, report_ids: list[int]) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = {}
    if not report_ids:
        return counts
    rows = db.execute(
        select(EventRow.report_id, EventRow.review, func.count(EventRow.id))
        .where(EventRow.report_id.in_(report_ids))
        .group_by(EventRow.report_id, EventRow.review)
    )
    for report_id, review, number in rows:
        per_report = counts.setdefault(report_id, {"total": 0})
        per_report[review] = number
        per_report["total"] += number
    return counts


def report_list(db: Session, *, paging: PageRequest, language: str | None = None, state: str | None = None,
                since: str | None = None, until: str | None = None, pending_review: bool = False,
                path: str = "/api/v1/reports") -> dict[str, Any]:
    """A page of reports, newest first, each with its events counted by review state."""
    query = select(ReportRow)
    if language:
        query = query.where(ReportRow.language == language)
    if state:
        query = query.where(ReportRow.state == state)
    if since:
        query = query.where(ReportRow.published >= since)
    if until:
        query = query.where(or_(ReportRow.published <= until, ReportRow.published.startswith(until)))
    if pending_review:
        query = query.where(exists().where(EventRow.report_id == ReportRow.id, EventRow.review == "suggested"))
    rows, last_id = keyset_page(db, query, ReportRow.id, paging)
    counts = _event_counts(db, [row.id for row in rows])
    items = [{**{name: getattr(row, name) for name in REPORT_FIELDS}, "events": counts.get(row.id, {"total": 0})}
             for row in rows]
    params = {"language": language, "state": state, "since": since, "until": until, "limit": paging.limit}
    return {"items": items, "next": next_link(path, params, last_id)}


def report_detail(db: Session, report_id: int) -> dict[str, Any]:
    """One report with its text, the extraction in force and every event (for people with access)."""
    row = db.get(ReportRow, report_id)
    if row is None:
        raise NotFound(f"no report {report_id}")
    extraction = db.scalars(
        select(Extraction).where(Extraction.report_id == report_id, Extraction.current.is_(True))
        .order_by(Extraction.id.desc()).limit(1)
    ).first()
    events = db.scalars(select(EventRow).where(EventRow.report_id == report_id).order_by(EventRow.id))
    return {
        **{name: getattr(row, name) for name in REPORT_FIELDS},
        "text": row.text,
        "extraction": None if extraction is None else {
            "extractor": extraction.extractor, "relevant": extraction.relevant,
            "score": extraction.score, "sources": extraction.sources, "error": extraction.error,
        },
        "events": [event_dict(event, public=False) for event in events],
    }


def _check_filters(language: str | None, state: str | None) -> None:
    if language is not None and (len(language) > 8 or not language.isalpha()):
        raise BadRequest("language is a code such as en or ko")
    if state is not None and state not in REPORT_STATES:
        raise BadRequest(f"state must be one of {', '.join(REPORT_STATES)}")


@router.get("/workspace", response_class=HTMLResponse)
def queue(request: Request, account: Viewer, show: str = "review", before: int | None = None,
          refresh: int | None = None) -> HTMLResponse:
    """The live queue: newest reports first; reloads itself unless the person paused it."""
    if show not in QUEUE_VIEWS:
        raise BadRequest(f"show must be one of {', '.join(QUEUE_VIEWS)}")
    paging = page_request(before, None, default=request.app.state.settings.api_page_size)
    with factory(request)() as db:
        data = report_list(db, paging=paging, state="new" if show == "new" else None,
                           pending_review=show == "review", path="/workspace")
    interval = request.app.state.settings.queue_refresh
    paused = refresh == 0
    data.update(show=show, views=QUEUE_VIEWS, refresh_seconds=0 if paused or before else interval,
                paused=paused, auto_refresh_available=interval > 0)
    if data["next"]:
        data["next"] = data["next"].replace("/workspace?", f"/workspace?show={show}&", 1)
    return pages(request).render(request, "workspace/queue.html", data)


def render_report_page(request: Request, account: Account, report_id: int, *, status: int = 200,
                       errors: Mapping[int, Mapping[str, str]] | None = None,
                       submitted: Mapping[int, Mapping[str, Any]] | None = None) -> HTMLResponse:
    """The review page; a failed correction re-renders it with the person's values and the errors."""
    with factory(request)() as db:
        data = report_detail(db, report_id)
        notes = list_notes(db, cipher(request), entity_type="report", entity_id=report_id)
        can_see_sensitive = account.can("editor")
        sensitive = list_sensitive(db, cipher(request), entity_type="report", entity_id=report_id) \
            if can_see_sensitive else []
        hidden_sensitive = 0 if can_see_sensitive else count_sensitive(db, entity_type="report", entity_id=report_id)
    spans = []
    for event in data["events"]:
        where = locate(data["text"], event["evidence"] or "")
        event["evidence_found"] = where is not None
        if where is not None:
            spans.append((where[0], where[1], event["id"]))
    return pages(request).render(request, "workspace/report.html", {
        "report": data,
        "segments": segments(data["text"], spans),
        "notes": notes,
        "sensitive": sensitive,
        "hidden_sensitive": hidden_sensitive,
        "sensitive_kinds": SENSITIVE_KINDS,
        "event_types": EVENT_TYPES,
        "count_qualifiers": COUNT_QUALIFIERS,
        "errors": errors or {},
        "submitted": submitted or {},
        "can_edit": account.can("editor"),
    }, status=status)


@router.get("/workspace/reports/{report_id}", response_class=HTMLResponse)
def report_page(report_id: int, request: Request, account: Viewer) -> HTMLResponse:
    return render_report_page(request, account, report_id)


@api_router.get("/reports", summary="List reports (token)")
def list_reports(
    request: Request,
    account: TokenHolder,
    language: str | None = Query(None, description="Language code of the report, en or ko."),
    state: str | None = Query(None, description="Pipeline state: new, skipped, extracted, linked or error."),
    since: str | None = Query(None, description="Earliest publication date, YYYY[-MM[-DD]]."),
    until: str | None = Query(None, description="Latest publication date, YYYY[-MM[-DD]]."),
    before: int | None = Query(None, description="Cursor: the `next` link of the previous page sets it."),
    limit: int | None = Query(None, description="Items per page."),
) -> dict[str, Any]:
    """Reports as fetched, newest first. Reports are not public: this needs a token."""
    _check_filters(language, state)
    paging = page_request(before, limit, default=request.app.state.settings.api_page_size)
    with factory(request)() as db:
        return report_list(db, paging=paging, language=language, state=state,
                           since=check_day(since, "since"), until=check_day(until, "until"))


@api_router.get("/reports/{report_id}", summary="One report with its events (token)")
def get_report(report_id: int, request: Request, account: TokenHolder) -> dict[str, Any]:
    with factory(request)() as db:
        return report_detail(db, report_id)
