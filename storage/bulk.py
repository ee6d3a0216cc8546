"""Fast batched writes of tidy frames: multi-row INSERTs on SQLite, COPY on PostgreSQL."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from itertools import chain, islice, repeat

import numpy as np
import pandas as pd
import sqlalchemy as sa

from storage.schema import TIDY

BATCH_ROWS = 100_000
# Bound parameters per statement: 32,766 since SQLite 3.32, 999 before.
_SQLITE_MAX_VARIABLES = 32_766 if sqlite3.sqlite_version_info >= (3, 32, 0) else 999

Progress = Callable[[int, int], None]


def row_tuples(kind: str, frame: pd.DataFrame, import_id: int) -> Iterator[tuple]:
    """``(import_id, *tidy values)`` per row, with None for missing and plain Python types."""
    return zip(repeat(import_id), *(python_values(frame[c.name]) for c in TIDY[kind]))


def python_values(column: pd.Series) -> list:
    """The column as a list of Python ints/floats/strs, None where missing.

    NOTE: ``to_numpy(dtype=object)`` on a nullable column boxes every value through
    pandas (about 1 s per million inflow rows, all columns); ``ndarray.tolist()`` of the plain
    values is several times faster, and missing values are usually few or all.
    """
    missing = column.isna().to_numpy()
    if missing.all():
        return [None] * len(column)
    kind = column.dtype.kind
    if kind in "iu":
        values = column.to_numpy(dtype="int64", na_value=0).tolist()
    elif kind == "f":
        values = column.to_numpy(dtype="float64", na_value=0.0).tolist()
    else:
        values = column.to_numpy(dtype=object).tolist()
    if missing.any():
        for position in np.flatnonzero(missing).tolist():
            values[position] = None
    return values


def insert_frame(
    conn: sa.Connection,
    kind: str,
    frame: pd.DataFrame,
    import_id: int,
    *,
    progress: Progress | None = None,
) -> None:
    """Insert every row of a frame for one import, in batches.

    ``frame`` is tidy with its text columns already label ids (``labels.encode``).
    """
    columns = ["import_id", *(c.name for c in TIDY[kind])]
    rows = row_tuples(kind, frame, import_id)
    done = 0
    while batch := list(islice(rows, BATCH_ROWS)):
        insert_batch(conn, f"{kind}_rows", columns, batch)
        done += len(batch)
        if progress is not None:
            progress(done, len(frame))


def insert_batch(conn: sa.Connection, table: str, columns: Sequence[str], rows: list) -> None:
    """Write one batch on the connection's own DBAPI cursor, inside its transaction."""
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        names = ", ".join(columns)
        if conn.dialect.name == "postgresql":
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            _sqlite_insert(cursor, table, columns, rows)
    finally:
        cursor.close()


def _sqlite_insert(cursor: sqlite3.Cursor, table: str, columns: Sequence[str], rows: list) -> None:
    # NOTE: one INSERT with thousands of VALUES tuples runs about 1.6× faster than
    # executemany (measured in benchmarks/bench_store.py's conditions): the statement is
    # stepped once per chunk instead of once per row.
    per_statement = _SQLITE_MAX_VARIABLES // len(columns)
    names = ", ".join(columns)
    one = "(" + ", ".join("?" for _ in columns) + ")"
    whole = len(rows) // per_statement * per_statement
    if whole:
        sql = f"INSERT INTO {table} ({names}) VALUES " + ", ".join([one] * per_statement)
        for start in range(0, whole, per_statement):
            cursor.execute(sql, list(chain.from_iterable(rows[start : start + per_statement])))
    if whole < len(rows):
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES {one}", rows[whole:])

