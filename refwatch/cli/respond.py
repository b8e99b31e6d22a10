"""`refwatch alerts|targets|webhooks …`: the respond stage from the command line.

Thin commands: each opens the store, calls one library function in `refwatch.respond`, and
prints what happened.
"""

from __future__ import annotations

import getpass
import threading
from pathlib import Path

import typer
from rich.table import Table
from sqlalchemy import select

from refwatch.cli._common import Store, console, err_console, open_store, user_errors
from refwatch.respond import alerts, events, incident_feed, outbox, targets, webhooks
from refwatch.respond.context import RespondContext
from refwatch.respond.outbox import OutboxSender
from refwatch.store.db import transaction
from refwatch.store.models import ActionTarget, WebhookEndpoint

alerts_app = typer.Typer(help="Alerts and the outbox that delivers them.", no_args_is_help=True)
targets_app = typer.Typer(help="The directory of whom urgent actions ask.", no_args_is_help=True)
webhooks_app = typer.Typer(help="Receivers of signed alert webhooks.", no_args_is_help=True)
ACTOR = typer.Option("", "--actor", help="Who is doing this (audit log); default cli:<login name>.")
DIRECTORY_FILE = typer.Argument(..., exists=True, dir_okay=False, help="A .csv or .json directory file.")
COUNTRIES = typer.Option([], "--country", help="Only alerts about this country (repeatable).")


def _actor(actor: str) -> str:
    return actor or f"cli:{getpass.getuser()}"


def _context(store: Store) -> RespondContext:
    return RespondContext.from_settings(store.settings)


@alerts_app.command("send-pending")
def send_pending(
    loop: bool = typer.Option(False, "--loop", help="Keep sending until Ctrl-C instead of stopping when done."),
    poll: float = typer.Option(1.0, help="Seconds between looks at the outbox when looping."),
) -> None:
    """Deliver every delivery that is due (SMTP, webhooks), with retries and backoff."""
    store = open_store()
    ctx = _context(store)
    sender = OutboxSender(store.factory, ctx.channels, store.settings)
    if not loop:
        tally = sender.drain()
        console.print(f"sent {tally.sent}, retry later {tally.retried}, given up {tally.dead}", highlight=False)
        return
    stop = threading.Event()
    try:
        sender.serve(stop, poll=poll)
    except KeyboardInterrupt:
        stop.set()
        err_console.print("stopped")


@alerts_app.command("status")
def status() -> None:
    """How many deliveries are pending, sent, dead or cancelled."""
    store = open_store()
    with store.factory() as session:
        counts = outbox.state_counts(session)
    table = Table(title="outbox")
    table.add_column("state")
    table.add_column("deliveries", justify="right")
    for state in ("pending", "sending", "sent", "dead", "cancelled"):
        table.add_row(state, str(counts.get(state, 0)))
    console.print(table)


@alerts_app.command("scan")
def scan(baseline: bool = typer.Option(False, "--baseline", help="Record the current state without alerting.")) -> None:
    """Compare incidents with what the rules last saw and queue alerts for what changed."""
    store = open_store()
    ctx = _context(store)
    with transaction(store.factory) as session:
        created = incident_feed.scan_changes(session, ctx=ctx, baseline=True if baseline else None)
    console.print(f"{len(created)} alert{'s' if len(created) != 1 else ''} queued", highlight=False)


@alerts_app.command("quiet")
def quiet() -> None:
    """Queue 'no news for N days' alerts (setting QUIET_DAYS) for published groups still held."""
    store = open_store()
    ctx = _context(store)
    with transaction(store.factory) as session:
        created = alerts.check_quiet(session, incident_feed.published_incidents(session), ctx=ctx)
    console.print(f"{len(created)} quiet-group alert{'s' if len(created) != 1 else ''} queued", highlight=False)


