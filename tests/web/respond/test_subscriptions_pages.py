import re

import pytest
from sqlalchemy import select

from refwatch.store.models import Subscriber
from tests.web.conftest import csrf_from, new_client, post_form

pytestmark = pytest.mark.anyio


def _link(mail, path):
    body = mail.message.get_body(("plain",)).get_content()
    return re.search(rf"http://testserver(/{path}/\S+)", body).group(1)


async def test_subscriptions_pages_double_opt_in_with_a_post_button_and_one_click_unsubscribe(
        client, app, store, smtp_peer):
    answer = await post_form(client, "/subscribe", "/subscribe",
                             {"email": "reader@example.org", "language": "ko", "country": "CN", "urgent_only": "1"})
    assert answer.status_code == 200 and "메일함" not in answer.text  # English page, Korean mail
    mail = smtp_peer.mails.wait_for(1)[0]
    assert mail.message["Subject"] == "refwatch 알림 구독을 확인해 주세요"
    confirm = _link(mail, "subscribe/confirm")
    page = await client.get(confirm)  # what a mail scanner does: nothing changes
    assert page.status_code == 200 and 'method="post"' in page.text
    with store.factory() as db:
        assert db.scalars(select(Subscriber.state)).one() == "pending"
    done = await client.post(confirm, data={"csrf_token": csrf_from(page.text)})
    assert done.status_code == 200
    with store.factory() as db:
        row = db.scalars(select(Subscriber)).one()
        assert (row.state, row.language, row.countries, row.urgent_only) == ("active", "ko", ["CN"], True)
    manage = re.search(r'href="(/subscribe/manage/[^"]+)"', done.text).group(1)
    token = manage.rsplit("/", 1)[1]
    async with new_client(app) as mail_provider:  # RFC 8058: no cookie, no CSRF token, another origin
        one_click = await mail_provider.post(f"/unsubscribe/{token}", content=b"List-Unsubscribe=One-Click",
                                             headers={"Content-Type": "application/x-www-form-urlencoded",
                                                      "Origin": "https://mail.example.com"})
    assert one_click.status_code == 200
    with store.factory() as db:
        assert db.scalars(select(Subscriber.state)).one() == "unsubscribed"
    again = await client.get(manage)
    assert again.status_code == 200


async def test_subscriptions_pages_unsubscribe_link_asks_before_acting_and_bad_tokens_are_404(client, store):
    page = await client.get("/unsubscribe/1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
    assert page.status_code == 404
    assert (await client.get("/subscribe/confirm/nonsense")).status_code == 404


async def test_subscriptions_pages_honeypot_and_bad_address(client, smtp_peer, store):
    bot = await post_form(client, "/subscribe", "/subscribe", {"email": "bot@example.org", "website": "x"})
    assert bot.status_code == 200
    bad = await post_form(client, "/subscribe", "/subscribe", {"email": "not an address"})
    assert bad.status_code == 422
    with store.factory() as db:
        assert db.scalars(select(Subscriber)).all() == []


async def test_subscriptions_pages_other_sites_cannot_post_the_sign_up_form(client):
    page = await client.get("/subscribe")
    answer = await client.post("/subscribe", data={"email": "x@example.org", "csrf_token": csrf_from(page.text)},
                               headers={"Origin": "https://evil.example"})
    assert answer.status_code == 403


async def test_subscriptions_pages_the_mailed_unsubscribe_link_opens_a_page_whose_button_works(
        client, app, store, users):
    from refwatch.respond import subscriptions
    from refwatch.store import transaction
    from tests.respond.helpers import add_subscriber
    from tests.web.conftest import login

    with transaction(store.factory) as db:
        first = subscriptions.manage_token(app.state.settings, add_subscriber(db, "one@example.org"))
        second = subscriptions.manage_token(app.state.settings, add_subscriber(db, "two@example.org"))
    page = await client.get(f"/unsubscribe/{first}")  # the link in every mail's footer
    assert page.status_code == 200 and f'action="/unsubscribe/{first}"' in page.text
    pressed = await client.post(f"/unsubscribe/{first}", data={"csrf_token": csrf_from(page.text)})
    assert pressed.status_code == 200
    await login(client, "eve")  # a monitor who also subscribed, reading mail while signed in
    signed_in = await client.get(f"/unsubscribe/{second}")
    assert signed_in.status_code == 200 and 'action="/logout"' in signed_in.text
    done = await client.post(f"/unsubscribe/{second}", data={"csrf_token": csrf_from(signed_in.text)})
    assert done.status_code == 200
    with store.factory() as db:
        assert set(db.scalars(select(Subscriber.state))) == {"unsubscribed"}
