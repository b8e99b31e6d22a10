"""Opening the database: SQLite in WAL mode by default, PostgreSQL when a URL says so."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.dml import Insert

from refwatch.settings import Settings

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url`; SQLite files get their folder created and WAL switched on."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return create_engine(url, pool_pre_ping=True, **kwargs)


def engine_for(settings: Settings) -> Engine:
    return make_engine(settings.effective_database_url)


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine, revision: str = "heads") -> None:
    """Bring the schema up to `revision` (all heads by default)."""
    command.upgrade(alembic_config(engine), revision)


def migration_status(engine: Engine) -> tuple[list[str], list[str]]:
    """(applied, pending) revision descriptions, oldest first."""
    script = ScriptDirectory.from_config(alembic_config(engine))
    with engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    applied: list[str] = []
    pending: list[str] = []
    revisions = list(script.walk_revisions())
    revisions.reverse()
    reached = set()
    for head in current:
        reached |= {r.revision for r in script.iterate_revisions(head, "base")}
    for rev in revisions:
        label = f"{rev.revision} {rev.doc}"
        (applied if rev.revision in reached else pending).append(label)
    return applied, pending


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def insert_new(session: Session, model: type[Any], *, unique: str) -> Insert:
    """An INSERT that skips rows whose `unique` column value is already stored.

    Check-then-insert is a race between two processes (a watcher and `refwatch ingest`):
    both find nothing, both insert, and the second transaction fails on the unique index,
    losing everything else it held. This form lets the database decide.
    """
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model).on_conflict_do_nothing(index_elements=[unique])
    return sqlite.insert(model).on_conflict_do_nothing(index_elements=[unique])


def in_chunks(values: Iterable[str], size: int = 500) -> Iterator[list[str]]:
    """Distinct `values` in lists short enough for one `IN (...)` (SQLite caps bound parameters)."""
    wanted = list(dict.fromkeys(values))
    for start in range(0, len(wanted), size):
        yield wanted[start : start + size]
