"""A planted secret must never appear outside the workspace: not on any public page, not in any
API answer (even with a token), not in the audit log, and not in the database file in clear."""

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from refwatch.store import transaction
from refwatch.store.models import AuditEntry
from refwatch.store.notes import add_note, set_sensitive
from refwatch.store.review import decide
from refwatch.web.app import get_paths
from tests.web.conftest import login

pytestmark = pytest.mark.anyio

NOTE_SECRET = "Kim Chol-su, brother of the informant"
FIELD_SECRET = "hidden in the basement of the church on Xinhua Road"
SECRETS = (NOTE_SECRET, FIELD_SECRET, "Kim Chol-su", "Xinhua Road")
# Inline script, style or handlers; JSON-LD data blocks are not script (the CSP does not run them).
INLINE = re.compile(r"<script(?![^>]*\b(?:src=|type=\"application/ld\+json\"))|\sstyle=|\son[a-z]+=", re.IGNORECASE)


@pytest.fixture
def planted(app, store, users, seeded):
    report_id, (event_id,) = seeded
    with transaction(store.factory) as db:
        add_note(db, app.state.cipher, entity_type="report", entity_id=report_id, author="eve", text=NOTE_SECRET)
        set_sensitive(db, app.state.cipher, entity_type="report", entity_id=report_id, field="hiding_place",
                      text=FIELD_SECRET, actor="eve")
        decide(db, event_id=event_id, decision="accept", actor="eve")
    return report_id, event_id


def every_get_path(app, ids):
    """Every GET route of the app with its path parameters filled from `ids`, new sections included."""
    for path in get_paths(app):
        for name in re.findall(r"{(\w+)}", path):
            path = path.replace("{" + name + "}", str(ids.get(name, 1)))
        yield path


async def test_sensitive_never_public_on_any_page_or_api_answer(app, client, token, planted):
    report_id, event_id = planted
    ids = {"report_id": report_id, "event_id": event_id, "id": report_id}
    paths = sorted(set(every_get_path(app, ids)) | {"/api/v1/openapi.json"})
    assert "/api/v1/events/{event_id}".replace("{event_id}", str(event_id)) in paths
    checked = 0
    for path in paths:
        for headers in ({}, {"Authorization": f"Bearer {token}"}):
            response = await client.get(path, headers=headers)
            assert response.status_code < 500, f"{path} failed: {response.status_code}"
            for secret in SECRETS:
                assert secret not in response.text, f"{secret!r} leaked at {path}"
            if response.headers.get("content-type", "").startswith("text/html"):
                assert not INLINE.search(response.text), f"inline script or style at {path}"
            checked += 1
    assert checked >= 2 * 8


async def test_sensitive_shown_in_workspace_to_editors_only(client, app, planted):
    from tests.web.conftest import new_client

    report_id, _ = planted
    await login(client, "eve")
    page = (await client.get(f"/workspace/reports/{report_id}")).text
    assert NOTE_SECRET in page and FIELD_SECRET in page
    assert not INLINE.search(page)
    async with new_client(app) as viewer:
        await login(viewer, "vic")
        seen = (await viewer.get(f"/workspace/reports/{report_id}")).text
    assert NOTE_SECRET in seen and FIELD_SECRET not in seen
    assert "1 sensitive fields are hidden" in seen


async def test_sensitive_not_in_clear_in_the_database_or_audit_log(store, planted, sqlite_engine):
    with store.factory() as db:
        entries = list(db.scalars(select(AuditEntry)))
    assert {"note.add", "sensitive.set"} <= {e.action for e in entries}
    for entry in entries:
        for secret in SECRETS:
            assert secret not in str(entry.before) + str(entry.after)
    sqlite_engine.dispose()
    database = Path(sqlite_engine.url.database)
    raw = b"".join(p.read_bytes() for p in database.parent.glob(database.name + "*"))
    assert b"Shenyang" in raw  # the check can see plaintext that is stored in clear
    for secret in SECRETS:
        assert secret.encode() not in raw
