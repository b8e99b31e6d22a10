"""Incidents in public: the list with its filters, the incident page, the front page, and
`/api/v1/incidents`. The workspace's incident pages and actions live in `incident_workspace.py`
and ride along on this module's router.

`incident_list` and `public_detail` build the dicts; pages render them with Jinja, the API
returns them as JSON. Only published, active incidents are shown without a token; a token
holder may ask for unpublished ones (`published=false|all`), still with public fields only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from refwatch.errors import NotFound
from refwatch.respond import responses
from refwatch.store.models import Incident, IncidentReport, LinkFacts, ReaderResponse, UrgentAction
from refwatch.web.auth import MaybeToken
from refwatch.web.public.cache import ValidatedCache, cached_page, conditional, incidents_version
from refwatch.web.public.display import Words
from refwatch.web.public.filters import (
    STATUSES,
    Cursor,
    IncidentFilters,
    after_cursor,
    api_filters,
    filter_condition,
    parse_cursor,
    parse_filters,
)
from refwatch.web.public.incident_data import incident_detail_from, incident_path, incident_summary
from refwatch.web.public.legal import treaty_status
from refwatch.web.respond._common import form_stamp, respond_ctx
from refwatch.web.templating import NavLink
from refwatch.web.views import incident_workspace
from refwatch.web.views._shared import factory, page_request, pages, see_other

router = APIRouter(include_in_schema=False)
router.include_router(incident_workspace.router)
api_router = APIRouter(tags=["incidents"])
NAV = (NavLink("nav.incidents", "/incidents"), *incident_workspace.NAV)

PAGE_SIZE = 20
HOME_SIZE = 6


class MovedTo(Exception):
    """The incident was merged into another one; its key now leads there."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def incident_list(db: Session, *, filters: IncidentFilters, cursor: Cursor | None, limit: int,
                  path: str = "/api/v1/incidents", keep: dict[str, Any] | None = None) -> dict[str, Any]:
    """A page of incidents, latest news first, with the link to the next page."""
    query = (select(Incident).where(filter_condition(db, filters))
             .order_by(Incident.last_reported.desc().nulls_last(), Incident.id.desc()).limit(limit + 1))
    if cursor is not None:
        query = query.where(after_cursor(cursor))
    rows = list(db.scalars(query))
    more = len(rows) > limit
    rows = rows[:limit]
    next_link = None
    if more and rows:
        last = Cursor(rows[-1].last_reported, rows[-1].id)
        next_link = f"{path}?{urlencode({**filters.params(), **(keep or {}), 'before': last.encode()})}"
    return {"items": [incident_summary(row) for row in rows], "next": next_link, "filters": filters.params()}


def _validator_statement() -> Any:
    newest_facts = (select(func.max(LinkFacts.computed_at))
                    .join(IncidentReport, IncidentReport.report_id == LinkFacts.report_id)
                    .where(IncidentReport.incident_id == Incident.id).scalar_subquery())
    actions = (select(func.count()).select_from(UrgentAction)
               .where(UrgentAction.incident_key == Incident.key, UrgentAction.state == "open").scalar_subquery())
    approved = (select(func.count()).select_from(ReaderResponse)
                .where(ReaderResponse.target_type == "incident", ReaderResponse.target_key == Incident.key,
                       ReaderResponse.state == "approved").scalar_subquery())
    return (select(Incident.id, Incident.updated_at, Incident.published, Incident.state, Incident.merged_into_id,
                   newest_facts, actions, approved).where(Incident.key == bindparam("key")))


VALIDATOR = _validator_statement()  # built once: this query runs on every incident page


def _validator(db: Session, key: str) -> tuple[tuple[Any, ...], tuple[int, int]] | None:
    """One cheap query: what changes whenever the incident page would, and how many open
    urgent actions and approved reader responses the page must fetch (usually none)."""
    row = db.connection().execute(VALIDATOR, {"key": key}).first()
    return (tuple(row[:6]), (int(row[6] or 0), int(row[7] or 0))) if row is not None else None


