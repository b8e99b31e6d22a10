"""`refwatch extract FILES… [-o OUT]`: code reports into the contract's JSON lines.

Thin by design: parse options, call `refwatch.extract.batch.extract_files`, turn problems
into messages on stderr and a non-zero exit. `--stored` codes the database's pending reports
instead (what the watch loop does after storing, see `refwatch.pipeline`), `--outdated` re-codes those coded
by an older extractor; human-reviewed events are never touched.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from refwatch.cli._common import err_console, open_store, user_errors

PATHS = typer.Argument(help="Reports: .jsonl (one a line), .html/.htm pages, .txt files; - for stdin.")
OUTPUT = typer.Option("-o", "--output", help="Write the JSON lines here instead of stdout.")
STORED = typer.Option("--stored", help="Code the stored reports not coded yet (no FILES).")
OUTDATED = typer.Option("--outdated", help="With --stored: also re-code reports coded by an older extractor.")
LIMIT = typer.Option("--limit", min=1, help="With --stored: at most this many reports.")
LINK = typer.Option("--link/--no-link", help="Fill `incident` by linking the whole run (--no-link streams lines).")


def extract(
    paths: Annotated[list[Path] | None, PATHS] = None,
    output: Annotated[Path | None, OUTPUT] = None,
    stored: Annotated[bool, STORED] = False,
    outdated: Annotated[bool, OUTDATED] = False,
    limit: Annotated[int, LIMIT] = 500,
    link: Annotated[bool, LINK] = True,
) -> None:
    """One JSON line per report, in input order (the `refwatch extract` contract)."""
    if stored:
        _extract_stored(outdated=outdated, limit=limit)
        return
    if not paths:
        err_console.print("error: name at least one file (or use --stored)")
        raise typer.Exit(2)
    from refwatch.extract.batch import extract_files

    def problem(message: str) -> None:
        err_console.print(f"[red]error:[/red] {message}", markup=True, highlight=False)

    with user_errors():
        if output is None:
            summary = extract_files(paths, sys.stdout, on_problem=problem, link=link)
        else:
            with output.open("w", encoding="utf-8") as out:
                summary = extract_files(paths, out, on_problem=problem, link=link)
    err_console.print(
        f"{summary.reports} reports, {summary.relevant} relevant, {summary.report_errors} with errors, "
        f"{summary.problems} input problems", highlight=False,
    )
    if summary.problems:
        raise typer.Exit(1)


def _extract_stored(*, outdated: bool, limit: int) -> None:
    from refwatch.store.extractions import extract_pending

    store = open_store()
    with user_errors():
        done = extract_pending(store.factory, limit=limit, outdated=outdated)
    err_console.print(f"{done.coded} reports coded, {done.relevant} relevant, {done.errors} with errors",
                      highlight=False)
