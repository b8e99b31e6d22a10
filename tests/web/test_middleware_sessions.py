import pytest
from sqlalchemy import func, select

from refwatch.store.models import WebSession
from tests.web.conftest import login, new_client, post_form

pytestmark = pytest.mark.anyio


async def test_sessions_cookie_is_httponly_lax_and_opaque(client, users, store):
    response = await login(client, "eve")
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("rw_session=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    value = cookie.split(";")[0].split("=", 1)[1]
    with store.factory() as db:
        keys = list(db.scalars(select(WebSession.id)))
    assert len(keys) == 1 and value not in keys  # only the hash is stored


async def test_sessions_secure_host_cookie_under_https(make_app, users):
    async with new_client(make_app(https=True), base_url="https://testserver") as client:
        response = await login(client, "eve")
        assert response.status_code == 303
        cookie = response.headers["set-cookie"]
        assert cookie.startswith("__Host-rw_session=") and "Secure" in cookie
        assert (await client.get("/workspace")).status_code == 200


async def test_sessions_logout_ends_the_session_on_the_server(app, client, users, store):
    await login(client, "eve")
    stolen = client.cookies.get("rw_session")
    response = await post_form(client, "/workspace", "/logout", {})
    assert response.status_code == 303
    with store.factory() as db:
        assert db.scalar(select(func.count(WebSession.id))) == 0
    async with new_client(app) as thief:
        thief.cookies.set("rw_session", stolen)
        replay = await thief.get("/workspace")
    assert replay.status_code == 303 and replay.headers["location"].startswith("/login")


async def test_sessions_login_replaces_an_existing_session(client, users, store):
    await login(client, "eve")
    first = client.cookies.get("rw_session")
    await post_form(client, "/workspace", "/login", {"username": "vic", "password": "correct horse battery staple"})
    with store.factory() as db:
        assert db.scalar(select(func.count(WebSession.id))) == 1
    assert client.cookies.get("rw_session") != first


async def test_sessions_expired_session_is_refused_and_removed(client, users, store):
    from datetime import timedelta

    from sqlalchemy import update

    from refwatch.store import transaction
    from refwatch.store.models import utcnow

    await login(client, "eve")
    with transaction(store.factory) as db:
        db.execute(update(WebSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    response = await client.get("/workspace")
    assert response.status_code == 303
    assert "rw_session=;" in response.headers["set-cookie"]
    with store.factory() as db:
        assert db.scalar(select(func.count(WebSession.id))) == 0


async def test_sessions_idle_session_is_refused(client, users, store):
    from datetime import timedelta

    from sqlalchemy import update

    from refwatch.store import transaction
    from refwatch.store.models import utcnow

    await login(client, "eve")
    with transaction(store.factory) as db:
        db.execute(update(WebSession).values(last_seen_at=utcnow() - timedelta(hours=3)))
    assert (await client.get("/workspace")).status_code == 303