def _merged_target(db: Session, incident_id: int) -> Incident | None:
    seen = set()
    row = db.get(Incident, incident_id)
    while row is not None and row.state == "merged" and row.merged_into_id and row.id not in seen:
        seen.add(row.id)
        row = db.get(Incident, row.merged_into_id)
    return row


def detail_cache(request: Request) -> ValidatedCache[dict[str, Any]]:
    """One cache per app (tests build many apps in one process, each on its own database)."""
    cache: ValidatedCache[dict[str, Any]] | None = getattr(request.app.state, "incident_details", None)
    if cache is None:
        cache = request.app.state.incident_details = ValidatedCache()
    return cache


def checked_version(db: Session, key: str, *,
                    include_unpublished: bool = False) -> tuple[int, tuple[Any, ...], tuple[int, int]]:
    """The incident's id, validator and live counts; NotFound (or MovedTo) when it may not be shown."""
    answer = _validator(db, key)
    if answer is None:
        raise NotFound(f"no incident {key}")
    found, live = answer
    incident_id, _updated_at, published, state, merged_into, _facts = found
    if state == "merged" and merged_into is not None:
        target = _merged_target(db, incident_id)
        if target is not None and target.state == "active" and (target.published or include_unpublished):
            raise MovedTo(target.key)
    if state != "active" or not (published or include_unpublished):
        raise NotFound(f"no incident {key}")
    return incident_id, found, live


