"""The map of published incidents, and the small map on each incident page.

Without JavaScript the map is an SVG drawn on the server (Natural Earth shapes from the npm
package `world-atlas`, decoded in `public/geo.py`) with every incident a link, plus the same
incidents as a list. With JavaScript, `static/js/incident-map.js` swaps in Leaflet (npm
`leaflet`), fed by `/map/countries.geojson` and `/map/incidents.geojson`. Every file comes from
our own origin; base-map tiles are drawn only when the `MAP_TILE_URL` setting names a server.
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from refwatch.errors import NotFound
from refwatch.store.models import Incident
from refwatch.web.i18n import translate
from refwatch.web.public.cache import ValidatedCache, cached_page, conditional, incidents_version
from refwatch.web.public.display import Words
from refwatch.web.public.geo import NODE_MODULES, countries_geojson_bytes, country_shapes
from refwatch.web.public.incident_data import incident_path, incident_summary
from refwatch.web.public.svgmap import REGION, MapPoint, around, svg_map
from refwatch.web.templating import NavLink
from refwatch.web.views._shared import factory, pages
from refwatch.web.views.exports import feature

router = APIRouter(include_in_schema=False)
NAV = (NavLink("nav.map", "/map"),)

LEAFLET_DIST = NODE_MODULES / "leaflet" / "dist"
VENDOR_FILES = {"leaflet.js": "text/javascript; charset=utf-8", "leaflet.css": "text/css; charset=utf-8"}
LONG_CACHE = "public, max-age=86400"
SMALL_MAP_RESOLUTION = "50m"
REGION_RESOLUTION = "110m"
COUNTRY_NAMES_IN_ATLAS = {"CN": "China", "VN": "Vietnam", "LA": "Laos", "TH": "Thailand", "KH": "Cambodia",
                          "MM": "Myanmar", "MN": "Mongolia", "RU": "Russia", "KP": "North Korea", "KR": "South Korea"}


def leaflet_available() -> bool:
    return all((LEAFLET_DIST / name).exists() for name in VENDOR_FILES)


@cache
def _vendor_bytes(name: str) -> bytes:
    return (LEAFLET_DIST / name).read_bytes()


def _compressed(request: Request, body: bytes, media_type: str, *, cache_control: str = LONG_CACHE) -> Response:
    """Gzip when the client takes it (the map data is text that shrinks to a third)."""
    headers = {"cache-control": cache_control, "vary": "Accept-Encoding"}
    if "gzip" in (request.headers.get("accept-encoding") or ""):
        headers["content-encoding"] = "gzip"
        body = _gzipped(body)
    return conditional(request, Response(body, media_type=media_type, headers=headers))


@cache
def _gzipped_cached(body: bytes) -> bytes:
    return gzip.compress(body, compresslevel=6, mtime=0)


def _gzipped(body: bytes) -> bytes:
    return _gzipped_cached(body) if len(body) > 50_000 else gzip.compress(body, compresslevel=6, mtime=0)


def _markers(request: Request) -> list[dict[str, Any]]:
    """Published incidents with a position, as public summaries (cached until one changes)."""
    cached: ValidatedCache[list[dict[str, Any]]] | None = getattr(request.app.state, "map_markers", None)
    if cached is None:
        cached = request.app.state.map_markers = ValidatedCache(size=2)
    with factory(request)() as db:
        published = (Incident.published.is_(True), Incident.state == "active")
        validator = incidents_version(db)

        def build() -> list[dict[str, Any]]:
            rows = db.scalars(select(Incident).where(*published, Incident.lat.is_not(None))
                              .order_by(Incident.last_reported.desc().nulls_last(), Incident.id.desc()))
            return [incident_summary(row) for row in rows]

        return cached.get("markers", validator, build)


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request) -> Response:
    with factory(request)() as db:
        version = incidents_version(db)
    return conditional(request, cached_page(request, version, lambda: _render_map(request)))


def _render_map(request: Request) -> HTMLResponse:
    lang = request.state.lang
    words = Words(lang)
    markers = _markers(request)
    points = [MapPoint(m["lon"], m["lat"], f"{words.title(m)} — {words.where(m['country'], m['place'])}",
                       incident_path(m["key"]), f"status-{m['status']}") for m in markers]
    drawing = svg_map(points, viewport=REGION, shapes=country_shapes(REGION_RESOLUTION),
                      title=translate(lang, "map.svg_title"),
                      description=translate(lang, "map.svg_desc", n=len(points)), svg_id="incident-map-svg")
    by_country: dict[str, list[dict[str, Any]]] = {}
    for marker in markers:
        by_country.setdefault(marker["country"] or "", []).append(marker)
    tiles = request.app.state.settings.map_tile_url
    return pages(request).render(request, "incidents/map.html", {
        "drawing": drawing, "by_country": sorted(by_country.items(), key=lambda kv: words.country(kv[0])),
        "count": len(markers), "words": words, "leaflet": leaflet_available(), "tile_url": tiles,
    })


@router.get("/map/incidents.geojson")
def markers_geojson(request: Request) -> Response:
    """What the Leaflet map draws: published incidents with a position, public fields only."""
    body = json.dumps({"type": "FeatureCollection", "features": [feature(m) for m in _markers(request)]},
                      ensure_ascii=False).encode()
    return _compressed(request, body, "application/geo+json", cache_control="no-cache")


@router.get("/map/countries.geojson")
def countries_geojson(request: Request) -> Response:
    """Natural Earth 1:110m country shapes (from world-atlas TopoJSON), converted by our code."""
    body = countries_geojson_bytes(REGION_RESOLUTION)
    if not country_shapes(REGION_RESOLUTION):
        raise NotFound("the map shapes are not installed (run scripts/bootstrap)")
    return _compressed(request, body, "application/geo+json")


def _vendor(request: Request, name: str) -> Response:
    if not leaflet_available():
        raise NotFound("Leaflet is not installed (run scripts/bootstrap)")
    return _compressed(request, _vendor_bytes(name), VENDOR_FILES[name])


@router.get("/static/vendor/leaflet/leaflet.js")
def leaflet_js(request: Request) -> Response:
    return _vendor(request, "leaflet.js")


@router.get("/static/vendor/leaflet/leaflet.css")
def leaflet_css(request: Request) -> Response:
    return _vendor(request, "leaflet.css")


@cache
def _small_map(lon: float, lat: float, country: str | None, label: str, title: str, description: str) -> bytes:
    drawing = svg_map([MapPoint(lon, lat, label, None, "here")], viewport=around(lon, lat),
                      shapes=country_shapes(SMALL_MAP_RESOLUTION), title=title, description=description,
                      svg_id="small-map", highlight=COUNTRY_NAMES_IN_ATLAS.get(country or ""), radius=9,
                      painted=True)
    return str(drawing).encode()


@router.get("/incidents/{key}/map.svg")
def incident_small_map(key: str, request: Request) -> Response:
    """The incident's place on a small map, as an image the page loads lazily (and caches)."""
    with factory(request)() as db:
        row = db.scalars(select(Incident).where(Incident.key == key, Incident.published.is_(True),
                                                Incident.state == "active")).first()
        if row is None or row.lat is None or row.lon is None:
            raise NotFound(f"no map for {key}")
        summary = incident_summary(row)
    lang = request.state.lang
    words = Words(lang)
    place = words.where(summary["country"], summary["place"])
    body = _small_map(summary["lon"], summary["lat"], summary["country"], place,
                      translate(lang, "map.small_title", place=place), translate(lang, "map.small_desc", place=place))
    return _compressed(request, body, "image/svg+xml", cache_control="public, max-age=3600")


