"""The map (server-drawn SVG, Leaflet from our origin, GeoJSON) and the statistics (SVG charts with
their tables), built from published incidents only."""

import json
import re

import pytest
from sqlalchemy import update

from refwatch.store import transaction
from refwatch.store.models import Incident, utcnow
from refwatch.web.public import geo
from refwatch.web.views.incident_map import leaflet_available
from tests.conftest import services_required
from tests.web.incident_seed import seed_incident
from tests.web.test_incident_pages import RETURNED, VIETNAM

pytestmark = pytest.mark.anyio


def need_npm_files():
    if geo.country_shapes("110m") and leaflet_available():
        return
    if services_required():
        pytest.fail("node_modules is missing: scripts/bootstrap runs `npm ci` (required under CI)")
    pytest.skip("node_modules is missing (run scripts/bootstrap)")


@pytest.fixture
def incidents(store):
    return seed_incident(store.factory), seed_incident(store.factory, VIETNAM), \
        seed_incident(store.factory, RETURNED, publish=False)


async def test_map_svg_links_published_incidents_only(client, incidents):
    shenyang, vietnam, draft = incidents
    page = (await client.get("/map?lang=en")).text
    svg = page[page.index("<svg"):page.index("</svg>")]
    links = set(re.findall(r'<a href="/incidents/([^"]+)"><circle', svg))
    assert links == {shenyang.key, vietnam.key}
    assert 'role="img"' in svg and "<title" in svg
    assert "Shenyang, China" in page and "Mong Cai, Vietnam" in page  # the same incidents as a list
    assert draft.key not in page
    markers = json.loads((await client.get("/map/incidents.geojson")).text)
    assert {f["id"] for f in markers["features"]} == {shenyang.key, vietnam.key}
    assert (await client.get(f"/incidents/{draft.key}/map.svg")).status_code == 404


async def test_map_draws_countries_and_serves_leaflet_from_our_origin(client, incidents):
    need_npm_files()
    page = (await client.get("/map")).text
    assert '<path class="land' in page
    assert 'src="/static/vendor/leaflet/leaflet.js"' in page and 'src="/static/js/incident-map.js"' in page
    assert "http://" not in re.sub(r'xmlns="http://www.w3.org/2000/svg"', "", page.split("<main")[1])
    script = await client.get("/static/vendor/leaflet/leaflet.js")
    assert script.status_code == 200 and "Leaflet" in script.text[:2000]
    zipped = await client.get("/map/countries.geojson", headers={"accept-encoding": "gzip"})
    shapes = zipped.json()
    china = next(f for f in shapes["features"] if f["properties"]["name"] == "China")
    assert china["geometry"]["type"] == "MultiPolygon"
    small = await client.get(f"/incidents/{incidents[0].key}/map.svg")
    assert small.headers["content-type"].startswith("image/svg+xml") and b'fill="#a4161a"' in small.content


async def test_statistics_count_steps_of_published_incidents(client, store, incidents):
    data = (await client.get("/api/v1/statistics")).json()
    assert data["incidents"] == 2
    assert data["totals"]["detained"] == {"low": 17, "high": 19, "steps": 2, "unknown_size": 0}
    assert data["totals"]["returned"]["steps"] == 0  # the returned group is not published
    periods = {row["period"]: row for row in data["periods"]}
    assert data["granularity"] == "month" and len(periods) == 15  # 2023-03 … 2024-05, empty months included
    assert periods["2023-03"]["detained"]["low"] == 7 and periods["2024-05"]["detained"]["high"] == 12
    assert periods["2023-09"]["detained"]["steps"] == 0
    assert [row["country"] for row in data["countries"]] == ["CN", "VN"]
    page = (await client.get("/statistics?lang=en")).text
    assert page.count('<svg class="chart"') == 2 and page.count("<table") == 2
    assert "<title>2024-05: Detained 10</title>" in page and "10–12" in page
    korean = (await client.get("/statistics?lang=ko")).text
    assert "월별 인원" in korean and "<title>베트남: 체포·구금 7</title>" in korean
    with transaction(store.factory) as db:  # publishing moves updated_at: the cached figures give way
        db.execute(update(Incident).where(Incident.key == incidents[2].key).values(published=True, updated_at=utcnow()))
    again = (await client.get("/api/v1/statistics")).json()
    assert again["incidents"] == 3 and again["totals"]["returned"]["low"] == 20
    assert "<title>2022-01: Forcibly returned 20</title>" in (await client.get("/statistics?lang=en")).text


async def test_map_tiles_only_when_a_setting_names_them(make_app, client):
    page = (await client.get("/map")).text
    assert 'data-tiles=""' in page
    assert (await client.get("/map")).headers["content-security-policy"].count("img-src 'self' data:;") == 1
    from tests.web.conftest import new_client

    tiled = make_app(map_tile_url="https://{s}.tiles.example.org/{z}/{x}/{y}.png")
    async with new_client(tiled) as other:
        answer = await other.get("/map")
    assert 'data-tiles="https://{s}.tiles.example.org/{z}/{x}/{y}.png"' in answer.text
    assert "img-src 'self' data: https://*.tiles.example.org;" in answer.headers["content-security-policy"]
