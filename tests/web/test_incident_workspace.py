"""The workspace's incident actions: publish with a public summary, merge, split, move, pin,
re-derive after a correction; editors only; every change in the audit log."""

import pytest
from sqlalchemy import select

from refwatch.store.audit import verify_chain
from refwatch.store.models import AuditEntry, EventRow, Incident, IncidentReport
from tests.web.conftest import csrf_from, login, new_client, post_form
from tests.web.incident_seed import SeedReport, seed_incident
from tests.web.test_incident_pages import VIETNAM

pytestmark = pytest.mark.anyio


def incident(store, key):
    with store.factory() as db:
        return db.scalars(select(Incident).where(Incident.key == key)).one()


def audit(store, action):
    with store.factory() as db:
        return list(db.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


PUBLISH = {"action": "publish", "title_en": "Ten held in Shenyang", "title_ko": "선양서 10명 억류",
           "summary_en": "Ten people are held in Shenyang.", "summary_ko": "선양에서 10명이 억류되어 있다."}


async def test_incident_workspace_publish_with_summary_is_audited_and_public(client, store, users):
    seeded = seed_incident(store.factory, publish=False, summary_en="", summary_ko="")
    page = f"/workspace/incidents/{seeded.key}"
    await login(client, "eve")
    assert (await client.get(f"/incidents/{seeded.key}")).status_code == 404
    answer = await post_form(client, page, f"{page}/publish", PUBLISH)
    assert answer.status_code == 303 and "done=published" in answer.headers["location"]
    row = incident(store, seeded.key)
    assert row.published and (row.title_en, row.summary_ko) == (PUBLISH["title_en"], PUBLISH["summary_ko"])
    (entry,) = audit(store, "incident.publish")
    assert entry.actor == "eve" and entry.entity_id == seeded.key
    assert entry.before["published"] is False and entry.after["published"] is True
    assert entry.after["summary_en"] == PUBLISH["summary_en"] and entry.before["summary_en"] == ""
    shown = await client.get(answer.headers["location"])
    assert "The incident is published." in shown.text
    public = await client.get(f"/incidents/{seeded.key}?lang=ko")
    assert public.status_code == 200 and "선양서 10명 억류" in public.text
    unpublish = await post_form(client, page, f"{page}/publish", {**PUBLISH, "action": "unpublish"})
    assert unpublish.status_code == 303 and not incident(store, seeded.key).published
    assert (await client.get(f"/incidents/{seeded.key}")).status_code == 404
    assert len(audit(store, "incident.unpublish")) == 1
    with store.factory() as db:
        assert verify_chain(db).ok


async def test_incident_workspace_publish_needs_a_summary_and_an_editor(client, store, users, app):
    seeded = seed_incident(store.factory, publish=False, summary_en="", summary_ko="")
    page = f"/workspace/incidents/{seeded.key}"
    await login(client, "eve")
    empty = await post_form(client, page, f"{page}/publish", {**PUBLISH, "summary_en": "", "summary_ko": ""})
    assert "problem=needs_summary" in empty.headers["location"] and not incident(store, seeded.key).published
    async with new_client(app) as viewer:
        await login(viewer, "vic")
        shown = await viewer.get(page)
        assert shown.status_code == 200 and "/publish" not in shown.text  # viewers get no publish form
        refused = await viewer.post(f"{page}/publish", data={**PUBLISH, "csrf_token": csrf_from(shown.text)})
        assert refused.status_code == 403
    assert not incident(store, seeded.key).published and audit(store, "incident.publish") == []
    async with new_client(app) as stranger:
        anonymous = await stranger.get(page)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")


async def test_incident_workspace_stale_form_is_refused(client, store, users):
    seeded = seed_incident(store.factory, publish=False)
    page = f"/workspace/incidents/{seeded.key}"
    await login(client, "eve")
    shown = (await client.get(page)).text
    version = shown.split('name="version" value="')[1].split('"')[0]
    token = csrf_from(shown)
    first = await client.post(f"{page}/publish", data={**PUBLISH, "version": version, "csrf_token": token})
    assert first.status_code == 303
    second = await client.post(f"{page}/publish", data={**PUBLISH, "action": "save", "summary_en": "Other words",
                                                        "version": version, "csrf_token": token})
    assert second.status_code == 409
    assert incident(store, seeded.key).summary_en == PUBLISH["summary_en"]


async def test_incident_workspace_correction_reaches_the_public_record_on_publish(client, store, users):
    seeded = seed_incident(store.factory, publish=False)
    await login(client, "eve")
    with store.factory() as db:
        event_id = db.scalars(select(EventRow.id).where(EventRow.report_id == seeded.report_ids[0],
                                                        EventRow.type == "detained")).one()
    review = f"/workspace/reports/{seeded.report_ids[0]}"
    corrected = await post_form(client, review, f"/workspace/events/{event_id}/correct", {
        "type": "detained", "count": "14", "count_qualifier": "exact", "children": "2", "date": "2024-05-06",
        "country": "CN", "place": "Shenyang", "authority": "Chinese police"})
    assert corrected.status_code == 303
    page = f"/workspace/incidents/{seeded.key}"
    shown = await client.get(page)
    assert "1 reports were reviewed or re-extracted" in shown.text
    assert incident(store, seeded.key).people_max == 12
    await post_form(client, page, f"{page}/publish", PUBLISH)
    row = incident(store, seeded.key)
    assert (row.people_min, row.people_max, row.published) == (12, 14, True)
    public = (await client.get(f"/incidents/{seeded.key}?lang=en")).text
    assert "12–14 people" in public
    assert "reviewed or re-extracted" not in (await client.get(page)).text


async def test_incident_workspace_merge_split_move_are_locked_and_audited(client, store, users):
    first = seed_incident(store.factory)
    second = seed_incident(store.factory, VIETNAM)
    await login(client, "eve")
    page = f"/workspace/incidents/{second.key}"
    merged = await post_form(client, page, f"{page}/merge", {"into": first.key, "note": "same group"})
    assert merged.headers["location"].startswith(f"/workspace/incidents/{first.key}?done=merged")
    assert incident(store, second.key).state == "merged"
    assert (await client.get(f"/incidents/{second.key}")).headers["location"] == f"/incidents/{first.key}"
    page = f"/workspace/incidents/{first.key}"
    split = await post_form(client, page, f"{page}/split", {"report": str(second.report_ids[0]), "note": "not them"})
    assert "done=split" in split.headers["location"]
    with store.factory() as db:
        links = {r.report_id: r for r in db.scalars(select(IncidentReport))}
    new_home = links[second.report_ids[0]].incident_id
    assert new_home != incident(store, first.key).id and all(link.locked for link in links.values())
    moved = await post_form(client, page, f"{page}/move", {"report": str(first.report_ids[1]), "to": ""})
    assert "done=moved" in moved.headers["location"]
    with store.factory() as db:
        assert db.get(IncidentReport, first.report_ids[1]).incident_id not in (new_home, incident(store, first.key).id)
    for action in ("incident.merge", "incident.split", "incident.move"):
        (entry,) = audit(store, action)
        assert entry.actor == "eve"
    assert audit(store, "incident.merge")[0].after["note"] == "same group"
    nonsense = await post_form(client, page, f"{page}/merge", {"into": first.key})
    assert "problem=RW802" in nonsense.headers["location"]
    unknown = await post_form(client, page, f"{page}/merge", {"into": "inc-nosuchthing"})
    assert "problem=RW801" in unknown.headers["location"]
    shown = await client.get(unknown.headers["location"])
    assert "There is no incident" in shown.text


async def test_incident_workspace_pin_wins_on_the_public_page_until_unpinned(client, store, users):
    seeded = seed_incident(store.factory)
    await login(client, "eve")
    page = f"/workspace/incidents/{seeded.key}"
    for field in ("people_min", "people_max"):
        pinned = await post_form(client, page, f"{page}/pin", {"field": field, "value": "11", "note": "checked"})
        assert "done=pinned" in pinned.headers["location"]
    public = (await client.get(f"/incidents/{seeded.key}?lang=en")).text
    assert "11 people" in public and "set by monitors" in public
    bad = await post_form(client, page, f"{page}/pin", {"field": "people_min", "value": "many"})
    assert "problem=bad_value" in bad.headers["location"]
    refused = await post_form(client, page, f"{page}/pin", {"field": "key", "value": "x"})
    assert "problem=RW802" in refused.headers["location"]
    await post_form(client, page, f"{page}/unpin", {"field": "people_max"})
    assert incident(store, seeded.key).people_max == 12
    assert [e.after["field"] for e in audit(store, "incident.pin")] == ["people_min", "people_max"]
    assert len(audit(store, "incident.unpin")) == 1


async def test_incident_workspace_notes_attach_to_incidents(client, store, users):
    seeded = seed_incident(store.factory)
    await login(client, "eve")
    row = incident(store, seeded.key)
    page = f"/workspace/incidents/{seeded.key}"
    answer = await post_form(client, page, f"/workspace/incidents/{row.id}/notes", {"text": "Call the lawyer Monday"})
    assert answer.status_code == 303 and answer.headers["location"].startswith(f"/workspace/incidents/{row.id}")
    shown = await client.get(answer.headers["location"])
    assert "Call the lawyer Monday" in shown.text and "Note added." in shown.text
    list_page = await client.get("/workspace/incidents?published=true&q=Shenyang")
    assert seeded.key in list_page.text


async def test_incident_workspace_list_filters_and_search(client, store, users):
    shown = seed_incident(store.factory)
    hidden = seed_incident(store.factory, [SeedReport("Thai police arrested five North Koreans in Chiang Rai.",
                                                      "Five arrested in Chiang Rai",
                                                      [dict(type="detained", country="TH", place="Chiang Rai",
                                                            count=5, count_qualifier="exact")],
                                                      published="2019-02-02")], publish=False)
    await login(client, "vic")
    everything = (await client.get("/workspace/incidents")).text
    assert shown.key in everything and hidden.key in everything
    drafts = (await client.get("/workspace/incidents?published=false")).text
    assert hidden.key in drafts and shown.key not in drafts
    korean = (await client.get("/workspace/incidents?q=태국")).text
    assert hidden.key in korean and shown.key not in korean
