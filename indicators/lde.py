"""LDE indicators: FTE (a stock) per organisation and for the region, and fill rates.

An LDE contingent is cut when the yearly fill rate stays under 90 %; the region's LDE
organisations together employ more than 100 FTE, the reference line of the charts.
"""

from __future__ import annotations

import pandas as pd

from indicators.periods import yearly_stock

FILL_RATE_RULE = 0.90
REGIONAL_FTE_REFERENCE = 100.0


def fte_per_year(frame: pd.DataFrame, by: tuple[str, ...] = ()) -> pd.DataFrame:
    """Yearly FTE (mean of quarters) per ``by``: columns ``[*by, year, fte]``."""
    out = yearly_stock(frame, "fte", by=by)
    out["year"] = out["year"].astype(int)
    return out


def fte_per_organisation(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """FTE per organisation in ``year``, largest first: ``organisation``, ``fte``."""
    yearly = fte_per_year(frame.loc[frame["year"] == year], by=("organisation",))
    return (
        yearly[["organisation", "fte"]]
        .sort_values("fte", ascending=False, kind="stable")
        .reset_index(drop=True)
    )


def fill_rates(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """Fill rate per organisation with a known contingent in ``year``.

    Columns ``organisation``, ``fte``, ``contingent``, ``fill_rate`` and
    ``meets_rule`` (fill rate ≥ 90 %); lowest fill rate first. Organisations without a
    contingent are left out: their rate is unknown, not zero.
    """
    rows = frame.loc[(frame["year"] == year) & frame["contingent"].notna()]
    fte = yearly_stock(rows, "fte", by=("organisation",))
    contingent = yearly_stock(rows, "contingent", by=("organisation",))
    out = fte.merge(contingent, on=["organisation", "year"])
    out = out.loc[out["contingent"] > 0].drop(columns="year")
    out["fill_rate"] = out["fte"] / out["contingent"]
    out["meets_rule"] = out["fill_rate"] >= FILL_RATE_RULE
    return out.sort_values("fill_rate", kind="stable").reset_index(drop=True)


def regional_fill_rate(frame: pd.DataFrame, year: int) -> float | None:
    """Filled FTE over contingent, over the organisations whose contingent is known."""
    rates = fill_rates(frame, year)
    total = rates["contingent"].sum()
    return float(rates["fte"].sum() / total) if total else None
