"""A news page's own statements about itself: JSON-LD and Open Graph / article meta tags.

Publishers declare headline, publication date, outlet and canonical URL for search engines;
reading those declarations with selectolax costs about a millisecond, against some fifteen
for trafilatura's heuristic metadata search. When a page declares no headline or no date,
the caller falls back to trafilatura (`pages.extract_in_child`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from selectolax.lexbor import LexborHTMLParser

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
ARTICLE_TYPES = frozenset({"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle",
                           "BlogPosting", "OpinionNewsArticle", "BackgroundNewsArticle", "LiveBlogPosting"})


def _items(data: Any) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object, through lists and `@graph`."""
    if isinstance(data, list):
        for item in data:
            yield from _items(item)
    elif isinstance(data, dict):
        yield data
        yield from _items(data.get("@graph", []))


def _is_article(item: dict[str, Any]) -> bool:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(k in ARTICLE_TYPES for k in kinds if isinstance(k, str))


def _text(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or value.get("@id")
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), None)
    return value.strip() or None if isinstance(value, str) else None


def _json_ld(tree: LexborHTMLParser) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(node.text())
        except ValueError:
            continue  # a broken block says nothing; the rest of the page still can
        for item in filter(_is_article, _items(data)):
            for key, value in (("title", item.get("headline")), ("date", item.get("datePublished")),
                               ("sitename", item.get("publisher")),
                               ("url", item.get("mainEntityOfPage") or item.get("url"))):
                text = _text(value)
                if text and key not in found:
                    found[key] = text
    return found


def _meta(tree: LexborHTMLParser, selector: str, attribute: str = "content") -> str | None:
    node = tree.css_first(selector)
    value = node.attributes.get(attribute) if node is not None else None
    return value.strip() or None if value else None


def declared_metadata(tree: LexborHTMLParser) -> dict[str, str]:
    """title, date, sitename, url and page_title as the page declares them (missing keys absent)."""
    found = _json_ld(tree)
    for key, selector, attribute in (
        ("title", 'meta[property="og:title"]', "content"),
        ("date", 'meta[property="article:published_time"]', "content"),
        ("date", 'meta[name="article:published_time"]', "content"),
        ("date", "time[datetime].published", "datetime"),
        ("sitename", 'meta[property="og:site_name"]', "content"),
        ("url", 'link[rel="canonical"]', "href"),
        ("url", 'meta[property="og:url"]', "content"),
    ):
        if key not in found and (value := _meta(tree, selector, attribute)):
            found[key] = value
    title_node = tree.css_first("title")
    if title_node is not None and (page_title := title_node.text(strip=True)):
        found["page_title"] = page_title
    if "url" in found and not found["url"].startswith(("http://", "https://")):
        del found["url"]  # a relative or odd canonical link is not an address to keep
    if "date" in found and not _ISO_DATE.match(found["date"]):
        del found["date"]  # "May 2, 2024" and the like: left to trafilatura's date search
    return found
