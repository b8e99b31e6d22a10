"""`refwatch workers run|status`: the scale-out's workers (docs/workers.md)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from refwatch.cli._common import console, user_errors
from refwatch.settings import load_settings

app = typer.Typer(help="Celery workers that run the stages when REFWATCH_BROKER_URL is set.", no_args_is_help=True)


@app.command("run")
def run(
    queue: Annotated[list[str] | None, typer.Option("--queue", "-Q",
                                                    help="Only this queue (repeatable); default: all three.")] = None,
    concurrency: int | None = typer.Option(None, "--concurrency", "-c", min=1,
                                           help="Stage processes (default: REFWATCH_WORKER_CONCURRENCY)."),
    beat: bool = typer.Option(False, "--beat", help="Also schedule outbox drains; give it to one worker only."),
    loglevel: str = typer.Option("INFO", "--loglevel", help="DEBUG, INFO, WARNING or ERROR."),
) -> None:
    """Run the tasks the watcher queues until stopped (SIGTERM or Ctrl-C)."""
    from refwatch.workers import Runtime, run_worker

    with user_errors():
        code = run_worker(Runtime(load_settings()), queues=queue or (), concurrency=concurrency, beat=beat,
                          loglevel=loglevel)
    raise typer.Exit(code)


@app.command("status")
def status(timeout: float = typer.Option(1.0, "--timeout", help="Seconds to wait for workers to answer.")) -> None:
    """Ping the broker, show how many tasks wait in each queue and what each worker is running."""
    from refwatch.workers import Runtime, WorkerError, broker_status, make_app

    settings = load_settings()
    with user_errors():
        if not settings.broker_url:
            raise WorkerError("no broker is set (REFWATCH_BROKER_URL): every stage runs in the watching process")
        found = broker_status(make_app(Runtime(settings)), settings, timeout=timeout)
    console.print(f"broker {found.broker} answers", highlight=False)
    table = Table(title="queues")
    table.add_column("queue")
    table.add_column("waiting", justify="right")
    for name, waiting in found.queues.items():
        table.add_row(name, str(waiting))
    console.print(table)
    if not found.workers:
        console.print(f"no worker answered within {timeout:g} s", highlight=False)
    for name, running in found.workers.items():
        console.print(f"worker {name}: {running} task{'s' if running != 1 else ''} running", highlight=False)
