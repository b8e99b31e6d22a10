"""RSS and Atom feeds: bytes in, candidate article URLs out.

feedparser only ever gets bytes that the guarded fetcher already holds: given a URL it would
fetch by itself, past the SSRF guard, the size cap and robots.txt.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from refwatch.errors import MalformedFeed

FEED_CONTENT_TYPES = ("rss", "atom", "/xml", "+xml")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed: the page to fetch, plus what the feed says about it."""

    url: str
    title: str | None = None
    summary: str | None = None
    published: str | None = None
    entry_id: str | None = None


@dataclass(frozen=True, slots=True)
class Feed:
    title: str | None
    language: str | None
    entries: tuple[FeedEntry, ...]


def looks_like_feed(body: bytes, content_type: str | None) -> bool:
    """Cheap sniff: an XML content type, or an `<rss`/`<feed`/`<rdf` root near the start."""
    if content_type and "html" not in content_type.lower() and any(
        marker in content_type.lower() for marker in FEED_CONTENT_TYPES
    ):
        return True
    head = body[:1024].lstrip().lower()
    return head.startswith(b"<?xml") and any(tag in head for tag in (b"<rss", b"<feed", b"<rdf"))


def _day(parsed: time.struct_time | None) -> str | None:
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def _entry(raw: Any, base_url: str) -> FeedEntry | None:
    link = raw.get("link") or next(
        (item.get("href") for item in raw.get("links", []) if item.get("rel", "alternate") == "alternate"), None
    )
    if not link:
        return None
    url = urljoin(base_url, link.strip())
    if urlsplit(url).scheme not in ("http", "https"):
        return None
    return FeedEntry(
        url=url,
        title=(raw.get("title") or "").strip() or None,
        summary=(raw.get("summary") or "").strip() or None,
        published=_day(raw.get("published_parsed") or raw.get("updated_parsed")),
        entry_id=raw.get("id"),
    )


def parse_feed(body: bytes, *, url: str, content_type: str | None = None) -> Feed:
    """Entries of the feed in `body`; a feed with errors and no entries is a MalformedFeed."""
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(body, response_headers=headers)
    entries = tuple(e for e in (_entry(raw, url) for raw in parsed.entries) if e is not None)
    if not entries and (parsed.bozo or not parsed.version):
        problem = parsed.get("bozo_exception") or "no RSS or Atom structure found"
        raise MalformedFeed(f"not a readable feed: {problem}", where=url)
    feed = parsed.feed
    return Feed(title=feed.get("title"), language=feed.get("language"), entries=entries)
