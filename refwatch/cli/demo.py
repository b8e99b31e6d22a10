"""`refwatch demo`: what the README's run command starts on a fresh machine."""

from __future__ import annotations

from rich.table import Table

from refwatch.cli._common import console, err_console, open_store
from refwatch.demo import run_demo


def demo() -> None:
    """Create the database (SQLite under ./data/ by default), ingest the bundled demo data, summarise."""
    store = open_store()
    console.print(f"database: {store.settings.effective_database_url}", highlight=False)
    with console.status("ingesting the demo reports, pages and files ..."):
        result = run_demo(store.settings, store.factory)
    console.print(f"ingested {result.ingest.line()}", highlight=False, soft_wrap=True)
    for error in result.ingest.errors:
        err_console.print(f"[red]error[/red] {error.error}", highlight=False, soft_wrap=True)
    for problem in result.hook_problems:
        err_console.print(f"[yellow]post-ingest hook failed[/yellow] {problem}", highlight=False, soft_wrap=True)
    states = ", ".join(f"{count} {state}" for state, count in sorted(result.by_state.items()))
    languages = ", ".join(f"{count} {lang}" for lang, count in sorted(result.by_language.items()))
    console.print(f"reports kept: {sum(result.by_state.values())} ({states}); languages: {languages}",
                  highlight=False, soft_wrap=True)
    table = Table(title="latest relevant reports")
    for column in ("id", "published", "lang", "outlet", "title"):
        table.add_column(column)
    for candidate in result.latest:
        table.add_row(str(candidate.report_id), candidate.published or "", candidate.language or "?",
                      candidate.outlet or "", candidate.title)
    console.print(table)
    console.print("next: `refwatch reports list`, `refwatch reports show ID`, `refwatch sources add FEED-URL`, "
                  "`refwatch watch`", highlight=False, soft_wrap=True)
