"""Who flows in: the share of each value of a profile (age band, sex, education) per year.

Shares are taken among the inflow whose profile is known: a year in which most files did
not say is not a year of "onbekend" people. How much was unknown travels along, so a chart
or note can say it. Pure functions on a filtered tidy inflow frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from indicators.change import small_base


def shares(frame: pd.DataFrame, column: str, unknown: str) -> pd.DataFrame:
    """Per year and known value of ``column``: ``inflow``, ``known`` (the year's inflow
    with a known value), ``share`` (inflow / known), ``unknown`` (the year's inflow without
    one) and ``total``. Values in declared order are left to the caller; years without
    any known value have no rows."""
    sums = frame.groupby(["year", column], observed=True)["inflow"].sum().reset_index()
    sums["year"] = sums["year"].astype(int)
    sums["inflow"] = sums["inflow"].astype(float)
    total = sums.groupby("year")["inflow"].sum()
    missing = sums.loc[sums[column] == unknown].set_index("year")["inflow"]
    known = sums.loc[sums[column] != unknown].copy()
    known["known"] = known["year"].map(known.groupby("year")["inflow"].sum())
    known = known.loc[known["known"] > 0]
    known["share"] = known["inflow"] / known["known"]
    known["unknown"] = known["year"].map(missing).fillna(0.0)
    known["total"] = known["year"].map(total)
    return known.reset_index(drop=True)


def unknown_share(frame: pd.DataFrame, column: str, unknown: str) -> float | None:
    """The share of the inflow whose ``column`` is unknown (None without inflow)."""
    total = float(frame["inflow"].sum())
    if total <= 0:
        return None
    return float(frame.loc[frame[column] == unknown, "inflow"].sum()) / total


@dataclass(frozen=True)
class Shift:
    """The largest move of one value's share between two years (percentage points)."""

    value: str
    first_year: int
    last_year: int
    before: float  # share in first_year
    after: float  # share in last_year
    count_before: float  # the inflow behind each share
    count_after: float
    known_before: float  # the known inflow each share is of
    known_after: float

    @property
    def points(self) -> float:
        return self.after - self.before

    @property
    def small(self) -> bool:
        """A share of fewer than 20 known starters is no headline percentage."""
        return small_base(self.known_before) or small_base(self.known_after)


def largest_shift(table: pd.DataFrame, column: str, first: int, last: int) -> Shift | None:
    """The value whose share moved most from ``first`` to ``last`` (``shares`` rows);
    None when either year has no known value."""
    before = table.loc[table["year"] == first].set_index(column)
    after = table.loc[table["year"] == last].set_index(column)
    if before.empty or after.empty or first == last:
        return None
    values = list(dict.fromkeys([*before.index, *after.index]))

    def share(rows: pd.DataFrame, value: str, name: str) -> float:
        return float(rows[name].get(value, 0.0))

    moves = {v: share(after, v, "share") - share(before, v, "share") for v in values}
    # Of two equal moves (two values: one rises as much as the other falls) the rise.
    value = max(values, key=lambda v: (round(abs(moves[v]), 9), moves[v] > 0, -values.index(v)))
    return Shift(
        value=str(value),
        first_year=first,
        last_year=last,
        before=share(before, value, "share"),
        after=share(after, value, "share"),
        count_before=share(before, value, "inflow"),
        count_after=share(after, value, "inflow"),
        known_before=float(before["known"].iloc[0]),
        known_after=float(after["known"].iloc[0]),
    )
