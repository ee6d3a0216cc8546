"""The summaries of the summarised kind (``schema.SUMMARIES``), in step with its current rows.

Every write keeps them exact with set-based statements, never a Python step per row:

* rows that stop or start being current add their sums with a sign, one
  ``INSERT … SELECT … GROUP BY … ON CONFLICT`` per summary (``add_rows``);
* an import's own rows are summed in numpy from the frame it writes (``add_frame``);
* when most rows of some years move, those years are recomputed from the rows that stay
  (``rebuild``), which is cheaper than subtracting what left.

Keys no current row has any more are dropped, so a summary lists exactly the key
combinations present.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from storage import bulk
from storage.schema import DATA, SUMMARIES, SUMMARISED, Summary

_STAGE = "w13_summary_stage"


def _grouped(summary: Summary, where: sa.ColumnElement[bool], sign: int) -> sa.Select:
    rows = DATA[SUMMARISED]
    keys = [sa.func.coalesce(rows.c[k], 0) for k in summary.keys]  # 0: no value
    sums = [(sa.func.sum(rows.c[m]) * sign) for m in summary.measures]
    return sa.select(*keys, *sums, sa.func.count() * sign).where(where).group_by(*keys)


def _insert(conn: sa.Connection, summary: Summary) -> object:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(summary.table)


def _merge(conn: sa.Connection, summary: Summary, select: sa.Select) -> None:
    """Add the sums ``select`` yields (keys, measures, row count) to the summary."""
    table = summary.table
    names = [*summary.keys, *summary.measures, "row_count"]
    insert = _insert(conn, summary).from_select(names, select)
    added = [*summary.measures, "row_count"]
    conn.execute(insert.on_conflict_do_update(
        index_elements=list(summary.keys),
        set_={n: table.c[n] + insert.excluded[n] for n in added},
    ))


def add_rows(conn: sa.Connection, where: sa.ColumnElement[bool], sign: int) -> None:
    """Add (sign 1) or take away (-1) the rows matching ``where`` in every summary."""
    for summary in SUMMARIES:
        _merge(conn, summary, _grouped(summary, where, sign))
    prune(conn)


def rebuild(conn: sa.Connection, years: Sequence[int], current: sa.ColumnElement[bool]) -> None:
    """Recompute ``years`` of every summary from the rows matching ``current`` (the
    current rows of those years)."""
    rows = DATA[SUMMARISED]
    wanted = [int(y) for y in years]
    for summary in SUMMARIES:
        conn.execute(sa.delete(summary.table).where(summary.table.c.year.in_(wanted)))
        names = [*summary.keys, *summary.measures, "row_count"]
        select = _grouped(summary, sa.and_(current, rows.c.year.in_(wanted)), 1)
        conn.execute(sa.insert(summary.table).from_select(names, select))


def add_frame(conn: sa.Connection, frame: pd.DataFrame, *, fresh: bool = False) -> None:
    """Add the rows of a frame about to be written (text columns as label ids).

    ``fresh``: the summaries hold nothing of the frame's years, so its sums are plainly
    inserted (PostgreSQL: copied) instead of merged.

    NOTE: summed in numpy, several times cheaper than the database grouping the million
    rows it has just written; each key column is factorised once for every summary.
    """
    if frame.empty:
        return
    columns = {k for s in SUMMARIES for k in s.keys}
    factorised = {
        k: pd.factorize(frame[k].fillna(0).to_numpy(dtype="int64")) for k in columns
    }
    measures = {m: frame[m].to_numpy(dtype="float64", na_value=0.0)
                for m in SUMMARIES[0].measures}
    for summary in SUMMARIES:
        keys, sums, counts = _group_sums([factorised[k] for k in summary.keys],
                                         [measures[m] for m in summary.measures])
        values = np.column_stack([*keys, *sums, counts]).astype("int64")
        if fresh:
            bulk.insert_matrix(conn, summary.table, values)
        else:
            _merge_values(conn, summary, values)


def _merge_values(conn: sa.Connection, summary: Summary, values: np.ndarray) -> None:
    """Add rows of (keys, measures, row count) to the summary."""
    table = summary.table
    added = [*summary.measures, "row_count"]
    if conn.dialect.name != "postgresql":
        # NOTE: SQLite takes ON CONFLICT on a multi-row VALUES list: no staging needed.
        update = ", ".join(f"{n} = {table.name}.{n} + excluded.{n}" for n in added)
        clause = f"ON CONFLICT ({', '.join(summary.keys)}) DO UPDATE SET {update}"
        bulk.insert_matrix(conn, table, values, clause)
        return
    # PostgreSQL: COPY into a temporary table, then merge it in one statement.
    stage = sa.Table(_STAGE, sa.MetaData(), *(sa.Column(c.name, c.type) for c in table.columns),
                     prefixes=["TEMPORARY"])
    conn.execute(sa.text(f"DROP TABLE IF EXISTS {_STAGE}"))
    stage.create(conn)
    bulk.insert_matrix(conn, stage, values)
    _merge(conn, summary, sa.select(*stage.columns))
    conn.execute(sa.text(f"DROP TABLE {_STAGE}"))


def _group_sums(
    keys: list[tuple[np.ndarray, np.ndarray]], values: list[np.ndarray]
) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray]:
    """Distinct key combinations, the sum of each of ``values`` and the row count of each.

    ``keys`` are factorised columns (codes, distinct values). NOTE: the codes are
    combined into one integer (mixed radix) and summed with ``np.bincount``: about ten
    times cheaper than a pandas groupby on five columns of a million rows.
    """
    sizes = [max(len(uniques), 1) for _, uniques in keys]
    combined = np.zeros(len(keys[0][0]), dtype="int64")
    for (codes, _), size in zip(keys, sizes, strict=True):
        combined = combined * size + codes
    space = int(np.prod(sizes, dtype="float64"))
    if space <= 4 * len(combined) + 1_000_000:  # few combinations possible: no sort
        counts = np.bincount(combined, minlength=space)
        groups = np.flatnonzero(counts)
        inverse = None
    else:
        groups, inverse = np.unique(combined, return_inverse=True)
        counts = np.bincount(inverse, minlength=len(groups))
    position = combined if inverse is None else inverse
    # NOTE: float weights add integers exactly while every sum stays below 2**53.
    sums = [np.bincount(position, weights=v, minlength=len(counts)) for v in values]
    if inverse is None:
        counts, sums = counts[groups], [s[groups] for s in sums]
    out = []
    rest = groups
    for size, (_, uniques) in zip(reversed(sizes), reversed(keys), strict=True):
        rest, code = np.divmod(rest, size)
        out.append(np.asarray(uniques)[code])
    return out[::-1], sums, counts.astype("int64")


def prune(conn: sa.Connection) -> None:
    """Drop the keys no current row has any more."""
    for summary in SUMMARIES:
        conn.execute(sa.delete(summary.table).where(summary.table.c.row_count == 0))


def totals(conn: sa.Connection, years: Sequence[int]) -> pd.DataFrame:
    """Current rows and measure sums per year of ``years`` (the smallest summary)."""
    table = SUMMARIES[0].table
    measures = SUMMARIES[0].measures
    query = (
        sa.select(table.c.year, sa.func.sum(table.c.row_count),
                  *(sa.func.sum(table.c[m]) for m in measures))
        .where(table.c.year.in_([int(y) for y in years]))
        .group_by(table.c.year)
    )
    rows = conn.execute(query).all()
    return pd.DataFrame.from_records(rows, columns=["year", "rows", *measures])


def smallest(columns: Sequence[str]) -> Summary | None:
    """The smallest summary with every one of ``columns`` as a key, if any."""
    wanted = set(columns)
    return next((s for s in SUMMARIES if s.covers(wanted)), None)
