"""Overzicht tiles and the Datasets container."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from indicators.datasets import Datasets
from indicators.filters import Filters
from indicators.overview import OverviewTiles, tiles
from tests.indicators_frames import REGION, datasets, inflow, lde, maatwerk, yearly_inflow


def test_tiles_hand_computed():
    data = datasets(
        inflow=yearly_inflow({2019: 200, 2022: 125, 2023: 150}),
        lde=lde([(2023, 1, "A", 100, 110), (2023, 2, "A", 104, 110)]),
        maatwerk=maatwerk([(2023, None, "W", "collectief", 400, 380)]),
    )
    out = tiles(data, Filters())
    assert out.inflow_year == 2023
    assert out.inflow == 150
    assert out.inflow_change == pytest.approx(0.2)  # 150 / 125 − 1
    assert out.inflow_base == 200
    assert out.inflow_change_vs_base == pytest.approx(-0.25)
    assert out.lde_fte == pytest.approx(102)
    assert out.lde_fill_rate == pytest.approx(102 / 110)
    assert out.maatwerk_granted == 400
    assert out.maatwerk_filled == 380
    assert out.maatwerk_fill_rate == pytest.approx(0.95)


def test_tiles_use_last_full_year_and_filters():
    frame = inflow(
        [(2022, m, "Groot", "LDE", "A", 10) for m in range(1, 13)]
        + [(2022, m, "Klein", "LDE", "A", 1) for m in range(1, 13)]
        + [(2023, 1, "Groot", "LDE", "A", 99)]  # partial year: not a tile
    )
    out = tiles(datasets(inflow=frame), Filters(municipalities=("Klein",)))
    assert out.inflow_year == 2022
    assert out.inflow == 12
    assert out.inflow_change is None


def test_stock_tiles_prefer_the_last_full_year():
    rows = [(2022, q, "A", 50, None) for q in range(1, 5)] + [(2023, 1, "A", 80, None)]
    assert tiles(datasets(lde=lde(rows)), Filters()).lde_year == 2022
    assert tiles(datasets(lde=lde(rows[-1:])), Filters()).lde_fte == 80  # only partial


def test_tiles_without_data_are_empty():
    assert tiles(datasets(), Filters()) == OverviewTiles()


def test_datasets_defaults_and_missing_columns():
    data = Datasets(inflow=pd.DataFrame({"year": [2023], "inflow": [4]}), region=REGION)
    assert {"month", "quarter", "municipality", "organisation"} <= set(data.inflow.columns)
    assert data.lde.empty and "contingent" in data.lde
    assert data.last_import("inflow") is None


def test_datasets_from_store_and_last_import():
    class FakeStore:
        def read(self, kind):
            return yearly_inflow({2023: 5}) if kind == "inflow" else None

        def freshness(self):
            return pd.DataFrame(
                {
                    "kind": ["inflow"],
                    "last_import": [pd.Timestamp("2024-03-12 10:00")],
                    "first_year": [2023],
                    "last_year": [2023],
                }
            )

    data = Datasets.from_store(FakeStore(), REGION)
    assert data.last_import("inflow") == dt.date(2024, 3, 12)
    assert data.last_import("lde") is None
    assert len(data.inflow) == 1
    assert data.maatwerk.empty
