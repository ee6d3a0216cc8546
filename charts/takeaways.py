"""Titles that state the finding, computed from the numbers shown.

Kept separate from the builders so the wording rules are tested on their own with
hand-made series (rising, falling, flat, recovering after 2019).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from charts import numbers
from indicators.change import PRE_CORONA_YEAR

# Below this relative change a difference is called stable, not a rise or a fall.
STABLE_BELOW = 0.02
# A fall against 2019 of at least this much is the headline of the yearly chart.
NOTABLE_FALL = 0.05


def _magnitude(share: float) -> str:
    return numbers.percent(abs(share), 0)


def trend(subject: str, year: int, share: float | None, against: str) -> str:
    """E.g. "Instroom steeg in 2023 met 5 % t.o.v. 2022" (or daalde / bleef stabiel)."""
    if share is None or pd.isna(share):
        return f"{subject} in {year}"
    if abs(share) < STABLE_BELOW:
        return f"{subject} bleef in {year} stabiel t.o.v. {against}"
    verb = "steeg" if share > 0 else "daalde"
    return f"{subject} {verb} in {year} met {_magnitude(share)} t.o.v. {against}"


def focus(per_year: pd.DataFrame) -> tuple[int, float | None, str] | None:
    """The year a yearly chart is about: ``(year, change, against)``.

    ``per_year`` has the columns ``year``, ``value``, ``change`` and ``change_vs_base``.
    The deepest fall below 2019 leads when there is one (the corona dip); otherwise
    the last year against the year before.
    """
    rows = per_year.sort_values("year")
    if len(rows) < 2:
        return None
    after_base = rows.loc[rows["year"] > PRE_CORONA_YEAR]
    if (rows["year"] == PRE_CORONA_YEAR).any() and not after_base.empty:
        trough = after_base.loc[after_base["value"].idxmin()]
        if trough["change_vs_base"] <= -NOTABLE_FALL:
            return int(trough["year"]), float(trough["change_vs_base"]), str(PRE_CORONA_YEAR)
    last = rows.iloc[-1]
    return int(last["year"]), last["change"], str(int(last["year"]) - 1)


def yearly(
    subject: str, per_year: pd.DataFrame, count: Callable[[float], str] = numbers.integer
) -> str:
    """The title of a yearly series: the trend of its ``focus`` year.

    ``count`` formats a value shown in the title (a masking formatter for small counts).
    """
    found = focus(per_year)
    if found is None:
        if per_year.empty:
            return subject
        last = per_year.sort_values("year").iloc[-1]
        return f"{subject} in {int(last['year'])}: {count(last['value'])}"
    return trend(subject, *found)


def largest(subject: str, name: str, year: int, value_text: str) -> str:
    """E.g. "Kortrijk had in 2023 de meeste instroom (123)"."""
    return f"{name} had in {year} {subject} ({value_text})"


def rank(subject: str, name: str, year: int, place: int, of: int, value_text: str) -> str:
    """E.g. "Menen staat in 2023 op plaats 4 van de 14 gemeenten voor instroom (123)"."""
    return (
        f"{name} staat in {year} op plaats {place} van de {of} gemeenten voor {subject} "
        f"({value_text})"
    )
