"""`/api/v1/incidents` and the exports: public fields with codebook names, filters, tokens."""

import csv
import io
import json

import pytest

from refwatch.web.public.incident_data import SUMMARY_FIELDS
from refwatch.web.views.exports import csv_cell
from tests.web.incident_seed import seed_incident
from tests.web.test_incident_pages import RETURNED, VIETNAM

pytestmark = pytest.mark.anyio


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def three(store):
    return (seed_incident(store.factory), seed_incident(store.factory, VIETNAM),
            seed_incident(store.factory, RETURNED, publish=False))


async def test_incident_api_lists_published_with_filters_and_tokens(client, token, three):
    shenyang, vietnam, draft = three
    public = (await client.get("/api/v1/incidents")).json()
    assert {item["key"] for item in public["items"]} == {shenyang.key, vietnam.key}
    assert set(public["items"][0]) == set(SUMMARY_FIELDS)
    assert [i["key"] for i in (await client.get("/api/v1/incidents?country=VN")).json()["items"]] == [vietnam.key]
    assert (await client.get("/api/v1/incidents?published=all")).status_code == 400
    drafts = (await client.get("/api/v1/incidents?published=false", headers=bearer(token))).json()
    assert [i["key"] for i in drafts["items"]] == [draft.key]
    assert (await client.get(f"/api/v1/incidents/{draft.key}", headers=bearer(token))).status_code == 200
    assert (await client.get(f"/api/v1/incidents/{draft.key}")).status_code == 404
    assert (await client.get("/api/v1/incidents?limit=0")).status_code == 400
    found = (await client.get("/api/v1/incidents", params={"q": "베트남"})).json()
    assert [i["key"] for i in found["items"]] == [vietnam.key]


async def test_incident_api_detail_has_record_in_public_form(client, three):
    shenyang = three[0]
    data = (await client.get(f"/api/v1/incidents/{shenyang.key}")).json()
    assert data["people"] == {"min": 10, "max": 12, "qualifier": "mixed", "children": 2, "set_by_monitors": False}
    assert [step["type"] for step in data["timeline"]] == ["detained", "at_risk"]
    assert data["timeline"][0]["sources"] == [1, 2]
    assert [s["source"] for s in data["sources"]] == [1, 2]
    assert data["sources"][1]["says"][0] == {"type": "detained", "date": "2024-05-06", "country": "CN",
                                             "place": "Shenyang", "count": 12, "count_qualifier": "about",
                                             "children": None, "authority": None}
    assert data["corroborated"] is True and len(data["chains"]) == 2
    text = json.dumps(data, ensure_ascii=False)
    for private in ("evidence", "report_id", "북한인권단체", "Daily Example", "confidence"):
        assert private not in text


async def test_incident_exports_csv_geojson_json_carry_the_same_incidents(client, three):
    shenyang, vietnam, draft = three
    answer = await client.get("/api/v1/exports/incidents.csv")
    assert answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(answer.text.lstrip("\ufeff"))))
    assert list(rows[0]) == list(SUMMARY_FIELDS)
    assert {r["key"] for r in rows} == {shenyang.key, vietnam.key}
    mong_cai = next(r for r in rows if r["key"] == vietnam.key)
    assert (mong_cai["country"], mong_cai["people_min"], mong_cai["children"]) == ("VN", "7", "3")

    geo = (await client.get("/api/v1/exports/incidents.geojson")).json()
    assert geo["type"] == "FeatureCollection"
    points = {f["id"]: f["geometry"]["coordinates"] for f in geo["features"]}
    assert points[vietnam.key] == [107.96, 21.52]
    assert "lat" not in geo["features"][0]["properties"]

    full = (await client.get("/api/v1/exports/incidents.json?country=CN")).json()
    assert [item["key"] for item in full["items"]] == [shenyang.key]
    assert full["items"][0] == (await client.get(f"/api/v1/incidents/{shenyang.key}")).json()
    assert full["filters"] == {"country": "CN"}
    assert draft.key not in (await client.get("/api/v1/exports/incidents.json")).text


async def test_incident_exports_guard_spreadsheet_formulas():
    assert csv_cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert csv_cell("-1+2") == "'-1+2"
    assert csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert (csv_cell(None), csv_cell(True), csv_cell(7), csv_cell("Shenyang")) == ("", "true", "7", "Shenyang")


async def test_incident_api_is_in_the_openapi_schema(client):
    paths = (await client.get("/api/v1/openapi.json")).json()["paths"]
    for path in ("/api/v1/incidents", "/api/v1/incidents/{key}", "/api/v1/exports/incidents.csv",
                 "/api/v1/exports/incidents.geojson", "/api/v1/exports/incidents.json", "/api/v1/statistics"):
        assert path in paths
    docs = (await client.get("/api/v1/docs")).text
    assert "/api/v1/exports/incidents.geojson" in docs


async def test_incident_api_public_events_are_those_of_published_incidents(client, store, three):
    from sqlalchemy import update

    from refwatch.store import transaction
    from refwatch.store.models import EventRow

    with transaction(store.factory) as db:
        db.execute(update(EventRow).values(review="accepted"))
    shown = {e["type"] for e in (await client.get("/api/v1/events")).json()["items"]}
    assert shown == {"detained", "at_risk"}  # Shenyang's and Mong Cai's, not the unpublished return
    assert "repatriated" not in str((await client.get("/api/v1/events?type=repatriated")).json())
