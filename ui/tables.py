"""The numbers behind a chart as a table, formatted the Flemish way (no streamlit)."""

from __future__ import annotations

import pandas as pd

from charts import numbers as fmt
from charts.spec import ChartSpec
from indicators.masking import MASK_LABEL, is_small


def numbers(spec: ChartSpec) -> pd.DataFrame:
    """The numbers behind a chart as a table: one row per x, one column per series (one
    column when each x is its own series).

    Values are formatted the Flemish way; when the chart masks small counts, counts of
    1–4 read "<5" here too (the chart's totals stay exact, as in the chart).
    """
    mask = spec.masked and spec.value_format == "count"
    # One bar per municipality (each its own series): one column, never a diagonal.
    single = (spec.y_title or "Waarde") if spec.one_series_per_x else None
    cells: dict[str, dict[str, str]] = {single: {}} if single else {s: {} for s in spec.series}
    # NOTE: plain loops: a chart has at most a few hundred points, and this runs once
    # per chart and filter; pandas' pivot costs more than the work itself here.
    for x, series, value in zip(
        spec.data["x"], spec.data["series"], spec.data["value"], strict=True
    ):
        small = mask and is_small(value)
        cells[single or series][x] = (
            MASK_LABEL if small else fmt.by_format(value, spec.value_format)
        )
    table = pd.DataFrame(cells, index=pd.Index(spec.categories, name=spec.x_title or ""))
    return table.fillna("")
