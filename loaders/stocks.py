"""Stocks given per month become the mean of their quarter.

FTE, contingent and places are stocks: the tidy LDE and maatwerk shapes keep quarters,
not months. A file that gives them per month (wide "jan … dec", or a "Maand" column)
is read as the mean of the months present in each quarter, never their sum, and a
warning says so.
"""

from __future__ import annotations

import contextlib

import pandas as pd

from loaders.fields import Findings

# Columns that tell two rows of one quarter apart besides the dataset's keys.
EXTRA_KEYS = ("_place",)


def average_months(
    frame: pd.DataFrame, keys: list[str], measures: list[str], found: Findings
) -> pd.DataFrame:
    """``frame`` with its monthly rows replaced by one row per quarter (the month mean)."""
    if "month" not in frame or frame["month"].isna().all():
        return frame
    monthly = frame["month"].notna().to_numpy()
    rows = frame[monthly]
    by = [k for k in (*keys, *EXTRA_KEYS) if k in rows]
    present = [m for m in measures if m in rows]
    rest = [c for c in rows.columns if c not in by and c not in present]
    grouped = rows.groupby(by, dropna=False, sort=False, observed=True)
    means = grouped[present].mean()
    firsts = grouped[rest].first()
    quarters = means.join(firsts).reset_index()
    quarters["month"] = pd.array([pd.NA] * len(quarters), dtype="Int64")
    sheets = ", ".join(f"'{s}'" for s in dict.fromkeys(rows["_sheet"].astype(str)))
    found.warnings.append(
        f"Blad {sheets}: cijfers per maand omgezet naar het gemiddelde per kwartaal "
        f"({len(rows)} maandcijfers, {len(quarters)} kwartaalrijen)."
    )
    out = pd.concat([frame[~monthly], quarters[frame.columns]], ignore_index=True)
    for column in frame.columns:  # keep categoricals and nullable integers as they were
        if out[column].dtype != frame[column].dtype:
            with contextlib.suppress(TypeError, ValueError):
                out[column] = out[column].astype(frame[column].dtype)
    return out
