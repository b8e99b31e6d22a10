"""`refwatch ingest PATH-or-URL...` and `refwatch watch`."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from types import FrameType
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

from refwatch.cli._common import Store, cli_settings, console, err_console, open_store, user_errors
from refwatch.sources.ingest import IngestContext, ItemResult, ingest_targets
from refwatch.sources.watch import CycleSummary, SourcePoll, configured_hooks, run_hooks, watch

ALLOW_NETWORK = typer.Option(
    [], "--allow-network", help="Let the SSRF guard reach this network too (CIDR, repeatable), e.g. 127.0.0.0/8.",
)


def _store(allow_network: list[str]) -> Store:
    settings = cli_settings()
    if allow_network:
        settings = replace(settings, allow_networks=(*settings.allow_networks, *allow_network))
    return open_store(settings)


@contextmanager
def stop_on_interrupt() -> Iterator[threading.Event]:
    """First Ctrl-C asks for a stop between items; a second one interrupts at once."""
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def _handler(_signum: int, _frame: FrameType | None) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        err_console.print("stopping after the current item (Ctrl-C again to abort)")

    previous = signal.signal(signal.SIGINT, _handler)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


class ItemResultPrinter:
    """Advances the progress display and prints each error as one line."""

    def __init__(self, progress: Progress, task: TaskID) -> None:
        self.progress, self.task, self.count = progress, task, 0

    def __call__(self, result: ItemResult) -> None:
        self.count += 1
        self.progress.update(self.task, description=f"{self.count} items, last: {result.outcome}")
        if result.outcome == "error":
            self.progress.console.print(f"[red]error[/red] {result.error}", highlight=False, soft_wrap=True)


def _progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console,
                    transient=True)


def ingest(
    targets: Annotated[list[str], typer.Argument(help="Files (.html .htm .txt .jsonl), folders, page or feed URLs.")],
    allow_network: list[str] = ALLOW_NETWORK,
) -> None:
    """Ingest files, folders, pages and feeds once; errors are recorded and the rest goes on."""
    store = _store(allow_network)
    with user_errors():
        hooks = configured_hooks(store.settings)
    with stop_on_interrupt() as stop, IngestContext(store.settings, store.factory) as ctx, _progress() as progress:
        printer = ItemResultPrinter(progress, progress.add_task("ingesting", total=None))
        summary = ingest_targets(targets, ctx, on_item=printer, should_stop=stop.is_set)
    for problem in run_hooks(store.factory, summary.new_report_ids, hooks):
        err_console.print(f"[yellow]post-ingest hook failed[/yellow] {problem}", highlight=False)
    console.print(summary.line(), highlight=False, soft_wrap=True)
    if summary.errors:
        raise typer.Exit(1)


def _cycle_line(summary: CycleSummary) -> str:
    line = f"[{datetime.now().strftime('%H:%M:%S')}] {summary.line()}"
    if summary.hook_problems:
        line += f"; {len(summary.hook_problems)} hook failures"
    return line


def watch_command(
    once: bool = typer.Option(False, "--once", help="Run one cycle and exit."),
    allow_network: list[str] = ALLOW_NETWORK,
) -> None:
    """Poll due sources until Ctrl-C; one summary line per cycle."""
    store = _store(allow_network)
    with user_errors():
        hooks = configured_hooks(store.settings)

    def on_poll(poll: SourcePoll) -> None:
        if poll.outcome == "error":
            console.print(f"[red]source failed[/red] {poll.error}", highlight=False, soft_wrap=True)

    def on_cycle(summary: CycleSummary) -> None:
        console.print(_cycle_line(summary), highlight=False, soft_wrap=True)
        for problem in summary.hook_problems:
            err_console.print(f"[yellow]post-ingest hook failed[/yellow] {problem}", highlight=False)

    def on_error(error: Exception) -> None:
        err_console.print(f"[red]cycle failed[/red] {type(error).__name__}: {error}; trying again at the next "
                          "due time", highlight=False, soft_wrap=True)

    with stop_on_interrupt() as stop, IngestContext(store.settings, store.factory) as ctx, _progress() as progress:
        printer = ItemResultPrinter(progress, progress.add_task("watching", total=None))
        cycles = watch(ctx, stop=stop, hooks=hooks, on_cycle=on_cycle, on_item=printer, on_poll=on_poll,
                       on_error=on_error, max_cycles=1 if once else None)
    console.print(f"stopped after {cycles} cycle{'s' if cycles != 1 else ''}", highlight=False)