def public_detail(db: Session, key: str, *, include_unpublished: bool = False,
                  cache: ValidatedCache[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The incident page's dict; NotFound for unknown or (without a token) unpublished incidents."""
    incident_id, found, _live = checked_version(db, key, include_unpublished=include_unpublished)

    def build() -> dict[str, Any]:
        row = db.get(Incident, incident_id)
        assert row is not None  # just validated
        return incident_detail_from(db, row)

    return build() if cache is None else cache.get(incident_id, found, build)


def _countries(db: Session) -> list[str]:
    rows = db.scalars(select(Incident.country).where(Incident.published.is_(True), Incident.state == "active",
                                                     Incident.country.is_not(None)).distinct())
    return sorted(c for c in rows if c)


@router.get("/incidents", response_class=HTMLResponse)
def incidents_page(request: Request, country: str | None = None, status: str | None = None,
                   since: str | None = None, until: str | None = None, children: str | None = None,
                   q: str | None = None, before: str | None = None) -> Response:
    """The public list: filters in a plain GET form, latest news first."""
    filters = parse_filters(country=country, status=status, since=since, until=until, children=children, q=q)
    cursor = parse_cursor(before)

    def render() -> HTMLResponse:
        with factory(request)() as db:
            data = incident_list(db, filters=filters, cursor=cursor, limit=PAGE_SIZE, path="/incidents")
            data["countries"] = _countries(db)
        data.update(statuses=STATUSES, words=Words(request.state.lang), paged=before is not None,
                    exports={fmt: f"/api/v1/exports/incidents.{fmt}" for fmt in ("csv", "geojson", "json")})
        return pages(request).render(request, "incidents/list.html", data)

    with factory(request)() as db:
        version = incidents_version(db)
    return conditional(request, cached_page(request, version, render))


ACT_MARKER = "<!--rw:live-actions-->"
RESPONSES_MARKER = "<!--rw:live-responses-->"


def _fragment(request: Request, template: str, data: dict[str, Any]) -> str:
    """A partial rendered with the page context, for the parts of a cached page that vary per request."""
    page_set = pages(request)
    return page_set.env.get_template(template).render({**page_set.context(request), **data})


def _stamp(request: Request, now: datetime) -> str:
    """The response form's signed time stamp; it changes once a second, so it is signed once a second."""
    second = int(now.timestamp())
    cached: tuple[int, str] | None = getattr(request.app.state, "incident_form_stamp", None)
    if cached is None or cached[0] != second:
        cached = request.app.state.incident_form_stamp = (second, form_stamp(request.app.state.settings, now))
    return cached[1]


def _live_parts(request: Request, db: Session, key: str, counts: tuple[int, int],
                stamp: str) -> dict[str, Any]:
    """Open urgent actions and approved reader responses under the incident (the respond stage's),
    with the response form, whose CSRF token and time stamp belong to this request."""
    actions = list(db.scalars(select(UrgentAction).where(UrgentAction.incident_key == key,
                                                         UrgentAction.state == "open"))) if counts[0] else []
    approved = responses.approved_for(db, "incident", key) if counts[1] else []
    form = {"responses": approved, "form_stamp": stamp, "response_target": f"/responses/incident/{key}"}
    return {ACT_MARKER: lambda: _fragment(request, "incidents/_act.html", {"actions": actions}) if actions else "",
            RESPONSES_MARKER: lambda: _fragment(request, "respond/_responses.html", form)}


@router.get("/incidents/{key}", response_class=HTMLResponse)
def incident_page(key: str, request: Request) -> Response:
    with factory(request)() as db:
        try:
            _incident_id, version, counts = checked_version(db, key)
        except MovedTo as moved:
            return see_other(incident_path(moved.key))
        stamp = _stamp(request, respond_ctx(request).now())
        live = _live_parts(request, db, key, counts, stamp)

    def render() -> HTMLResponse:
        with factory(request)() as db:
            data = public_detail(db, key, cache=detail_cache(request))
        context = {"incident": data, "words": Words(request.state.lang), "treaties": treaty_status(data["country"]),
                   "live_actions": Markup(ACT_MARKER), "live_responses": Markup(RESPONSES_MARKER)}
        return pages(request).render(request, "incidents/incident.html", context)

    return conditional(request, cached_page(request, version, render, parts=live), volatile=(stamp,))


def home_page(request: Request) -> HTMLResponse:
    """The front page with the incidents that have the latest news (used by `views/home.py`)."""

    def render() -> HTMLResponse:
        with factory(request)() as db:
            data = incident_list(db, filters=IncidentFilters(), cursor=None, limit=HOME_SIZE, path="/incidents")
            total = db.scalar(select(func.count()).select_from(Incident).where(
                Incident.published.is_(True), Incident.state == "active")) or 0
        return pages(request).render(request, "incidents/home.html",
                                     {**data, "total": total, "words": Words(request.state.lang)})

    with factory(request)() as db:
        version = incidents_version(db)
    return cached_page(request, version, render)


@api_router.get("/incidents", summary="List incidents")
def list_incidents(
    request: Request,
    account: MaybeToken,
    country: str | None = Query(None, description="ISO 3166 alpha-2 country where the group was found."),
    status: str | None = Query(None, description="Current status: a codebook event type, or unknown."),
    since: str | None = Query(None, description="Incidents with events on or after this day, YYYY[-MM[-DD]]."),
    until: str | None = Query(None, description="Incidents that began on or before this day, YYYY[-MM[-DD]]."),
    children: str | None = Query(None, description="1: only incidents that include children."),
    q: str | None = Query(None, description="Words to find in titles, summaries and places (Korean or English)."),
    published: str | None = Query(None, description="true (default); false or all need a token."),
    before: str | None = Query(None, description="Cursor: the `next` link of the previous page sets it."),
    limit: int | None = Query(None, description="Items per page."),
) -> dict[str, Any]:
    """Published incidents, latest news first, with public fields only."""
    filters = api_filters(account, country=country, status=status, since=since, until=until, children=children,
                          q=q, published=published)
    size = page_request(None, limit, default=request.app.state.settings.api_page_size).limit
    with factory(request)() as db:
        return incident_list(db, filters=filters, cursor=parse_cursor(before), limit=size,
                             keep={"limit": limit} if limit else None)


@api_router.get("/incidents/{key}", summary="One incident with its timeline, sources and conflicts")
def get_incident(key: str, request: Request, account: MaybeToken) -> Any:
    with factory(request)() as db:
        try:
            return public_detail(db, key, include_unpublished=account is not None, cache=detail_cache(request))
        except MovedTo as moved:
            return Response(status_code=308, headers={"Location": f"/api/v1/incidents/{moved.key}"})
