"""The one Plotly renderer of a ``ChartSpec`` and the one config for ``st.plotly_chart``.

Everything that must look the same on every chart lives here: Flemish separators,
municipality colours, the source line inside the figure (it survives a screenshot),
event markers, reference lines, "<5" labels and a PNG export at slide size.
"""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from charts import numbers
from charts.spec import HIGHLIGHT_COLOUR, ChartSpec, EventMarker

SLIDE_WIDTH, SLIDE_HEIGHT = 1920, 1080

CONFIG: dict = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
    "toImageButtonOptions": {
        "format": "png",
        "width": SLIDE_WIDTH,
        "height": SLIDE_HEIGHT,
        "scale": 1,
        "filename": "grafiek",
    },
}

# Colours for series that are not municipalities (target groups, kinds, ...).
PALETTE = ("#1f3b73", "#e07b39", "#3a9e8f", "#c9a227", "#8e5aa8", "#d1495b", "#6c757d")
TEXT_GREY = "#555555"
GRID = "#e5e5e5"
EVENT_STYLE = {
    "period": {"fillcolor": "#d9d9d9", "opacity": 0.45},
    "break": {"dash": "solid", "color": "#b22222"},
    "policy": {"dash": "dash", "color": "#444444"},
}


def config(spec: ChartSpec) -> dict:
    """``CONFIG`` with the PNG named after what ``spec`` shows."""
    image = CONFIG["toImageButtonOptions"] | {"filename": spec.filename}
    return CONFIG | {"toImageButtonOptions": image}


def _colour(spec: ChartSpec, series: str, index: int) -> str:
    return spec.colours.get(series) or PALETTE[index % len(PALETTE)]


def _one_series_per_x(spec: ChartSpec) -> bool:
    """True when each category has its own series (e.g. one bar per municipality)."""
    return (
        bool(len(spec.data))
        and spec.data.groupby("x")["series"].nunique().max() == 1
        and (spec.data["x"].nunique() == spec.data["series"].nunique() > 1)
    )


def _trace(spec: ChartSpec, series: str, index: int) -> go.BaseTraceType:
    rows = spec.data.loc[spec.data["series"] == series]
    x, y = rows["x"].astype(str).tolist(), rows["value"].tolist()
    text = rows["text"].fillna("").tolist() if "text" in rows else None
    colour = _colour(spec, series, index)
    # NOTE: per-point colours only when something is highlighted, to keep the JSON small.
    marked = [c in spec.highlight for c in x]
    colours = [HIGHLIGHT_COLOUR if m else colour for m in marked] if any(marked) else colour
    fmt = numbers.d3_format(spec.value_format)
    # NOTE: with masking the hover shows the label ("<5"), never the exact small count.
    shown = "%{text}" if spec.masked and text else f"%{{value:{fmt}}}"
    if spec.kind == "line":
        has_text = bool(text) and any(text)
        return go.Scatter(
            x=x,
            y=y,
            name=series,
            mode="lines+markers+text" if has_text else "lines+markers",
            text=text,
            textposition="top center",
            line={"color": colour, "width": 3},
            marker={"color": colours, "size": [12 if m else 7 for m in marked]},
            hovertemplate=shown.replace("value", "y") + f"<extra>{series}</extra>",
        )
    horizontal = spec.kind == "bar"
    return go.Bar(
        x=y if horizontal else x,
        y=x if horizontal else y,
        orientation="h" if horizontal else "v",
        name=series,
        text=text,
        textposition="inside" if spec.kind == "stacked_column" else "outside",
        cliponaxis=False,
        marker_color=colours,
        hovertemplate=shown.replace("value", "x" if horizontal else "y")
        + f"<extra>{series}</extra>",
    )


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _position(when: dt.date, spec: ChartSpec) -> float | None:
    """Where ``when`` falls on the category axis: category i spans [i − ½, i + ½).

    Each category runs from its date to the next one's; the last one is as many months
    long as the one before it (a year, a quarter or a month).
    """
    labels = [c for c in spec.categories if c in spec.x_dates]
    if not labels:
        return None
    index = {c: i for i, c in enumerate(spec.categories)}
    dates = [spec.x_dates[c] for c in labels]
    for i, (label, start) in enumerate(zip(labels, dates, strict=True)):
        if i + 1 < len(dates):
            end = dates[i + 1]
        else:
            previous = dates[i - 1] if i else _add_months(start, -12)
            step = (start.year - previous.year) * 12 + start.month - previous.month
            end = _add_months(start, max(step, 1))
        if start <= when < end:
            return index[label] - 0.5 + (when - start).days / (end - start).days
    return None


