"""The one way a page draws a chart: spec → Plotly figure with the shared config.

A chart that cannot be drawn (no file of that kind yet, a filter that leaves
nothing) becomes a friendly Dutch message instead of an exception.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from charts import numbers as fmt
from charts import plotly as chart_plotly
from charts.spec import ChartSpec
from indicators.filters import Filters
from ui import data


def chart(key: str, filters: Filters, *, presentation: bool = False) -> ChartSpec | None:
    """Draw chart ``key`` for ``filters``; returns its spec, or None when it has no data."""
    spec = data.spec(key, filters)
    if isinstance(spec, data.NoChart):
        st.info(spec.message or "Geen gegevens voor deze selectie.", icon=":material/info:")
        return None
    figure = chart_plotly.figure(spec, presentation=presentation)
    st.plotly_chart(figure, config=config(spec), key=f"chart-{key}", width="stretch")
    return spec


def config(spec: ChartSpec) -> dict:
    """The shared Plotly config with a PNG file name that says what the chart shows."""
    image = dict(chart_plotly.CONFIG.get("toImageButtonOptions", {}), filename=spec.filename)
    return chart_plotly.CONFIG | {"toImageButtonOptions": image}


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


def table(spec: ChartSpec | None, *, label: str = "Cijfers achter de grafiek") -> None:
    """An expander with the numbers behind ``spec`` (nothing when there is no chart)."""
    if spec is None:
        return
    with st.expander(label):
        st.dataframe(numbers(spec), width="stretch")
