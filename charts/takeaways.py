"""Titles that state the finding, computed from the numbers shown.

Kept separate from the builders so the wording rules are tested on their own with
hand-made series (rising, falling, flat, recovering after 2019).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import pandas as pd

from charts import numbers
from indicators.change import PRE_CORONA_YEAR, small_base

# Below this relative change a difference is called stable, not a rise or a fall.
STABLE_BELOW = 0.02
# A fall against 2019 of at least this much is the headline of the yearly chart.
NOTABLE_FALL = 0.05
SMALL_NUMBERS = "kleine aantallen"

Count = Callable[[float], str]


def _magnitude(share: float) -> str:
    return numbers.percent(abs(share), 0)


def trend(
    subject: str,
    year: int | str,
    share: float | None,
    against: str,
    *,
    current: float | None = None,
    base: float | None = None,
    count: Count = numbers.integer,
) -> str:
    """E.g. "Instroom steeg in 2023 met 5 % t.o.v. 2022" (or daalde / bleef stabiel).

    Given the ``base`` it was computed on, a percentage on a small base (``SMALL_BASE``)
    is not headlined: "Instroom in Deerlijk steeg van 10 in 2019 naar 18 in 2023
    (kleine aantallen)" instead of "+80 %".
    """
    if base is not None and current is not None and small_base(base):
        return small_change(subject, year, current, base, against, count)
    if share is None or pd.isna(share):
        return f"{subject} in {year}"
    if abs(share) < STABLE_BELOW:
        return f"{subject} bleef in {year} stabiel t.o.v. {against}"
    verb = "steeg" if share > 0 else "daalde"
    return f"{subject} {verb} in {year} met {_magnitude(share)} t.o.v. {against}"


def small_change(
    subject: str, year: int | str, current: float, base: float, against: str,
    count: Count = numbers.integer,
) -> str:
    """A change on a small base, in numbers: "… steeg van 10 in 2019 naar 18 in 2023
    (kleine aantallen)"."""
    if pd.isna(base) or pd.isna(current):
        return f"{subject} in {year}"
    if round(current) == round(base):
        return f"{subject} bleef in {year} gelijk aan {against}: {count(current)} ({SMALL_NUMBERS})"
    verb = "steeg" if current > base else "daalde"
    return (
        f"{subject} {verb} van {count(base)} in {against} naar {count(current)} in {year} "
        f"({SMALL_NUMBERS})"
    )


class Focus(NamedTuple):
    """The year a yearly chart is about, its change, against what, and both values."""

    year: int
    change: float | None
    against: str
    current: float
    base: float | None


def focus(per_year: pd.DataFrame) -> Focus | None:
    """The year a yearly chart is about.

    ``per_year`` has the columns ``year``, ``value``, ``change`` and ``change_vs_base``.
    The deepest fall below 2019 leads when there is one (the corona dip); otherwise
    the last year against the year before.
    """
    rows = per_year.sort_values("year")
    if len(rows) < 2:
        return None
    values = dict(zip(rows["year"].astype(int), rows["value"].astype(float), strict=True))
    after_base = rows.loc[rows["year"] > PRE_CORONA_YEAR]
    if (rows["year"] == PRE_CORONA_YEAR).any() and not after_base.empty:
        trough = after_base.loc[after_base["value"].idxmin()]
        if trough["change_vs_base"] <= -NOTABLE_FALL:
            year = int(trough["year"])
            return Focus(year, float(trough["change_vs_base"]), str(PRE_CORONA_YEAR),
                         values[year], values[PRE_CORONA_YEAR])
    last = rows.iloc[-1]
    year = int(last["year"])
    return Focus(year, last["change"], str(year - 1), values[year], values.get(year - 1))


def yearly(subject: str, per_year: pd.DataFrame, count: Count = numbers.integer) -> str:
    """The title of a yearly series: the trend of its ``focus`` year (in numbers on a small
    base). ``count`` formats a value shown in the title (a masking formatter)."""
    found = focus(per_year)
    if found is None:
        if per_year.empty:
            return subject
        last = per_year.sort_values("year").iloc[-1]
        return f"{subject} in {int(last['year'])}: {count(last['value'])}"
    return trend(subject, found.year, found.change, found.against, current=found.current,
                 base=found.base, count=count)


def largest(subject: str, name: str, year: int, value_text: str) -> str:
    """E.g. "Kortrijk had in 2023 de meeste instroom (123)"."""
    return f"{name} had in {year} {subject} ({value_text})"


def rank(subject: str, name: str, year: int, place: int, of: int, value_text: str) -> str:
    """E.g. "Menen staat in 2023 op plaats 4 van de 14 gemeenten voor instroom (123)"."""
    return (
        f"{name} staat in {year} op plaats {place} van de {of} gemeenten voor {subject} "
        f"({value_text})"
    )
