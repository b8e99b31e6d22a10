"""Maps drawn on the server as SVG: the no-JavaScript map, and the small map on an incident page.

Web Mercator, like Leaflet, so both maps look alike. Only countries whose bounding box meets
the viewport are drawn, points are rounded to tenths of a pixel and repeated points dropped,
which keeps a regional map to a few dozen kilobytes. Each incident is a link with a `<title>`,
and the page lists the same incidents as text, so the dots are never the only way in.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from refwatch.web.public.geo import CountryShape

MAX_LAT = 85.0
# Colours as SVG presentation attributes, for maps served as images (no stylesheet reaches them).
PAINT = {
    "sea": 'fill="#dce9f5"',
    "land": 'fill="#f3f1ea" stroke="#7d828c" stroke-width="0.8"',
    "land here": 'fill="#e8dcc0" stroke="#7d828c" stroke-width="0.8"',
    "dot": 'fill="#a4161a" stroke="#ffffff" stroke-width="3"',
}
MIN_STEP_PX = 2.0
CLIP_MARGIN_PX = 4.0


@dataclass(frozen=True, slots=True)
class Viewport:
    west: float
    south: float
    east: float
    north: float
    width: int = 800

    def meets(self, bbox: tuple[float, float, float, float]) -> bool:
        west, south, east, north = bbox
        return not (east < self.west or west > self.east or north < self.south or south > self.north)

    @property
    def height(self) -> int:
        return max(1, round(self.width * (_merc(self.north) - _merc(self.south)) / math.radians(self.east - self.west)))

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        scale = self.width / math.radians(self.east - self.west)
        x = math.radians(lon - self.west) * scale
        y = (_merc(self.north) - _merc(lat)) * scale
        return round(x, 1), round(y, 1)


# Where North Koreans are caught, held and pass through: north-east China to the Mekong.
REGION = Viewport(west=88.0, south=4.0, east=142.0, north=52.0)


def around(lon: float, lat: float, *, span: float = 12.0, width: int = 320) -> Viewport:
    """A small viewport centred on one place, for the incident page."""
    half = span / 2
    return Viewport(lon - half, max(-MAX_LAT, lat - half * 0.8), lon + half, min(MAX_LAT, lat + half * 0.8), width)


def _merc(lat: float) -> float:
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _clip(points: list[tuple[float, float]], width: float, height: float) -> list[tuple[float, float]]:
    """Sutherland–Hodgman: the ring cut to the picture plus a margin, so far coasts cost nothing."""
    edges = ((0, -CLIP_MARGIN_PX, True), (0, width + CLIP_MARGIN_PX, False),
             (1, -CLIP_MARGIN_PX, True), (1, height + CLIP_MARGIN_PX, False))
    for axis, bound, keep_above in edges:
        if not points:
            break
        kept: list[tuple[float, float]] = []
        previous = points[-1]
        for current in points:
            inside_now = (current[axis] >= bound) if keep_above else (current[axis] <= bound)
            inside_before = (previous[axis] >= bound) if keep_above else (previous[axis] <= bound)
            if inside_now != inside_before:
                kept.append(_crossing(previous, current, axis, bound))
            if inside_now:
                kept.append(current)
            previous = current
        points = kept
    return points


def _crossing(a: tuple[float, float], b: tuple[float, float], axis: int, bound: float) -> tuple[float, float]:
    """Where the segment a→b meets the line `axis = bound`."""
    t = (bound - a[axis]) / (b[axis] - a[axis])
    other = 1 - axis
    value = a[other] + t * (b[other] - a[other])
    return (bound, value) if axis == 0 else (value, bound)


def _ring_path(ring: Sequence[tuple[float, float]], viewport: Viewport, min_step: float) -> str:
    """The ring clipped to the picture, leaving out points closer than `min_step` pixels."""
    projected = _clip([viewport.project(lon, lat) for lon, lat in ring], viewport.width, viewport.height)
    points: list[str] = []
    last: tuple[float, float] | None = None
    for x, y in projected:
        if last is None or abs(x - last[0]) + abs(y - last[1]) >= min_step:
            points.append(f"{x:.0f},{y:.0f}")
            last = (x, y)
    if len(points) < 3:
        return ""
    return "M" + "L".join(points) + "Z"


def land_paths(shapes: Sequence[CountryShape], viewport: Viewport, *, highlight: str | None = None,
               min_step: float = MIN_STEP_PX, painted: bool = False) -> str:
    """One `<path>` per country that meets the viewport; the highlighted one gets its own class."""
    paths = []
    for shape in shapes:
        if not viewport.meets(shape.bbox):
            continue
        rings = [_ring_path(ring, viewport, min_step) for polygon in shape.polygons for ring in polygon
                 if viewport.meets(_ring_bbox(ring))]
        d = "".join(r for r in rings if r)
        if d:
            css = "land here" if highlight and shape.name == highlight else "land"
            paint = f" {PAINT[css]}" if painted else ""
            paths.append(f'<path class="{css}"{paint} d="{d}"/>')
    return "".join(paths)


def _ring_bbox(ring: Sequence[tuple[float, float]]) -> tuple[float, float, float, float]:
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    return (min(lons), min(lats), max(lons), max(lats))


@dataclass(frozen=True, slots=True)
class MapPoint:
    lon: float
    lat: float
    label: str
    href: str | None = None
    css: str = ""


def svg_map(points: Sequence[MapPoint], *, viewport: Viewport, shapes: Sequence[CountryShape], title: str,
            description: str, svg_id: str, highlight: str | None = None, radius: float = 7.0,
            painted: bool = False) -> Markup:
    """An accessible SVG: `role="img"` with title and description, dots as links; `painted`
    carries its colours in attributes, for use as a stand-alone image."""
    land = land_paths(shapes, viewport, highlight=highlight, painted=painted)
    size = f'width="{viewport.width}" height="{viewport.height}" ' if painted else ""
    sea = f" {PAINT['sea']}" if painted else ""
    dots = []
    for point in points:
        if not viewport.meets((point.lon, point.lat, point.lon, point.lat)):
            continue
        x, y = viewport.project(point.lon, point.lat)
        paint = f" {PAINT['dot']}" if painted else ""
        circle = (f'<circle class="dot {escape(point.css)}"{paint} cx="{x:g}" cy="{y:g}" r="{radius:g}">'
                  f"<title>{escape(point.label)}</title></circle>")
        dots.append(f'<a href="{escape(point.href)}">{circle}</a>' if point.href else circle)
    return Markup(
        f'<svg class="svg-map" id="{escape(svg_id)}" viewBox="0 0 {viewport.width} {viewport.height}" '
        f'{size}'
        f'role="img" aria-labelledby="{escape(svg_id)}-title {escape(svg_id)}-desc" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{escape(svg_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(svg_id)}-desc">{escape(description)}</desc>'
        f'<rect class="sea"{sea} width="{viewport.width}" height="{viewport.height}"/>'
        f'<g class="lands">{land}</g><g class="dots">{"".join(dots)}</g></svg>'
    )
