"""Events: the coded facts. Public answers carry only reviewed events and only codebook fields.

Without a token, `/api/v1/events` shows events a person accepted or corrected in reports of
published incidents, without the evidence quote, the report they came from or who reviewed
them: a report may be a tip, and monitors' names are theirs to keep. The rule lives in
`PUBLIC_REVIEW_STATES`, `PUBLIC_EVENT_FIELDS` and `published_reports`.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from refwatch.errors import BadRequest, NotFound
from refwatch.store.models import EventRow, Incident, IncidentReport
from refwatch.store.models import Report as ReportRow
from refwatch.store.review import REVIEW_STATES, version_of
from refwatch.types import EVENT_TYPES
from refwatch.web.auth import MaybeToken
from refwatch.web.views._shared import PageRequest, check_day, factory, keyset_page, next_link, page_request

api_router = APIRouter(tags=["events"])

PUBLIC_REVIEW_STATES: tuple[str, ...] = ("accepted", "corrected")
PUBLIC_EVENT_FIELDS: tuple[str, ...] = (
    "id", "type", "date", "date_precision", "country", "place", "lat", "lon", "count", "count_qualifier",
    "children", "authority", "background", "review",
)
PRIVATE_EVENT_FIELDS: tuple[str, ...] = (
    "report_id", "evidence", "confidence", "origin", "extractor", "reviewed_by", "reviewed_at",
)


def published_reports() -> Select[Any]:
    """Ids of reports in published, active incidents: the only ones whose events are public."""
    return (select(IncidentReport.report_id).join(Incident, Incident.id == IncidentReport.incident_id)
            .where(Incident.published.is_(True), Incident.state == "active"))


def event_dict(row: EventRow, *, public: bool) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(row, name) for name in PUBLIC_EVENT_FIELDS}
    if not public:
        data.update({name: getattr(row, name) for name in PRIVATE_EVENT_FIELDS})
        data["version"] = version_of(row)
    return data


def event_list(db: Session, *, paging: PageRequest, public: bool, event_type: str | None = None,
               country: str | None = None, review: str | None = None, since: str | None = None,
               until: str | None = None, language: str | None = None, report_id: int | None = None,
               path: str = "/api/v1/events") -> dict[str, Any]:
    """A page of events, newest first, with a link to the next page."""
    query = select(EventRow)
    if public:
        query = query.where(EventRow.review.in_(PUBLIC_REVIEW_STATES), EventRow.report_id.in_(published_reports()))
    if review:
        query = query.where(EventRow.review == review)
    if event_type:
        query = query.where(EventRow.type == event_type)
    if country:
        query = query.where(EventRow.country == country)
    if since:
        query = query.where(EventRow.date >= since)
    if until:
        query = query.where(or_(EventRow.date <= until, EventRow.date.startswith(until)))
    if language:
        query = query.join(ReportRow, ReportRow.id == EventRow.report_id).where(ReportRow.language == language)
    if report_id is not None:
        query = query.where(EventRow.report_id == report_id)
    rows, last_id = keyset_page(db, query, EventRow.id, paging)
    params = {"type": event_type, "country": country, "review": review, "since": since, "until": until,
              "language": language, "report_id": report_id, "limit": paging.limit}
    return {
        "items": [event_dict(row, public=public) for row in rows],
        "next": next_link(path, params, last_id),
    }


def _check_filters(event_type: str | None, country: str | None, review: str | None) -> None:
    if event_type and event_type not in EVENT_TYPES:
        raise BadRequest(f"type must be one of {', '.join(EVENT_TYPES)}")
    if country and (len(country) != 2 or not country.isalpha() or not country.isupper()):
        raise BadRequest("country is an ISO 3166 alpha-2 code such as CN")
    if review and review not in REVIEW_STATES:
        raise BadRequest(f"review must be one of {', '.join(REVIEW_STATES)}")


@api_router.get("/events", summary="List events")
def list_events(
    request: Request,
    account: MaybeToken,
    type: str | None = Query(None, description="Event type (codebook), e.g. detained."),
    country: str | None = Query(None, description="ISO 3166 alpha-2 country of the event."),
    review: str | None = Query(None, description="suggested, accepted, corrected or rejected (token only)."),
    since: str | None = Query(None, description="Earliest event date, YYYY[-MM[-DD]]."),
    until: str | None = Query(None, description="Latest event date, YYYY[-MM[-DD]]."),
    language: str | None = Query(None, description="Language of the report, en or ko."),
    report_id: int | None = Query(None, description="Only events of this report (token only)."),
    before: int | None = Query(None, description="Cursor: the `next` link of the previous page sets it."),
    limit: int | None = Query(None, description="Items per page."),
) -> dict[str, Any]:
    """Reviewed events for everyone; with a token, every event with its evidence and review."""
    _check_filters(type, country, review)
    public = account is None
    if public and (review not in (None, *PUBLIC_REVIEW_STATES) or report_id is not None):
        raise BadRequest("review and report_id filters need an API token")
    paging = page_request(before, limit, default=request.app.state.settings.api_page_size)
    with factory(request)() as db:
        return event_list(db, paging=paging, public=public, event_type=type, country=country, review=review,
                          since=check_day(since, "since"), until=check_day(until, "until"),
                          language=language, report_id=report_id)


@api_router.get("/events/{event_id}", summary="One event")
def get_event(event_id: int, request: Request, account: MaybeToken) -> dict[str, Any]:
    with factory(request)() as db:
        row = db.get(EventRow, event_id)
        public = account is None
        hidden = public and (row is None or row.review not in PUBLIC_REVIEW_STATES or
                             db.scalar(published_reports().where(IncidentReport.report_id == row.report_id)) is None)
        if row is None or hidden:
            raise NotFound(f"no event {event_id}")
        return event_dict(row, public=public)
