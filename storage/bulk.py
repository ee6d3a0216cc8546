"""Fast batched writes of tidy frames: multi-row INSERTs on SQLite, COPY on PostgreSQL.

A batch is handed to the database as one flat list of parameters, row after row. For the
all-integer frames (inflow, text already as label ids) that list comes from a single
``ndarray.tolist()`` of a 2-D array: no tuple, generator step or function call per row.
The import's id is the same on every row: SQLite gets it as a literal in the statement
instead of a million bound parameters.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, repeat

import numpy as np
import pandas as pd
import sqlalchemy as sa

from storage.schema import TIDY

BATCH_ROWS = 100_000
# Bound parameters per statement: 32,766 since SQLite 3.32, 999 before.
_SQLITE_MAX_VARIABLES = 32_766 if sqlite3.sqlite_version_info >= (3, 32, 0) else 999

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Batch:
    """Rows of one batch, flattened: value ``j`` of row ``i`` is ``values[i * width + j]``.

    ``constant`` is the leading ``import_id`` column, the same for every row (None: the
    batch has no such column).
    """

    constant: int | None
    values: list
    width: int

    def __len__(self) -> int:
        return len(self.values) // self.width

    def rows(self) -> Iterator[tuple]:
        """``(constant, *values)`` per row (PostgreSQL's COPY wants whole rows)."""
        columns = (self.values[j :: self.width] for j in range(self.width))
        if self.constant is None:
            return zip(*columns, strict=True)
        return zip(repeat(self.constant), *columns)


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


def batches(frame: pd.DataFrame, names: Sequence[str], constant: int) -> Iterator[Batch]:
    """The frame's ``names`` columns in batches of ``BATCH_ROWS`` rows."""
    columns = [frame[name] for name in names]
    width = len(names)
    if all(c.dtype.kind in "iu" for c in columns):
        # One int64 matrix, row-major; missing cells hold 0 until they are set to None.
        matrix = np.empty((len(frame), width), dtype="int64")
        missing = np.zeros((len(frame), width), dtype=bool)
        for j, column in enumerate(columns):
            matrix[:, j] = column.to_numpy(dtype="int64", na_value=0)
            missing[:, j] = column.isna().to_numpy()
        for start in range(0, len(frame), BATCH_ROWS):
            values = matrix[start : start + BATCH_ROWS].ravel().tolist()
            holes = missing[start : start + BATCH_ROWS].ravel()
            if holes.any():
                for position in np.flatnonzero(holes).tolist():
                    values[position] = None
            yield Batch(constant, values, width)
        return
    # Mixed ints and floats (LDE, maatwerk: small frames): per-column lists, zipped.
    lists = [python_values(c) for c in columns]
    for start in range(0, len(frame), BATCH_ROWS):
        part = [values[start : start + BATCH_ROWS] for values in lists]
        yield Batch(constant, list(chain.from_iterable(zip(*part, strict=True))), width)


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
    names = [c.name for c in TIDY[kind]]
    columns = ["import_id", *names]
    done = 0
    for batch in batches(frame, names, int(import_id)):
        insert_batch(conn, f"{kind}_rows", columns, batch)
        done += len(batch)
        if progress is not None:
            progress(done, len(frame))


def insert_matrix(
    conn: sa.Connection, table: str, columns: Sequence[str], matrix: np.ndarray,
    on_conflict: str = "",
) -> None:
    """Write the rows of an integer matrix (no missing values), one column per name.

    ``on_conflict``: an upsert clause for SQLite's INSERT (PostgreSQL's COPY has none).
    """
    for start in range(0, len(matrix), BATCH_ROWS):
        part = matrix[start : start + BATCH_ROWS]
        batch = Batch(None, part.ravel().tolist(), len(columns))
        insert_batch(conn, table, columns, batch, on_conflict)


def insert_batch(
    conn: sa.Connection, table: str, columns: Sequence[str], rows: Batch, on_conflict: str = ""
) -> None:
    """Write one batch on the connection's own DBAPI cursor, inside its transaction.

    ``columns`` are ``import_id`` (unless the batch has no constant) followed by the
    batch's value columns.
    """
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        if conn.dialect.name == "postgresql":
            if on_conflict:
                raise ValueError("COPY cannot resolve conflicts")
            names = ", ".join(columns)
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows.rows():
                    copy.write_row(row)
        else:
            _sqlite_insert(cursor, table, columns, rows, on_conflict)
    finally:
        cursor.close()


def _sqlite_insert(cursor: sqlite3.Cursor, table: str, columns: Sequence[str],
                   rows: Batch, on_conflict: str = "") -> None:
    # NOTE: one INSERT with thousands of VALUES tuples runs about 1.6× faster than
    # executemany: the statement is stepped once per chunk instead of once per row.
    # The import id is an int the store generated, safe to write into the statement.
    width = rows.width
    per_statement = _SQLITE_MAX_VARIABLES // width
    names = ", ".join(columns)
    lead = "" if rows.constant is None else f"{int(rows.constant)}, "
    one = f"({lead}" + ", ".join("?" * width) + ")"

    def statement(count: int) -> str:
        return f"INSERT INTO {table} ({names}) VALUES " + ", ".join([one] * count) + (
            f" {on_conflict}" if on_conflict else ""
        )

    values = rows.values
    total = len(rows)
    whole = total // per_statement * per_statement
    step = per_statement * width
    if whole:
        sql = statement(per_statement)
        for start in range(0, whole * width, step):
            cursor.execute(sql, values[start : start + step])
    if whole < total:
        cursor.execute(statement(total - whole), values[whole * width :])
