"""The `refwatch` command: one typer app, one module per command group."""

from __future__ import annotations

import typer

from refwatch.cli import db, demo, reports

app = typer.Typer(
    name="refwatch",
    help="Monitor news about refugees at risk of forced return, extract the facts, link, verify, respond.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.command("init")(db.init)
app.command("demo")(demo.demo)
app.add_typer(db.app, name="db")
app.add_typer(reports.app, name="reports")


def main() -> None:
    app()
