"""A person's change in the workspace is news at once: publishing or a pinned status alerts
subscribers without waiting for the next report to arrive."""

import pytest
from sqlalchemy import select

from refwatch.store import transaction
from refwatch.store.models import Alert
from tests.respond.helpers import add_subscriber
from tests.web.conftest import login, post_form
from tests.web.incident_seed import seed_incident
from tests.web.test_incident_pages import VIETNAM
from tests.web.test_incident_workspace import PUBLISH

pytestmark = pytest.mark.anyio


async def test_workspace_alerts_publishing_mails_subscribers_at_once(client, store, users, smtp_peer):
    already = seed_incident(store.factory, VIETNAM)  # public before refwatch ever scanned: not re-announced
    fresh = seed_incident(store.factory, publish=False, summary_en="", summary_ko="")
    with transaction(store.factory) as db:
        add_subscriber(db, "reader@example.org")
    await login(client, "eve")
    page = f"/workspace/incidents/{fresh.key}"
    answer = await post_form(client, page, f"{page}/publish", PUBLISH)
    assert answer.status_code == 303 and "done=published" in answer.headers["location"]
    (mail,) = smtp_peer.mails.wait_for(1)
    body = mail.message.get_body(("plain",)).get_content()
    assert mail.rcpt_tos == ["reader@example.org"] and PUBLISH["title_en"] in body
    assert f"/incidents/{fresh.key}" in body
    with store.factory() as db:
        assert db.scalars(select(Alert.incident_key).where(Alert.kind == "incident")).all() == [fresh.key]
    pinned = await post_form(client, page, f"{page}/pin", {"field": "status", "value": "transferred"})
    assert pinned.status_code == 303 and "done=pinned" in pinned.headers["location"]
    moved = smtp_peer.mails.wait_for(2)[1]
    assert moved.message["Subject"].startswith("[Urgent] Update: ")
    with store.factory() as db:
        assert already.key not in db.scalars(select(Alert.incident_key)).all()
