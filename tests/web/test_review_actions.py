import pytest
from sqlalchemy import select

from refwatch.store.audit import verify_chain
from refwatch.store.models import AuditEntry, EventRow
from tests.web.conftest import login, post_form

pytestmark = pytest.mark.anyio


def event(store, event_id):
    with store.factory() as db:
        return db.get(EventRow, event_id)


def audit_entries(store):
    """Audit entries about events (the fixtures' account creation is audited too)."""
    with store.factory() as db:
        return list(db.scalars(select(AuditEntry).where(AuditEntry.entity_type == "event").order_by(AuditEntry.id)))


async def test_review_accept_records_who_and_audits(client, users, seeded, store):
    report_id, (event_id,) = seeded
    await login(client, "eve")
    page = f"/workspace/reports/{report_id}"
    response = await post_form(client, page, f"/workspace/events/{event_id}/accept", {})
    assert response.status_code == 303 and response.headers["location"].endswith(f"#event-{event_id}")
    row = event(store, event_id)
    assert (row.review, row.reviewed_by, row.origin) == ("accepted", "eve", "machine")
    assert row.reviewed_at is not None
    (entry,) = audit_entries(store)
    assert (entry.actor, entry.action, entry.entity_id) == ("eve", "event.accept", str(event_id))
    assert entry.before["review"] == "suggested" and entry.after["review"] == "accepted"
    shown = await client.get(response.headers["location"])
    assert "Event accepted." in shown.text


async def test_review_correct_count_marks_human_origin(client, users, seeded, store):
    report_id, (event_id,) = seeded
    await login(client, "eve")
    form = {"type": "detained", "count": "12", "count_qualifier": "at_least", "children": "2", "date": "2024-05",
            "country": "cn", "place": "Shenyang", "authority": "Chinese police"}
    response = await post_form(client, f"/workspace/reports/{report_id}", f"/workspace/events/{event_id}/correct",
                               form)
    assert response.status_code == 303
    row = event(store, event_id)
    assert (row.count, row.count_qualifier, row.country, row.date, row.date_precision) == (
        12, "at_least", "CN", "2024-05", "month")
    assert (row.review, row.origin, row.reviewed_by) == ("corrected", "human", "eve")
    (entry,) = audit_entries(store)
    assert entry.action == "event.correct"
    assert entry.before["count"] == 10 and entry.after["count"] == 12
    assert entry.before["origin"] == "machine" and entry.after["origin"] == "human"
    with store.factory() as db:
        assert verify_chain(db).ok


async def test_review_invalid_correction_changes_nothing(client, users, seeded, store):
    report_id, (event_id,) = seeded
    await login(client, "eve")
    form = {"type": "detained", "count": "ten", "children": "20", "date": "2024-13-40", "country": "China",
            "count_qualifier": "exact"}
    response = await post_form(client, f"/workspace/reports/{report_id}", f"/workspace/events/{event_id}/correct",
                               form)
    assert response.status_code == 422
    assert response.text.count('aria-invalid="true"') == 3
    assert 'value="ten"' in response.text  # the person's input is kept for fixing
    row = event(store, event_id)
    assert (row.count, row.review) == (10, "suggested")
    assert audit_entries(store) == []


async def test_review_reject(client, users, seeded, store):
    report_id, (event_id,) = seeded
    await login(client, "eve")
    await post_form(client, f"/workspace/reports/{report_id}", f"/workspace/events/{event_id}/reject", {})
    assert event(store, event_id).review == "rejected"
    assert audit_entries(store)[0].action == "event.reject"


async def test_review_viewer_may_read_but_not_change(client, users, seeded, store):
    report_id, (event_id,) = seeded
    await login(client, "vic")
    page = await client.get(f"/workspace/reports/{report_id}")
    assert page.status_code == 200 and "/accept" not in page.text
    refused = await post_form(client, f"/workspace/reports/{report_id}", f"/workspace/events/{event_id}/accept", {})
    assert refused.status_code == 403
    assert event(store, event_id).review == "suggested"


