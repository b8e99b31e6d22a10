import pytest

from tests.web.conftest import login, new_client

pytestmark = pytest.mark.anyio


async def test_security_headers_on_pages_api_and_errors(client):
    for path in ("/", "/login", "/api/v1/events", "/no-such-page", "/api/v1/reports"):
        response = await client.get(path)
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, path
        assert "'unsafe-inline'" not in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"
        assert response.headers["x-frame-options"] == "DENY"
        assert "strict-transport-security" not in response.headers


async def test_security_headers_hsts_only_when_https(make_app):
    async with new_client(make_app(https=True)) as client:
        response = await client.get("/")
    assert response.headers["strict-transport-security"].startswith("max-age=")


async def test_security_headers_signed_in_pages_are_not_stored(client, users):
    public = await client.get("/")
    assert "no-store" not in public.headers.get("cache-control", "")
    await login(client, "vic")
    private = await client.get("/workspace")
    assert private.status_code == 200
    assert private.headers["cache-control"] == "no-store"


async def test_security_headers_token_answers_are_not_stored(client, token):
    response = await client.get("/api/v1/reports", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
