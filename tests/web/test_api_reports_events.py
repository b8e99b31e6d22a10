import pytest
from sqlalchemy import update

from refwatch.store import transaction
from refwatch.store.models import Incident
from tests.web.conftest import seed_report
from tests.web.incident_seed import publish_reports

pytestmark = pytest.mark.anyio


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


async def test_api_reports_need_a_token(client, seeded):
    for path in ("/api/v1/reports", "/api/v1/reports/1"):
        response = await client.get(path)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "RW702"
        assert response.headers["www-authenticate"] == "Bearer"


async def test_api_reports_ignore_session_cookies(client, users, seeded):
    from tests.web.conftest import login

    await login(client, "ada")
    assert (await client.get("/api/v1/reports")).status_code == 401


async def test_api_reports_bad_or_revoked_token_is_refused(client, token, store, seeded):
    from refwatch.store import transaction
    from refwatch.store.users import revoke_token

    assert (await client.get("/api/v1/reports", headers=bearer("rw_made-up"))).status_code == 401
    assert (await client.get("/api/v1/reports", headers=bearer(token))).status_code == 200
    with transaction(store.factory) as db:
        revoke_token(db, token_id=1, actor="test")
    assert (await client.get("/api/v1/reports", headers=bearer(token))).status_code == 401


async def test_api_report_detail_is_the_page_dict(client, token, seeded):
    report_id, (event_id,) = seeded
    body = (await client.get(f"/api/v1/reports/{report_id}", headers=bearer(token))).json()
    assert body["id"] == report_id and body["language"] == "en" and "Shenyang" in body["text"]
    (event,) = body["events"]
    assert event["id"] == event_id and event["count"] == 10 and event["review"] == "suggested"
    assert event["evidence"].startswith("Chinese police detained")
    assert (await client.get("/api/v1/reports/999", headers=bearer(token))).status_code == 404


async def test_api_reports_filter_and_page_through_everything(client, token, store):
    ids = set()
    for n in range(7):
        report_id, _ = seed_report(store.factory, text=f"Report number {n} about detentions.", title=f"R{n}",
                                   language="ko" if n % 2 else "en", published=f"2024-0{n + 1}-15", events=[])
        ids.add(report_id)
    seen, url = [], "/api/v1/reports?limit=3"
    while url:
        body = (await client.get(url, headers=bearer(token))).json()
        seen += [item["id"] for item in body["items"]]
        url = body["next"]
    assert seen == sorted(ids, reverse=True)
    korean = (await client.get("/api/v1/reports?language=ko", headers=bearer(token))).json()["items"]
    assert {item["title"] for item in korean} == {"R1", "R3", "R5"}
    spring = (await client.get("/api/v1/reports?since=2024-03&until=2024-04", headers=bearer(token))).json()
    assert {item["title"] for item in spring["items"]} == {"R2", "R3"}
    bad = await client.get("/api/v1/reports?state=sleeping", headers=bearer(token))
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "RW701"
    too_many = await client.get("/api/v1/reports?limit=100000", headers=bearer(token))
    assert too_many.status_code == 400


async def test_api_events_public_shows_only_reviewed_codebook_fields(client, store):
    report_id, (kept, _dropped, waiting) = seed_report(store.factory, events=[
        dict(type="detained", count=10, country="CN", evidence="secret-ish quote", review="accepted",
             reviewed_by="eve"),
        dict(type="released", review="rejected"),
        dict(type="at_risk", review="suggested"),
    ])
    key = publish_reports(store.factory, [report_id], published=False)
    assert (await client.get("/api/v1/events")).json()["items"] == []  # its incident is not published
    assert (await client.get(f"/api/v1/events/{kept}")).status_code == 404
    with transaction(store.factory) as db:
        db.execute(update(Incident).where(Incident.key == key).values(published=True))
    body = (await client.get("/api/v1/events")).json()
    (item,) = body["items"]
    assert item["id"] == kept and item["count"] == 10
    for private in ("evidence", "report_id", "reviewed_by", "confidence"):
        assert private not in item
    assert (await client.get(f"/api/v1/events/{waiting}")).status_code == 404
    assert (await client.get("/api/v1/events?review=suggested")).status_code == 400


async def test_api_events_with_token_show_everything_and_filter(client, token, store):
    report_id, _ = seed_report(store.factory, events=[
        dict(type="detained", count=10, country="CN", date="2024-05-06", evidence="quote one"),
        dict(type="repatriated", country="CN", date="2024-06"),
        dict(type="arrived", country="TH", date="2023-12-01", review="accepted"),
    ])
    every = (await client.get("/api/v1/events", headers=bearer(token))).json()["items"]
    assert len(every) == 3 and every[-1]["evidence"] == "quote one" and every[0]["report_id"] == report_id
    china = (await client.get("/api/v1/events?country=CN", headers=bearer(token))).json()["items"]
    assert {e["type"] for e in china} == {"detained", "repatriated"}
    may = (await client.get("/api/v1/events?since=2024-05&until=2024-05", headers=bearer(token))).json()["items"]
    assert [e["type"] for e in may] == ["detained"]
    waiting = (await client.get("/api/v1/events?review=suggested", headers=bearer(token))).json()["items"]
    assert len(waiting) == 2
    assert (await client.get("/api/v1/events?type=kidnapped")).status_code == 400
    assert (await client.get("/api/v1/events?country=china")).status_code == 400


async def test_api_openapi_and_our_own_docs_page(client):
    schema = (await client.get("/api/v1/openapi.json")).json()
    assert {"/api/v1/reports", "/api/v1/reports/{report_id}", "/api/v1/events"} <= set(schema["paths"])
    assert not any(path.startswith("/workspace") for path in schema["paths"])
    docs = await client.get("/api/v1/docs")
    assert docs.status_code == 200 and "/api/v1/events" in docs.text and "<script" not in docs.text
    for cdn_page in ("/docs", "/redoc", "/api/v1/redoc"):
        assert (await client.get(cdn_page)).status_code == 404
