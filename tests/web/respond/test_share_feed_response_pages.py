import io

import feedparser
import pytest
from PIL import Image
from sqlalchemy import select

from refwatch.respond.alerts import create_incident_alert
from refwatch.respond.context import RespondContext
from refwatch.respond.incident_feed import incident_by_key
from refwatch.respond.rules import Reason
from refwatch.store import transaction
from refwatch.store.models import AuditEntry, ReaderResponse
from tests.respond.helpers import add_subscriber
from tests.web.conftest import login, post_form
from tests.web.respond.conftest import KEY

pytestmark = pytest.mark.anyio


async def test_share_pages_texts_fit_and_cards_render(client, published):
    page = await client.get(f"/share/incident/{KEY}?lang=ko")
    assert page.status_code == 200
    assert "#강제북송반대" in page.text and "https://x.com/intent/post?text=" in page.text
    assert f'<meta property="og:image" content="http://testserver/share/incident/{KEY}.png?lang=ko">' in page.text
    image = await client.get(f"/share/incident/{KEY}.png?lang=ko")
    assert image.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(image.content)).size == (1200, 630)
    cached = await client.get(f"/share/incident/{KEY}.png?lang=ko", headers={"If-None-Match": image.headers["etag"]})
    assert cached.status_code == 304
    assert (await client.get("/share/incident/unknown")).status_code == 404


async def test_feed_pages_atom_and_json_feed_over_http(client, app, store, published):
    ctx = RespondContext.from_settings(app.state.settings)
    with transaction(store.factory) as db:
        create_incident_alert(db, incident_by_key(db, KEY), [Reason("published", "published:web", True, {})],
                              ctx=ctx)
    atom = await client.get("/alerts.atom?lang=ko&country=cn")
    parsed = feedparser.parse(atom.content)
    assert atom.headers["content-type"].startswith("application/atom+xml") and not parsed.bozo
    assert parsed.entries[0].link == f"http://testserver/incidents/{KEY}"
    data = (await client.get("/alerts.json")).json()
    assert data["version"] == "https://jsonfeed.org/version/1.1" and len(data["items"]) == 1
    assert (await client.get("/alerts.json?country=VN")).json()["items"] == []


async def test_response_pages_held_until_an_editor_approves_with_audit(client, store, users, published):
    await login(client, "eve")
    answer = await post_form(client, "/workspace/respond", f"/responses/incident/{KEY}",
                             {"body": "I called the embassy <script>x()</script>", "name": "Min"})
    assert answer.status_code == 200 and "Thank you" in answer.text
    queue = await client.get("/workspace/respond/responses")
    assert "I called the embassy" in queue.text and "<script>x()" not in queue.text
    with store.factory() as db:
        row = db.scalars(select(ReaderResponse)).one()
        assert row.state == "held"
    decided = await post_form(client, "/workspace/respond/responses", f"/workspace/respond/responses/{row.id}",
                              {"decision": "approved", "note": "ok"})
    assert decided.status_code == 303
    with store.factory() as db:
        assert db.scalars(select(ReaderResponse.state)).one() == "approved"
        entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "response.approved")).one()
        assert entry.actor == "eve"


async def test_response_pages_to_unknown_targets_are_refused(client, published):
    answer = await post_form(client, "/subscribe", "/responses/incident/no-such-incident", {"body": "hi"})
    assert answer.status_code == 404


async def test_workspace_respond_needs_an_editor(client, users):
    assert (await client.get("/workspace/respond")).status_code in (401, 303)
    await login(client, "vic")
    assert (await client.get("/workspace/respond")).status_code == 403


async def test_workspace_manual_alert_reaches_subscribers_by_mail(client, store, users, published, smtp_peer):
    with transaction(store.factory) as db:
        add_subscriber(db, "reader@example.org", language="ko")
    await login(client, "eve")
    answer = await post_form(client, "/workspace/respond", "/workspace/respond/alerts",
                             {"incident": KEY, "message_en": "Call now.", "message_ko": "지금 전화해 주세요.",
                              "urgent": "1"})
    assert answer.status_code == 303
    mail = smtp_peer.mails.wait_for(1)[0]
    assert "지금 전화해 주세요." in mail.message.get_body(("plain",)).get_content()
    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
