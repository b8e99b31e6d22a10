"""Statistics of published incidents: people detained, forcibly returned and released, per month
and per country, as server-drawn SVG charts with their numbers in tables, and as JSON.

Counted from the custody timeline of each published incident (a step refuted by a later
report is left out). A step's head count is the lowest its reports give, so the bars are
"at least" figures; the tables also give the highest. A step without a count takes the
incident's count; one without a date is counted in the month the incident was first
reported. Long periods are drawn per year so the bars stay readable.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from refwatch.store.models import Incident
from refwatch.web.i18n import translate
from refwatch.web.public.cache import ValidatedCache, cached_page, conditional, incidents_version
from refwatch.web.public.charts import Series, bar_chart
from refwatch.web.public.display import Words
from refwatch.web.templating import NavLink
from refwatch.web.views._shared import factory, pages

router = APIRouter(include_in_schema=False)
api_router = APIRouter(tags=["statistics"])
NAV = (NavLink("nav.statistics", "/statistics"),)

MEASURES: dict[str, str] = {"detained": "detained", "returned": "repatriated", "released": "released"}
SERIES_CSS = {"detained": "s-detained", "returned": "s-returned", "released": "s-released"}
MAX_MONTH_BARS = 48


def _empty() -> dict[str, dict[str, int]]:
    return {m: {"low": 0, "high": 0, "steps": 0, "unknown_size": 0} for m in MEASURES}


def _add(cell: dict[str, int], low: int | None, high: int | None) -> None:
    cell["steps"] += 1
    if low is None and high is None:
        cell["unknown_size"] += 1
        return
    cell["low"] += low if low is not None else high or 0
    cell["high"] += high if high is not None else low or 0


def _months_between(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return months


def build_statistics(db: Session) -> dict[str, Any]:
    """Totals per month (or year) and per country for each measure, from published incidents."""
    rows = db.execute(select(Incident.country, Incident.people_min, Incident.people_max, Incident.first_reported,
                             Incident.record).where(Incident.published.is_(True), Incident.state == "active"))
    by_month: dict[str, dict[str, dict[str, int]]] = defaultdict(_empty)
    by_country: dict[str, dict[str, dict[str, int]]] = defaultdict(_empty)
    totals = _empty()
    incidents = 0
    for country, people_min, people_max, first_reported, record in rows:
        incidents += 1
        for step in (record or {}).get("timeline") or ():
            measure = next((m for m, kind in MEASURES.items() if kind == step.get("type")), None)
            if measure is None or step.get("refuted_by"):
                continue
            low = step.get("count_min") if step.get("count_min") is not None else people_min
            high = step.get("count_max") if step.get("count_max") is not None else people_max
            month = (step.get("date") or first_reported or "")[:7]
            place = step.get("country") or country or "??"
            for cell in (by_month[month][measure] if len(month) == 7 else None, by_country[place][measure],
                         totals[measure]):
                if cell is not None:
                    _add(cell, low, high)
    months = sorted(by_month)
    span = _months_between(months[0], months[-1]) if months else []
    periods: list[dict[str, Any]] = [{"period": m, **by_month.get(m, _empty())} for m in span]
    granularity = "month"
    if len(periods) > MAX_MONTH_BARS:
        granularity = "year"
        years: dict[str, dict[str, dict[str, int]]] = defaultdict(_empty)
        for row in periods:
            for measure in MEASURES:
                for name, value in row[measure].items():
                    years[row["period"][:4]][measure][name] += value
        periods = [{"period": y, **years[y]} for y in sorted(years)]
    countries: list[dict[str, Any]] = sorted(({"country": c, **v} for c, v in by_country.items()),
                       key=lambda r: (-sum(r[m]["low"] for m in MEASURES), r["country"]))
    return {"incidents": incidents, "granularity": granularity, "periods": periods, "countries": countries,
            "totals": totals, "measures": list(MEASURES)}


def stats_cache(request: Request) -> ValidatedCache[dict[str, Any]]:
    cache: ValidatedCache[dict[str, Any]] | None = getattr(request.app.state, "statistics_cache", None)
    if cache is None:
        cache = request.app.state.statistics_cache = ValidatedCache(size=4)
    return cache


def cached_statistics(request: Request) -> dict[str, Any]:
    with factory(request)() as db:
        return stats_cache(request).get("all", incidents_version(db), lambda: build_statistics(db))


def _charts(data: dict[str, Any], lang: str) -> dict[str, Any]:
    words = Words(lang)
    names = {m: translate(lang, f"stats.measure_{m}") for m in MEASURES}

    def series(rows: list[dict[str, Any]]) -> list[Series]:
        return [Series(names[m], SERIES_CSS[m], tuple(r[m]["low"] for r in rows)) for m in MEASURES]

    periods = data["periods"]
    countries = data["countries"]
    return {
        "by_period": bar_chart([p["period"] for p in periods], series(periods), svg_id="chart-periods",
                               title=translate(lang, f"stats.chart_{data['granularity']}"),
                               description=translate(lang, "stats.chart_desc")),
        "by_country": bar_chart([words.country(c["country"]) for c in countries], series(countries),
                                svg_id="chart-countries", title=translate(lang, "stats.chart_country"),
                                description=translate(lang, "stats.chart_desc")),
    }


@router.get("/statistics", response_class=HTMLResponse)
def statistics_page(request: Request) -> Response:
    def render() -> HTMLResponse:
        data = cached_statistics(request)
        lang = request.state.lang
        context = {"stats": data, "charts": _charts(data, lang) if data["incidents"] else None, "words": Words(lang),
                   "series_css": SERIES_CSS}
        return pages(request).render(request, "incidents/statistics.html", context)

    with factory(request)() as db:
        version = incidents_version(db)
    return conditional(request, cached_page(request, version, render))


@api_router.get("/statistics", summary="People detained, returned and released per period and country")
def statistics_api(request: Request) -> dict[str, Any]:
    """Counts from published incidents; `low` sums the lowest figure reports give, `high` the highest."""
    return cached_statistics(request)
