"""The one way a page draws a chart: spec → Plotly figure with the shared config.

A chart that cannot be drawn (no file of that kind yet, a filter that leaves
nothing) becomes a friendly Dutch message instead of an exception.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from charts import catalogue
from charts import numbers as fmt
from charts import plotly as chart_plotly
from charts.spec import ChartSpec
from indicators.filters import Filters
from ui import data
from ui.filters import presentation_mode


def chart(key: str, filters: Filters, *, presentation: bool = False) -> ChartSpec | None:
    """Draw chart ``key`` for ``filters``; returns its spec, or None when it has no data."""
    spec = data.spec(key, filters)
    if isinstance(spec, data.NoChart):
        st.info(spec.message or "Geen gegevens voor deze selectie.", icon=":material/info:")
        return None
    figure = chart_plotly.figure(spec, presentation=presentation)
    st.plotly_chart(figure, config=chart_plotly.config(spec), key=f"chart-{key}", width="stretch")
    return spec


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


def page_charts(page: str, filters: Filters, *, tables: bool = True) -> list[ChartSpec]:
    """Every chart the catalogue lists for ``page``, each with its numbers; drawn specs."""
    presentation = presentation_mode()
    drawn = []
    for key in catalogue.for_page(page):
        spec = chart(key, filters, presentation=presentation)
        if spec is not None:
            drawn.append(spec)
            if tables and not presentation:
                table(spec)
    return drawn


def drawable(keys: list[str], filters: Filters) -> dict[str, str]:
    """The charts among ``keys`` that have data for ``filters``: key → title."""
    found = {key: data.spec(key, filters) for key in keys}
    return {key: catalogue.label(key) for key, spec in found.items() if isinstance(spec, ChartSpec)}
