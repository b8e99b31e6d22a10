"""`refwatch serve`: the website, workspace and API (plus the monitor loop when available)."""

from __future__ import annotations

import typer

from refwatch.cli._common import open_store


def serve(
    host: str | None = typer.Option(None, "--host", help="Address to listen on (default: REFWATCH_WEB_HOST)."),
    port: int | None = typer.Option(None, "--port", help="Port to listen on (default: REFWATCH_WEB_PORT)."),
    watch: bool | None = typer.Option(None, "--watch/--no-watch",
                                      help="Also poll sources (default: REFWATCH_SERVE_WATCH)."),
) -> None:
    """Serve refwatch over HTTP until Ctrl-C."""
    from refwatch.web.server import serve as run_server

    store = open_store()
    run_server(store.settings, host=host, port=port, store=store, watch=watch)
