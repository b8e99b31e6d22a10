"""Natural Earth country shapes from the npm package `world-atlas`, decoded by our own code.

`world-atlas` ships TopoJSON: shared borders are stored once as delta-encoded, quantised arcs.
`decode_topology` turns one object of it into plain polygons (lon/lat rings); the map page
draws them as SVG on the server and hands them to Leaflet as GeoJSON. The files come from
`node_modules/` (installed by `scripts/bootstrap` with `npm ci`); without them the maps are
drawn without country outlines.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[3]
NODE_MODULES = REPO_ROOT / "node_modules"
WORLD_ATLAS = NODE_MODULES / "world-atlas"
GEOJSON_DECIMALS = 2

Ring = tuple[tuple[float, float], ...]
Polygon = tuple[Ring, ...]  # outer ring first, then holes


@dataclass(frozen=True, slots=True)
class CountryShape:
    """One country: its ISO 3166 numeric id, English name, polygons and bounding box."""

    id: str
    name: str
    polygons: tuple[Polygon, ...]
    bbox: tuple[float, float, float, float]  # west, south, east, north


def _arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat points of every arc (undoing the quantisation and delta encoding)."""
    transform = topology.get("transform")
    decoded = []
    for arc in topology["arcs"]:
        if transform is None:
            decoded.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> Ring:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return tuple(points)


def _bbox(polygons: tuple[Polygon, ...]) -> tuple[float, float, float, float]:
    lons = [p[0] for polygon in polygons for p in polygon[0]]
    lats = [p[1] for polygon in polygons for p in polygon[0]]
    if not lons:
        return (0.0, 0.0, 0.0, 0.0)
    return (min(lons), min(lats), max(lons), max(lats))


def decode_topology(topology: dict[str, Any], object_name: str = "countries") -> list[CountryShape]:
    """The geometries of one TopoJSON object as polygons; points and empty geometries are skipped."""
    arcs = _arcs(topology)
    shapes = []
    for geometry in topology["objects"][object_name]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            parts = [geometry["arcs"]]
        elif kind == "MultiPolygon":
            parts = geometry["arcs"]
        else:
            continue
        polygons = tuple(tuple(_ring(ring, arcs) for ring in polygon) for polygon in parts)
        shapes.append(CountryShape(str(geometry.get("id", "")), str(geometry.get("properties", {}).get("name", "")),
                                   polygons, _bbox(polygons)))
    return shapes


@cache
def country_shapes(resolution: str = "110m") -> tuple[CountryShape, ...]:
    """Decoded once per process; empty when world-atlas is not installed."""
    path = WORLD_ATLAS / f"countries-{resolution}.json"
    if not path.exists():
        return ()
    return tuple(decode_topology(json.loads(path.read_text(encoding="utf-8"))))


def to_geojson(shapes: tuple[CountryShape, ...], *, decimals: int = GEOJSON_DECIMALS) -> dict[str, Any]:
    """A FeatureCollection of MultiPolygons, coordinates rounded to keep the file small."""
    features = []
    for shape in shapes:
        coordinates = [[[[round(x, decimals), round(y, decimals)] for x, y in ring] for ring in polygon]
                       for polygon in shape.polygons]
        features.append({"type": "Feature", "id": shape.id, "properties": {"name": shape.name},
                         "geometry": {"type": "MultiPolygon", "coordinates": coordinates}})
    return {"type": "FeatureCollection", "features": features}


@cache
def countries_geojson_bytes(resolution: str = "110m") -> bytes:
    return json.dumps(to_geojson(country_shapes(resolution)), separators=(",", ":")).encode()
