"""Inflow indicators on hand-made frames: per year, per period, per municipality."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators import inflow as ind
from tests.indicators_frames import REGION, inflow, yearly_inflow


def test_per_year_changes():
    frame = yearly_inflow({2019: 200, 2020: 150, 2021: 114})
    out = ind.per_year(frame).set_index("year")
    assert out["inflow"].tolist() == [200, 150, 114]
    assert out.loc[2021, "change"] == pytest.approx(-0.24)  # 114 / 150 − 1
    assert out.loc[2021, "change_vs_base"] == pytest.approx(-0.43)  # 114 / 200 − 1
    assert out["full"].all()


def test_per_year_marks_partial_last_year():
    frame = inflow(
        [(2022, m, "Groot", "LDE", "A", 2) for m in range(1, 13)]
        + [(2023, 1, "Groot", "LDE", "A", 3)]
    )
    out = ind.per_year(frame).set_index("year")
    assert out["inflow"].to_dict() == {2022: 24.0, 2023: 3.0}
    assert out["full"].to_dict() == {2022: True, 2023: False}


def test_per_period_compares_same_month_a_year_earlier():
    frame = inflow(
        [
            (2022, 1, "Groot", "LDE", "A", 10),
            (2022, 2, "Groot", "LDE", "A", 8),
            (2023, 1, "Groot", "LDE", "A", 6),
            (2023, 1, "Klein", "LDE", "B", 2),  # same month, other municipality: summed
        ]
    )
    out = ind.per_period(frame, "month").set_index(["year", "period"])
    assert out.loc[(2023, 1), "inflow"] == 8
    assert out.loc[(2023, 1), "previous"] == 10
    assert out.loc[(2023, 1), "change"] == pytest.approx(-0.2)
    assert out.loc[(2022, 2), "previous"] != out.loc[(2022, 2), "previous"]  # NaN


def test_per_period_quarters():
    frame = inflow(
        [
            (2022, 1, "Groot", "LDE", "A", 4),
            (2022, 3, "Groot", "LDE", "A", 6),
            (2023, 2, "Groot", "LDE", "A", 15),
        ]
    )
    out = ind.per_period(frame, "quarter").set_index(["year", "period"])
    assert out.loc[(2022, 1), "inflow"] == 10  # jan + mrt
    assert out.loc[(2023, 1), "change"] == pytest.approx(0.5)


def test_year_to_date_compares_like_with_like():
    frame = inflow(
        [(2022, m, "Groot", "LDE", "A", 10) for m in range(1, 13)]
        + [(2023, m, "Groot", "LDE", "A", 9) for m in (1, 2, 3)]
    )
    ytd = ind.year_to_date(frame)
    assert ytd == {
        "year": 2023,
        "months": 3,
        "inflow": 27.0,
        "previous": 30.0,
        "change": pytest.approx(-0.1),
    }


def test_per_municipality_per_1000_inhabitants():
    frame = inflow(
        [
            (2023, None, "Groot", "LDE", "A", 100),  # 100 / 50.000 × 1.000 = 2,0
            (2023, None, "Klein", "LDE", "A", 3),  # 3 / 2.000 × 1.000 = 1,5
            (2023, None, "Buiten T2", "LDE", "A", 7),
        ]
    )
    out = ind.per_municipality(frame, REGION).set_index("municipality")
    assert out.loc["Groot", "per_1000"] == pytest.approx(2.0)
    assert out.loc["Klein", "per_1000"] == pytest.approx(1.5)
    assert out.loc["Buiten T2", "inflow"] == 7
    assert out.loc["Buiten T2", "per_1000"] != out.loc["Buiten T2", "per_1000"]  # NaN
    assert out.index.tolist() == ["Groot", "Klein", "Buiten T2"]


def test_per_municipality_lists_municipalities_without_rows_as_unknown():
    out = ind.per_municipality(yearly_inflow({2023: 5}, "Groot"), REGION).set_index("municipality")
    assert out.loc["Groot", "inflow"] == 5.0
    assert pd.isna(out.loc["Klein", "inflow"]) and pd.isna(out.loc["Klein", "per_1000"])
    zero = inflow([(2023, None, "Groot", "LDE", None, 5), (2023, None, "Klein", "LDE", None, 0)])
    assert ind.per_municipality(zero, REGION).set_index("municipality").loc["Klein", "inflow"] == 0


def test_per_group_shares_and_unknown_organisation():
    frame = inflow(
        [
            (2023, None, "Groot", "LDE", "A", 6),
            (2023, None, "Groot", "Artikel 60", None, 3),
            (2023, None, "Klein", "LDE", "A", 1),
        ]
    )
    groups = ind.per_group(frame, "target_group").set_index("target_group")
    assert groups["inflow"].to_dict() == {"LDE": 7.0, "Artikel 60": 3.0}
    assert groups.loc["LDE", "share"] == pytest.approx(0.7)
    orgs = ind.per_group(frame, "organisation").set_index("organisation")["inflow"]
    assert orgs.to_dict() == {"A": 7.0, ind.UNKNOWN_ORGANISATION: 3.0}
    assert orgs.sum() == 10  # nothing lost


def test_compact_keeps_every_answer():
    frame = inflow(
        [(2022, m, "Groot", "LDE", "A", m) for m in range(1, 13)]
        + [(2022, m, "Klein", "Artikel 60", None, 1) for m in range(1, 13)]
        + [(2022, m, "Klein", "LDE", "A", 1) for m in range(1, 13)]  # same cells, other group
        + [(2023, 1, "Groot", "LDE", "B", 5), (2023, None, "Klein", "LDE", "A", 2)]
    )
    small = ind.compact(frame, ["municipality"])
    assert len(small) < len(frame)
    assert small["inflow"].sum() == frame["inflow"].sum()
    assert ind.per_year(small).equals(ind.per_year(frame))
    assert ind.per_period(small, "month").equals(ind.per_period(frame, "month"))
    pd_small = ind.per_municipality(small, REGION).set_index("municipality")["inflow"]
    assert pd_small.to_dict() == {"Groot": 83.0, "Klein": 26.0}


def test_datasets_memo_computes_once():
    from tests.indicators_frames import datasets

    data = datasets(inflow=yearly_inflow({2023: 5}))
    calls = []
    first = data.memo("k", lambda: calls.append(1) or 42)
    second = data.memo("k", lambda: calls.append(1) or 43)
    assert (first, second, len(calls)) == (42, 42, 1)
