"""Fast batched writes of tidy frames: executemany on SQLite, COPY on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import islice, repeat

import pandas as pd
import sqlalchemy as sa

from storage import labels
from storage.schema import TIDY

BATCH_ROWS = 100_000

Progress = Callable[[int, int], None]


def row_tuples(kind: str, frame: pd.DataFrame, import_id: int) -> Iterator[tuple]:
    """``(import_id, *tidy values)`` per row, with None for missing and plain Python types."""
    columns = [
        frame[c.name].to_numpy(dtype=object, na_value=None) for c in TIDY[kind]
    ]
    return zip(repeat(import_id), *columns)


def insert_frame(
    conn: sa.Connection,
    kind: str,
    frame: pd.DataFrame,
    import_id: int,
    *,
    progress: Progress | None = None,
) -> None:
    """Insert every row of a tidy frame for one import, in batches, text as label ids."""
    columns = ["import_id", *(c.name for c in TIDY[kind])]
    rows = row_tuples(kind, labels.encode(conn, kind, frame), import_id)
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
            marks = ", ".join("?" for _ in columns)
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
    finally:
        cursor.close()

