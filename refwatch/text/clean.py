"""HTML to text, cheaply: the relevance gate reads this before any expensive extraction runs.

selectolax (lexbor) parses a 50 kB page in a fraction of a millisecond, about a hundred times
faster than trafilatura, so every page of a feed can afford it. The text keeps page
furniture that is hard to tell from prose (bylines, captions); it only has to be good enough
for a recall-first gate, never for extraction.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

# Elements that never hold article prose; dropped with their content.
_NON_PROSE_TAGS = [
    "script", "style", "noscript", "template", "svg", "iframe", "nav", "header", "footer",
    "aside", "form", "button", "select", "textarea", "head",
]
# Furniture by class or id: reader comments, related and most-read boxes, cookie banners.
_FURNITURE_SELECTOR = ", ".join(
    f'[{attr}*="{word}"]'
    for attr in ("class", "id")
    for word in ("comment", "related", "recommend", "popular", "most-read", "mostread", "ranking", "cookie",
                 "sidebar")
)
_SPACES = re.compile(r"[ \t\u00a0\u3000\u200b]{2,}|[\t\u00a0\u3000\u200b]")  # single plain spaces stay: fast
_LINE_EDGES = re.compile(r" ?\n ?")
_BLANK_LINES = re.compile(r"\n\s*\n+")


@dataclass(frozen=True, slots=True)
class PageText:
    """What the gate sees of a page: its title and its visible text without furniture."""

    title: str | None
    text: str

    @property
    def for_gate(self) -> str:
        return f"{self.title}\n{self.text}" if self.title else self.text


def normalize_text(text: str) -> str:
    """NFC, folded spaces, one blank line between paragraphs: the same text hashes the same."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _LINE_EDGES.sub("\n", _SPACES.sub(" ", text))
    return _BLANK_LINES.sub("\n\n", text).strip()


def _meta_content(tree: LexborHTMLParser, selector: str) -> str | None:
    node = tree.css_first(selector)
    value = node.attributes.get("content") if node is not None else None
    return value.strip() if value and value.strip() else None


def page_title(tree: LexborHTMLParser) -> str | None:
    """The page's own headline: og:title first (no site suffix), then <title>."""
    title = _meta_content(tree, 'meta[property="og:title"]')
    if title:
        return normalize_text(title)
    node = tree.css_first("title")
    text = node.text(strip=True) if node is not None else ""
    return normalize_text(text) or None


def fast_text(html: str) -> PageText:
    """Title and visible prose of `html`, without scripts, menus, comments and related boxes."""
    tree = LexborHTMLParser(html)
    title = page_title(tree)
    tree.strip_tags(_NON_PROSE_TAGS)
    for node in tree.css(_FURNITURE_SELECTOR):
        node.decompose()
    root = tree.body or tree.root
    text = root.text(separator="\n") if root is not None else ""
    return PageText(title=title, text=normalize_text(text))


def title_suffix(page_title_text: str | None, headline: str | None) -> str | None:
    """The site name in "Headline – Site" titles, when the page names no outlet otherwise."""
    if not page_title_text:
        return None
    for separator in (" | ", " – ", " — ", " - ", " · ", " :: "):
        head, found, tail = page_title_text.rpartition(separator)
        if found and tail.strip() and (headline is None or head.strip().startswith(headline[:20])):
            return tail.strip()
    return None


def excerpt(text: str, limit: int) -> str:
    """At most `limit` characters of `text`, cut at a space when one is near, marked with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", limit - 100, limit)
    return text[: cut if cut > 0 else limit].rstrip() + " …"
