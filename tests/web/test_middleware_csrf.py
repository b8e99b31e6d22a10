import pytest

from tests.web.conftest import PASSWORD, csrf_from, login, post_form

pytestmark = pytest.mark.anyio


async def test_csrf_login_without_token_is_refused(client, users):
    response = await client.post("/login", data={"username": "eve", "password": PASSWORD})
    assert response.status_code == 403
    assert "RW705" in response.text
    assert "rw_session" not in response.headers.get("set-cookie", "")


async def test_csrf_token_from_another_browser_is_refused(app, client, users):
    from tests.web.conftest import new_client

    page = await client.get("/login")
    async with new_client(app) as other:
        await other.get("/login")
        response = await other.post("/login", data={"username": "eve", "password": PASSWORD,
                                                    "csrf_token": csrf_from(page.text)})
    assert response.status_code == 403


async def test_csrf_review_form_needs_the_session_token(client, users, seeded):
    report_id, (event_id,) = seeded
    anonymous_page = await client.get("/login")
    anonymous_token = csrf_from(anonymous_page.text)
    await login(client, "eve")
    stale = await client.post(f"/workspace/events/{event_id}/accept", data={"csrf_token": anonymous_token})
    assert stale.status_code == 403
    fresh = await post_form(client, f"/workspace/reports/{report_id}", f"/workspace/events/{event_id}/accept", {})
    assert fresh.status_code == 303


async def test_csrf_cross_site_origin_is_refused_even_with_a_token(client, users, seeded):
    report_id, (event_id,) = seeded
    await login(client, "eve")
    page = await client.get(f"/workspace/reports/{report_id}")
    response = await client.post(f"/workspace/events/{event_id}/accept", data={"csrf_token": csrf_from(page.text)},
                                 headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    fetch_site = await client.post(f"/workspace/events/{event_id}/accept",
                                   data={"csrf_token": csrf_from(page.text)}, headers={"Sec-Fetch-Site": "cross-site"})
    assert fetch_site.status_code == 403
    same = await client.post(f"/workspace/events/{event_id}/accept", data={"csrf_token": csrf_from(page.text)},
                             headers={"Origin": "http://testserver"})
    assert same.status_code == 303


async def test_csrf_multipart_forms_are_refused(client, users):
    page = await client.get("/login")
    response = await client.post("/login", files={"f": ("a.txt", b"x")},
                                 data={"username": "eve", "password": PASSWORD, "csrf_token": csrf_from(page.text)})
    assert response.status_code == 403


async def test_csrf_logout_needs_a_token(client, users):
    await login(client, "eve")
    refused = await client.post("/logout")
    assert refused.status_code == 403
    still_in = await client.get("/workspace")
    assert still_in.status_code == 200
