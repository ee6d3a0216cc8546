"""Draw the capacity: LDE FTE per quarter, maatwerk places per site, the open-data cut.

All randomness comes from the generator passed in, consumed in a fixed order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reference import Municipality, Region
from sample_data import fiction
from sample_data.story import (
    CMW_FILL,
    CMW_GROWTH,
    IM_RAMP,
    LDE_FILL,
    LDE_GROWTH,
    PERSON_YEAR,
    WSE_YEARS,
    YEARS,
    by_rank,
)
from sample_data.tidy import tidy

MAATWERK_COLUMNS = ["year", "quarter", "organisation", "municipality", "kind", "places", "occupied"]
SITE_COLUMNS = ["year", "quarter", "organisation", "municipality", "places", "occupied"]


def draw_lde(rng: np.random.Generator, region: Region) -> pd.DataFrame:
    """FTE and contingent per LDE organisation and quarter (tidy ``lde``)."""
    homes = by_rank(region)
    late_name, late_year = fiction.LDE_LATE_START
    rows = []
    for org in fiction.LDE_ORGANISATIONS:
        home = homes[org.home_rank].name
        for year in YEARS:
            if org.name == late_name and year < late_year:
                continue
            contingent = round(org.size * LDE_GROWTH[year] * 2) / 2  # granted in half FTE
            fill = LDE_FILL[year] + rng.normal(0, 0.015, 4)
            if year == 2020:
                fill[1] -= 0.07  # first lockdown
            for quarter, rate in enumerate(np.clip(fill, 0.8, 1.0), start=1):
                rows.append(
                    (year, quarter, org.name, home, round(contingent * rate, 1), contingent)
                )
    columns = ["year", "quarter", "organisation", "municipality", "fte", "contingent"]
    return tidy(pd.DataFrame(rows, columns=columns), "lde")


def draw_maatwerk(rng: np.random.Generator, region: Region) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(site-level quarterly CMW figures, tidy ``maatwerk`` of the workbook)."""
    homes = by_rank(region)
    sites, collectief = _collectief(rng, homes)
    individueel = _individueel(rng, homes)
    frame = pd.DataFrame(collectief + individueel, columns=MAATWERK_COLUMNS)
    return pd.DataFrame(sites, columns=SITE_COLUMNS), tidy(frame, "maatwerk")


def _collectief(rng: np.random.Generator, homes: list[Municipality]) -> tuple[list, list]:
    """Quarterly site rows, and yearly organisation rows (the mean of the quarters)."""
    sites, rows = [], []
    for org in fiction.CMW_ORGANISATIONS:
        home = homes[org.home_rank].name
        for year in YEARS:
            places = round(org.size * CMW_GROWTH[year], 1)
            fill = rng.uniform(*CMW_FILL[year]) + rng.normal(0, 0.003, 4)
            occupied = [round(places * f, 1) for f in fill]
            mean = round(float(np.mean(occupied)), 1)
            rows.append((year, None, org.name, home, "collectief", places, mean))
            for quarter in range(1, 5):
                sites += _split_sites(org, homes, year, quarter, places, occupied[quarter - 1])
    return sites, rows


def _individueel(rng: np.random.Generator, homes: list[Municipality]) -> list[tuple]:
    """Individueel maatwerk places from 1 July 2023, still filling up in 2023 Q3–Q4."""
    rows = []
    for org_name, base in fiction.IM_PLACES.items():
        org = next(o for o in fiction.CMW_ORGANISATIONS if o.name == org_name)
        home = homes[org.home_rank].name
        for quarter, growth, fill in IM_RAMP:
            places = round(base * growth, 1)
            occupied = round(places * (fill + rng.normal(0, 0.03)), 1)
            rows.append((PERSON_YEAR, quarter, org.name, home, "individueel", places, occupied))
    return rows


def _split_sites(
    org: fiction.Organisation,
    homes: list[Municipality],
    year: int,
    quarter: int,
    places: float,
    occupied: float,
) -> list[tuple]:
    """Spread an organisation's FTE over its sites; the home site takes the remainder."""
    rows, rest_places, rest_occupied = [], places, occupied
    for rank, share in org.sites:
        p, o = round(places * share, 1), round(occupied * share, 1)
        rest_places, rest_occupied = rest_places - p, rest_occupied - o
        rows.append((year, quarter, org.name, homes[rank].name, p, o))
    home = (
        year,
        quarter,
        org.name,
        homes[org.home_rank].name,
        round(rest_places, 1),
        round(rest_occupied, 1),
    )
    return [home, *rows]


def wse_cut(cmw_sites: pd.DataFrame) -> pd.DataFrame:
    """The open-data cut: collectief maatwerk per municipality and quarter, 2021–2022."""
    cut = cmw_sites[cmw_sites["year"].isin(WSE_YEARS)]
    frame = cut.groupby(["year", "quarter", "municipality"], as_index=False)[
        ["places", "occupied"]
    ].sum()
    frame[["places", "occupied"]] = frame[["places", "occupied"]].round(1)
    frame["organisation"] = None
    frame["kind"] = "collectief"
    return tidy(frame, "maatwerk")
