"""Small tidy frames written by hand for the indicator and chart tests.

Each helper takes plain tuples so a test shows its numbers where it asserts on them;
``large_datasets`` is the exception: a random but fixed dataset of the region's size.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

import kinds
from indicators.datasets import Datasets
from reference import Municipality, Region, flanders, load_region

# A two-municipality region with round populations, so per-1,000 rates are hand-checkable
# (drawn on a map with the outlines of Kortrijk and Spiere-Helkijn, by their NIS codes).
REGION = Region(
    code="T2",
    name="Testregio",
    outside_label="Buiten T2",
    municipalities=(
        Municipality("Groot", "34022", 50_000, "#111111", {"1000": ("Groot",)}),
        Municipality("Klein", "34043", 2_000, "#222222", {"2000": ("Klein",)}),
    ),
    population_source="testbevolking",
)


def inflow(rows: list[tuple]) -> pd.DataFrame:
    """Rows ``(year, month, municipality, target_group, organisation, inflow)``;
    month None means a yearly row."""
    frame = pd.DataFrame(
        rows, columns=["year", "month", "municipality", "target_group", "organisation", "inflow"]
    )
    frame["quarter"] = frame["month"].map(lambda m: None if pd.isna(m) else (int(m) - 1) // 3 + 1)
    frame["nis_code"] = None
    return frame.astype(
        {
            "year": "Int64",
            "month": "Int64",
            "quarter": "Int64",
            "inflow": "Int64",
            "municipality": "string",
            "target_group": "string",
            "organisation": "string",
            "nis_code": "string",
        }
    )


def inflow_quarters(rows: list[tuple]) -> pd.DataFrame:
    """Rows ``(year, quarter, municipality, inflow)`` without months."""
    frame = pd.DataFrame(rows, columns=["year", "quarter", "municipality", "inflow"])
    frame["month"] = None
    frame["target_group"] = "LDE"
    frame["organisation"] = None
    frame["nis_code"] = None
    return frame.astype({"year": "Int64", "month": "Int64", "quarter": "Int64", "inflow": "Int64"})


def yearly_inflow(values: dict[int, int], municipality: str = "Groot") -> pd.DataFrame:
    """One yearly row per year."""
    return inflow([(y, None, municipality, "LDE", "Org", v) for y, v in values.items()])


def lde(rows: list[tuple]) -> pd.DataFrame:
    """Rows ``(year, quarter, organisation, fte, contingent)``."""
    frame = pd.DataFrame(rows, columns=["year", "quarter", "organisation", "fte", "contingent"])
    frame["municipality"] = None
    return frame.astype(
        {
            "year": "Int64",
            "quarter": "Int64",
            "fte": "float64",
            "contingent": "float64",
            "organisation": "string",
            "municipality": "string",
        }
    )


def maatwerk(rows: list[tuple]) -> pd.DataFrame:
    """Rows ``(year, quarter, organisation, kind, places, occupied[, municipality])``."""
    columns = ["year", "quarter", "organisation", "kind", "places", "occupied", "municipality"]
    frame = pd.DataFrame([(*r, None)[:7] for r in rows], columns=columns)
    return frame.astype(
        {
            "year": "Int64",
            "quarter": "Int64",
            "places": "float64",
            "occupied": "float64",
            "organisation": "string",
            "kind": "string",
            "municipality": "string",
        }
    )


def freshness(**imports: dt.date) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kind": list(imports),
            "last_import": [pd.Timestamp(d) for d in imports.values()],
            "first_year": 2017,
            "last_year": 2023,
        }
    )


def datasets(**frames: pd.DataFrame) -> Datasets:
    """A ``Datasets`` on the test region, imported on 12 March 2024."""
    kinds = {k: v for k, v in frames.items() if k in ("inflow", "lde", "maatwerk")}
    stamp = dt.date(2024, 3, 12)
    return Datasets(**kinds, freshness=freshness(**dict.fromkeys(kinds, stamp)), region=REGION)


def flanders_maatwerk(
    region: Region, rng: np.random.Generator, years: range = range(2017, 2024)
) -> pd.DataFrame:
    """Open data of every Flemish municipality outside the region (no organisation,
    labelled outside, with its NIS code): collectief and individueel places per quarter."""
    own = {m.nis_code for m in region.municipalities}
    codes = [c for c in flanders() if c not in own]
    rows = pd.MultiIndex.from_product(
        [years, range(1, 5), codes, ["collectief", "individueel"]],
        names=["year", "quarter", "nis_code", "kind"],
    ).to_frame(index=False)
    individual = rows["kind"] == "individueel"
    return rows.assign(
        organisation=None,
        municipality=region.outside_label,
        places=np.where(individual, 10.0, 100.0),
        occupied=np.where(individual, 10.0, rng.uniform(80, 100, len(rows))),
    )


def flanders_lde(
    region: Region, rng: np.random.Generator, years: range = range(2017, 2024)
) -> pd.DataFrame:
    """LDE open data per site of every Flemish municipality outside the region (one
    organisation each, labelled outside, with its NIS code), per quarter."""
    own = {m.nis_code for m in region.municipalities}
    codes = [c for c in flanders() if c not in own]
    rows = pd.MultiIndex.from_product(
        [years, range(1, 5), codes], names=["year", "quarter", "nis_code"]
    ).to_frame(index=False)
    return rows.assign(
        organisation="LDE " + rows["nis_code"],
        municipality=region.outside_label,
        fte=rng.uniform(7, 10, len(rows)),
        contingent=10.0,
    )


def flanders_inflow(
    region: Region,
    rng: np.random.Generator,
    years: range = range(2017, 2024),
    groups: tuple[str, ...] = ("LDE", "Artikel 60"),
) -> pd.DataFrame:
    """Inflow open data of every Flemish municipality outside the region (marked as
    comparison data by the loaders, with its NIS code), per quarter and target group."""
    own = {m.nis_code for m in region.municipalities}
    codes = [c for c in flanders() if c not in own]
    rows = pd.MultiIndex.from_product(
        [years, range(1, 5), codes, groups], names=["year", "quarter", "nis_code", "target_group"]
    ).to_frame(index=False)
    return rows.assign(
        month=None,
        organisation=None,
        municipality=region.comparison_label,
        inflow=rng.integers(5, 30, len(rows)),
    ).astype({"year": "Int64", "month": "Int64", "quarter": "Int64", "inflow": "Int64"})


def large_datasets() -> Datasets:
    """14 municipalities × 7 years × 12 months × 6 target groups × 20 organisations, and
    inflow, LDE and maatwerk open data of the rest of Flanders (for the comparisons)."""
    region = load_region()
    rng = np.random.default_rng(7)
    index = pd.MultiIndex.from_product(
        [range(2017, 2024), range(1, 13), region.names, [f"Doelgroep {i}" for i in range(6)]],
        names=["year", "month", "municipality", "target_group"],
    )
    frame = index.to_frame(index=False)
    frame["quarter"] = (frame["month"] - 1) // 3 + 1
    frame["organisation"] = [f"Organisatie {i}" for i in rng.integers(0, 20, len(frame))]
    frame["inflow"] = rng.integers(0, 6, len(frame))
    frame["nis_code"] = None
    frame = frame.astype({"year": "Int64", "month": "Int64", "quarter": "Int64", "inflow": "Int64"})
    quarters = pd.MultiIndex.from_product(
        [range(2017, 2024), range(1, 5), [f"LDE {i}" for i in range(12)]],
        names=["year", "quarter", "organisation"],
    ).to_frame(index=False)
    # LDE and maatwerk rows carry a municipality, so the municipality filter keeps some
    places = [region.names[i % len(region.names)] for i in range(len(quarters))]
    lde = quarters.assign(
        municipality=places, fte=rng.uniform(2, 15, len(quarters)), contingent=12.0
    )
    mw = quarters.assign(
        organisation=quarters["organisation"].str.replace("LDE", "MW"),
        municipality=places,
        kind=np.where(quarters.index % 3 == 0, "individueel", "collectief"),
        places=100.0,
        occupied=rng.uniform(80, 100, len(quarters)),
    )
    traits = np.random.default_rng(15)  # a stream of its own: the figures above stay
    for column in kinds.PROFILES:
        frame[column.name] = traits.choice(column.values, len(frame))
        frame[column.name] = frame[column.name].astype("string")
    stamp = dt.date(2024, 3, 12)
    groups = tuple(f"Doelgroep {i}" for i in range(6))
    return Datasets(
        inflow=pd.concat([frame, flanders_inflow(region, rng, groups=groups)], ignore_index=True),
        lde=pd.concat([lde, flanders_lde(region, rng)], ignore_index=True).astype(
            {"year": "Int64", "quarter": "Int64"}
        ),
        maatwerk=pd.concat([mw, flanders_maatwerk(region, rng)], ignore_index=True).astype(
            {"year": "Int64", "quarter": "Int64"}
        ),
        freshness=freshness(inflow=stamp, lde=stamp, maatwerk=stamp),
        region=region,
    )