@alerts_app.command("manual")
def manual(
    incident_key: str = typer.Argument(..., help="The incident's key."),
    message_en: str = typer.Option("", "--en", help="The message in English."),
    message_ko: str = typer.Option("", "--ko", help="The message in Korean."),
    urgent: bool = typer.Option(True, "--urgent/--not-urgent", help="Reach subscribers who want urgent alerts only."),
    actor: str = ACTOR,
) -> None:
    """Send an editor's own alert about a published incident."""
    store = open_store()
    ctx = _context(store)
    with user_errors(), transaction(store.factory) as session:
        incident = incident_feed.incident_by_key(session, incident_key)
        if incident is None:
            err_console.print(f"no incident {incident_key}")
            raise typer.Exit(1)
        alert = alerts.send_manual_alert(session, incident, editor=_actor(actor), message_en=message_en,
                                         message_ko=message_ko, urgent=urgent, ctx=ctx)
    console.print(f"alert {alert.id} queued", highlight=False)


@alerts_app.command("remind")
def remind() -> None:
    """Queue reminder mails for events starting within REMINDER_HOURS."""
    store = open_store()
    ctx = _context(store)
    with transaction(store.factory) as session:
        queued = events.queue_reminders(session, ctx=ctx)
    console.print(f"{len(queued)} event reminder{'s' if len(queued) != 1 else ''} queued", highlight=False)


@targets_app.command("import")
def import_(path: Path = DIRECTORY_FILE, actor: str = ACTOR) -> None:
    """Add new targets and update existing ones (matched by slug)."""
    store = open_store()
    with user_errors():
        rows = targets.read_directory(path)
        with transaction(store.factory) as session:
            added, updated = targets.import_targets(session, rows, actor=_actor(actor))
    console.print(f"{added} added, {updated} updated, {len(rows) - added - updated} unchanged", highlight=False)


@targets_app.command("list")
def list_targets() -> None:
    """Every target with its phases, countries, language and office hours."""
    store = open_store()
    with store.factory() as session:
        rows = session.scalars(select(ActionTarget).order_by(ActionTarget.kind, ActionTarget.slug)).all()
    table = Table(title=f"{len(rows)} targets")
    for column in ("slug", "kind", "country", "name", "phases", "for", "lang", "hours (own zone)", "active"):
        table.add_column(column)
    for t in rows:
        table.add_row(t.slug, t.kind, t.country or "", t.name_en, ",".join(t.phases), ",".join(t.countries) or "all",
                      t.language, f"{t.office_hours} {t.timezone}".strip(), "yes" if t.active else "no")
    console.print(table)


@webhooks_app.command("add")
def add_webhook(
    url: str = typer.Argument(..., help="Where alerts are POSTed."),
    country: list[str] = COUNTRIES,
    urgent_only: bool = typer.Option(False, "--urgent-only", help="Only urgent alerts."),
    description: str = typer.Option("", help="Who runs the receiver."),
    actor: str = ACTOR,
) -> None:
    """Register a receiver; prints its signing secret once."""
    store = open_store()
    with user_errors(), transaction(store.factory) as session:
        endpoint, secret = webhooks.add_endpoint(session, url, actor=_actor(actor), settings=store.settings,
                                                 description=description, countries=country,
                                                 urgent_only=urgent_only)
    console.print(f"webhook {endpoint.id} added; signing secret (shown once): {secret}", highlight=False)


@webhooks_app.command("list")
def list_webhooks() -> None:
    store = open_store()
    with store.factory() as session:
        rows = session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)).all()
    table = Table(title=f"{len(rows)} webhooks")
    for column in ("id", "url", "countries", "urgent only", "active", "description"):
        table.add_column(column)
    for e in rows:
        table.add_row(str(e.id), e.url, ",".join(e.countries) or "all", "yes" if e.urgent_only else "no",
                      "yes" if e.active else f"no ({e.disabled_reason})", e.description)
    console.print(table)


@webhooks_app.command("disable")
def disable_webhook(endpoint_id: int = typer.Argument(...), actor: str = ACTOR) -> None:
    """Stop sending to a receiver (pending deliveries to it are skipped)."""
    store = open_store()
    with transaction(store.factory) as session:
        endpoint = session.get(WebhookEndpoint, endpoint_id)
        if endpoint is None:
            err_console.print(f"no webhook {endpoint_id}")
            raise typer.Exit(1)
        webhooks.set_active(session, endpoint, False, actor=_actor(actor), reason="disabled from the CLI")
    console.print(f"webhook {endpoint_id} disabled", highlight=False)
