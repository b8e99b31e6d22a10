"""`refwatch sources add|list|remove`."""

from __future__ import annotations

import typer
from rich.table import Table

from refwatch.cli._common import console, open_store, user_errors
from refwatch.sources.catalog import add_source, list_sources, remove_source

app = typer.Typer(help="The feeds and pages `refwatch watch` polls.", no_args_is_help=True)


@app.command("add")
def add(
    url: str = typer.Argument(..., help="Feed or page URL (http or https)."),
    kind: str = typer.Option("feed", help="feed (RSS/Atom: its entries are fetched) or page (polled for changes)."),
    name: str | None = typer.Option(None, help="A name people recognise, e.g. the outlet."),
    language: str | None = typer.Option(None, help="Language of the source (ko, en), if known."),
    interval: int | None = typer.Option(None, min=10, help="Seconds between polls (default: POLL_INTERVAL)."),
) -> None:
    """Add a source; it is polled on the next `refwatch watch` cycle."""
    store = open_store()
    with user_errors():
        source = add_source(store.factory, url, kind=kind, name=name, language=language,
                            poll_interval=interval or store.settings.poll_interval)
    console.print(f"added source {source.id}: {source.kind} {source.url} (every {source.poll_interval} s)",
                  highlight=False)


@app.command("list")
def list_() -> None:
    """Every source with its last poll and outcome."""
    store = open_store()
    table = Table(title="sources")
    for column in ("id", "kind", "name", "url", "every", "last polled", "outcome"):
        table.add_column(column)
    for source in list_sources(store.factory):
        polled = source.last_polled_at.strftime("%Y-%m-%d %H:%M") if source.last_polled_at else "never"
        outcome = source.last_outcome or ""
        if source.last_error:
            outcome = f"{outcome}: {source.last_error}"
        table.add_row(str(source.id), source.kind, source.name or "", source.url, f"{source.poll_interval}s",
                      polled, outcome)
    console.print(table)


@app.command("remove")
def remove(key: str = typer.Argument(..., help="The source's id or URL.")) -> None:
    """Stop polling a source; the reports it brought stay."""
    store = open_store()
    with user_errors():
        source = remove_source(store.factory, key)
    console.print(f"removed source {source.id}: {source.url}", highlight=False)
