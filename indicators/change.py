"""Relative change between periods: year on year, against a base year (2019, pre-corona)."""

from __future__ import annotations

import math

import pandas as pd

# The last year before corona: the natural base to show how far inflow has recovered.
PRE_CORONA_YEAR = 2019
# NOTE: a change on a base below this is not headlined as a percentage. On fewer than 20
# starts (or FTE, or places) one more or less moves the percentage by 5 points or more,
# so "+80 %" can be 5 → 9 starts in a small municipality: chance, not a trend. Titles
# and tiles then give the numbers themselves and say the numbers are small.
SMALL_BASE = 20.0


def small_base(base: float | None) -> bool:
    """Whether a change against ``base`` is too small a base to headline as a percentage
    (a missing base counts as small: there is no percentage at all)."""
    return base is None or pd.isna(base) or abs(float(base)) < SMALL_BASE


def relative_change(current: float, previous: float) -> float | None:
    """``current / previous − 1``; None when the base is missing or zero."""
    if previous is None or current is None:
        return None
    if pd.isna(previous) or pd.isna(current) or previous == 0:
        return None
    return float(current) / float(previous) - 1.0


def year_on_year(values: pd.Series) -> pd.Series:
    """Change of each year against the year before, indexed by year.

    ``values`` is indexed by year. A year whose previous year is absent (a gap) or zero
    gets NaN rather than a change against an older year.
    """
    values = values.sort_index().astype("float64")
    previous = values.reindex([y - 1 for y in values.index]).to_numpy()
    with_base = pd.Series(previous, index=values.index)
    change = values / with_base - 1.0
    return change.where(with_base.notna() & (with_base != 0))


def change_against(values: pd.Series, base_year: int = PRE_CORONA_YEAR) -> pd.Series:
    """Change of each year against ``base_year`` (NaN when the base is absent or zero)."""
    values = values.sort_index().astype("float64")
    base = values.get(base_year, math.nan)
    if pd.isna(base) or base == 0:
        return pd.Series(math.nan, index=values.index)
    return values / base - 1.0
