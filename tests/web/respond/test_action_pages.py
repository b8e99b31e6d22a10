import re
from pathlib import Path

import pytest
from sqlalchemy import select

from refwatch.respond import targets
from refwatch.respond.context import RespondContext
from refwatch.respond.incident_feed import scan_changes
from refwatch.store import transaction
from refwatch.store.models import AuditEntry, Incident, UrgentAction
from tests.web.conftest import login, post_form
from tests.web.respond.conftest import KEY, YEAR

pytestmark = pytest.mark.anyio
DIRECTORY = Path(__file__).parents[2] / "fixtures" / "respond" / "targets.csv"


@pytest.fixture
def directory(store):
    with transaction(store.factory) as db:
        targets.import_targets(db, targets.read_directory(DIRECTORY), actor="test")


async def _open_action(client, **fields):
    await login(client, "eve")
    data = {"incident": KEY, "title_en": "Stop the return of ten people", "title_ko": "10명의 강제북송을 막아 주세요",
            "expected_transfer_at": f"{YEAR}-01-05T10:00", "timezone": "Asia/Seoul", "transfer_certainty": "likely",
            **fields}
    return await post_form(client, f"/workspace/respond/actions/new?incident={KEY}", "/workspace/respond/actions",
                           data)


async def test_action_pages_editor_opens_an_action_and_the_public_page_shows_countdown_targets_letters(
        client, store, users, published, directory):
    created = await _open_action(client)
    assert created.status_code == 303 and created.headers["location"] == f"/act/{KEY}"
    page = await client.get(f"/act/{KEY}")
    assert page.status_code == 200
    html = page.text
    assert "Stop the return of ten people" in html and "left" in html and "likely" in html
    assert "Embassy of China in Seoul" in html and "UN Refugee Agency (UNHCR)" in html
    assert "Article 33 of the 1951 Convention" in html and "제33조" in html
    assert 'href="mailto:embassy-cn@example.org?subject=' in html
    assert "Permanent Mission of the DPRK" not in html  # not before a return
    with store.factory() as db:
        action = db.scalars(select(UrgentAction)).one()
        assert action.expected_transfer_at.replace(tzinfo=None).isoformat() == f"{YEAR}-01-05T01:00:00"
        assert db.scalars(select(AuditEntry).where(AuditEntry.action == "action.create")).one().actor == "eve"
    korean = await client.get(f"/act/{KEY}?lang=ko")
    assert "남음" in korean.text and "10명의 강제북송을 막아 주세요" in korean.text
    share = await client.get(f"/share/incident/{KEY}")
    assert f"http://testserver/act/{KEY}" in share.text  # people share the action while it is open


async def test_action_pages_passed_date_is_shown_as_passed_and_return_retargets(client, app, store, users,
                                                                                 published, directory):
    await _open_action(client, expected_transfer_at="2020-01-05T10:00")
    html = (await client.get(f"/act/{KEY}")).text
    assert "The expected transfer date passed" in html and "Keep asking" in html
    ctx = RespondContext.from_settings(app.state.settings)
    with transaction(store.factory) as db:
        scan_changes(db, ctx=ctx, baseline=True)
        db.scalars(select(Incident)).one().status = "repatriated"
        scan_changes(db, ctx=ctx)
    html = (await client.get(f"/act/{KEY}")).text
    assert "Permanent Mission of the DPRK" in html and "Embassy of China in Seoul" not in html
    assert "returned to North Korea" in html


async def test_action_pages_i_acted_counts_and_can_follow_by_mail(client, store, users, published, directory,
                                                                  smtp_peer):
    await _open_action(client)
    answer = await post_form(client, f"/act/{KEY}", f"/act/{KEY}/acted", {"email": "helper@example.org"})
    assert answer.status_code == 303
    page = await client.get(answer.headers["location"])
    assert "1 people have acted so far." in page.text and "Thank you" in page.text
    mail = smtp_peer.mails.wait_for(1)[0]
    assert mail.rcpt_tos == ["helper@example.org"]
    assert re.search(r"/subscribe/confirm/\S+", mail.message.get_body(("plain",)).get_content())


async def test_action_pages_unknown_or_unpublished_is_404(client, store, published):
    assert (await client.get("/act/nothing-here")).status_code == 404


async def test_action_pages_i_acted_form_is_no_way_around_the_sign_up_limit(client, store, users, published,
                                                                            directory):
    from refwatch.store.models import Alert, UrgentAction
    from refwatch.web.respond.subscriptions import SIGNUPS_PER_HOUR
    from tests.web.conftest import csrf_from

    await _open_action(client)
    token = csrf_from((await client.get(f"/act/{KEY}")).text)
    for n in range(SIGNUPS_PER_HOUR + 3):  # a script typing strangers' addresses, from one address
        answer = await client.post(f"/act/{KEY}/acted", data={"email": f"victim{n}@example.org",
                                                              "csrf_token": token})
        assert answer.status_code == 303
    with store.factory() as db:
        confirmations = db.scalars(select(Alert).where(Alert.kind == "opt_in")).all()
        assert len(confirmations) == SIGNUPS_PER_HOUR
        assert db.scalars(select(UrgentAction.acted_count)).one() == SIGNUPS_PER_HOUR + 3  # every act counts