def _add_events(figure: go.Figure, spec: ChartSpec, font_size: int, lift: int) -> None:
    shown = 0
    for event in spec.events:
        start = _position(event.start, spec)
        if start is None:
            continue
        style = EVENT_STYLE.get(event.kind, EVENT_STYLE["policy"])
        if event.end is not None:
            end = _position(event.end, spec)
            figure.add_vrect(
                x0=start, x1=end if end is not None else start, line_width=0, layer="below", **style
            )
        else:
            figure.add_vline(
                x=start, line_width=2, line_dash=style["dash"], line_color=style["color"]
            )
        _event_label(figure, event, start, lift + (font_size + 6) * (shown % 2), font_size)
        shown += 1


def _event_label(figure: go.Figure, event: EventMarker, x: float, shift: int, size: int) -> None:
    # NOTE: labels of nearby events (two lockdowns in one year) alternate height so they
    # never print over each other.
    figure.add_annotation(
        x=x,
        xref="x",
        y=1.0,
        yref="paper",
        yanchor="bottom",
        yshift=shift + 2,
        text=event.label,
        showarrow=False,
        font={"size": size, "color": TEXT_GREY},
        bgcolor="rgba(255,255,255,0.7)",
    )


def _add_reference_lines(figure: go.Figure, spec: ChartSpec, font_size: int) -> None:
    for line in spec.reference_lines:
        common = {
            "line_dash": "dot",
            "line_color": "#b22222",
            "line_width": 2,
            "annotation_text": line.label,
            "annotation_font": {"size": font_size, "color": "#b22222"},
            "annotation_bgcolor": "rgba(255,255,255,0.8)",
        }
        if spec.kind == "bar":
            figure.add_vline(x=line.value, annotation_position="top", **common)
        else:
            figure.add_hline(y=line.value, annotation_position="top right", **common)


def figure(spec: ChartSpec, *, presentation: bool = False) -> go.Figure:
    """Draw ``spec``; ``presentation`` enlarges every font for screenshots and slides."""
    base = 22 if presentation else 14
    small = base - 3
    fig = go.Figure([_trace(spec, s, i) for i, s in enumerate(spec.series)])
    horizontal = spec.kind == "bar"
    stack = spec.kind == "stacked_column" or _one_series_per_x(spec)
    value_axis = {
        "title": {"text": spec.y_title},
        "tickformat": numbers.d3_tick_format(spec.value_format),
        "hoverformat": numbers.d3_format(spec.value_format),
        "automargin": True,
        "gridcolor": GRID,
        "zeroline": True,
        "zerolinecolor": "#999999",
        "rangemode": "tozero",  # a value axis that does not start at 0 exaggerates
    }
    category_axis = {
        "title": {"text": spec.x_title},
        "type": "category",  # "2019" stays a label, never a number or a date
        "automargin": True,
        "categoryorder": "array",
        "categoryarray": spec.categories,
    }
    if horizontal:
        category_axis["autorange"] = "reversed"  # first category on top, as in a table
    legend = len(spec.series) > 1 and not _one_series_per_x(spec)
    events = bool(spec.events and spec.x_dates and not horizontal)
    top = (150 if presentation else 100) + (base + 16 if legend else 0) + (40 if events else 0)
    bottom = 190 if presentation else 140
    title = {
        "text": spec.title,
        "x": 0.01,
        "xanchor": "left",
        "y": 0.98,
        "yref": "container",
        "yanchor": "top",
        "font": {"size": base + 8},
        "subtitle": {"text": spec.subtitle, "font": {"size": small, "color": TEXT_GREY}},
    }
    fig.update_layout(
        template="none",
        separators=numbers.PLOTLY_SEPARATORS,
        font={"family": "Arial, sans-serif", "size": base, "color": "#222222"},
        title=title,
        barmode="stack" if stack else "group",
        showlegend=legend,
        # the legend sits right above the plot; event labels go above the legend
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom"},
        xaxis=value_axis if horizontal else category_axis,
        yaxis=category_axis if horizontal else value_axis,
        margin={"t": top, "b": bottom, "l": 80, "r": 40},
        plot_bgcolor="white",
        paper_bgcolor="white",
        uniformtext={"minsize": small - 2, "mode": "hide"}
        if spec.kind == "stacked_column"
        else None,
    )
    fig.add_annotation(
        text=spec.source,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="top",
        # NOTE: anchored near the bottom edge of the figure, below tick labels and axis
        # title, so it is part of every screenshot and PNG.
        yshift=-(bottom - 30),
        showarrow=False,
        font={"size": small, "color": TEXT_GREY},
        align="left",
    )
    if events:
        _add_events(fig, spec, small, lift=(base + 16) if legend else 0)
    _add_reference_lines(fig, spec, small)
    return fig
