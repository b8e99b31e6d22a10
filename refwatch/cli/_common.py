"""What every command shares: settings, the opened store, the console and error exits.

Commands are thin: parse options, call one library function, and turn our errors into a
message and an exit code here, nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import typer
from rich.console import Console
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from refwatch.errors import RefwatchError
from refwatch.settings import Settings, load_settings
from refwatch.store import engine_for, migrate, session_factory

console = Console()
err_console = Console(stderr=True)


@dataclass
class Store:
    settings: Settings
    engine: Engine
    factory: sessionmaker[Session]


def cli_settings() -> Settings:
    """The settings from the environment; a bad `REFWATCH_*` value is one line and exit 2, not a traceback."""
    try:
        return load_settings()
    except ValueError as e:
        err_console.print(f"[red]error:[/red] {e}", markup=True, highlight=False)
        raise typer.Exit(2) from e


def open_store(settings: Settings | None = None, *, upgrade: bool = True) -> Store:
    """Open the configured database, migrating it to the newest schema first."""
    settings = settings or cli_settings()
    engine = engine_for(settings)
    if upgrade:
        migrate(engine)
    return Store(settings, engine, session_factory(engine))


@contextmanager
def user_errors() -> Iterator[None]:
    """Print a RefwatchError as one line and exit 1 instead of a traceback."""
    try:
        yield
    except RefwatchError as e:
        err_console.print(f"[red]error:[/red] {e}", markup=True, highlight=False)
        raise typer.Exit(1) from e
