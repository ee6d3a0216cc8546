"""The region against the rest of its province and the rest of Flanders, on ratios that
need no population: the maatwerk fill rate, the change of granted places against 2019
and the share of individueel maatwerk in them, and the LDE fill rate.

The figures outside the region come from stock rows at a Flemish municipality outside
the region (open data of all Flanders, such as the WSE export of maatwerk per site;
``Datasets.beyond``). A comparison area counts only in the years its rows cover it
(``COVERAGE``): a file that happens to list Roeselare is no picture of Flanders.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from indicators.change import change_against
from indicators.maatwerk import granted_filled
from indicators.periods import yearly_stock
from reference import Region, flanders, home_province

# NOTE: coverage, not completeness: open data list only municipalities that have the
# measure (a small one may have no maatwerk site), so a quarter of the municipalities
# outside the region, in every province for Flanders, is taken as covering the area;
# a list of a few neighbours of the region never is.
COVERAGE = 0.25


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
    for name, rows, members in (
        (
            rest_of_province(region),
            beyond.loc[province_of == province],
            [c for c, p in places.items() if p.province == province and c not in own],
        ),
        (rest_of_flanders(region), beyond, [c for c in places if c not in own]),
    ):
        if name is None or rows.empty:
            continue
        covered = tuple(
            int(year)
            for year, group in rows.groupby("year")
            if _covers(group, members, whole=name == rest_of_flanders(region))
        )
        if covered:
            years[name] = covered
            parts.append(rows.loc[rows["year"].isin(covered)].assign(area=name))
    frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return Areas(frame, (region.code, *years), years)


def _covers(rows: pd.DataFrame, members: list[str], *, whole: bool) -> bool:
    named = set(rows["nis_code"])
    if len(named & set(members)) < COVERAGE * len(members):
        return False
    if whole:  # Flanders: every province named
        places = flanders()
        return {places[c].province for c in named} == {p.province for p in places.values()}
    return True


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
