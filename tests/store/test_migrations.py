"""The Alembic chain and the models describe the same schema, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from refwatch.store.db import alembic_config, migrate, migration_status
from refwatch.store.models import Base


def _managed_elsewhere(diff: tuple) -> bool:
    """Search structures made with raw SQL in 0005_search: FTS5 tables and trigram indexes."""
    kind = diff[0]
    if kind == "remove_table":
        return diff[1].name.startswith(("report_fts", "incident_fts"))
    if kind == "remove_index":
        return diff[1].name in {"ix_reports_search_trgm", "ix_incidents_search_trgm"}
    return False


def test_migrations_form_one_line_of_named_revisions(engine):
    script = ScriptDirectory.from_config(alembic_config(engine))
    assert len(script.get_heads()) == 1
    applied, pending = migration_status(engine)
    assert pending == []
    assert [label.split()[0][:4] for label in applied] == [f"{n:04d}" for n in range(1, len(applied) + 1)]


def test_migrations_match_the_models(engine):
    with engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    flat = [d for d in diffs if not isinstance(d, list)] + [d for group in diffs if isinstance(group, list)
                                                             for d in group]
    assert [d for d in flat if not _managed_elsewhere(d)] == []


def test_migrations_go_down_to_nothing_and_up_again(engine):
    config = alembic_config(engine)
    command.downgrade(config, "base")
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_heads() == ()
    migrate(engine)
    applied, pending = migration_status(engine)
    assert pending == [] and applied
