import pytest
from sqlalchemy import select

from refwatch.store.models import LoginAttempt
from tests.web.conftest import PASSWORD, csrf_from, login, new_client

pytestmark = pytest.mark.anyio


async def test_account_login_with_right_password_goes_to_next(client, users):
    page = await client.get("/login?next=/workspace/audit")
    response = await client.post("/login", data={"username": "ADA ", "password": PASSWORD,
                                                 "csrf_token": csrf_from(page.text), "next": "/workspace/audit"})
    assert response.status_code == 303 and response.headers["location"] == "/workspace/audit"
    assert (await client.get("/workspace/audit")).status_code == 200


async def test_account_login_never_redirects_off_site(app, users):
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        async with new_client(app) as client:
            page = await client.get("/login")
            response = await client.post("/login", data={"username": "eve", "password": PASSWORD,
                                                         "csrf_token": csrf_from(page.text), "next": target})
        assert response.headers["location"] == "/workspace", target


async def test_account_login_wrong_password_and_unknown_user_look_the_same(client, users):
    wrong = await login(client, "eve", "not the password at all")
    unknown = await login(client, "nobody", "not the password at all")
    assert wrong.status_code == unknown.status_code == 401
    assert "The username or password is wrong." in wrong.text and "The username or password is wrong." in unknown.text
    assert "rw_session" not in wrong.headers.get("set-cookie", "")


async def test_account_login_is_paused_per_account_after_failures(client, users, store):
    for _ in range(5):
        assert (await login(client, "eve", "wrong password guess")).status_code == 401
    paused = await login(client, "eve")
    assert paused.status_code == 429
    assert "paused" in paused.text
    other = await login(client, "vic")
    assert other.status_code == 303
    with store.factory() as db:
        outcomes = [a.outcome for a in db.scalars(select(LoginAttempt).order_by(LoginAttempt.id))]
    assert outcomes == ["failed"] * 5 + ["paused", "ok"]


async def test_account_login_pause_holds_across_app_instances(make_app, users):
    first, second = make_app(), make_app()
    async with new_client(first) as client:
        for _ in range(5):
            await login(client, "eve", "wrong password guess")
    async with new_client(second) as client:
        assert (await login(client, "eve")).status_code == 429


async def test_account_login_is_paused_per_address(make_app, users):
    app = make_app(login_max_failures_per_ip=3, login_max_failures=100)
    async with new_client(app) as client:
        for name in ("a1", "a2", "a3"):
            assert (await login(client, name, "wrong password guess")).status_code == 401
        assert (await login(client, "eve")).status_code == 429


async def test_account_login_success_resets_the_account_count(make_app, users):
    app = make_app(login_max_failures=3)
    async with new_client(app) as client:
        for _ in range(2):
            await login(client, "eve", "wrong password guess")
        assert (await login(client, "eve")).status_code == 303
    async with new_client(app) as client:
        for _ in range(2):
            await login(client, "eve", "wrong password guess")
        assert (await login(client, "eve")).status_code == 303


async def test_account_workspace_needs_login_and_roles(client, users):
    anonymous = await client.get("/workspace/audit")
    assert anonymous.status_code == 303 and anonymous.headers["location"] == "/login?next=/workspace/audit"
    await login(client, "eve")
    assert (await client.get("/workspace/audit")).status_code == 403
