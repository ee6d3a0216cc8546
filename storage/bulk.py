"""Fast batched writes of tidy frames: multi-row INSERTs on SQLite, binary COPY on PostgreSQL.

A batch holds its rows as numpy columns. SQLite gets them as one flat list of
parameters, row after row: for the all-integer frames (inflow, text already as label
ids) from a single ``ndarray.tolist()`` of a 2-D array, with no tuple, generator step or
function call per row. PostgreSQL gets them in COPY's binary format, laid out by numpy
(``binary_copy``): no Python step per row or cell at all. The import's id is the same on
every row: SQLite gets it as a literal in the statement instead of a million bound
parameters.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
import pandas as pd
import sqlalchemy as sa

from storage.schema import DATA, TIDY

BATCH_ROWS = 100_000
# Bound parameters per statement: 32,766 since SQLite 3.32, 999 before.
_SQLITE_MAX_VARIABLES = 32_766 if sqlite3.sqlite_version_info >= (3, 32, 0) else 999

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Batch:
    """Rows of one batch as columns: ``columns[j]`` holds column j's values (int64 or
    float64), ``missing[j]`` where they are missing (None: nowhere).

    ``constant`` is the leading ``import_id`` column, the same for every row (None: the
    batch has no such column).
    """

    constant: int | None
    columns: tuple[np.ndarray, ...]
    missing: tuple[np.ndarray | None, ...]

    def __len__(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    @property
    def width(self) -> int:
        """The number of value columns (without the constant)."""
        return len(self.columns)

    @property
    def values(self) -> list:
        """The rows flattened (value ``j`` of row ``i`` at ``i * width + j``), None where
        missing: SQLite's parameters."""
        if all(c.dtype.kind in "iu" for c in self.columns):
            # One int64 matrix, row-major; missing cells hold 0 until they are set to None.
            values = np.column_stack(self.columns).astype("int64", copy=False).ravel().tolist()
            for j, missing in enumerate(self.missing):
                if missing is not None and missing.any():
                    for i in np.flatnonzero(missing).tolist():
                        values[i * self.width + j] = None
            return values
        # Mixed ints and floats (LDE, maatwerk: small frames): per-column lists, zipped.
        lists = []
        for column, missing in zip(self.columns, self.missing, strict=True):
            values = column.tolist()
            if missing is not None:
                for i in np.flatnonzero(missing).tolist():
                    values[i] = None
            lists.append(values)
        return list(chain.from_iterable(zip(*lists, strict=True)))


def _numbers(column: pd.Series) -> tuple[np.ndarray, np.ndarray | None]:
    """A column's values as int64 or float64 (0 where missing) and where it is missing."""
    missing = column.isna().to_numpy()
    if column.dtype.kind in "iu":
        values = column.to_numpy(dtype="int64", na_value=0)
    else:
        values = column.to_numpy(dtype="float64", na_value=0.0)
    return values, (missing if missing.any() else None)


def batches(frame: pd.DataFrame, names: Sequence[str], constant: int) -> Iterator[Batch]:
    """The frame's ``names`` columns in batches of ``BATCH_ROWS`` rows."""
    columns = [_numbers(frame[name]) for name in names]
    for start in range(0, len(frame), BATCH_ROWS):
        end = start + BATCH_ROWS
        yield Batch(
            constant,
            tuple(values[start:end] for values, _ in columns),
            tuple(None if missing is None else missing[start:end] for _, missing in columns),
        )


# PostgreSQL's binary COPY: a header, per row a field count and per field its byte length
# (-1: NULL) and big-endian value, then a trailer.
_COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + bytes(8)
_COPY_TRAILER = b"\xff\xff"


def _wire_type(column: sa.Column) -> str:
    """The numpy dtype of a column's binary COPY value."""
    if isinstance(column.type, sa.BigInteger):
        return ">i8"
    if isinstance(column.type, sa.Integer):
        return ">i4"
    if isinstance(column.type, sa.Float):
        return ">f8"
    raise TypeError(f"no binary COPY for {column.type!r}")


def binary_copy(rows: Batch, types: Sequence[str]) -> bytes:
    """The batch in PostgreSQL's binary COPY format; ``types`` the wire dtype of each
    column (``_wire_type``), the constant's first when there is one."""
    cells = list(zip(rows.columns, rows.missing, strict=True))
    if rows.constant is not None:
        cells.insert(0, (np.full(len(rows), rows.constant, dtype="int64"), None))
    layout = np.dtype([("fields", ">i2")] + [
        field for j, wire in enumerate(types) for field in ((f"l{j}", ">i4"), (f"v{j}", wire))
    ])
    records = np.zeros(len(rows), dtype=layout)
    records["fields"] = len(cells)
    for j, (values, missing) in enumerate(cells):
        records[f"l{j}"] = np.dtype(types[j]).itemsize
        records[f"v{j}"] = values
        if missing is not None:
            records[f"l{j}"][missing] = -1
    body = records.view(np.uint8).reshape(len(rows), layout.itemsize)
    if any(missing is not None for _, missing in cells):
        # A NULL has a length of -1 and no value bytes: those bytes are left out.
        keep = np.ones(body.shape, dtype=bool)
        for j, (_, missing) in enumerate(cells):
            if missing is not None:
                start = layout.fields[f"v{j}"][1]
                keep[missing, start : start + np.dtype(types[j]).itemsize] = False
        body = body[keep]
    return _COPY_HEADER + body.tobytes() + _COPY_TRAILER


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
        insert_batch(conn, DATA[kind], columns, batch)
        done += len(batch)
        if progress is not None:
            progress(done, len(frame))


def insert_matrix(
    conn: sa.Connection, table: sa.Table, matrix: np.ndarray, on_conflict: str = ""
) -> None:
    """Write the rows of an integer matrix (no missing values), one column per column of
    ``table``.

    ``on_conflict``: an upsert clause for SQLite's INSERT (PostgreSQL's COPY has none).
    """
    columns = [c.name for c in table.columns]
    for start in range(0, len(matrix), BATCH_ROWS):
        part = matrix[start : start + BATCH_ROWS]
        batch = Batch(None, tuple(part.T), (None,) * part.shape[1])
        insert_batch(conn, table, columns, batch, on_conflict)


def insert_batch(
    conn: sa.Connection, table: sa.Table, columns: Sequence[str], rows: Batch,
    on_conflict: str = "",
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
            data = binary_copy(rows, [_wire_type(table.c[name]) for name in columns])
            with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
                copy.write(data)
        else:
            _sqlite_insert(cursor, table.name, columns, rows, on_conflict)
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
