"""A ``ChartSpec``'s long data as a categories × series grid, shared by both writers.

The PowerPoint chart and the Excel sheet show exactly the same grid, so they cannot
disagree. Masked points (``spec.masked`` and the point's label is the mask label)
keep their exact value here; each writer decides how to hide it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from charts.spec import ChartSpec
from indicators.masking import MASK_LABEL


@dataclass(frozen=True)
class Grid:
    """Values, labels and mask flags per (category, series); ``None`` where no point exists."""

    categories: list[str]
    series: list[str]
    values: dict[str, list[float | None]]
    texts: dict[str, list[str | None]]
    masked: dict[str, list[bool]]

    @property
    def has_text(self) -> bool:
        return any(t is not None for column in self.texts.values() for t in column)

    @property
    def any_masked(self) -> bool:
        return any(any(column) for column in self.masked.values())


def _clean_value(value: object) -> float | None:
    if value is None or value is pd.NA:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _clean_text(value: object) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value)
    return text or None


def grid(spec: ChartSpec) -> Grid:
    """The spec's points laid out per category (rows) and series (columns), in display order."""
    data = spec.data
    categories = [str(c) for c in spec.categories]
    series = [str(s) for s in spec.series]
    position = {c: i for i, c in enumerate(categories)}
    values = {s: [None] * len(categories) for s in series}
    texts: dict[str, list[str | None]] = {s: [None] * len(categories) for s in series}
    masked = {s: [False] * len(categories) for s in series}
    has_text = "text" in data.columns
    # NOTE: itertuples over three or four columns is fast enough for chart-sized data
    # (a few hundred points) and keeps the mapping explicit.
    columns = ["x", "series", "value", *(["text"] if has_text else [])]
    for row in data[columns].itertuples(index=False):
        x, name = str(row[0]), str(row[1])
        i = position[x]
        values[name][i] = _clean_value(row[2])
        if has_text:
            text = _clean_text(row[3])
            texts[name][i] = text
            masked[name][i] = spec.masked and text == MASK_LABEL
    return Grid(categories, series, values, texts, masked)


def one_column(table: Grid, name: str) -> Grid:
    """A grid of one point per series and category (``ChartSpec.one_series_per_x``) as one
    column ``name``: a row per category, never a diagonal of mostly empty cells."""
    owners = [
        next(
            (s for s in table.series
             if table.values[s][i] is not None or table.texts[s][i] is not None),
            table.series[0],
        )
        for i in range(len(table.categories))
    ]
    return Grid(
        table.categories,
        [name],
        {name: [table.values[s][i] for i, s in enumerate(owners)]},
        {name: [table.texts[s][i] for i, s in enumerate(owners)]},
        {name: [table.masked[s][i] for i, s in enumerate(owners)]},
    )


def distinct(specs: Iterable[ChartSpec]) -> list[ChartSpec]:
    """``specs`` without repeats: a chart with the same key, or the same title, kind and
    numbers as an earlier one (the Overzicht headline is the Instroom page's yearly
    chart), is shown once.
    """
    kept: list[ChartSpec] = []
    for spec in specs:
        if not any(_same(spec, other) for other in kept):
            kept.append(spec)
    return kept


def _same(a: ChartSpec, b: ChartSpec) -> bool:
    if a.key == b.key:
        return True
    return (a.title, a.kind, a.value_format) == (b.title, b.kind, b.value_format) and (
        a.data.reset_index(drop=True).equals(b.data.reset_index(drop=True))
    )
