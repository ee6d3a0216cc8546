"""Yearly values from monthly/quarterly rows, and which years are complete.

Flows (inflow) add up: a year is the sum of its months or quarters. Stocks (FTE,
places) do not: a year given per quarter is the *mean* of its quarters, never the sum.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np
import pandas as pd


def yearly_flow(frame: pd.DataFrame, value: str, by: Sequence[str] = ()) -> pd.DataFrame:
    """Sum of ``value`` per year (and ``by``), as float; columns ``[*by, year, value]``."""
    keys = [*by, "year"]
    if frame.empty:
        return pd.DataFrame({k: pd.Series(dtype=frame[k].dtype) for k in keys} | {value: []})
    out = (
        frame.assign(**{value: frame[value].astype("float64")})
        .groupby(keys, dropna=False, sort=True)[value]
        .sum(min_count=1)
        .reset_index()
    )
    return out.dropna(subset=[value])


def yearly_stock(frame: pd.DataFrame, value: str, by: Sequence[str] = ()) -> pd.DataFrame:
    """Yearly level of a stock per ``by``: the mean of the year's quarters.

    Rows without a quarter are already yearly values and are summed as they are. Rows
    with a quarter are summed per quarter and divided by the number of quarters that
    the frame holds for that year.
    """
    # NOTE: dividing by the quarters present in the whole frame (not per group) treats a
    # group absent in a quarter as 0 in that quarter, which keeps the regional total equal
    # to the sum of the per-organisation values (additivity) and makes a partial last
    # year (e.g. only Q1–Q2 delivered) the mean of the quarters that exist.
    keys = [*by, "year"]
    if frame.empty:
        return pd.DataFrame({k: pd.Series(dtype=frame[k].dtype) for k in keys} | {value: []})
    values = frame[value].astype("float64")
    has_quarter = frame["quarter"].notna()
    quarters = frame.loc[has_quarter].groupby("year")["quarter"].nunique()
    divisor = frame["year"].map(quarters).astype("float64").where(has_quarter, 1.0)
    scaled = frame.assign(**{value: values / divisor})
    out = scaled.groupby(keys, dropna=False, sort=True)[value].sum(min_count=1).reset_index()
    return out.dropna(subset=[value])


def full_years(frame: pd.DataFrame, complete: Collection[int] | None = None) -> list[int]:
    """Years with complete data, ascending.

    A year is full when it is before the last year of the frame, or when the last year
    has 12 months, 4 quarters, or yearly rows (no month and no quarter). Given
    ``complete`` (the years the whole dataset covers completely, see
    ``Datasets.complete_years``), the frame's years among those: a selection of a dataset
    is complete where the dataset is, since a month without rows for one municipality is
    a month without starts, not a month not delivered.
    """
    if frame.empty:
        return []
    if complete is not None:
        return sorted({int(y) for y in frame["year"].dropna().unique()} & set(complete))
    # NOTE: plain numpy on the few columns: builders call this on every filter change, and
    # the pandas version of these steps cost milliseconds each on a small frame.
    year = frame["year"].to_numpy(dtype="float64", na_value=np.nan)
    present = year[~np.isnan(year)]
    if not len(present):
        return []
    years = [int(y) for y in np.unique(present)]
    last = years[-1]
    in_last = year == last
    month = _values(frame, "month")[in_last]
    quarter = _values(frame, "quarter")[in_last]
    months = len(np.unique(month[~np.isnan(month)]))
    quarters = len(np.unique(quarter[~np.isnan(quarter)]))
    yearly_rows = bool((np.isnan(quarter) & np.isnan(month)).any())
    complete = yearly_rows or months == 12 or (months == 0 and quarters == 4)
    return years if complete else years[:-1]


def _values(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A period column as floats with NaN for missing (all NaN when the frame lacks it)."""
    if column not in frame:
        return np.full(len(frame), np.nan)
    return frame[column].to_numpy(dtype="float64", na_value=np.nan)


def partial_year(frame: pd.DataFrame) -> tuple[int, int, str] | None:
    """``(year, periods, unit)`` of an incomplete last year, e.g. ``(2024, 6, "month")``."""
    if frame.empty:
        return None
    years = full_years(frame)
    last = int(frame["year"].max())
    if years and years[-1] == last:
        return None
    rows = frame.loc[frame["year"] == last]
    if "month" in rows and rows["month"].notna().any():
        return last, int(rows["month"].max()), "month"
    return last, int(rows["quarter"].max()), "quarter"
