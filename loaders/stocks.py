"""Stocks given per month become the mean of their quarter.

FTE, contingent and places are stocks: the tidy LDE and maatwerk shapes keep quarters,
not months. A file that gives them per month (wide "jan … dec", or a "Maand" column)
is read as follows: the parts of one month (sites, sub-types) add up first, then the
months present in each quarter average, never add up; a warning says so.
"""

from __future__ import annotations

import contextlib

import pandas as pd

from loaders.fields import Findings


def average_months(
    frame: pd.DataFrame, keys: list[str], measures: list[str], found: Findings
) -> pd.DataFrame:
    """``frame`` (keys and measures) with its monthly rows replaced by one row per quarter."""
    if "month" not in frame or frame["month"].isna().all():
        return frame
    monthly = frame["month"].notna().to_numpy()
    rows = frame[monthly]
    present = [m for m in measures if m in rows]
    by_month = rows.groupby([*keys, "month"], dropna=False, sort=False, observed=True)
    # One unknown part makes the month unknown; an unknown month is left out of the mean.
    months = by_month[present].sum(min_count=1, skipna=False).reset_index()
    quarters = (
        months.groupby(keys, dropna=False, sort=False, observed=True)[present].mean().reset_index()
    )
    sheets = ", ".join(f"'{s}'" for s in dict.fromkeys(rows["_sheet"].astype(str)))
    found.warnings.append(
        f"Blad {sheets}: cijfers per maand omgezet naar het gemiddelde per kwartaal "
        f"({len(rows)} maandcijfers, {len(quarters)} kwartaalrijen)."
    )
    columns = [*keys, *present]
    out = pd.concat([frame.loc[~monthly, columns], quarters[columns]], ignore_index=True)
    for column in columns:  # keep categoricals and nullable integers as they were
        if out[column].dtype != frame[column].dtype:
            with contextlib.suppress(TypeError, ValueError):
                out[column] = out[column].astype(frame[column].dtype)
    return out
