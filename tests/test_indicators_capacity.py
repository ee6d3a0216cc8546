"""LDE and maatwerk indicators: FTE, fill rates, granted vs filled, unfilled vs inflow."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators import lde, maatwerk
from tests.indicators_frames import lde as lde_frame
from tests.indicators_frames import maatwerk as maatwerk_frame

LDE = lde_frame(
    [
        # A: FTE 9, 11 → 10; contingent 12 → 83,3 % (under the 90 % rule)
        (2023, 1, "A", 9, 12),
        (2023, 2, "A", 11, 12),
        # B: FTE 19, 19 → 19; contingent 20 → 95 %
        (2023, 1, "B", 19, 20),
        (2023, 2, "B", 19, 20),
        # C: no contingent known → no fill rate, but its FTE counts
        (2023, 1, "C", 4, None),
        (2023, 2, "C", 6, None),
    ]
)


def test_fte_per_organisation_sorted():
    out = lde.fte_per_organisation(LDE, 2023)
    assert out.values.tolist() == [["B", 19.0], ["A", 10.0], ["C", 5.0]]


def test_regional_fte_is_sum_of_quarter_means():
    assert lde.fte_per_year(LDE)["fte"].tolist() == [34.0]  # (32 + 36) / 2


def test_fill_rates_only_where_contingent_known():
    out = lde.fill_rates(LDE, 2023).set_index("organisation")
    assert out.index.tolist() == ["A", "B"]  # lowest first, C left out
    assert out.loc["A", "fill_rate"] == pytest.approx(10 / 12)
    assert not out.loc["A", "meets_rule"]
    assert out.loc["B", "fill_rate"] == pytest.approx(0.95)
    assert out.loc["B", "meets_rule"]


def test_regional_fill_rate_over_known_contingents():
    # (10 + 19) / (12 + 20) = 29 / 32
    assert lde.regional_fill_rate(LDE, 2023) == pytest.approx(29 / 32)
    assert lde.regional_fill_rate(LDE, 2020) is None


def test_exactly_90_percent_meets_the_rule():
    frame = lde_frame([(2023, None, "A", 9, 10)])
    assert lde.fill_rates(frame, 2023)["meets_rule"].tolist() == [True]


MAATWERK = maatwerk_frame(
    [
        (2022, None, "W", "collectief", 100, 90),
        (2022, None, "I", "individueel", 10, None),  # occupation unknown
        (2023, 1, "W", "collectief", 100, 94),
        (2023, 2, "W", "collectief", 100, 96),
        (2023, 1, "I", "individueel", 12, 12),
        (2023, 2, "I", "individueel", 14, 12),
    ]
)


def test_granted_filled_counts_unknown_occupation_as_capacity_only():
    out = maatwerk.granted_filled(MAATWERK).set_index("year")
    assert out.loc[2022, "places"] == 110  # the 10 places of I are capacity all the same
    assert out.loc[2022, "places_known"] == 100  # but not in the fill rate
    assert out.loc[2022, "unknown"] == 1
    assert out.loc[2022, "fill_rate"] == pytest.approx(0.9)
    assert out.loc[2022, "unfilled"] == 10
    assert out.loc[2023, "unknown"] == 0
    # 2023: places (112 + 114) / 2 = 113, occupied (106 + 108) / 2 = 107
    assert out.loc[2023, "places"] == pytest.approx(113)
    assert out.loc[2023, "occupied"] == pytest.approx(107)
    assert out.loc[2023, "fill_rate"] == pytest.approx(107 / 113)
    assert out.loc[2023, "unfilled"] == pytest.approx(6)


def test_per_organisation_fill_rate():
    out = maatwerk.per_organisation(MAATWERK, 2023).set_index("organisation")
    assert out.loc["W", "fill_rate"] == pytest.approx(0.95)
    assert out.loc["I", "fill_rate"] == pytest.approx(12 / 13)


def test_per_kind_keeps_places_when_occupation_unknown():
    out = maatwerk.per_kind(MAATWERK).set_index(["kind", "year"])
    assert out.loc[("individueel", 2022), "places"] == 10
    assert pd.isna(out.loc[("individueel", 2022), "occupied"])
    assert out.loc[("individueel", 2023), "places"] == 13


def test_a_series_unknown_for_some_quarters_is_left_out_of_that_years_rate():
    frame = maatwerk_frame(
        [
            (2023, 1, "W", "collectief", 100, 90),
            (2023, 2, "W", "collectief", 100, 92),
            (2023, 1, "V", "collectief", 50, 50),
            (2023, 2, "V", "collectief", 50, None),  # unknown in Q2: V is left out
        ]
    )
    out = maatwerk.granted_filled(frame).iloc[0]
    assert out["places"] == 150 and out["places_known"] == 100 and out["unknown"] == 1
    assert out["fill_rate"] == pytest.approx(0.91)


def test_unfilled_vs_inflow_on_common_years():
    inflow = pd.Series({2021: 80.0, 2022: 60.0, 2023: 50.0})
    out = maatwerk.unfilled_vs_inflow(MAATWERK, inflow)
    assert out["year"].tolist() == [2022, 2023]
    assert out["unfilled"].tolist() == pytest.approx([10, 6])
    assert out["inflow"].tolist() == [60.0, 50.0]


def test_over_occupation_is_not_negative_unfilled():
    frame = maatwerk_frame([(2023, None, "W", "collectief", 10, 11)])
    assert maatwerk.granted_filled(frame)["unfilled"].tolist() == [0.0]
