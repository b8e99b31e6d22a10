"""Full-text search in Korean and English: published incidents for everyone, reports and every
incident in the workspace. The matching itself is `refwatch/store/search.py` (FTS5 trigram on
SQLite, pg_trgm on PostgreSQL).

Public search looks only at what the incident page itself shows (titles, summaries, places and
countries), never at report texts: otherwise searching for a name would tell anyone which
incident a hidden text mentions it in.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from refwatch.errors import BadRequest
from refwatch.store.models import Incident, IncidentReport
from refwatch.store.models import Report as ReportRow
from refwatch.store.search import parse_query, search_report_ids
from refwatch.web.auth import Viewer
from refwatch.web.public.cache import conditional
from refwatch.web.public.display import Words
from refwatch.web.public.filters import parse_cursor, parse_filters
from refwatch.web.templating import NavLink
from refwatch.web.views._shared import factory, pages
from refwatch.web.views.incidents import incident_list

router = APIRouter(include_in_schema=False)
NAV = (NavLink("nav.search", "/search"), NavLink("nav.workspace_search", "/workspace/search", role="viewer"))

PAGE_SIZE = 20
REPORT_PAGE = 30
SNIPPET = 220


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str | None = None, before: str | None = None) -> Response:
    filters = parse_filters(q=q)
    data: dict[str, Any] = {"q": filters.q or "", "items": [], "next": None, "searched": bool(filters.q)}
    if filters.q:
        with factory(request)() as db:
            data.update(incident_list(db, filters=filters, cursor=parse_cursor(before), limit=PAGE_SIZE,
                                      path="/search"))
    data["words"] = Words(request.state.lang)
    return conditional(request, pages(request).render(request, "incidents/search.html", data))


def snippet(text: str, words: list[str]) -> str:
    """About SNIPPET characters of the text around the first word found (case-insensitive)."""
    folded = text.casefold()
    at = min((i for i in (folded.find(w.casefold()) for w in words) if i >= 0), default=0)
    start = max(0, at - SNIPPET // 3)
    piece = text[start:start + SNIPPET].replace("\n", " ")
    return ("…" if start else "") + piece + ("…" if start + SNIPPET < len(text) else "")


@router.get("/workspace/search", response_class=HTMLResponse)
def workspace_search(request: Request, account: Viewer, q: str | None = None, before: int | None = None) -> Response:
    """Reports (title and text) and every incident, published or not, for monitors."""
    filters = parse_filters(q=q, published="all")
    if before is not None and before < 1:
        raise BadRequest("before must be a positive id")
    data: dict[str, Any] = {"q": filters.q or "", "reports": [], "incidents": [], "next": None,
                            "searched": bool(filters.q)}
    if filters.q:
        query = parse_query(filters.q)
        with factory(request)() as db:
            ids = search_report_ids(db, query, limit=REPORT_PAGE + 1, before=before)
            rows = {r.id: r for r in db.scalars(select(ReportRow).where(ReportRow.id.in_(ids[:REPORT_PAGE])))}
            terms = [t.text for t in query.terms]
            homes = dict(db.execute(select(IncidentReport.report_id, Incident.key)
                                    .join(Incident, Incident.id == IncidentReport.incident_id)
                                    .where(IncidentReport.report_id.in_(list(rows)))).all())
            data["reports"] = [{"id": r.id, "title": r.title, "outlet": r.outlet, "published": r.published,
                                "language": r.language, "state": r.state, "snippet": snippet(r.text, terms),
                                "incident": homes.get(r.id)}
                               for r in (rows[i] for i in ids[:REPORT_PAGE] if i in rows)]
            if len(ids) > REPORT_PAGE:
                data["next"] = "/workspace/search?" + urlencode({"q": filters.q, "before": ids[REPORT_PAGE - 1]})
            if before is None:
                found = incident_list(db, filters=filters, cursor=None, limit=PAGE_SIZE, path="/workspace/search")
                keys = [item["key"] for item in found["items"]]
                published = dict(db.execute(select(Incident.key, Incident.published)
                                            .where(Incident.key.in_(keys))).all())
                data["incidents"] = [{**item, "published": published.get(item["key"], False)}
                                     for item in found["items"]]
    data["words"] = Words(request.state.lang)
    return pages(request).render(request, "incidents/workspace_search.html", data)
