import json
from datetime import datetime

import feedparser

from refwatch.respond import feeds
from refwatch.respond.alerts import create_incident_alert
from refwatch.respond.rules import Reason
from refwatch.store import transaction
from tests.respond.conftest import incident


def _alerts(factory, ctx):
    with transaction(factory) as s:
        create_incident_alert(s, incident(), [Reason("published", "published:a", True, {})], ctx=ctx)
        create_incident_alert(s, incident(key="vn-1", country="VN", place="Mong Cai", status="transferred"),
                              [Reason("status", "status:vn", True, {"from": "detained", "to": "transferred"})],
                              ctx=ctx)


def test_feeds_atom_parses_with_stable_ids_and_public_text(factory, ctx):
    _alerts(factory, ctx)
    with factory() as s:
        updates = feeds.published_updates(s)
        raw = feeds.atom(updates, settings=ctx.settings, lang="ko")
        again = feeds.atom(feeds.published_updates(s), settings=ctx.settings, lang="ko")
    parsed = feedparser.parse(raw)
    assert not parsed.bozo and parsed.version == "atom10"
    assert len(parsed.entries) == 2 and parsed.feed.title == "refwatch — 알림"
    ids = [e.id for e in parsed.entries]
    assert ids == [e.id for e in feedparser.parse(again).entries]
    assert all(i.startswith("tag:refwatch.test,2026-11-30:alert/") for i in ids)
    links = {e.link for e in parsed.entries}
    assert "https://refwatch.test/incidents/2026-11-cn-shenyang-10" in links
    assert any("새로 확인된 사건입니다" in e.content[0].value for e in parsed.entries)


def test_feeds_json_feed_is_version_1_1_and_filters_by_country(factory, ctx):
    _alerts(factory, ctx)
    with factory() as s:
        body = feeds.json_feed(feeds.published_updates(s, country="vn"), settings=ctx.settings, country="vn")
    data = json.loads(body)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert [item["url"] for item in data["items"]] == ["https://refwatch.test/incidents/vn-1"]
    assert data["items"][0]["title"].startswith("[Urgent] Update: ")
    _check_json_feed_1_1(data)


def _check_json_feed_1_1(data):
    """The spec's MUSTs (jsonfeed.org/version/1.1): feedparser 6.0 reads no JSON Feed, so check them here."""
    assert isinstance(data["title"], str) and data["title"]
    assert data["feed_url"].startswith("https://") and data["home_page_url"].startswith("https://")
    for item in data["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert item.get("content_text") or item.get("content_html")
        for key in ("date_published", "date_modified"):
            assert datetime.fromisoformat(item[key]).utcoffset() is not None  # RFC 3339 with offset
        assert all(not k.startswith("_") or k == "_refwatch" for k in item)  # extensions start with _
