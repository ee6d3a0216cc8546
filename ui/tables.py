"""The numbers behind a chart as a table, formatted the Flemish way, and tables as plain
HTML (no streamlit)."""

from __future__ import annotations

from html import escape

import pandas as pd

from charts import numbers as fmt
from charts.spec import ChartSpec
from indicators.masking import MASK_LABEL, is_small


def numbers(spec: ChartSpec) -> pd.DataFrame:
    """The numbers behind a chart as a table: one row per x, one column per series (one
    column when each x is its own series).

    Values are formatted the Flemish way; when the chart masks small counts, counts of
    1–4 read "<5" here too, as does a point the chart labels "<5" (a rate on a small
    count); the chart's totals stay exact, as in the chart.
    """
    mask = spec.masked and spec.value_format == "count"
    texts = spec.data["text"] if "text" in spec.data else [None] * len(spec.data)
    # One bar per municipality (each its own series): one column, never a diagonal.
    single = (spec.y_title or "Waarde") if spec.one_series_per_x else None
    cells: dict[str, dict[str, str]] = {single: {}} if single else {s: {} for s in spec.series}
    # NOTE: plain loops: a chart has at most a few hundred points, and this runs once
    # per chart and filter; pandas' pivot costs more than the work itself here.
    for x, series, value, text in zip(
        spec.data["x"], spec.data["series"], spec.data["value"], texts, strict=True
    ):
        # a small count, or a point the chart labels "<5" (a rate of a small count)
        small = (mask and is_small(value)) or (spec.masked and text == MASK_LABEL)
        cells[single or series][x] = (
            MASK_LABEL if small else fmt.by_format(value, spec.value_format)
        )
    table = pd.DataFrame(cells, index=pd.Index(spec.categories, name=spec.x_title or ""))
    return table.fillna("")


TABLE_CLASS = "w13-table"


def html(frame: pd.DataFrame, *, index: bool = True) -> str:
    """``frame`` as a plain HTML table: column and row headers marked as such for screen
    readers, every cell's text escaped, all but the first column right-aligned.

    NOTE: chart pages show their small tables this way rather than with st.dataframe:
    a grid drawn on a canvas says nothing to a screen reader, and its 1.6 MB of
    JavaScript made a new visitor's first view of Overzicht a third slower.
    """
    cell = lambda value: escape("" if value is None or value != value else str(value))  # noqa: E731
    head = ([frame.index.name or ""] if index else []) + [str(c) for c in frame.columns]
    rows = []
    for label, values in zip(frame.index, frame.itertuples(index=False), strict=True):
        cells = [f'<th scope="row">{cell(label)}</th>'] if index else []
        cells += [f"<td>{cell(v)}</td>" for v in values]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    header = "".join(f'<th scope="col">{cell(h)}</th>' for h in head)
    return (
        f'<table class="{TABLE_CLASS}"><thead><tr>{header}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
