"""Query results as columns: no SQLAlchemy ``Row`` (or any Python object) per row.

Every column the store reads in bulk is a number (text columns hold label ids).

* ``matrix`` runs a query on a connection's own DBAPI cursor, inside its transaction, and
  turns the tuples into one float64 matrix in a single numpy call (NULL as NaN; float64
  holds every integer below 2**53 exactly: ids, years, counts and sums). Columns of few
  bits (label ids, months, quarters) are packed by the database into shared integers of
  at most 53 bits and unpacked in numpy: the cursor builds a Python object per value
  and a tuple per row, so fewer, fuller values read several times faster.
* ``arrow`` reads integer columns from PostgreSQL through ADBC (``adbc-driver-postgresql``:
  binary COPY straight into Arrow columns), several times faster than any cursor.

NOTE: not ADBC's SQLite driver: it links its own copy of SQLite, and two copies of SQLite
in one process break each other's POSIX file locks (sqlite.org, "How To Corrupt An
SQLite Database File", 2.2.1); we saw a read miss a just-committed import.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import sqlalchemy as sa


def sql(dialect: sa.Dialect, query: sa.Executable) -> str:
    """``query`` as SQL text for ``dialect``, its (numeric) values inlined."""
    return str(query.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


def matrix(
    conn: sa.Connection, query: sa.Select, width: int, bits: Sequence[int | None] = ()
) -> np.ndarray:
    """The result of ``query`` (``width`` numeric columns) as a float64 matrix, NaN for NULL.

    ``bits``: per column, the bits its values need when they are whole numbers from 1 up
    (NULL read as 0), or None; such columns are read packed (see the module docstring).
    """
    words = _words(bits)
    if words:
        packable = {j for word in words for j, _, _ in word}
        plain = [j for j in range(width) if j not in packable]
        columns = list(query.selected_columns)
        sqlite = conn.dialect.name == "sqlite"
        query = query.with_only_columns(
            *(columns[j] for j in plain),
            *(_packed(columns, word, sqlite=sqlite) for word in words),
            maintain_column_froms=True,
        )
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(sql(conn.dialect, query))
        rows = cursor.fetchall()
    finally:
        cursor.close()
    if not rows:
        return np.empty((0, width), dtype="float64")
    # NOTE: fromiter over the chained values takes half the time of np.array(rows), which
    # inspects every tuple for the matrix's shape first; both read None as NaN.
    read = len(rows[0])
    values = np.fromiter(
        itertools.chain.from_iterable(rows), dtype="float64", count=len(rows) * read
    ).reshape(len(rows), read)
    if not words:
        return values
    out = np.empty((len(values), width), dtype="float64")
    out[:, plain] = values[:, : len(plain)]
    for position, word in enumerate(words, start=len(plain)):
        packed = values[:, position].astype("int64")
        for j, shift, size in word:
            unpacked = (packed >> shift) & ((1 << size) - 1)
            out[:, j] = np.where(unpacked == 0, np.nan, unpacked)
    return out


_WORD_BITS = 53  # a float64 holds every integer below 2**53 exactly


def _words(bits: Sequence[int | None]) -> list[list[tuple[int, int, int]]]:
    """Columns grouped into words: (column, shift, bits) each; none when packing would
    not save a value per row."""
    words: list[list[tuple[int, int, int]]] = []
    used = _WORD_BITS
    for j, size in enumerate(bits):
        if size is None:
            continue
        if used + size > _WORD_BITS:
            words.append([])
            used = 0
        words[-1].append((j, used, size))
        used += size
    return words if sum(len(w) for w in words) > len(words) else []


def _packed(
    columns: list[sa.ColumnElement], word: list[tuple[int, int, int]], *, sqlite: bool
) -> sa.ColumnElement:
    """The columns of ``word`` as one integer: each value times 2**shift, summed."""
    # NOTE: SQLite evaluates these per row (64k summary rows at Flanders scale), so there
    # they are kept to what changes the value: its integers are 64-bit already (the cast
    # is for PostgreSQL's 32-bit integer), and a summary key ``nullif(x, 0)`` (0 for
    # none) packs as the stored x, which is what ``coalesce(nullif(x, 0), 0)`` gives.
    parts = [
        (_zero_for_null(columns[j]) if sqlite
         else sa.cast(sa.func.coalesce(columns[j], 0), sa.BigInteger)) * (1 << shift)
        for j, shift, _ in word
    ]
    packed = parts[0]
    for part in parts[1:]:
        packed = packed + part
    return packed


def _zero_for_null(column: sa.ColumnElement) -> sa.ColumnElement:
    """``column`` with NULL read as 0: ``x`` itself for ``nullif(x, 0)``."""
    if (
        isinstance(column, sa.sql.functions.Function) and column.name == "nullif"
        and len(arguments := list(column.clauses)) == 2
        and isinstance(arguments[1], sa.BindParameter) and arguments[1].value == 0
    ):
        return arguments[0]
    return sa.func.coalesce(column, 0)


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
