"""The numbers of the Overzicht tiles, computed once from the filtered datasets.

Every field is None when its dataset is missing or the filters leave nothing, so the
page can show "nog geen gegevens" per tile instead of failing.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from indicators import inflow, lde, maatwerk
from indicators.change import PRE_CORONA_YEAR, relative_change
from indicators.datasets import Datasets
from indicators.filters import Filters
from indicators.periods import full_years


@dataclass(frozen=True)
class OverviewTiles:
    """Inflow in the last full year, LDE FTE against 100, maatwerk granted vs filled."""

    inflow_year: int | None = None
    inflow: float | None = None
    inflow_previous: float | None = None
    inflow_change: float | None = None
    inflow_base: float | None = None  # the 2019 (pre-corona) value
    inflow_change_vs_base: float | None = None
    lde_year: int | None = None
    lde_fte: float | None = None
    lde_previous: float | None = None  # the year before, for a selection without reference
    # The 100-FTE reference is a regional total: None for a selection of municipalities or
    # organisations, where it is no target.
    lde_reference: float | None = lde.REGIONAL_FTE_REFERENCE
    lde_fill_rate: float | None = None
    maatwerk_year: int | None = None
    maatwerk_granted: float | None = None  # of the organisations with a known occupation
    maatwerk_filled: float | None = None
    maatwerk_fill_rate: float | None = None
    maatwerk_unknown: int = 0  # organisations whose occupation is unknown (left out)
    base_year: int = PRE_CORONA_YEAR


def _stock_year(rows: pd.DataFrame, complete: frozenset[int]) -> int | None:
    """The last full year of a stock, else its latest year."""
    # NOTE: unlike a flow, a partial year of a stock is still a fair level (the mean of
    # the quarters delivered), so a new dataset does not leave its tile empty.
    if rows.empty:
        return None
    years = full_years(rows, complete)
    return years[-1] if years else int(rows["year"].max())


def _inflow_fields(datasets: Datasets, filters: Filters) -> dict:
    rows = filters.apply(datasets.inflow)
    complete = datasets.complete_years("inflow")
    years = full_years(rows, complete)
    if not years:
        return {}
    year = years[-1]
    per_year = inflow.per_year(rows, complete).set_index("year")["inflow"]
    previous = per_year.get(year - 1)
    base = per_year.get(PRE_CORONA_YEAR) if year > PRE_CORONA_YEAR else None
    return {
        "inflow_year": year,
        "inflow": float(per_year[year]),
        "inflow_previous": None if previous is None else float(previous),
        "inflow_change": relative_change(per_year[year], previous),
        "inflow_base": None if base is None else float(base),
        "inflow_change_vs_base": relative_change(per_year[year], base),
    }


def _lde_fields(datasets: Datasets, filters: Filters) -> dict:
    rows = filters.apply(datasets.lde)
    year = _stock_year(rows, datasets.complete_years("lde"))
    if year is None:
        return {}
    totals = lde.fte_per_year(rows.loc[rows["year"].isin([year - 1, year])])
    totals = totals.set_index("year")["fte"]
    return {
        "lde_year": year,
        "lde_fte": float(totals[year]) if year in totals else None,
        "lde_previous": float(totals[year - 1]) if year - 1 in totals else None,
        "lde_reference": lde.REGIONAL_FTE_REFERENCE if filters.covers_region else None,
        "lde_fill_rate": lde.regional_fill_rate(rows, year),
    }


def _maatwerk_fields(datasets: Datasets, filters: Filters) -> dict:
    rows = filters.apply(datasets.maatwerk)
    year = _stock_year(rows.loc[rows["occupied"].notna()], datasets.complete_years("maatwerk"))
    if year is None:
        return {}
    totals = maatwerk.granted_filled(rows.loc[rows["year"] == year]).iloc[0]
    return {
        "maatwerk_year": year,
        "maatwerk_granted": float(totals["places_known"]),
        "maatwerk_filled": float(totals["occupied"]),
        "maatwerk_fill_rate": None if pd.isna(rate := totals["fill_rate"]) else float(rate),
        "maatwerk_unknown": int(totals["unknown"]),
    }


def tiles(datasets: Datasets, filters: Filters) -> OverviewTiles:
    """The tile values for ``filters`` (last full year of each dataset)."""
    return OverviewTiles(
        **_inflow_fields(datasets, filters),
        **_lde_fields(datasets, filters),
        **_maatwerk_fields(datasets, filters),
    )
