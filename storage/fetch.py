"""Query results as columns: no SQLAlchemy ``Row`` (or any Python object) per row.

Every column the store reads in bulk is a number (text columns hold label ids).

* ``matrix`` runs a query on a connection's own DBAPI cursor, inside its transaction, and
  turns the tuples into one float64 matrix in a single numpy call (NULL as NaN; float64
  holds every integer below 2**53 exactly: ids, years, counts and sums).
* ``arrow`` reads integer columns from PostgreSQL through ADBC (``adbc-driver-postgresql``:
  binary COPY straight into Arrow columns), several times faster than any cursor.

NOTE: not ADBC's SQLite driver: it links its own copy of SQLite, and two copies of SQLite
in one process break each other's POSIX file locks (sqlite.org, "How To Corrupt An
SQLite Database File", 2.2.1); we saw a read miss a just-committed import.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import sqlalchemy as sa


def sql(dialect: sa.Dialect, query: sa.Executable) -> str:
    """``query`` as SQL text for ``dialect``, its (numeric) values inlined."""
    return str(query.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


def matrix(conn: sa.Connection, query: sa.Executable, width: int) -> np.ndarray:
    """The result of ``query`` (``width`` numeric columns) as a float64 matrix, NaN for NULL."""
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(sql(conn.dialect, query))
        rows = cursor.fetchall()
    finally:
        cursor.close()
    if not rows:
        return np.empty((0, width), dtype="float64")
    return np.array(rows, dtype="float64")


def arrow(engine: sa.Engine, query: sa.Select, names: Sequence[str]) -> pa.Table:
    """The result of ``query`` (integer columns only) on PostgreSQL, as an Arrow table
    with ``names``: one ADBC connection per call, reading committed data."""
    import adbc_driver_postgresql.dbapi as adbc

    uri = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    # NOTE: PostgreSQL sums integers as numeric; every column is read back as bigint.
    typed = query.with_only_columns(
        *(sa.cast(c, sa.BigInteger) for c in query.selected_columns),
        maintain_column_froms=True,
    )
    with adbc.connect(uri) as conn, conn.cursor() as cursor:
        cursor.execute(sql(engine.dialect, typed))
        table = cursor.fetch_arrow_table()
    return table.rename_columns(list(names))
