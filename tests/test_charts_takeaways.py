"""Titles that state the finding, for rising, falling, stable and corona-dip series."""

from __future__ import annotations

import pandas as pd

from charts import takeaways


def _series(values: dict[int, float]) -> pd.DataFrame:
    s = pd.Series(values, dtype="float64")
    return pd.DataFrame(
        {
            "year": s.index,
            "value": s.to_numpy(),
            "change": (s / s.shift(1) - 1).to_numpy(),
            "change_vs_base": (s / s.get(2019, float("nan")) - 1).to_numpy(),
        }
    )


def test_corona_dip_leads():
    title = takeaways.yearly("Instroom", _series({2019: 200, 2020: 170, 2021: 152, 2022: 190}))
    assert title == "Instroom daalde in 2021 met 24 % t.o.v. 2019"


def test_rising_series_without_dip():
    title = takeaways.yearly("Instroom", _series({2019: 100, 2020: 101, 2021: 110}))
    assert title == "Instroom steeg in 2021 met 9 % t.o.v. 2020"


def test_falling_series_without_2019():
    title = takeaways.yearly("Instroom", _series({2022: 100, 2023: 80}))
    assert title == "Instroom daalde in 2023 met 20 % t.o.v. 2022"


def test_stable_series():
    title = takeaways.yearly("Instroom", _series({2022: 100, 2023: 101}))
    assert title == "Instroom bleef in 2023 stabiel t.o.v. 2022"


def test_single_year():
    assert takeaways.yearly("Instroom", _series({2023: 1234})) == "Instroom in 2023: 1.234"


def test_focus_year():
    assert takeaways.focus(_series({2019: 200, 2021: 100}))[0] == 2021
    assert takeaways.focus(_series({2023: 5})) is None
