"""Local files as ingestion work: `.html`/`.htm` pages, `.txt` notes, `.jsonl` report records.

A JSONL file is read line by line, in the report format of the `refwatch extract` contract;
a bad line becomes an error naming `file:line` and the lines after it are still read.
Directories are walked for the supported suffixes; other files in them are left alone, but
a file named explicitly with another suffix is an UnknownFileType error.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from refwatch.errors import InputError, MalformedLine, UnknownFileType
from refwatch.sources.work import Kind, Work
from refwatch.text.clean import normalize_text
from refwatch.types import Fetched, Report

SUPPORTED_SUFFIXES = {".html": "text/html", ".htm": "text/html", ".txt": "text/plain",
                      ".jsonl": "application/x-ndjson"}
_PUBLISHED = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_TITLE_MAX_CHARS = 200


def _fetched(url: str, body: bytes, content_type: str) -> Fetched:
    return Fetched(url=url, final_url=url, status=200, headers=(("Content-Type", content_type),),
                   body=body, fetched_at=datetime.now(UTC))


def read_path(path: Path) -> Iterator[Work]:
    """Work items for a file or a directory tree; problems become items carrying an error."""
    if path.is_dir():
        for child in sorted(path.rglob("*"), key=str):
            if child.is_file() and child.suffix.lower() in SUPPORTED_SUFFIXES and not child.name.startswith("."):
                yield from read_path(child)
        return
    origin = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        known = ", ".join(sorted(SUPPORTED_SUFFIXES))
        yield Work(origin=origin, error=UnknownFileType(f"cannot ingest {suffix or 'files without a suffix'}; "
                                                        f"known types: {known}", where=origin))
        return
    if not path.is_file():
        yield Work(origin=origin, error=InputError("no such file", where=origin))
        return
    if suffix == ".jsonl":
        yield from _jsonl_items(path)
        return
    kind: Kind = "html" if SUPPORTED_SUFFIXES[suffix] == "text/html" else "text"
    yield Work(origin=origin, url=None, kind=kind,
               fetched=_fetched(path.absolute().as_uri(), path.read_bytes(), SUPPORTED_SUFFIXES[suffix]))


def _jsonl_items(path: Path) -> Iterator[Work]:
    uri = path.absolute().as_uri()
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            origin = f"{path}:{number}"
            fetched = _fetched(f"{uri}#L{number}", raw.rstrip(b"\r\n"), "application/json")
            try:
                yield _record_work(_parse_line(raw, origin), origin, fetched)
            except MalformedLine as e:
                yield Work(origin=origin, error=e, fetched=fetched)


def _parse_line(raw: bytes, origin: str) -> dict[str, Any]:
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise MalformedLine(f"not UTF-8 ({e.reason} at byte {e.start})", where=origin) from e
    except json.JSONDecodeError as e:
        raise MalformedLine(f"not JSON ({e.msg} at column {e.colno})", where=origin) from e
    if not isinstance(record, dict):
        raise MalformedLine(f"expected a JSON object, found {type(record).__name__}", where=origin)
    if record.get("id") in (None, ""):
        raise MalformedLine("missing 'id'", where=origin)
    if not isinstance(record.get("text"), str) and not isinstance(record.get("html"), str):
        raise MalformedLine("needs a 'text' or an 'html' string", where=origin)
    published = record.get("published")
    if published is not None and not (isinstance(published, str) and _PUBLISHED.match(published)):
        raise MalformedLine(f"'published' must be YYYY, YYYY-MM or YYYY-MM-DD, not {published!r}", where=origin)
    return record


def _text_field(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    return str(value).strip() or None if value is not None else None


def _record_work(record: dict[str, Any], origin: str, fetched: Fetched) -> Work:
    url = _text_field(record, "url")
    preset = Report(
        text=normalize_text(record["text"]) if isinstance(record.get("text"), str) else "",
        url=url,
        canonical_url=url,
        title=_text_field(record, "title"),
        outlet=_text_field(record, "outlet"),
        published=_text_field(record, "published"),
        language=_text_field(record, "language"),
        external_id=str(record["id"]),
        fetched_at=fetched.fetched_at,
    )
    if isinstance(record.get("html"), str) and not preset.text:
        html_fetched = _fetched(fetched.url, record["html"].encode("utf-8"), "text/html; charset=utf-8")
        return Work(origin=origin, kind="html", fetched=html_fetched, preset=preset, preset_wins=True)
    return Work(origin=origin, kind="report", fetched=fetched, preset=preset, preset_wins=True)


def text_title(text: str) -> str | None:
    """A plain-text note's first line, when it is short enough to be a headline."""
    first = text.strip().split("\n", 1)[0].strip()
    return first if 0 < len(first) <= _TITLE_MAX_CHARS else None
