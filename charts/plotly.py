"""The one Plotly renderer of a ``ChartSpec`` and the one config for ``st.plotly_chart``.

Everything that must look the same on every chart lives here: Flemish separators,
municipality colours, the source line inside the figure (it survives a screenshot),
event markers, reference lines, "<5" labels and a PNG export at slide size. Every
text of the spec is escaped first (``charts.text.for_plotly``): names from files are
data, never Plotly markup.
"""

from __future__ import annotations

import datetime as dt
import textwrap

import plotly.graph_objects as go
import plotly.io as pio

from charts import numbers
from charts.spec import HIGHLIGHT_COLOUR, ChartSpec, line_style, series_colour
from charts.text import for_plotly

SLIDE_WIDTH, SLIDE_HEIGHT = 1920, 1080
# Plotly's empty "none" template, resolved once: figures are built without validation,
# which would otherwise resolve the name (and the default template adds ~8 KB of JSON).
NO_TEMPLATE = pio.templates["none"].to_plotly_json()

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

TEXT_GREY = "#555555"
REFERENCE = "#b22222"
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


def _points(spec: ChartSpec) -> dict[str, dict[str, list]]:
    """The data per series as plain lists (x, value, text), in the spec's order."""
    # NOTE: plain Python over a few hundred points: pandas filtering per series cost more
    # than drawing the figure.
    columns = ["x", "series", "value"] + (["text"] if "text" in spec.data else [])
    out: dict[str, dict[str, list]] = {}
    for row in zip(*(spec.data[c].tolist() for c in columns), strict=True):
        x, series, value = row[:3]
        lists = out.setdefault(series, {"x": [], "value": [], "text": []})
        lists["x"].append(str(x))
        lists["value"].append(None if value != value else value)  # NaN → gap
        lists["text"].append(row[3] if len(row) > 3 and isinstance(row[3], str) else "")
    return out


def _one_series_per_x(points: dict[str, dict[str, list]]) -> bool:
    """True when each category has its own series (e.g. one bar per municipality)."""
    if len(points) < 2:
        return False
    xs = [x for lists in points.values() for x in lists["x"]]
    return len(xs) == len(set(xs)) and all(len(p["x"]) == 1 for p in points.values())


def _trace(spec: ChartSpec, series: str, index: int, lists: dict[str, list]) -> dict:
    x, y = lists["x"], lists["value"]
    text = lists["text"] if "text" in spec.data else None
    colour = series_colour(spec, series, index)
    # NOTE: per-point colours only when something is highlighted, to keep the JSON small.
    marked = [c in spec.highlight for c in x]
    colours = [HIGHLIGHT_COLOUR if m else colour for m in marked] if any(marked) else colour
    fmt = numbers.d3_format(spec.value_format)
    # NOTE: with masking the hover shows the label ("<5"), never the exact small count.
    shown = "%{text}" if spec.masked and text else f"%{{value:{fmt}}}"
    if spec.kind == "line":
        has_text = bool(text) and any(text)
        trace = {
            "type": "scatter",
            "x": x,
            "y": y,
            "name": series,
            "mode": "lines+markers+text" if has_text else "lines+markers",
            "text": text,
            "textposition": "top center",
            "hovertemplate": shown.replace("value", "y") + "<extra>%{fullData.name}</extra>",
        }
        if series in spec.context:  # grey, thin, behind and out of the legend
            return trace | {
                "mode": "lines",
                "line": {"color": colour, "width": 1.5},
                "showlegend": False,
            }
        dash, symbol = line_style(spec, index)
        return trace | {
            "line": {"color": colour, "width": 3, "dash": dash},
            "marker": {
                "color": colours,
                "symbol": symbol,
                "size": [12 if m else 8 for m in marked],
            },
        }
    horizontal = spec.kind == "bar"
    return {
        "type": "bar",
        "x": y if horizontal else x,
        "y": x if horizontal else y,
        "orientation": "h" if horizontal else "v",
        "name": series,
        "text": text,
        "textposition": "inside" if spec.kind == "stacked_column" else "outside",
        "cliponaxis": False,
        "marker": {"color": colours},
        "hovertemplate": shown.replace("value", "x" if horizontal else "y")
        + "<extra>%{fullData.name}</extra>",
    }


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _position(when: dt.date, spec: ChartSpec) -> float | None:
    """Where ``when`` falls on the category axis: category i spans [i − ½, i + ½).

    Each category runs from its date to the next one's; the last one is as many months
    long as the one before it (a year, a quarter or a month).
    """
    categories = spec.categories  # NOTE: a property that walks the data: read it once
    labels = [c for c in categories if c in spec.x_dates]
    if not labels:
        return None
    index = {c: i for i, c in enumerate(categories)}
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


