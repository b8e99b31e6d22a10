"""Sensitive fields and private notes planted on a published incident and on its reports appear on
no public page, in no API answer (with or without a token), export, feed, map or statistic; a
name that only the report text holds cannot be found through public search either."""

import pytest
from sqlalchemy import select

from refwatch.store import transaction
from refwatch.store.models import Incident
from refwatch.store.notes import add_note, set_sensitive
from tests.web.conftest import login
from tests.web.incident_seed import SeedReport, seed_incident
from tests.web.test_sensitive_never_public import INLINE, every_get_path

pytestmark = pytest.mark.anyio

NOTE = "Sister Park Young-hee keeps their phones"
HIDING = "flat 302 above the Hanseong noodle shop"
NAMES = "Ri Myong-chol and his daughter Ri Su-jin"
IN_TEXT = "Choe Kwang-il"
SECRETS = (NOTE, HIDING, NAMES, "Park Young-hee", "Hanseong noodle", "Ri Su-jin")
REPORTS = [SeedReport(f"Police in Yanji detained eight North Koreans on April 9, including {IN_TEXT}, a former "
                      "teacher, his relatives said. The group faces repatriation.", "Eight held in Yanji",
                      [dict(type="detained", date="2024-04-09", date_precision="day", country="CN", place="Yanji",
                            lat=42.9, lon=129.5, count=8, count_qualifier="exact",
                            evidence=f"detained eight North Koreans on April 9, including {IN_TEXT}")],
                      outlet="Tumen Times", published="2024-04-10"),
           SeedReport("Eight North Koreans held in Yanji since April 9 may be sent back soon, an activist said.",
                      "Yanji group may be returned", [dict(type="at_risk", country="CN", place="Yanji", count=8,
                                                           count_qualifier="exact")],
                      outlet="Seoul Courier", published="2024-04-12", url=None)]


@pytest.fixture
def planted(app, store, users):
    seeded = seed_incident(store.factory, REPORTS)
    with transaction(store.factory) as db:
        incident = db.scalars(select(Incident).where(Incident.key == seeded.key)).one()
        add_note(db, app.state.cipher, entity_type="incident", entity_id=incident.id, author="eve", text=NOTE)
        set_sensitive(db, app.state.cipher, entity_type="incident", entity_id=incident.id, field="hiding_place",
                      text=HIDING, actor="eve")
        set_sensitive(db, app.state.cipher, entity_type="incident", entity_id=incident.id, field="names",
                      text=NAMES, actor="eve")
        for report_id in seeded.report_ids:
            add_note(db, app.state.cipher, entity_type="report", entity_id=report_id, author="eve", text=NOTE)
        incident_id = incident.id
    return seeded, incident_id


@pytest.fixture
def respond_ids(app, store, planted):
    """Real path values for the respond pages (a subscriber's link, an event), so the crawl opens them."""
    from datetime import UTC, datetime, timedelta

    from refwatch.respond import subscriptions
    from refwatch.respond.context import RespondContext
    from refwatch.respond.events import EventInput, create_event
    from tests.respond.helpers import add_subscriber

    seeded, _ = planted
    start = datetime.now(UTC).replace(tzinfo=None, microsecond=0) + timedelta(days=30)
    with transaction(store.factory) as db:
        token = subscriptions.manage_token(app.state.settings, add_subscriber(db, "reader@example.org"))
        event = create_event(db, EventInput(title_en="Vigil for the eight", title_ko="", starts_local=start,
                                            ends_local=start + timedelta(hours=1), timezone="Asia/Seoul",
                                            city="Seoul", incident_key=seeded.key),
                             actor="eve", ctx=RespondContext.from_settings(app.state.settings))
        return {"token": token, "slug": event.slug, "kind": "incident"}


async def test_incident_privacy_nothing_sensitive_leaves_the_workspace(app, client, token, planted, respond_ids):
    seeded, incident_id = planted
    ids = {"key": seeded.key, "report_id": seeded.report_ids[0], "id": incident_id, "event_id": 1,
           "entity_id": incident_id, **respond_ids}
    paths = sorted(set(every_get_path(app, ids)) | {
        "/api/v1/openapi.json", f"/search?q={IN_TEXT}", "/search?q=Yanji", f"/api/v1/incidents?q={IN_TEXT}",
        "/alerts.atom", "/alerts.json", "/api/v1/exports/incidents.json?q=Yanji",
    })
    assert f"/incidents/{seeded.key}" in paths and "/api/v1/exports/incidents.csv" in paths
    assert f"/unsubscribe/{respond_ids['token']}" in paths and f"/share/incident/{seeded.key}" in paths
    checked = 0
    for path in paths:
        for headers in ({}, {"Authorization": f"Bearer {token}"}):
            answer = await client.get(path, headers=headers)
            assert answer.status_code < 500, f"{path} failed: {answer.status_code}"
            for secret in SECRETS:
                assert secret not in answer.text, f"{secret!r} leaked at {path}"
            if IN_TEXT in path:  # a search for a name only the report text holds finds nothing
                assert seeded.key not in answer.text, f"public search looked into report text at {path}"
            elif not headers and not path.startswith("/api/v1/reports"):
                assert IN_TEXT not in answer.text, f"report text leaked at {path}"
            if answer.headers.get("content-type", "").startswith("text/html"):
                assert not INLINE.search(answer.text), f"inline script or style at {path}"
            checked += 1
    assert checked > 40
    page = (await client.get(f"/incidents/{seeded.key}")).text
    assert "Tumen Times" in page and "Seoul Courier" not in page  # the URL-less source is a tip
    assert seeded.key not in (await client.get(f"/search?q={IN_TEXT}")).text
    assert seeded.key in (await client.get("/search?q=Yanji")).text


async def test_incident_privacy_workspace_shows_editors_what_is_planted(client, app, planted):
    from tests.web.conftest import new_client

    seeded, incident_id = planted
    await login(client, "eve")
    page = (await client.get(f"/workspace/incidents/{seeded.key}")).text
    assert NOTE in page and HIDING in page and NAMES in page
    found = (await client.get(f"/workspace/search?q={IN_TEXT}")).text
    assert f"/workspace/reports/{seeded.report_ids[0]}" in found and f"/workspace/incidents/{seeded.key}" in found
    async with new_client(app) as viewer:
        await login(viewer, "vic")
        seen = (await viewer.get(f"/workspace/incidents/{incident_id}")).text
    assert NOTE in seen and HIDING not in seen and "2 sensitive fields are hidden" in seen
