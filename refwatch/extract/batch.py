"""Coding a pile of files: what `refwatch extract FILES…` does, as a library function.

Inputs, in the order given: `.jsonl` (one report a line: `id` plus `text` or `html`), `.html`/
`.htm` pages (article text through `refwatch.sources.pages`, time-boxed trafilatura), `.txt`
files, and `-` for JSONL on standard input. Every report yields exactly one output line, in
input order; a line that is not a usable report (bad JSON, no id, no text) is a *problem*
named by file and line number, reported through `on_problem`, and the rest goes on.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from refwatch.errors import MalformedLine, RefwatchError, UnknownFileType, UnreadableText
from refwatch.extract.pipeline import DEFAULT_MAX_CHARS, run
from refwatch.types import Extraction, Report

JSONL_SUFFIXES = (".jsonl", ".ndjson")
HTML_SUFFIXES = (".html", ".htm")
TEXT_SUFFIXES = (".txt",)
_PAGE_TIMEOUT_S = 20.0


@dataclass(frozen=True, slots=True)
class Item:
    """One report to code, or the reason a piece of input is not one."""

    where: str
    report_id: str | None = None
    report: Report | None = None
    html: str | None = None
    error: RefwatchError | None = None


@dataclass
class BatchSummary:
    reports: int = 0
    relevant: int = 0
    report_errors: int = 0
    problems: int = 0


class _Pages:
    """HTML to Report through the ingestion engineer's reader, with one time box per batch."""

    def __init__(self) -> None:
        self._timebox: Any = None

    def read(self, html: str, where: str, url: str | None) -> Report:
        from refwatch.sources.pages import EXTRACT_TARGET, PageMeta, read_article
        from refwatch.sources.timebox import TimeBox

        if self._timebox is None:
            self._timebox = TimeBox(EXTRACT_TARGET, timeout=_PAGE_TIMEOUT_S)
        try:
            return read_article(html, PageMeta(url=url), timebox=self._timebox)
        except RefwatchError as e:
            e.where = e.where or where
            raise

    def close(self) -> None:
        if self._timebox is not None and hasattr(self._timebox, "close"):
            self._timebox.close()


def _decode(body: bytes, where: str) -> str:
    from refwatch.sources.pages import decode_html

    return decode_html(body, content_type=None, where=where)


def _report_from_line(row: dict[str, Any]) -> Report:
    published = row.get("published")
    return Report(
        text=str(row.get("text") or ""),
        url=row.get("url"),
        title=row.get("title"),
        outlet=row.get("outlet"),
        published=str(published)[:10] if published else None,
        language=row.get("language"),
        external_id=str(row["id"]),
    )


def _jsonl_items(lines: Iterable[str], name: str) -> Iterator[Item]:
    for number, line in enumerate(lines, 1):
        where = f"{name}:{number}"
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            yield Item(where, error=MalformedLine(f"not JSON ({e.msg} at column {e.colno})", where=where))
            continue
        if not isinstance(row, dict) or row.get("id") in (None, ""):
            yield Item(where, error=MalformedLine("a report needs an \"id\"", where=where))
            continue
        if not isinstance(row.get("text") or "", str) or not isinstance(row.get("html") or "", str):
            yield Item(where, error=MalformedLine("\"text\" and \"html\" must be strings", where=where))
            continue
        yield Item(where, str(row["id"]), _report_from_line(row), html=row.get("html") if not row.get("text") else None)


