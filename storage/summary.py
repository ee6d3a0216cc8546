"""The inflow summary table: kept in step with current inflow rows by signed deltas."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from storage.schema import SUMMARY_KEYS, inflow_summary

_UPSERT = (
    "INSERT INTO inflow_summary (year, quarter_key, municipality, target_group, inflow, "
    "row_count) VALUES ({marks}) ON CONFLICT (year, quarter_key, municipality, target_group) "
    "DO UPDATE SET inflow = inflow_summary.inflow + excluded.inflow, "
    "row_count = inflow_summary.row_count + excluded.row_count"
)


def delta(frame: pd.DataFrame, sign: int) -> pd.DataFrame:
    """Inflow and row counts per summary key of ``frame``, multiplied by ``sign``."""
    keys = frame[list(SUMMARY_KEYS)].copy()
    keys["quarter"] = keys["quarter"].fillna(0).astype("int64")
    keys["inflow"] = frame["inflow"].astype("int64") * sign
    keys["row_count"] = sign
    return keys.groupby(list(SUMMARY_KEYS), as_index=False)[["inflow", "row_count"]].sum()


def apply(conn: sa.Connection, *deltas: pd.DataFrame) -> None:
    """Add the deltas to the summary and drop keys that no longer have rows."""
    parts = [d for d in deltas if not d.empty]
    if not parts:
        return
    total = pd.concat(parts).groupby(list(SUMMARY_KEYS), as_index=False).sum()
    total = total[(total["inflow"] != 0) | (total["row_count"] != 0)]
    rows = [
        (int(y), int(q), str(m), str(t), int(i), int(n))
        for y, q, m, t, i, n in total.itertuples(index=False, name=None)
    ]
    if not rows:
        return
    marks = "%s, %s, %s, %s, %s, %s" if conn.dialect.name == "postgresql" else "?, ?, ?, ?, ?, ?"
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.executemany(_UPSERT.format(marks=marks), rows)
    finally:
        cursor.close()
    conn.execute(sa.delete(inflow_summary).where(inflow_summary.c.row_count == 0))
