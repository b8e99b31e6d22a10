"""Shared fixtures: a migrated database on SQLite and, when it is running, on PostgreSQL.

Under CI (`CI=true` or `REFWATCH_REQUIRE_SERVICES=1`) a missing PostgreSQL or Redis is a
failure, not a skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from refwatch.settings import load_settings
from refwatch.store import make_engine, migrate, session_factory

FIXTURES = Path(__file__).parent / "fixtures"
POSTGRES_URL = os.environ.get("REFWATCH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("REFWATCH_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def services_required() -> bool:
    return load_settings().require_services


def missing_service(name: str, error: Exception) -> None:
    reason = f"{name} is not reachable ({type(error).__name__}: {error})"
    if services_required():
        pytest.fail(f"{reason}; required because CI or REFWATCH_REQUIRE_SERVICES is set")
    pytest.skip(reason)


def _postgres_engine() -> Iterator[Engine]:
    schema = f"rw_test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_URL)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as e:
        admin.dispose()
        missing_service("PostgreSQL", e)
    engine = make_engine(POSTGRES_URL, connect_args={"options": f"-csearch_path={schema}"})
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A freshly migrated database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / 'refwatch.db'}")
        migrate(eng)
        yield eng
        eng.dispose()
        return
    for eng in _postgres_engine():
        migrate(eng)
        yield eng


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    eng = make_engine(f"sqlite:///{tmp_path / 'refwatch.db'}")
    migrate(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    return session_factory(engine)


@pytest.fixture
def redis_url() -> str:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except Exception as e:
        missing_service("Redis", e)
    finally:
        client.close()
    return REDIS_URL
