"""Yearly values: stocks are the mean of their quarters, flows the sum; complete years."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.change import change_against, relative_change, year_on_year
from indicators.periods import full_years, partial_year, yearly_flow, yearly_stock
from tests.indicators_frames import inflow, inflow_quarters, lde


def test_stock_year_is_mean_of_quarters_not_sum():
    # A: 10, 12, 14, 16 → mean 13 (the sum, 52, would be wrong)
    frame = lde(
        [(2022, q, "A", fte, None) for q, fte in zip(range(1, 5), (10, 12, 14, 16), strict=True)]
    )
    out = yearly_stock(frame, "fte", by=("organisation",))
    assert out["fte"].tolist() == [13.0]


def test_stock_total_equals_sum_of_organisations():
    # Q1: A 10, B 4; Q2: A 12 (B absent → 0). A = 11, B = 2, total = 13 = (14 + 12) / 2
    frame = lde([(2022, 1, "A", 10, None), (2022, 1, "B", 4, None), (2022, 2, "A", 12, None)])
    per_org = yearly_stock(frame, "fte", by=("organisation",)).set_index("organisation")["fte"]
    total = yearly_stock(frame, "fte")["fte"].iloc[0]
    assert per_org.to_dict() == {"A": 11.0, "B": 2.0}
    assert total == pytest.approx(13.0)


def test_stock_yearly_rows_are_kept_as_they_are():
    frame = lde([(2021, None, "A", 7.5, None), (2022, 1, "A", 8, None), (2022, 2, "A", 9, None)])
    out = yearly_stock(frame, "fte").set_index("year")["fte"]
    assert out.to_dict() == {2021: 7.5, 2022: 8.5}


def test_flow_year_is_sum_of_months():
    frame = inflow([(2022, m, "Groot", "LDE", "A", m) for m in range(1, 13)])
    assert yearly_flow(frame, "inflow")["inflow"].tolist() == [78.0]  # 1 + 2 + … + 12


def test_full_years_monthly_partial_last_year():
    frame = inflow(
        [(2022, m, "Groot", "LDE", "A", 1) for m in range(1, 13)]
        + [(2023, m, "Groot", "LDE", "A", 1) for m in range(1, 7)]
    )
    assert full_years(frame) == [2022]
    assert partial_year(frame) == (2023, 6, "month")


def test_full_years_quarters_and_yearly_rows():
    quarters = inflow_quarters([(2023, q, "Groot", 5) for q in range(1, 5)])
    assert full_years(quarters) == [2023]
    three = inflow_quarters([(2022, 1, "Groot", 5), (2023, 1, "Groot", 5), (2023, 3, "Groot", 5)])
    assert full_years(three) == [2022]  # earlier years count as full
    assert partial_year(three) == (2023, 3, "quarter")
    yearly = inflow([(2023, None, "Groot", "LDE", "A", 10)])
    assert full_years(yearly) == [2023]


def test_full_years_of_nothing():
    assert full_years(inflow([])) == []


def test_a_selection_is_complete_where_its_dataset_is():
    # the dataset has all twelve months of 2023; the small municipality started nobody
    # in December: its 2023 is complete all the same (no starts, not no data)
    whole = inflow(
        [(2023, m, "Groot", "LDE", "A", 3) for m in range(1, 13)]
        + [(2023, m, "Klein", "LDE", "A", 1) for m in (2, 5, 9)]
    )
    small = whole.loc[whole["municipality"] == "Klein"]
    assert full_years(small) == []  # on its own it looks incomplete
    assert full_years(small, complete=full_years(whole)) == [2023]


def test_year_on_year_change_hand_computed():
    values = pd.Series({2019: 200.0, 2020: 150.0, 2021: 114.0, 2023: 120.0})
    change = year_on_year(values)
    assert change[2020] == pytest.approx(-0.25)
    assert change[2021] == pytest.approx(-0.24)
    assert pd.isna(change[2019])
    assert pd.isna(change[2023])  # 2022 missing: no change against 2021


def test_change_against_2019():
    values = pd.Series({2019: 200.0, 2021: 152.0})
    assert change_against(values)[2021] == pytest.approx(-0.24)
    assert change_against(pd.Series({2020: 1.0})).isna().all()


def test_relative_change_without_base():
    assert relative_change(5, 0) is None
    assert relative_change(5, None) is None
    assert relative_change(110, 100) == pytest.approx(0.10)