async def test_review_conflicting_edit_is_refused(client, users, seeded, store):
    import re

    report_id, (event_id,) = seeded
    await login(client, "eve")
    page = await client.get(f"/workspace/reports/{report_id}")
    version = re.search(r'name="version" value="([0-9a-f]+)"', page.text).group(1)
    first = await post_form(client, f"/workspace/reports/{report_id}", f"/workspace/events/{event_id}/reject", {})
    assert first.status_code == 303
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    stale = await client.post(f"/workspace/events/{event_id}/accept", data={"csrf_token": token, "version": version})
    assert stale.status_code == 409 and "RW706" in stale.text
    assert event(store, event_id).review == "rejected"


async def test_review_page_highlights_evidence_and_links_events(client, users, seeded):
    report_id, (event_id,) = seeded
    await login(client, "vic")
    page = await client.get(f"/workspace/reports/{report_id}")
    assert "<mark>Chinese police detained 10 North Korean defectors in Shenyang on Monday</mark>" in page.text
    assert f'<span id="evidence-{event_id}"></span>' in page.text
    assert f'href="#event-{event_id}"' in page.text and f'href="#evidence-{event_id}"' in page.text


async def test_review_queue_lists_reports_waiting_newest_first(client, users, store, seeded):
    from tests.web.conftest import seed_report

    _newer, _ = seed_report(store.factory, text="Another report about a family of three held in Dandong.",
                           title="Family held in Dandong", events=[dict(type="detained", count=3)])
    _done, _ = seed_report(store.factory, text="Nothing left to review here.", title="Already reviewed",
                          events=[dict(type="released", review="accepted")])
    await login(client, "vic")
    queue = await client.get("/workspace")
    assert queue.text.index("Family held in Dandong") < queue.text.index("Ten detained in Shenyang")
    assert "Already reviewed" not in queue.text
    assert '<meta http-equiv="refresh" content="60">' in queue.text
    everything = await client.get("/workspace?show=all")
    assert "Already reviewed" in everything.text
    paused = await client.get("/workspace?refresh=0")
    assert 'http-equiv="refresh"' not in paused.text


async def test_review_report_link_only_for_web_addresses(client, users, store):
    from tests.web.conftest import seed_report

    report_id, _ = seed_report(store.factory, title="odd link", events=[])
    from sqlalchemy import update

    from refwatch.store import transaction
    from refwatch.store.models import Report

    with transaction(store.factory) as db:
        db.execute(update(Report).where(Report.id == report_id).values(url="javascript:alert(1)"))
    await login(client, "vic")
    page = await client.get(f"/workspace/reports/{report_id}")
    assert "javascript:alert(1)" in page.text and 'href="javascript:' not in page.text


async def test_review_full_flow_on_both_databases(engine, tmp_path):
    """Sign in, correct, read the audit page: the whole stack on SQLite and on PostgreSQL."""
    from refwatch.store import session_factory
    from refwatch.store import transaction as tx
    from refwatch.store.users import add_user
    from refwatch.web.app import create_app
    from tests.web.conftest import PASSWORD, Store, new_client, seed_report, web_settings

    store = Store(engine, session_factory(engine))
    with tx(store.factory) as db:
        add_user(db, username="ada", password=PASSWORD, role="admin", actor="test")
    report_id, (event_id,) = seed_report(store.factory)
    app = create_app(web_settings(tmp_path), store=store)
    async with new_client(app) as client:
        assert (await login(client, "ada")).status_code == 303
        form = {"type": "detained", "count": "11", "count_qualifier": "about", "country": "CN"}
        done = await post_form(client, f"/workspace/reports/{report_id}", f"/workspace/events/{event_id}/correct",
                               form)
        assert done.status_code == 303
        audit = await client.get("/workspace/audit")
    assert "event.correct" in audit.text and "<ins>11</ins>" in audit.text and "intact" in audit.text
    assert event(store, event_id).count == 11