def _path_items(path: Path) -> Iterator[Item]:
    where = str(path)
    suffix = path.suffix.lower()
    if str(path) == "-":
        yield from _jsonl_items(sys.stdin, "<stdin>")
        return
    if suffix not in JSONL_SUFFIXES + HTML_SUFFIXES + TEXT_SUFFIXES:
        message = f"unknown file type {suffix or '(none)'}: use .jsonl, .html, .htm or .txt"
        yield Item(where, error=UnknownFileType(message, where=where))
        return
    try:
        body = path.read_bytes()
    except OSError as e:
        yield Item(where, error=UnreadableText(f"cannot read the file: {e.strerror or e}", where=where))
        return
    if suffix in JSONL_SUFFIXES:
        text = body.decode("utf-8", errors="replace").lstrip("\ufeff")
        yield from _jsonl_items(text.splitlines(), where)
        return
    try:
        decoded = _decode(body, where)
    except RefwatchError as e:
        yield Item(where, path.stem, error=e)
        return
    if suffix in HTML_SUFFIXES:
        yield Item(where, path.stem, Report(text="", external_id=path.stem), html=decoded)
    else:
        yield Item(where, path.stem, Report(text=decoded, external_id=path.stem))


def iter_items(paths: Sequence[Path]) -> Iterator[Item]:
    for path in paths:
        yield from _path_items(path)


def _merged(page: Report, given: Report) -> Report:
    """A page's report, with what the JSONL line states winning over what the page guessed."""
    return Report(
        text=page.text, url=given.url or page.url, canonical_url=page.canonical_url,
        title=given.title or page.title, outlet=given.outlet or page.outlet,
        published=given.published or page.published, language=given.language or page.language,
        external_id=given.external_id,
    )


def code_item(item: Item, pages: _Pages, *, max_chars: int = DEFAULT_MAX_CHARS) -> tuple[Report, Extraction]:
    """The report as read and its extraction; page reading failures become the report's error."""
    assert item.report is not None and item.report_id is not None
    report = item.report
    if item.html is not None:
        try:
            report = _merged(pages.read(item.html, item.where, report.url), report)
        except RefwatchError as e:
            return report, Extraction(report_id=item.report_id, language=report.language, relevant=False,
                                      score=0.0, error=str(e))
    return report, run(report, item.report_id, max_chars=max_chars)


def extract_files(
    paths: Sequence[Path], out: IO[str], *, on_problem: Callable[[str], None],
    max_chars: int = DEFAULT_MAX_CHARS, link: bool = True,
) -> BatchSummary:
    """Write one contract JSON line per report to `out`, in input order.

    With `link`, the whole run is one linking context: lines are written once every report is
    coded, each carrying the incident label the linker gave it. Without it, lines stream out
    as they are coded and `incident` stays null.
    """
    summary = BatchSummary()
    pages = _Pages()
    coded: list[tuple[Report | None, Extraction]] = []

    def emit(extraction: Extraction) -> None:
        out.write(json.dumps(extraction.to_contract(), ensure_ascii=False) + "\n")

    with ExitStack() as stack:
        stack.callback(pages.close)
        for item in iter_items(paths):
            if item.report is None or item.report_id is None:
                summary.problems += 1
                on_problem(str(item.error))
                if item.report_id is None or item.error is None:
                    continue
                report, extraction = None, Extraction(report_id=item.report_id, language=None, relevant=False,
                                                      score=0.0, error=str(item.error))
            else:
                report, extraction = code_item(item, pages, max_chars=max_chars)
            summary.reports += 1
            summary.relevant += extraction.relevant
            summary.report_errors += extraction.error is not None
            if link:
                coded.append((report, extraction))
            else:
                emit(extraction)
    if link:
        for extraction in _with_incidents(coded):
            emit(extraction)
    return summary


def _with_incidents(coded: list[tuple[Report | None, Extraction]]) -> list[Extraction]:
    """Fill `incident` with the linker's labels; reports that could not be read keep null."""
    from dataclasses import replace

    from refwatch.incidents import link_batch
    from refwatch.settings import load_settings

    readable = [(n, report, extraction) for n, (report, extraction) in enumerate(coded) if report is not None]
    labels = link_batch([(report, extraction) for _n, report, extraction in readable],
                        use_embeddings=load_settings().link_embeddings)
    result = [extraction for _report, extraction in coded]
    for (n, _report, extraction), label in zip(readable, labels, strict=True):
        result[n] = replace(extraction, incident=label)
    return result
