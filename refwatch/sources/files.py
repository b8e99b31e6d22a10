"""Local files as ingestion work: `.html`/`.htm` pages, `.txt` notes, `.jsonl` report records.

A JSONL file is read line by line, in the report format of the `refwatch extract` contract;
a bad line becomes an error naming `file:line` and the lines after it are still read.
Directories are walked for the supported suffixes; other files in them are left alone, but
a file named explicitly with another suffix is an UnknownFileType error. A link inside a
walked folder that leads out of it is not followed (an unpacked archive must not read the
rest of the disk), and no file or line larger than the body cap is read into memory.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from refwatch.errors import InputError, MalformedLine, UnknownFileType
from refwatch.settings import DEFAULT_MAX_BODY_BYTES
from refwatch.sources.work import Kind, Work
from refwatch.text.clean import normalize_text
from refwatch.types import Fetched, Report

SUPPORTED_SUFFIXES = {".html": "text/html", ".htm": "text/html", ".txt": "text/plain",
                      ".jsonl": "application/x-ndjson"}
_PUBLISHED = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")  # ASCII digits only
_TITLE_MAX_CHARS = 200


def _fetched(url: str, body: bytes, content_type: str) -> Fetched:
    return Fetched(url=url, final_url=url, status=200, headers=(("Content-Type", content_type),),
                   body=body, fetched_at=datetime.now(UTC))


def read_path(path: Path, *, max_bytes: int = DEFAULT_MAX_BODY_BYTES) -> Iterator[Work]:
    """Work items for a file or a directory tree; problems become items carrying an error."""
    if path.is_dir():
        yield from _walk(path, max_bytes=max_bytes)
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
        yield from _jsonl_items(path, max_bytes=max_bytes)
        return
    with path.open("rb") as stream:
        body = stream.read(max_bytes + 1)  # never more than the cap, whatever the file's size says
    if len(body) > max_bytes:
        yield Work(origin=origin, error=InputError(f"the file has more than the {max_bytes}-byte limit",
                                                   where=origin))
        return
    kind: Kind = "html" if SUPPORTED_SUFFIXES[suffix] == "text/html" else "text"
    yield Work(origin=origin, url=None, kind=kind,
               fetched=_fetched(path.absolute().as_uri(), body, SUPPORTED_SUFFIXES[suffix]))


def _walk(folder: Path, *, max_bytes: int) -> Iterator[Work]:
    """The supported files of a folder tree, never through a link that leads out of it."""
    root = folder.resolve()
    for child in sorted(folder.rglob("*"), key=str):
        if not (child.is_file() and child.suffix.lower() in SUPPORTED_SUFFIXES and not child.name.startswith(".")):
            continue
        if not child.resolve().is_relative_to(root):
            yield Work(origin=str(child), error=InputError(f"a link to {child.resolve()}, outside {folder}; not read",
                                                           where=str(child)))
            continue
        yield from read_path(child, max_bytes=max_bytes)


def _lines(path: Path, *, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(number, line) for each line of `path`; None for a line longer than `max_bytes`, which is skipped."""
    with path.open("rb") as stream:
        number = 0
        while raw := stream.readline(max_bytes + 1):
            number += 1
            if len(raw) <= max_bytes or raw.endswith(b"\n"):
                yield number, raw.removeprefix(codecs.BOM_UTF8) if number == 1 else raw
                continue
            while (rest := stream.readline(max_bytes + 1)) and not rest.endswith(b"\n"):
                pass  # the rest of the long line, read in bounded pieces
            yield number, None


def _jsonl_items(path: Path, *, max_bytes: int) -> Iterator[Work]:
    uri = path.absolute().as_uri()
    for number, raw in _lines(path, max_bytes=max_bytes):
        origin = f"{path}:{number}"
        if raw is None:
            yield Work(origin=origin, error=MalformedLine(f"longer than the {max_bytes}-byte limit", where=origin))
            continue
        if not raw.strip():
            continue
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
