"""Our own TopoJSON decoding, SVG map drawing and bar charts, on small hand-made inputs."""

import re

from refwatch.web.public.charts import Series, bar_chart, nice_step
from refwatch.web.public.display import count_range, people
from refwatch.web.public.geo import decode_topology, to_geojson
from refwatch.web.public.names import place_name, where
from refwatch.web.public.svgmap import MapPoint, Viewport, svg_map

# Two squares sharing the arc x=1 (arc 1), quantised with a transform, one drawn with a reversed arc.
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.5], "translate": [100.0, 20.0]},
    "arcs": [
        [[2, 0], [-2, 0], [0, 2], [2, 0]],  # (101,20) → (100,20) → (100,21) → (101,21)
        [[2, 2], [0, -2]],                   # (101,21) → (101,20): the shared border
        [[2, 2], [2, 0], [0, -2], [-2, 0]],  # (101,21) → (102,21) → (102,20) → (101,20)
    ],
    "objects": {"countries": {"type": "GeometryCollection", "geometries": [
        {"type": "Polygon", "arcs": [[0, 1]], "id": "001", "properties": {"name": "West"}},
        {"type": "MultiPolygon", "arcs": [[[2, ~1]]], "id": "002", "properties": {"name": "East"}},
        {"type": None, "id": "003", "properties": {"name": "Nothing"}},
    ]}},
}


def test_public_drawing_topojson_decodes_quantised_shared_arcs():
    west, east = decode_topology(TOPOLOGY)
    assert (west.id, west.name, east.name) == ("001", "West", "East")
    assert west.polygons[0][0] == ((101.0, 20.0), (100.0, 20.0), (100.0, 21.0), (101.0, 21.0), (101.0, 20.0))
    assert east.polygons[0][0] == ((101.0, 21.0), (102.0, 21.0), (102.0, 20.0), (101.0, 20.0), (101.0, 21.0))
    assert west.bbox == (100.0, 20.0, 101.0, 21.0)
    feature = to_geojson((east,))["features"][0]
    assert feature["geometry"]["type"] == "MultiPolygon" and feature["geometry"]["coordinates"][0][0][0] == [101, 21]


def test_public_drawing_svg_map_projects_clips_and_links():
    shapes = decode_topology(TOPOLOGY)
    viewport = Viewport(west=100.0, south=20.0, east=101.5, north=21.0, width=300)
    assert viewport.project(100.0, 21.0) == (0.0, 0.0)
    assert viewport.project(101.5, 20.0)[0] == 300.0
    drawing = str(svg_map([MapPoint(100.5, 20.5, "Group <b>10</b>", "/incidents/inc-x", "status-detained"),
                           MapPoint(130.0, 40.0, "far away", "/incidents/inc-far")],
                          viewport=viewport, shapes=shapes, title="Map & dots", description="d", svg_id="m",
                          highlight="East"))
    assert drawing.count("<path") == 2 and 'class="land here"' in drawing
    xs = [float(x) for x in re.findall(r"[ML](-?[\d.]+),", drawing)]
    assert max(xs) <= 300 + 4  # the eastern square is cut at the picture's edge (plus the margin)
    assert '<a href="/incidents/inc-x">' in drawing and "inc-far" not in drawing
    assert "Group &lt;b&gt;10&lt;/b&gt;" in drawing and "Map &amp; dots" in drawing
    assert "style=" not in drawing


def test_public_drawing_bar_chart_has_exact_values_and_round_ticks():
    assert [nice_step(v) for v in (3, 9, 40, 130, 1000)] == [1, 5, 10, 50, 250]
    chart = str(bar_chart(["2024-01", "2024-02"], [Series("Detained", "s-detained", (10, 0)),
                                                    Series("Returned", "s-returned", (3, 25))],
                          svg_id="c", title="People", description="per month"))
    assert chart.count('<rect class="bar') == 4
    assert "<title>2024-02: Returned 25</title>" in chart and "<title>2024-01: Detained 10</title>" in chart
    ticks = re.findall(r'class="tick"[^>]*>(\d+)<', chart)
    assert ticks == ["0", "10", "20", "30"]
    heights = {t: float(h) for h, t in re.findall(r'height="([\d.]+)"><title>([^<]+)</title>', chart)}
    assert heights["2024-02: Returned 25"] > heights["2024-01: Detained 10"] > heights["2024-01: Returned 3"] > 0
    assert heights["2024-02: Detained 0"] == 0


def test_public_drawing_words_in_both_languages():
    assert people(10, 12, "exact", "en") == "10–12 people" and people(10, 12, "exact", "ko") == "10~12명"
    assert people(7, 7, "at_least", "en") == "at least 7 people" and people(7, 7, "about", "ko") == "약 7명"
    assert people(None, None, "unknown", "ko") == "인원 미상"
    assert count_range(3, 3) == "3" and count_range(None, None) == "—" and count_range(2, 5) == "2–5"
    assert place_name("Mong Cai", "ko") == "몽까이" and place_name("Nowhere", "ko") == "Nowhere"
    assert where("VN", "Mong Cai", "en") == "Mong Cai, Vietnam" and where("CN", None, "ko") == "중국"
