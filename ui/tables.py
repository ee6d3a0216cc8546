"""The numbers behind a chart as a table, formatted the Flemish way (no streamlit)."""

from __future__ import annotations

import pandas as pd

from charts import numbers as fmt
from charts.spec import ChartSpec


def numbers(spec: ChartSpec) -> pd.DataFrame:
    """The numbers behind a chart as a table: one row per x, one column per series.

    Values are formatted the Flemish way; when small counts are masked the chart's
    labels ("<5") are shown instead of the exact value, as in the chart itself.
    """
    frame = spec.data
    masked = spec.masked and "text" in frame
    shown = frame.assign(
        cell=frame["text"]
        if masked
        else frame["value"].map(lambda v: fmt.by_format(v, spec.value_format))
    )
    table = shown.pivot(index="x", columns="series", values="cell")
    table = table.reindex(index=spec.categories, columns=spec.series).fillna("")
    table.index.name = spec.x_title or ""
    table.columns.name = None
    return table
