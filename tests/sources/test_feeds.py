from pathlib import Path

import pytest

from refwatch.demo import DEMO_FEEDS
from refwatch.errors import MalformedFeed
from refwatch.sources.feeds import looks_like_feed, parse_feed

CORPUS_FEEDS = DEMO_FEEDS  # the corpus feeds, bundled with the demo
HTTP_FIXTURES = Path(__file__).parent.parent / "fixtures" / "http"


@pytest.mark.parametrize(("name", "entries", "language"), [
    ("prd-korea-asia.rss.xml", 13, "en"), ("mekong-wire.atom.xml", 12, "en"), ("hanbit-nk.rss.xml", 15, "ko"),
])
def test_feeds_corpus_feeds_give_every_entry_as_a_page_url(name, entries, language):
    body = (CORPUS_FEEDS / name).read_bytes()
    feed = parse_feed(body, url=f"https://example.org/feeds/{name}")
    assert len(feed.entries) == entries
    assert all(e.url.startswith("https://example.org/") for e in feed.entries)
    assert all(e.title and e.published and len(e.published) == 10 for e in feed.entries)
    assert feed.language == language


def test_feeds_korean_titles_survive():
    feed = parse_feed((CORPUS_FEEDS / "hanbit-nk.rss.xml").read_bytes(), url="https://example.org/f")
    assert any("강제북송" in (e.title or "") for e in feed.entries)


def test_feeds_relative_links_are_resolved_against_the_feed_url():
    body = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            b"<item><title>a</title><link>/news/1</link></item>"
            b"<item><title>b</title><link>javascript:alert(1)</link></item></channel></rss>")
    feed = parse_feed(body, url="https://example.org/feeds/x.xml")
    assert [e.url for e in feed.entries] == ["https://example.org/news/1"]


def test_feeds_malformed_feed_is_a_clear_error():
    with pytest.raises(MalformedFeed, match="not a readable feed") as raised:
        parse_feed((HTTP_FIXTURES / "malformed-feed.xml").read_bytes(), url="https://example.org/broken.xml")
    assert raised.value.where == "https://example.org/broken.xml"
    assert raised.value.code == "RW301"


def test_feeds_an_html_page_is_not_a_feed():
    body = (HTTP_FIXTURES / "article-en.html").read_bytes()
    assert not looks_like_feed(body, "text/html; charset=utf-8")
    with pytest.raises(MalformedFeed):
        parse_feed(body, url="https://example.org/page")


def test_feeds_sniffing_by_type_or_root_element():
    rss = (CORPUS_FEEDS / "prd-korea-asia.rss.xml").read_bytes()
    assert looks_like_feed(rss, None)
    assert looks_like_feed(b"anything", "application/atom+xml")
    assert not looks_like_feed(b"<!DOCTYPE html><html></html>", None)
