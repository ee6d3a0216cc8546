"""Alembic environment: runs on the connection ``storage.engine.migrate`` hands over.

The store calls Alembic programmatically (no alembic.ini); for the command line, set
``sqlalchemy.url`` with ``-x url=...`` or the ``DATABASE_URL`` environment variable.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from storage.config import database_url
from storage.schema import metadata

config = context.config


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or database_url()
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()


def _run(connection: sa.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # NOTE: SQLite cannot ALTER most things; batch mode rebuilds tables instead.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