def _events(spec: ChartSpec, font_size: int, lift: int) -> tuple[list[dict], list[dict]]:
    """Shapes and labels of the events that fall on the axis."""
    shapes: list[dict] = []
    labels: list[dict] = []
    for event in spec.events:
        start = _position(event.start, spec)
        if start is None:
            continue
        style = EVENT_STYLE.get(event.kind, EVENT_STYLE["policy"])
        if event.end is not None:
            end = _position(event.end, spec)
            shapes.append(
                {
                    "type": "rect",
                    "xref": "x",
                    "yref": "paper",
                    "x0": start,
                    "x1": end if end is not None else start,
                    "y0": 0,
                    "y1": 1,
                    "line": {"width": 0},
                    "layer": "below",
                    "fillcolor": style["fillcolor"],
                    "opacity": style["opacity"],
                }
            )
        else:
            shapes.append(
                {
                    "type": "line",
                    "xref": "x",
                    "yref": "paper",
                    "x0": start,
                    "x1": start,
                    "y0": 0,
                    "y1": 1,
                    "line": {"width": 2, "dash": style["dash"], "color": style["color"]},
                }
            )
        # NOTE: labels of nearby events (two lockdowns in one year) alternate height so
        # they never print over each other.
        shift = lift + (font_size + 6) * (len(labels) % 2)
        labels.append(
            {
                "x": start,
                "xref": "x",
                "y": 1.0,
                "yref": "paper",
                "yanchor": "bottom",
                "yshift": shift + 2,
                "text": event.label,
                "showarrow": False,
                "font": {"size": font_size, "color": TEXT_GREY},
                "bgcolor": "rgba(255,255,255,0.7)",
            }
        )
    return shapes, labels


def _reference_lines(spec: ChartSpec, font_size: int) -> tuple[list[dict], list[dict]]:
    shapes: list[dict] = []
    labels: list[dict] = []
    horizontal = spec.kind == "bar"
    for line in spec.reference_lines:
        axis = {"xref": "x", "yref": "paper", "x0": line.value, "x1": line.value}
        if not horizontal:
            axis = {"xref": "paper", "yref": "y", "x0": 0, "x1": 1}
            axis |= {"y0": line.value, "y1": line.value}
        else:
            axis |= {"y0": 0, "y1": 1}
        shapes.append(
            {"type": "line", **axis, "line": {"dash": "dot", "color": REFERENCE, "width": 2}}
        )
        labels.append(
            {
                "text": line.label,
                "showarrow": False,
                "font": {"size": font_size, "color": REFERENCE},
                "bgcolor": "rgba(255,255,255,0.8)",
                **(
                    {"x": line.value, "xref": "x", "y": 1, "yref": "paper", "yanchor": "bottom"}
                    if horizontal
                    else {
                        "x": 1,
                        "xref": "paper",
                        "xanchor": "right",
                        "y": line.value,
                        "yref": "y",
                        "yanchor": "bottom",
                    }
                ),
            }
        )
    return shapes, labels


# Characters per title line: a long takeaway wraps instead of running off the figure.
TITLE_CHARS = {False: 90, True: 70}


def _wrap(text: str, width: int) -> str:
    return "<br>".join(textwrap.wrap(text, width)) or text


def figure(spec: ChartSpec, *, presentation: bool = False) -> go.Figure:
    """Draw ``spec``; ``presentation`` enlarges every font for screenshots and slides."""
    spec = for_plotly(spec)
    base = 22 if presentation else 14
    small = base - 3
    horizontal = spec.kind == "bar"
    points = _points(spec)
    one_per_x = _one_series_per_x(points)
    legend = len(spec.series) > 1 and not one_per_x
    events = bool(spec.events and spec.x_dates and not horizontal)
    title = _wrap(spec.title, TITLE_CHARS[presentation])
    top = (150 if presentation else 100) + (base + 16 if legend else 0) + (40 if events else 0)
    top += title.count("<br>") * (base + 12)
    bottom = 190 if presentation else 140
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
    source = {
        "text": spec.source,
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 0,
        "xanchor": "left",
        "yanchor": "top",
        # NOTE: anchored near the bottom edge of the figure, below tick labels and axis
        # title, so it is part of every screenshot and PNG.
        "yshift": -(bottom - 30),
        "showarrow": False,
        "font": {"size": small, "color": TEXT_GREY},
        "align": "left",
    }
    event_shapes, event_labels = (
        _events(spec, small, lift=(base + 16) if legend else 0) if events else ([], [])
    )
    line_shapes, line_labels = _reference_lines(spec, small)
    layout = {
        "template": NO_TEMPLATE,
        "separators": numbers.PLOTLY_SEPARATORS,
        "font": {"family": "Arial, sans-serif", "size": base, "color": "#222222"},
        "title": {
            "text": title,
            "x": 0.01,
            "xanchor": "left",
            "y": 0.98,
            "yref": "container",
            "yanchor": "top",
            "font": {"size": base + 8},
            "subtitle": {"text": spec.subtitle, "font": {"size": small, "color": TEXT_GREY}},
        },
        "barmode": "stack" if spec.kind == "stacked_column" or one_per_x else "group",
        "showlegend": legend,
        # the legend sits right above the plot; event labels go above the legend
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom"},
        "xaxis": value_axis if horizontal else category_axis,
        "yaxis": category_axis if horizontal else value_axis,
        "margin": {"t": top, "b": bottom, "l": 80, "r": 40},
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "annotations": [source, *event_labels, *line_labels],
    }
    if event_shapes or line_shapes:
        layout["shapes"] = event_shapes + line_shapes
    if spec.kind == "stacked_column":
        layout["uniformtext"] = {"minsize": small - 2, "mode": "hide"}
    # NOTE: one construction from plain dicts: add_vline/add_annotation re-validate the
    # whole layout on every call, which made a figure cost hundreds of milliseconds.
    # NOTE: series count (for palette colour and line style) among the emphasised ones.
    main = {s: i for i, s in enumerate(s for s in points if s not in spec.context)}
    traces = [_trace(spec, s, main.get(s, 0), lists) for s, lists in points.items()]
    # NOTE: Plotly's validation made up most of a figure's cost (15 ms against 3 ms) on
    # every rerun; the figures are built only here, and a test validates every chart of
    # the catalogue, so validation is skipped at run time.
    return go.Figure(data=traces, layout=layout, _validate=False)
