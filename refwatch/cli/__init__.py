"""The `refwatch` command: one typer app, one module per command group."""

from __future__ import annotations

import typer

from refwatch.cli import audit as audit_cli
from refwatch.cli import db, demo, reports
from refwatch.cli import extract as extract_cli
from refwatch.cli import incidents as incidents_cli
from refwatch.cli import ingest as ingest_cli
from refwatch.cli import respond as respond_cli
from refwatch.cli import serve as serve_cli
from refwatch.cli import sources as sources_cli
from refwatch.cli import users as users_cli
from refwatch.cli import workers as workers_cli

app = typer.Typer(
    name="refwatch",
    help="Monitor news about refugees at risk of forced return, extract the facts, link, verify, respond.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.command("init")(db.init)
app.command("demo")(demo.demo)
app.command("extract")(extract_cli.extract)
app.add_typer(db.app, name="db")
app.add_typer(reports.app, name="reports")
app.add_typer(incidents_cli.app, name="incidents")
app.command("ingest")(ingest_cli.ingest)
app.command("watch")(ingest_cli.watch_command)
app.add_typer(sources_cli.app, name="sources")
app.command("serve")(serve_cli.serve)
app.add_typer(users_cli.app, name="users")
app.add_typer(audit_cli.app, name="audit")
app.add_typer(respond_cli.alerts_app, name="alerts")
app.add_typer(respond_cli.targets_app, name="targets")
app.add_typer(respond_cli.webhooks_app, name="webhooks")
app.add_typer(workers_cli.app, name="workers")


def main() -> None:
    app()
