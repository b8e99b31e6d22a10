"""`refwatch demo`: what the README's run command starts on a fresh machine."""

from __future__ import annotations

from refwatch.cli._common import console, open_store
from refwatch.store.reports import count_reports


def demo() -> None:
    """Create the SQLite database under ./data/ and show what it holds."""
    store = open_store()
    with store.factory() as session:
        total = count_reports(session)
    console.print(f"database: {store.settings.effective_database_url}")
    console.print(f"reports stored: {total}")
