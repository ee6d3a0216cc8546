"""The region against the rest of its province and the rest of Flanders, on ratios that
need no population: the maatwerk fill rate, the change of granted places against 2019
and the share of individueel maatwerk in them, the LDE fill rate, and inflow against
2019 and per target group as shares.

The figures outside the region come from rows of Flemish municipalities outside the
region that are open data of all Flanders (``Datasets.beyond``: stock rows at such a
municipality, such as the WSE export of maatwerk per site; inflow rows the loaders
marked so, ``loaders.places.mark_comparison``). A comparison area counts only in the
years its rows cover it (``reference.areas``): a file that happens to list Roeselare is
no picture of Flanders.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd

from indicators.change import change_against
from indicators.maatwerk import granted_filled
from indicators.periods import full_years, yearly_stock
from reference import Region, flanders, home_province
from reference import areas as outside


@dataclass(frozen=True)
class Areas:
    """The rows of the region and of each comparison area, with an ``area`` column (a
    row of the home province outside the region counts in both comparison areas)."""

    rows: pd.DataFrame
    names: tuple[str, ...]  # the region first, then the areas covered in some year
    years: dict[str, tuple[int, ...]]  # per comparison area: the years it is covered


def rest_of_flanders(region: Region) -> str:
    return f"Rest van Vlaanderen (zonder {region.code})"


def rest_of_province(region: Region) -> str | None:
    province = home_province(region)
    return f"Rest van {province}" if province else None


def areas(inside: pd.DataFrame, beyond: pd.DataFrame, region: Region) -> Areas:
    """``inside`` (the region's rows) and ``beyond`` (rows of Flemish municipalities
    outside it, with ``nis_code``) as one frame with an ``area`` column; a municipality
    outside the region is its own series (its NIS code in ``municipality``)."""
    places = flanders()
    own = {m.nis_code for m in region.municipalities}
    beyond = beyond.loc[beyond["nis_code"].isin(places.keys()) & ~beyond["nis_code"].isin(own)]
    beyond = beyond.assign(municipality=beyond["nis_code"])
    province = home_province(region)
    province_of = beyond["nis_code"].map(lambda code: places[code].province)
    parts = [inside.assign(area=region.code)]
    years: dict[str, tuple[int, ...]] = {}
    for name, rows, area in (
        (rest_of_province(region), beyond.loc[province_of == province],
         outside.rest_of_province(region)),
        (rest_of_flanders(region), beyond, outside.rest_of_flanders(region)),
    ):
        if name is None or area is None or rows.empty:
            continue
        covered = tuple(
            int(year) for year, group in rows.groupby("year") if area.covered_by(group["nis_code"])
        )
        if covered:
            years[name] = covered
            parts.append(rows.loc[rows["year"].isin(covered)].assign(area=name))
    frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return Areas(frame, (region.code, *years), years)


def lde_fill_rates(found: Areas) -> pd.DataFrame:
    """Yearly LDE fill rate per area (FTE over contingent, rows with a known contingent):
    columns ``area``, ``year``, ``fill_rate``, ``fte``, ``contingent``."""
    rows = found.rows.loc[found.rows["contingent"].notna()]
    keys = ["area", "year"]
    out = yearly_stock(rows, "fte", by=("area",)).merge(
        yearly_stock(rows, "contingent", by=("area",)), on=keys
    )
    out["fill_rate"] = out["fte"] / out["contingent"].where(out["contingent"] > 0)
    return out[[*keys, "fill_rate", "fte", "contingent"]]


def fill_rates(found: Areas) -> pd.DataFrame:
    """Yearly fill rate per area: columns ``area``, ``year``, ``fill_rate``,
    ``occupied``, ``places_known``."""
    table = granted_filled(found.rows, by=("area",))
    return table[["area", "year", "fill_rate", "occupied", "places_known"]]


def places_change(found: Areas, base_year: int) -> pd.DataFrame:
    """Yearly granted places per area and their change against ``base_year`` (NaN
    where the area has no places in that year)."""
    places = yearly_stock(found.rows, "places", by=("area",))
    out = []
    for area, group in places.groupby("area", sort=False):
        series = group.set_index("year")["places"]
        change = change_against(series, base_year)
        out.append(
            pd.DataFrame(
                {
                    "area": area,
                    "year": series.index.astype(int),
                    "places": series.to_numpy(),
                    "change": change.to_numpy(),
                }
            )
        )
    return pd.concat(out, ignore_index=True)


def individual_share(found: Areas) -> pd.DataFrame:
    """Yearly share of individueel maatwerk in the granted places per area."""
    places = yearly_stock(found.rows, "places", by=("area", "kind"))
    total = places.groupby(["area", "year"])["places"].sum()
    individual = (
        places.loc[places["kind"] == "individueel"].groupby(["area", "year"])["places"].sum()
    )
    share = (individual.reindex(total.index).fillna(0.0) / total.where(total > 0)).rename("share")
    return pd.concat([share, total.rename("places")], axis=1).reset_index()


def inflow_change(
    found: Areas, base_year: int, region_years: Collection[int] | None = None
) -> pd.DataFrame:
    """Yearly inflow per area in the years it covers whole, and its change against
    ``base_year``: columns ``area``, ``year``, ``inflow``, ``base`` (the area's inflow in
    ``base_year``, NaN when absent) and ``change`` (NaN without a base).

    ``region_years``: the complete years of the whole dataset (a selection of it is
    complete where it is, ``Datasets.complete_years``); each comparison area's own rows
    say which of its years are whole.
    """
    out = []
    for area, rows in found.rows.groupby("area", sort=False):
        complete = region_years if area == found.names[0] else None
        years = full_years(rows, complete)
        totals = rows.loc[rows["year"].isin(years)].groupby("year")["inflow"].sum()
        if totals.empty:
            continue
        totals.index = totals.index.astype(int)
        out.append(
            pd.DataFrame(
                {
                    "area": area,
                    "year": totals.index,
                    "inflow": totals.to_numpy(dtype="float64"),
                    "base": float(totals.get(base_year, float("nan"))),
                    "change": change_against(totals, base_year).to_numpy(),
                }
            )
        )
    columns = ["area", "year", "inflow", "base", "change"]
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame(columns=columns)


def shares(found: Areas, column: str, year: int) -> pd.DataFrame:
    """Inflow of ``year`` per area and value of ``column`` (a target group) as a share of
    the area's inflow that year in the values every area counts: columns ``area``,
    ``column``, ``inflow``, ``share``.

    A value only some areas count (a target group the open data of Flanders leave out)
    is left out of every area's total: otherwise the shares of the others would be parts
    of different wholes.
    """
    rows = found.rows.loc[found.rows["year"] == year]
    table = rows.groupby(["area", column], sort=False)["inflow"].sum().reset_index()
    table = table.loc[table["inflow"] > 0]
    counted_by = table.groupby(column)["area"].transform("nunique")
    table = table.loc[counted_by == table["area"].nunique()]
    total = table.groupby("area")["inflow"].transform("sum")
    table["inflow"] = table["inflow"].astype("float64")
    table["share"] = table["inflow"] / total
    return table.reset_index(drop=True)
