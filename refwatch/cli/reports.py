"""`refwatch reports list|show`."""

from __future__ import annotations

import typer
from rich.table import Table

from refwatch.cli._common import console, err_console, open_store
from refwatch.store.models import Report as ReportRow
from refwatch.store.reports import count_reports, list_reports

app = typer.Typer(help="Stored reports.", no_args_is_help=True)


@app.command("list")
def list_(
    state: str | None = typer.Option(None, help="Only reports in this state (new, skipped, extracted, linked, error)."),
    limit: int = typer.Option(30, min=1, max=1000),
) -> None:
    """Newest reports first."""
    store = open_store()
    with store.factory() as session:
        rows = list_reports(session, state=state, limit=limit)
        total = count_reports(session, state=state)
    table = Table(title=f"{len(rows)} of {total} reports")
    for column in ("id", "state", "lang", "published", "outlet", "title"):
        table.add_column(column)
    for row in rows:
        table.add_row(str(row.id), row.state, row.language or "?", row.published or "",
                      row.outlet or "", (row.title or row.text[:60]).replace("\n", " ")[:80])
    console.print(table)


@app.command("show")
def show(report_id: int = typer.Argument(..., help="The report's id.")) -> None:
    """One report with its provenance and text."""
    store = open_store()
    with store.factory() as session:
        row = session.get(ReportRow, report_id)
        if row is None:
            err_console.print(f"no report {report_id}")
            raise typer.Exit(1)
        console.print(f"[bold]{row.title or '(untitled)'}[/bold]")
        for label, value in (
            ("url", row.url), ("canonical", row.canonical_url), ("outlet", row.outlet),
            ("published", f"{row.published} ({row.published_precision})"), ("fetched", row.fetched_at),
            ("language", row.language), ("state", f"{row.state} {row.state_reason or ''}".strip()),
            ("version", f"{row.version} (previous: {row.previous_version_id})"),
            ("content sha256", row.content_hash), ("raw sha256", row.raw_sha256),
        ):
            console.print(f"{label:>15}: {value}", highlight=False)
        console.print()
        console.print(row.text, highlight=False, markup=False)
