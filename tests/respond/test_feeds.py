import json
from datetime import datetime

import feedparser
from sqlalchemy import update

from refwatch.respond import feeds
from refwatch.respond.alerts import create_incident_alert
from refwatch.respond.incident_feed import PUBLIC_COLUMNS
from refwatch.respond.rules import Reason
from refwatch.store import transaction
from refwatch.store.models import Incident
from tests.respond.conftest import incident


def _stored(s, public):
    """The incident row behind a public projection (the feeds list only incidents still public)."""
    values = public.to_public_dict()
    s.add(Incident(**{name: values[name] for name in PUBLIC_COLUMNS if name not in ("last_news_at", "updated_at")}))
    return public


def _alerts(factory, ctx):
    with transaction(factory) as s:
        create_incident_alert(s, _stored(s, incident()), [Reason("published", "published:a", True, {})], ctx=ctx)
        create_incident_alert(s, _stored(s, incident(key="vn-1", country="VN", place="Mong Cai", status="transferred",
                                                          summary_en="Ten were moved toward Mong Cai.")),
                              [Reason("status", "status:vn", True, {"from": "detained", "to": "transferred"})],
                              ctx=ctx)


def test_feeds_follow_the_incident_as_it_is_now_unpublished_or_corrected(factory, ctx):
    _alerts(factory, ctx)
    with transaction(factory) as s:  # the editor saw a name in the summary and took it out
        s.execute(update(Incident).where(Incident.key == "2026-11-cn-shenyang-10")
                  .values(summary_en="Chinese police detained ten North Koreans in Shenyang."))
    with factory() as s:
        corrected = feeds.json_feed(feeds.published_updates(s), settings=ctx.settings)
    assert "at a house in Shenyang" not in corrected and "ten North Koreans in Shenyang." in corrected
    with transaction(factory) as s:  # publishing it put people at risk: it is taken down
        s.execute(update(Incident).where(Incident.key == "vn-1").values(published=False))
    with factory() as s:
        body = feeds.atom(feeds.published_updates(s), settings=ctx.settings)
    entries = feedparser.parse(body).entries
    assert [e.link for e in entries] == ["https://refwatch.test/incidents/2026-11-cn-shenyang-10"]
    assert b"Mong Cai" not in body


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
