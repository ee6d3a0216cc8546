"""The summaries of the summarised kind (``schema.SUMMARIES``), in step with its current rows.

Every write keeps them exact with set-based statements, never a Python step per row:

* rows that stop or start being current add their sums with a sign, one
  ``INSERT … SELECT … GROUP BY … ON CONFLICT`` per summary (``add_rows``);
* an import's own rows are summed in numpy from the frame it writes (``sums``,
  ``add_sums``);
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

from storage import bulk, labels
from storage.schema import DATA, SUMMARIES, SUMMARISED, Summary

_STAGE = "w13_summary_stage"
# An integer key spanning fewer values is coded by offset instead of factorised.
_DENSE = 4096


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


def sums(encoded: labels.Encoded) -> list[np.ndarray]:
    """The sums of the rows of a frame about to be written, one matrix of (keys,
    measures, row count) per summary of ``SUMMARIES``.

    NOTE: summed in numpy, several times cheaper than the database grouping the million
    rows it has just written. Pure numpy on the frame, so it runs beside the rows' write.
    """
    frame = encoded.frame
    names = dict.fromkeys(k for s in SUMMARIES for k in s.keys)
    columns = {k: _key(frame[k], encoded.codes.get(k)) for k in names}
    measures = {m: frame[m].to_numpy(dtype="float64", na_value=0.0)
                for m in SUMMARIES[0].measures}
    out = []
    for summary in SUMMARIES:
        parts = _group_sums([columns[k] for k in summary.keys],
                            [measures[m] for m in summary.measures])
        values = np.empty((len(parts[-1]), len(parts)), dtype="int64")
        for j, part in enumerate(parts):
            values[:, j] = part
        out.append(values)
    return out


def add_sums(conn: sa.Connection, sums: Sequence[np.ndarray], *, fresh: bool = False) -> None:
    """Add the matrices ``sums()`` returned to their summaries.

    ``fresh``: the summaries hold nothing of these rows' years, so the sums are plainly
    inserted (PostgreSQL: copied) instead of merged.
    """
    for summary, values in zip(SUMMARIES, sums, strict=True):
        if not len(values):
            continue
        if fresh:
            bulk.insert_matrix(conn, summary.table, values)
        else:
            _merge_values(conn, summary, values)


def _key(column: pd.Series, codes: tuple[np.ndarray, np.ndarray] | None
         ) -> tuple[np.ndarray, np.ndarray]:
    """A key column as codes from 0 and the value of each code, 0 the value of missing.

    ``codes``: a text column's codes and label ids from ``labels.encode`` (missing: -1).
    """
    if codes is not None:
        positions, ids = codes
        absent = positions < 0
        if absent.any():  # missing: one more code, with value 0
            return np.where(absent, len(ids), positions), np.append(ids, 0)
        return positions, ids
    values = column.to_numpy(dtype="int64", na_value=0)
    low, high = (int(values.min()), int(values.max())) if len(values) else (0, 0)
    if high - low < _DENSE:  # years, quarters, months: offsets are codes, no hashing
        return values - low, np.arange(low, high + 1)
    return pd.factorize(values)


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
) -> list[np.ndarray]:
    """Distinct key combinations (a column per key), the sum of each of ``values`` and
    the row count of each.

    ``keys`` are factorised columns (codes, distinct values). NOTE: the codes are
    combined into one integer (mixed radix) and summed with ``np.bincount``: about ten
    times cheaper than a pandas groupby on five columns of a million rows.
    """
    sizes = [max(len(uniques), 1) for _, uniques in keys]
    combined = np.zeros(len(keys[0][0]), dtype="int64")
    for (codes, _), size in zip(keys, sizes, strict=True):
        combined *= size
        combined += codes
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
    return [*out[::-1], *sums, counts]


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
