"""`refwatch demo`: what the README's run command starts on a fresh machine.

Creates the database (SQLite under ./data/ unless REFWATCH_DATABASE_URL says otherwise),
ingests the bundled reports, codes and links them, publishes the incidents several reports
tell of (first run only), creates an admin account, then serves the site with the monitor
polling a small demo news site on loopback, where the rest of the bundled reports appear.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

import typer
from rich.table import Table

from refwatch.cli._common import Store, console, err_console, open_store
from refwatch.demo import DemoResult, run_demo
from refwatch.store.reports import count_reports

DEMO_SOURCE_PREFIX = "demo news site: "
DEMO_POLL_INTERVAL_S = 60

HOST = typer.Option("--host", help="Address the web app listens on.")
PORT = typer.Option("--port", help="Port the web app listens on.")
SERVE = typer.Option("--serve/--no-serve", help="Start the web app and the monitor after loading the demo.")
PUBLISH = typer.Option("--publish/--no-publish", help="On the first run, publish incidents that 2+ reports tell of.")


def demo(
    host: Annotated[str, HOST] = "127.0.0.1",
    port: Annotated[int, PORT] = 8000,
    serve: Annotated[bool, SERVE] = True,
    publish: Annotated[bool, PUBLISH] = True,
) -> None:
    """Load the demo data, then run the web app with its monitor (Ctrl-C stops)."""
    store = open_store()
    # The demo's news site runs on loopback, which the SSRF guard refuses unless allowed.
    settings = replace(store.settings, allow_networks=(*store.settings.allow_networks, "127.0.0.1/32"),
                       host_interval=min(store.settings.host_interval, 0.2))
    store = Store(settings, store.engine, store.factory)
    console.print(f"database: {settings.effective_database_url}", highlight=False)
    with store.factory() as session:
        loaded = count_reports(session)
    if loaded and serve:
        console.print(f"{loaded} reports already stored: the demo data is loaded, serving it")
    else:
        with console.status("ingesting, coding and linking the demo reports ..."):
            result = run_demo(settings, store.factory, hold_back_feed_items=serve)
        _print_summary(result)
    if publish:
        from refwatch.demo.publish import publish_demo_incidents

        published = publish_demo_incidents(store.factory)
        if published:
            console.print(f"published {published} demo incidents (as 'refwatch-demo', in the audit log)")
    if serve:
        _serve(store, host=host, port=port)


def _print_summary(result: DemoResult) -> None:
    console.print(f"ingested {result.ingest.line()}", highlight=False, soft_wrap=True)
    for error in result.ingest.errors:
        err_console.print(f"[red]error[/red] {error.error}", highlight=False, soft_wrap=True)
    for problem in result.hook_problems:
        err_console.print(f"[yellow]post-ingest stage failed[/yellow] {problem}", highlight=False, soft_wrap=True)
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


def _serve(store: Store, *, host: str, port: int) -> None:
    from refwatch.demo.site import DemoSite
    from refwatch.sources.catalog import add_source, list_sources, remove_source
    from refwatch.web.bootstrap import ensure_demo_admin
    from refwatch.web.server import serve

    username, password = ensure_demo_admin(store)
    with DemoSite() as site:
        for source in list_sources(store.factory):
            if (source.name or "").startswith(DEMO_SOURCE_PREFIX):
                remove_source(store.factory, str(source.id))
        for url in site.feed_urls():
            add_source(store.factory, url, name=DEMO_SOURCE_PREFIX + url.rsplit("/", 1)[-1],
                       poll_interval=DEMO_POLL_INTERVAL_S)
        console.print(f"\n[bold]refwatch is running at http://{host}:{port}/[/bold]  (Ctrl-C stops)")
        console.print(f"workspace: http://{host}:{port}/workspace", highlight=False)
        if password:
            console.print(f"sign in as [bold]{username}[/bold] with password [bold]{password}[/bold] "
                          "(shown once; reset with `refwatch users passwd demo-admin`)")
        else:
            console.print(f"sign in as {username} (password shown on the first run; "
                          "reset with `refwatch users passwd demo-admin`)")
        console.print(f"the monitor polls the demo news site at {site.base_url}/feeds/ every "
                      f"{DEMO_POLL_INTERVAL_S} s; its reports appear in the workspace queue", highlight=False)
        serve(store.settings, host=host, port=port, store=store, watch=True)
