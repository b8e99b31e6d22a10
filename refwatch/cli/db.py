"""`refwatch init` and `refwatch db status`."""

from __future__ import annotations

import typer

from refwatch.cli._common import console, open_store
from refwatch.store.db import migration_status

app = typer.Typer(help="The database: schema and migrations.", no_args_is_help=True)


def init() -> None:
    """Create or upgrade the database (SQLite under ./data/ unless REFWATCH_DATABASE_URL is set)."""
    store = open_store()
    console.print(f"database ready: {store.settings.effective_database_url}")


@app.command("status")
def status() -> None:
    """List applied and pending migrations."""
    store = open_store(upgrade=False)
    applied, pending = migration_status(store.engine)
    for label in applied:
        console.print(f"[green]applied[/green] {label}")
    for label in pending:
        console.print(f"[yellow]pending[/yellow] {label}")
    if not applied and not pending:
        console.print("no migrations found")
