"""search indexes for incidents and reports, public incident list index

Revision ID: 0005_search
Revises: 0004_respond
Create Date: 2026-11-29 19:10:00

SQLite: FTS5 tables with the trigram tokenizer (Korean has no spaces to split on reliably),
external-content over `incidents` and `reports`, kept in step by triggers.
PostgreSQL: pg_trgm GIN indexes on the same text expressions that `refwatch/store/search.py`
queries with ILIKE, so nothing has to be kept in step. Without the right to create the
extension the indexes are skipped and search falls back to a sequential ILIKE scan.
"""

import logging

import sqlalchemy as sa
from alembic import op

revision = "0005_search"
down_revision = "0004_respond"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

# The same expressions as refwatch/store/search.py (a test checks PostgreSQL uses these indexes).
INCIDENT_TEXT = (
    "(coalesce(title_en, '') || ' ' || coalesce(title_ko, '') || ' ' || coalesce(summary_en, '') || ' ' || "
    "coalesce(summary_ko, '') || ' ' || coalesce(place, ''))"
)
REPORT_TEXT = "(coalesce(title, '') || ' ' || coalesce(text, ''))"
INCIDENT_COLUMNS = ("title_en", "title_ko", "summary_en", "summary_ko", "place")
REPORT_COLUMNS = ("title", "text")


def _fts_sqlite(table: str, fts: str, columns: tuple[str, ...]) -> None:
    cols = ", ".join(columns)
    new = ", ".join(f"coalesce(new.{c}, '')" for c in columns)
    old = ", ".join(f"coalesce(old.{c}, '')" for c in columns)
    op.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', content_rowid='id', "
               "tokenize='trigram')")
    op.execute(f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
               f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END")
    op.execute(f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
               f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END")
    op.execute(f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {cols} ON {table} BEGIN "
               f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
               f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END")
    current = ", ".join(f"coalesce({c}, '')" for c in columns)
    op.execute(f"INSERT INTO {fts}(rowid, {cols}) SELECT id, {current} FROM {table}")


def _trgm_schema(bind: sa.engine.Connection) -> str | None:
    """The schema pg_trgm lives in, creating the extension when we may; None when unavailable."""
    found = bind.execute(sa.text(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'pg_trgm'")).scalar()
    if found:
        return str(found)
    try:
        with bind.begin_nested():
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError as e:
        log.warning("pg_trgm is not available (%s); search will scan without a trigram index", e.orig)
        return None
    return _trgm_schema(bind)


def upgrade() -> None:
    bind = op.get_bind()
    op.create_index("ix_incidents_public_recent", "incidents", ["published", "state", "last_reported", "id"])
    if bind.dialect.name == "sqlite":
        _fts_sqlite("incidents", "incident_fts", INCIDENT_COLUMNS)
        _fts_sqlite("reports", "report_fts", REPORT_COLUMNS)
        return
    schema = _trgm_schema(bind)
    if schema is None:
        return
    ops = f'"{schema}".gin_trgm_ops'
    op.execute(f"CREATE INDEX ix_incidents_search_trgm ON incidents USING gin ({INCIDENT_TEXT} {ops})")
    op.execute(f"CREATE INDEX ix_reports_search_trgm ON reports USING gin ({REPORT_TEXT} {ops})")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for fts, table in (("incident_fts", "incidents"), ("report_fts", "reports")):
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {fts}")
    else:
        op.execute("DROP INDEX IF EXISTS ix_reports_search_trgm")
        op.execute("DROP INDEX IF EXISTS ix_incidents_search_trgm")
    op.drop_index("ix_incidents_public_recent", table_name="incidents")
