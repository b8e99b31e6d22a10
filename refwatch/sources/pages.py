"""Article pages: bytes to text in the right encoding, then page to `Report` with trafilatura.

Korean news sites still serve EUC-KR and CP949. The charset is taken, in the order of the
HTML standard, from a byte-order mark, the HTTP header, a `<meta>` declaration, and finally
charset-normalizer's guess; EUC-KR labels decode as CP949, its superset, as browsers do.
trafilatura runs in a time-boxed child process on input of bounded size (`timebox.py`).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from charset_normalizer import from_bytes

from refwatch.errors import ExtractTimeout, NoArticle, UnreadableText
from refwatch.sources.timebox import TimeBox, TimeBoxFailed, TimeBoxTimeout
from refwatch.text.clean import normalize_text, title_suffix
from refwatch.types import Report

MAX_EXTRACT_CHARS = 1_500_000  # larger markup is stripped of scripts, then cut, before trafilatura
MAX_TREE_NODES = 50_000
MIN_ARTICLE_CHARS = 80
EXTRACT_TARGET = "refwatch.sources.pages:extract_in_child"

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
# WHATWG: these labels mean a superset in practice.
_SUPERSETS = {"euc_kr": "cp949", "iso8859-1": "cp1252", "latin_1": "cp1252", "ascii": "cp1252"}
_BAD_CHARS = re.compile(r"[\ufffd\x00-\x08\x0b\x0c\x0e-\x1f]")
_MAX_BAD_RATIO = 0.01


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    return _SUPERSETS.get(name, name)


def _readable(text: str) -> bool:
    return len(_BAD_CHARS.findall(text)) <= max(1, int(len(text) * _MAX_BAD_RATIO))


def _try(body: bytes, codec: str | None) -> str | None:
    """`body` in `codec`: strict first (the common, fast case), else with a few replacements."""
    if codec is None:
        return None
    try:
        text = body.decode(codec)
    except UnicodeDecodeError:
        text = body.decode(codec, errors="replace")
        return text if _readable(text) else None
    return text if "\x00" not in text else None


def declared_charset(body: bytes, content_type: str | None) -> str | None:
    """The charset the response declares: BOM, then HTTP header, then `<meta>` (codec names)."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    header = _HEADER_CHARSET.search(content_type or "")
    if header and _codec(header.group(1)):
        return _codec(header.group(1))
    meta = _META_CHARSET.search(body[:4096])
    return _codec(meta.group(1).decode("ascii")) if meta else None


def decode_html(body: bytes, *, content_type: str | None, where: str) -> str:
    """Text of `body`; a declared charset that does not fit falls through to detection."""
    declared = declared_charset(body, content_type)
    text = _try(body, declared)
    if text is None:
        text = _try(body, "utf-8")
    if text is None:
        best = from_bytes(body[:200_000]).best()
        text = _try(body, _codec(best.encoding) if best else None)
    if text is None:
        hint = f"not valid {declared}" if declared else "no charset declared"
        raise UnreadableText(f"cannot decode the bytes as text ({hint}, none detected)", where=where)
    return text.lstrip("\ufeff")


def _bounded_markup(html: str) -> str:
    if len(html) <= MAX_EXTRACT_CHARS:
        return html
    stripped = re.sub(r"<(script|style|svg)(?![^>]*ld\+json)[^>]*>.*?</\1\s*>", " ", html,
                      flags=re.IGNORECASE | re.DOTALL)
    return stripped[:MAX_EXTRACT_CHARS]


def extract_in_child(html: str, url: str | None) -> dict[str, Any] | None:
    """Article text (trafilatura) and metadata (the page's declarations, else trafilatura's
    search) as plain values; runs inside the time box."""
    import trafilatura  # imported in the child only: the parent never pays for it
    from selectolax.lexbor import LexborHTMLParser
    from trafilatura.settings import Document, use_config

    from refwatch.sources.metadata import declared_metadata

    config = use_config()
    config.set("DEFAULT", "MAX_TREE_SIZE", str(MAX_TREE_NODES))
    config.set("DEFAULT", "EXTENSIVE_DATE_SEARCH", "off")  # dates from markup and URL only: faster, fewer wrong guesses
    document = trafilatura.bare_extraction(html, url=url, with_metadata=False, include_comments=False, config=config)
    if not isinstance(document, Document):
        return None
    found: dict[str, Any] = {"text": document.text, **declared_metadata(LexborHTMLParser(html))}
    if "title" not in found or "date" not in found:
        searched = trafilatura.extract_metadata(html, default_url=url, extensive=False)
        for key in ("title", "date", "sitename", "url", "hostname"):
            if not found.get(key) and getattr(searched, key, None):
                found[key] = getattr(searched, key)
    return found


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What is known about a page before it is read: where it came from and when."""

    url: str | None
    fetched_at: datetime | None = None
    raw_sha256: str | None = None


def _outlet(found: dict[str, Any]) -> str | None:
    sitename = (found.get("sitename") or "").strip()
    if sitename and sitename != found.get("hostname") and "." not in sitename.split()[-1]:
        return sitename
    return title_suffix(found.get("page_title"), found.get("title")) or sitename or None


def submit_article(html: str, meta: PageMeta, *, timebox: TimeBox) -> None:
    """Hand the page to the extraction worker; `collect_article` picks up the result."""
    timebox.submit(_bounded_markup(html), meta.url)


def collect_article(meta: PageMeta, *, timebox: TimeBox) -> Report:
    """The article of the page last submitted, as a `Report`; NoArticle when the page has none."""
    where = meta.url or "page"
    try:
        found = timebox.result()
    except TimeBoxTimeout as e:
        raise ExtractTimeout(f"text extraction stopped after {timebox.timeout:g} s", where=where) from e
    except TimeBoxFailed as e:
        raise NoArticle(f"text extraction failed: {e}", where=where) from e
    text = normalize_text(found.get("text") or "") if found else ""
    if found is None or len(text) < MIN_ARTICLE_CHARS:
        raise NoArticle(f"no article text found ({len(text)} characters)", where=where)
    date = found.get("date")
    return Report(
        text=text,
        url=meta.url,
        canonical_url=found.get("url") or meta.url,
        title=normalize_text(found["title"]) if found.get("title") else None,
        outlet=_outlet(found),
        published=date[:10] if date else None,
        fetched_at=meta.fetched_at,
        raw_sha256=meta.raw_sha256,
    )


def read_article(html: str, meta: PageMeta, *, timebox: TimeBox) -> Report:
    """The article in `html` as a `Report`, waiting for the worker; NoArticle when there is none."""
    submit_article(html, meta, timebox=timebox)
    return collect_article(meta, timebox=timebox)
