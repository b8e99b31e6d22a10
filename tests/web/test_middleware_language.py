import re

import pytest

from tests.web.conftest import new_client

pytestmark = pytest.mark.anyio


def html_lang(html: str) -> str:
    match = re.search(r'<html lang="([a-z]+)">', html)
    assert match
    return match.group(1)


async def test_language_defaults_to_english(client):
    response = await client.get("/")
    assert html_lang(response.text) == "en"
    assert response.headers["content-language"] == "en"
    assert "Accept-Language" in response.headers["vary"]


async def test_language_follows_accept_language(client):
    response = await client.get("/", headers={"Accept-Language": "ko-KR,ko;q=0.9,en;q=0.5"})
    assert html_lang(response.text) == "ko"
    assert "본문으로 건너뛰기" in response.text


async def test_language_accept_language_weights_are_respected(client):
    response = await client.get("/", headers={"Accept-Language": "ko;q=0.2, en-GB;q=0.8"})
    assert html_lang(response.text) == "en"


async def test_language_query_wins_and_is_remembered(app):
    async with new_client(app) as client:
        chosen = await client.get("/login?lang=ko", headers={"Accept-Language": "en"})
        assert html_lang(chosen.text) == "ko"
        assert "rw_lang=ko" in chosen.headers["set-cookie"]
        later = await client.get("/", headers={"Accept-Language": "en"})
        assert html_lang(later.text) == "ko"
        back = await client.get("/?lang=en")
        assert html_lang(back.text) == "en"


async def test_language_switch_links_keep_the_page_and_mark_their_language(client):
    response = await client.get("/login?next=/workspace")
    assert 'href="/login?next=%2Fworkspace&amp;lang=ko" lang="ko" hreflang="ko"' in response.text


async def test_language_unknown_code_is_ignored(client):
    response = await client.get("/?lang=xx", headers={"Accept-Language": "ko"})
    assert html_lang(response.text) == "ko"
    assert "set-cookie" not in response.headers
