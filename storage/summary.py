"""The inflow summary tables, kept in step with current inflow rows by signed deltas.

``inflow_summary`` sums inflow per year, quarter, municipality and target group (the pages'
aggregates); ``inflow_organisations`` counts current rows per organisation (the
organisation filter's options). Neither ever scans the data rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import sqlalchemy as sa

from storage import labels
from storage.schema import SUMMARY_KEYS, inflow_organisations, inflow_summary

_UPSERT_SUMMARY = (
    "INSERT INTO inflow_summary (year, quarter_key, municipality, target_group, inflow, "
    "row_count) VALUES ({marks}) ON CONFLICT (year, quarter_key, municipality, target_group) "
    "DO UPDATE SET inflow = inflow_summary.inflow + excluded.inflow, "
    "row_count = inflow_summary.row_count + excluded.row_count"
)
_UPSERT_ORGANISATIONS = (
    "INSERT INTO inflow_organisations (organisation, row_count) VALUES ({marks}) "
    "ON CONFLICT (organisation) "
    "DO UPDATE SET row_count = inflow_organisations.row_count + excluded.row_count"
)


@dataclass(frozen=True)
class Delta:
    """Signed changes of both summary tables."""

    keys: pd.DataFrame  # SUMMARY_KEYS (quarter 0 when unknown), inflow, row_count
    organisations: pd.DataFrame  # organisation, row_count


def delta(frame: pd.DataFrame, sign: int) -> Delta:
    """Inflow and row counts per summary key, and rows per organisation, times ``sign``.

    Works on text columns and on label ids alike (see :func:`decode`).
    """
    quarter = frame["quarter"].fillna(0).astype("int64")
    keys, (inflow, row_count) = _group_sums(
        [frame["year"], quarter, frame["municipality"], frame["target_group"]],
        frame["inflow"].to_numpy(dtype="int64"),
    )
    out = pd.DataFrame(dict(zip(SUMMARY_KEYS, keys, strict=True)))
    out["inflow"] = inflow * sign
    out["row_count"] = row_count * sign
    counts = frame["organisation"].value_counts(dropna=True)
    organisations = pd.DataFrame(
        {"organisation": counts.index.to_numpy(), "row_count": counts.to_numpy() * sign}
    )
    return Delta(out, organisations)


def _group_sums(keys: list[pd.Series], values: np.ndarray) -> tuple[list, tuple]:
    """Distinct key combinations with the sum of ``values`` and the row count of each.

    NOTE: each key is factorised to small codes, the codes are combined into one integer
    (mixed radix) and summed with ``np.bincount``: about ten times cheaper than a pandas
    groupby on four columns of a million rows. The key columns hold no missing values.
    """
    codes, uniques = zip(*(pd.factorize(key) for key in keys), strict=True)
    sizes = [max(len(u), 1) for u in uniques]
    combined = np.zeros(len(values), dtype="int64")
    for code, size in zip(codes, sizes, strict=True):
        combined = combined * size + code
    groups, inverse = np.unique(combined, return_inverse=True)
    row_count = np.bincount(inverse, minlength=len(groups)).astype("int64")
    # NOTE: float weights add integers exactly while every sum stays below 2**53; inflow
    # counts are many orders of magnitude smaller.
    sums = np.bincount(inverse, weights=values, minlength=len(groups)).astype("int64")
    out = []
    rest = groups
    for size, unique in zip(reversed(sizes), reversed(uniques), strict=True):
        rest, code = np.divmod(rest, size)
        out.append(np.asarray(unique)[code])
    return out[::-1], (sums, row_count)


def decode(change: Delta, mapping: labels.Mapping) -> Delta:
    """A delta computed on label ids, with its (few) keys turned back into text."""
    return Delta(
        labels.decode(change.keys, ["municipality", "target_group"], mapping),
        labels.decode(change.organisations, ["organisation"], mapping),
    )


def apply(conn: sa.Connection, *deltas: Delta) -> None:
    """Add the deltas to both tables and drop keys that no longer have rows."""
    parts = [d.keys for d in deltas if not d.keys.empty]
    if parts:
        total = pd.concat(parts).groupby(list(SUMMARY_KEYS), as_index=False).sum()
        total = total[(total["inflow"] != 0) | (total["row_count"] != 0)]
        rows = [
            (int(y), int(q), str(m), str(t), int(i), int(n))
            for y, q, m, t, i, n in total.itertuples(index=False, name=None)
        ]
        _upsert(conn, _UPSERT_SUMMARY, 6, rows)
        conn.execute(sa.delete(inflow_summary).where(inflow_summary.c.row_count == 0))
    parts = [d.organisations for d in deltas if not d.organisations.empty]
    if parts:
        total = pd.concat(parts).groupby("organisation", as_index=False)["row_count"].sum()
        rows = [(str(o), int(n)) for o, n in total.itertuples(index=False, name=None) if n]
        _upsert(conn, _UPSERT_ORGANISATIONS, 2, rows)
        conn.execute(
            sa.delete(inflow_organisations).where(inflow_organisations.c.row_count == 0)
        )


def _upsert(conn: sa.Connection, statement: str, width: int, rows: list[tuple]) -> None:
    if not rows:
        return
    mark = "%s" if conn.dialect.name == "postgresql" else "?"
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.executemany(statement.format(marks=", ".join([mark] * width)), rows)
    finally:
        cursor.close()
