"""Exports of published incidents for researchers: CSV, GeoJSON and JSON, plus the `/data` page.

Field names follow the codebook (`people_min`, `first_event_date` …), the same filters as the
incident list apply, and only public fields ever leave: the JSON items are exactly the API's
incident detail. Exports are streamed in batches, so 10,000 incidents need little memory.
CSV cells that a spreadsheet would run as a formula (=, +, -, @) are prefixed with a quote.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, StreamingResponse
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from refwatch.store.models import Incident
from refwatch.web.auth import MaybeToken
from refwatch.web.public.filters import IncidentFilters, api_filters, filter_condition
from refwatch.web.public.incident_data import SUMMARY_FIELDS, detail_from_parts, incident_summary, members_of
from refwatch.web.templating import NavLink
from refwatch.web.views._shared import factory, pages

router = APIRouter(include_in_schema=False)
api_router = APIRouter(tags=["exports"])
NAV = (NavLink("nav.data", "/data"),)

BATCH = 500
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MEDIA = {"csv": "text/csv; charset=utf-8", "geojson": "application/geo+json", "json": "application/json"}


def _rows(factory_: sessionmaker[Session], filters: IncidentFilters) -> Iterator[tuple[Session, list[Incident]]]:
    """Matching incidents in batches (latest news first), each with the session that loaded it."""
    with factory_() as db:
        condition = filter_condition(db, filters)
        ids = list(db.scalars(select(Incident.id).where(condition)
                              .order_by(Incident.last_reported.desc().nulls_last(), Incident.id.desc())))
        for start in range(0, len(ids), BATCH):
            chunk = ids[start:start + BATCH]
            loaded = {row.id: row for row in db.scalars(select(Incident).where(Incident.id.in_(chunk)))}
            yield db, [loaded[i] for i in chunk if i in loaded]


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_lines(factory_: sessionmaker[Session], filters: IncidentFilters) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(SUMMARY_FIELDS)
    yield "\ufeff" + buffer.getvalue()  # a BOM so spreadsheet programs read Korean as UTF-8
    for _db, rows in _rows(factory_, filters):
        buffer.seek(0)
        buffer.truncate()
        for row in rows:
            summary = incident_summary(row)
            writer.writerow([csv_cell(summary[name]) for name in SUMMARY_FIELDS])
        yield buffer.getvalue()


def feature(summary: dict[str, Any]) -> dict[str, Any]:
    """A GeoJSON Feature: a point where the group was found (or no geometry), public fields as properties."""
    lat, lon = summary["lat"], summary["lon"]
    geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
    properties = {name: value for name, value in summary.items() if name not in ("lat", "lon")}
    return {"type": "Feature", "id": summary["key"], "geometry": geometry, "properties": properties}


def geojson_chunks(factory_: sessionmaker[Session], filters: IncidentFilters) -> Iterator[str]:
    yield '{"type":"FeatureCollection","features":['
    first = True
    for _db, rows in _rows(factory_, filters):
        for row in rows:
            yield ("" if first else ",") + json.dumps(feature(incident_summary(row)), ensure_ascii=False)
            first = False
    yield "]}"


def json_chunks(factory_: sessionmaker[Session], filters: IncidentFilters, *, site: str) -> Iterator[str]:
    generated = datetime.now(UTC).isoformat(timespec="seconds")
    yield json.dumps({"source": site, "generated_at": generated, "filters": filters.params()},
                     ensure_ascii=False)[:-1] + ',"items":['
    first = True
    for db, rows in _rows(factory_, filters):
        members = members_of(db, [row.id for row in rows])
        for row in rows:
            yield ("" if first else ",") + json.dumps(detail_from_parts(row, members[row.id]), ensure_ascii=False)
            first = False
    yield "]}"


def _export(request: Request, fmt: str, filters: IncidentFilters) -> StreamingResponse:
    factory_ = factory(request)
    if fmt == "csv":
        body: Iterator[str] = csv_lines(factory_, filters)
    elif fmt == "geojson":
        body = geojson_chunks(factory_, filters)
    else:
        body = json_chunks(factory_, filters, site=request.app.state.settings.site_name)
    day = datetime.now(UTC).date().isoformat()
    disposition = "attachment" if fmt == "csv" else "inline"
    return StreamingResponse(body, media_type=MEDIA[fmt], headers={
        "content-disposition": f'{disposition}; filename="refwatch-incidents-{day}.{fmt}"'})


def _endpoint(fmt: str) -> Any:
    def export(
        request: Request,
        account: MaybeToken,
        country: str | None = Query(None, description="ISO 3166 alpha-2 country where the group was found."),
        status: str | None = Query(None, description="Current status: a codebook event type, or unknown."),
        since: str | None = Query(None, description="Incidents with events on or after this day."),
        until: str | None = Query(None, description="Incidents that began on or before this day."),
        children: str | None = Query(None, description="1: only incidents that include children."),
        q: str | None = Query(None, description="Words to find (Korean or English)."),
        published: str | None = Query(None, description="true (default); false or all need a token."),
    ) -> StreamingResponse:
        filters = api_filters(account, country=country, status=status, since=since, until=until, children=children,
                           q=q, published=published)
        return _export(request, fmt, filters)

    export.__name__ = f"export_incidents_{fmt}"
    export.__doc__ = f"Published incidents as {fmt.upper()}, public fields only, codebook field names."
    return export


for _fmt in ("csv", "geojson", "json"):
    api_router.add_api_route(f"/exports/incidents.{_fmt}", _endpoint(_fmt), methods=["GET"],
                             summary=f"Export incidents as {_fmt.upper()}", response_class=StreamingResponse)


@router.get("/data", response_class=HTMLResponse)
def data_page(request: Request) -> HTMLResponse:
    """What researchers can take, in which formats, and how to cite it."""
    return pages(request).render(request, "incidents/data.html", {
        "formats": [(fmt, f"/api/v1/exports/incidents.{fmt}") for fmt in ("csv", "geojson", "json")],
        "fields": SUMMARY_FIELDS,
    })
