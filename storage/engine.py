"""Engines for SQLite and PostgreSQL, write transactions that serialise writers, migrations.

SQLite runs in WAL mode (readers never wait for a writer) with a busy timeout, and write
transactions start with ``BEGIN IMMEDIATE`` so two writers queue instead of failing with
"database is locked" half-way. On PostgreSQL every write transaction first updates the one
``store_meta`` row; its row lock queues concurrent writers (READ COMMITTED, so the second
writer then sees what the first committed).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from storage.schema import store_meta

MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_S = 60  # how long a statement waits for a lock (SQLite and PostgreSQL)
CONNECT_TIMEOUT_S = 10  # an unreachable PostgreSQL server is reported after this
_MIGRATION_LOCK = 7_131_313  # PostgreSQL advisory lock key: one migrator at a time


def make_engine(url: str) -> sa.Engine:
    """An engine for ``url`` with the per-dialect settings the store relies on."""
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})
        _configure_sqlite(engine)
        return engine
    engine = sa.create_engine(
        url, pool_pre_ping=True, connect_args={"connect_timeout": CONNECT_TIMEOUT_S}
    )
    _configure_postgresql(engine)
    return engine


def _configure_postgresql(engine: sa.Engine) -> None:
    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        # NOTE: without a lock timeout a page would hang for good behind a lock that
        # another session holds (a stuck transaction, a manual LOCK TABLE); the wait
        # for the store's write lock stays as long as SQLite's busy timeout.
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = '{int(BUSY_TIMEOUT_S * 1000)}ms'")
        dbapi_connection.commit()


def _configure_sqlite(engine: sa.Engine) -> None:
    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        # NOTE: take transactions away from the sqlite3 module so that SQLAlchemy's BEGIN
        # (below) is the only one, and can be IMMEDIATE for writes.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # A 64 MiB page cache: a million-row import then stays in memory until commit
        # instead of spilling pages to the WAL half-way.
        cursor.execute("PRAGMA cache_size=-65536")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        options = conn.get_execution_options()
        # Set on every transaction (the pragma is a no-op inside one), so a pooled
        # connection never carries a bulk write's setting into the next transaction.
        keys = "ON" if options.get("w13_foreign_keys", True) else "OFF"
        conn.exec_driver_sql(f"PRAGMA foreign_keys={keys}")
        conn.exec_driver_sql(f"BEGIN {options.get('w13_begin', 'DEFERRED')}")


@contextmanager
def write_transaction(
    engine: sa.Engine, *, check_foreign_keys: bool = True
) -> Iterator[sa.Connection]:
    """One transaction holding the store's write lock; commits on success, else rolls back.

    ``check_foreign_keys=False`` skips SQLite's per-row key checks for a bulk insert whose
    keys the transaction itself guarantees (PostgreSQL always checks).
    """
    options = {"w13_begin": "IMMEDIATE", "w13_foreign_keys": check_foreign_keys}
    with engine.execution_options(**options).begin() as conn:
        conn.execute(sa.update(store_meta).values(version=store_meta.c.version + 1))
        yield conn


def migrate(engine: sa.Engine) -> None:
    """Bring the schema to the newest Alembic revision (a no-op when it is there)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # NOTE: read first, lock only to upgrade: a store at the newest revision opens
    # without the write lock, so a server starts (and shows its charts) while another
    # process holds that lock for long, or when the database is read-only.
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current == ScriptDirectory.from_config(config).get_current_head():
        return
    with engine.execution_options(w13_begin="IMMEDIATE").begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_MIGRATION_LOCK)))
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
