"""Storage: tables, migrations and the queries every other stage uses.

Public surface: `make_engine`, `engine_for`, `migrate`, `session_factory`, `transaction`,
plus the modules `reports`, `archive` and `audit`.
"""

from refwatch.store.db import engine_for, make_engine, migrate, session_factory, transaction

__all__ = ["engine_for", "make_engine", "migrate", "session_factory", "transaction"]
