"""Inflow (instroom) indicators: a flow, so periods add up.

Every function takes an already filtered tidy inflow frame and returns a small frame
of exact numbers; formatting and masking are left to the charts.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from indicators.change import PRE_CORONA_YEAR, change_against, year_on_year
from indicators.periods import full_years, yearly_flow
from reference import Region

Unit = Literal["month", "quarter"]
UNKNOWN_ORGANISATION = "Organisatie onbekend"


PERIOD_COLUMNS = ["year", "month", "quarter"]


def compact(frame: pd.DataFrame, by: Sequence[str] = ()) -> pd.DataFrame:
    """The inflow summed per period (year, month, quarter) and ``by``: a small frame with
    the same meaning, on which every function of this module gives the same answer.
    """
    # NOTE: builders call this first so the many small steps after it (full years,
    # changes, shares) run on hundreds of rows instead of a million.
    keys = [*by, *PERIOD_COLUMNS]
    out = frame.groupby(keys, dropna=False, sort=False, observed=True)["inflow"].sum().reset_index()
    return out.loc[out["year"].notna()]


def per_year(frame: pd.DataFrame, complete: Collection[int] | None = None) -> pd.DataFrame:
    """Inflow per year with its change: columns ``year``, ``inflow``, ``change``
    (against the year before), ``change_vs_base`` (against 2019) and ``full``.

    ``complete``: the years the whole dataset covers completely, for a selection of it
    (see ``periods.full_years``).
    """
    totals = yearly_flow(frame, "inflow").set_index("year")["inflow"]
    totals.index = totals.index.astype(int)
    complete = set(full_years(frame, complete))
    out = pd.DataFrame(
        {
            "inflow": totals,
            "change": year_on_year(totals),
            "change_vs_base": change_against(totals, PRE_CORONA_YEAR),
        }
    )
    out["full"] = [y in complete for y in out.index]
    return out.rename_axis("year").reset_index()


def per_period(frame: pd.DataFrame, unit: Unit = "month") -> pd.DataFrame:
    """Inflow per month or quarter against the same period a year earlier.

    Columns ``year``, ``period`` (month 1–12 or quarter 1–4), ``inflow``,
    ``previous`` (same period, previous year; NaN when absent) and ``change``.
    Rows without that period (yearly-only rows) are left out.
    """
    # NOTE: numpy instead of groupby/reindex: this runs on every filter change, and on a
    # compacted frame of a few hundred rows pandas' per-call overhead was most of the cost.
    year = frame["year"].to_numpy(dtype="float64", na_value=np.nan)
    period = frame[unit].to_numpy(dtype="float64", na_value=np.nan)
    inflow = frame["inflow"].to_numpy(dtype="float64", na_value=np.nan)
    known = ~np.isnan(year) & ~np.isnan(period)
    keys, position = np.unique(year[known] * 100 + period[known], return_inverse=True)
    sums = np.bincount(position, weights=np.nan_to_num(inflow[known]), minlength=len(keys))
    index = {key: i for i, key in enumerate(keys.tolist())}
    previous = np.array([sums[index[k - 100]] if k - 100 in index else np.nan
                         for k in keys.tolist()], dtype="float64")
    out = pd.DataFrame(
        {
            "year": (keys // 100).astype("int64"),
            "period": (keys % 100).astype("int64"),
            "inflow": sums.astype("float64"),
            "previous": previous,
        }
    )
    base = out["previous"].where(out["previous"] != 0)
    out["change"] = out["inflow"] / base - 1.0
    return out


def per_municipality(frame: pd.DataFrame, region: Region) -> pd.DataFrame:
    """Inflow per municipality and per 1,000 inhabitants, in region order.

    Columns ``municipality``, ``inflow``, ``population`` and ``per_1000``. Every
    municipality of the region appears: with its sum when the frame has rows for it (0
    when they say 0), NaN when it has none (no data is not zero); the outside label
    appears only when it has inflow, without a rate (no population).
    """
    sums = (
        frame.assign(inflow=frame["inflow"].astype("float64"))
        .groupby("municipality")["inflow"]
        .sum()
    )
    names = region.names + ([region.outside_label] if region.outside_label in sums else [])
    out = pd.DataFrame({"municipality": names})
    out["inflow"] = out["municipality"].map(sums)
    out["population"] = out["municipality"].map(region.population).astype("float64")
    out["per_1000"] = out["inflow"] / out["population"] * 1000.0
    return out


def per_group(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Inflow per value of ``column`` (largest first) with its share of the total.

    Missing organisations are grouped as "Organisatie onbekend" so totals stay exact.
    """
    labels = frame[column]
    if column == "organisation":
        labels = labels.fillna(UNKNOWN_ORGANISATION)
    sums = (
        frame.assign(**{column: labels, "inflow": frame["inflow"].astype("float64")})
        .groupby(column)["inflow"]
        .sum()
        .sort_values(ascending=False, kind="stable")
    )
    total = sums.sum()
    out = sums.reset_index()
    out["share"] = out["inflow"] / total if total else float("nan")
    return out


def per_year_by(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Inflow per year and ``column`` (e.g. municipality): ``column``, ``year``, ``inflow``."""
    out = yearly_flow(frame, "inflow", by=[column])
    out["year"] = out["year"].astype(int)
    return out


def year_to_date(frame: pd.DataFrame, months: int | None = None) -> dict[str, float | int] | None:
    """The latest year's months against the same months of the year before.

    Returns ``year``, ``months`` (the last month of the latest year with data),
    ``inflow``, ``previous`` and ``change``; None without monthly data or without the
    year before. A month the latest year lacks is left out of both sums, so a partial
    year is compared like with like. ``months``: how far the whole dataset reaches in
    that year (a selection of it), so a month without starts counts as 0 on both sides.
    """
    periods = per_period(frame, "month")
    if periods.empty:
        return None
    year = int(periods["year"].max())
    current = periods.loc[periods["year"] == year]
    if months is not None:
        before = periods.loc[(periods["year"] == year - 1) & (periods["period"] <= months)]
        if not (periods["year"] == year - 1).any():
            return None
        inflow = float(current.loc[current["period"] <= months, "inflow"].sum())
        previous = float(before["inflow"].sum())
    else:
        if current["previous"].isna().all():
            return None
        months = int(current["period"].max())
        inflow = float(current["inflow"].sum())
        previous = float(current["previous"].sum())
    return {
        "year": year,
        "months": months,
        "inflow": inflow,
        "previous": previous,
        "change": inflow / previous - 1.0 if previous else float("nan"),
    }
