"""The one Plotly renderer of a ``ChartSpec`` and the one config for ``st.plotly_chart``.

Everything that must look the same on every chart lives here: Flemish separators,
municipality colours, the source line inside the figure (it survives a screenshot),
event markers, reference lines, "<5" labels and a PNG export at slide size. Every
text of the spec is escaped first (``charts.text.for_plotly``): names from files are
data, never Plotly markup.

The layout is made for the band of widths the chart is drawn at (``charts.layout``):
title, subtitle, event labels and value-axis caption above the plot, the legend and the
source line below it, every distance fixed in pixels so that no two texts meet.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio

from charts import layout, marks, numbers, textsize
from charts.contrast import text_on
from charts.layout import Sizes, block
from charts.spec import HIGHLIGHT_COLOUR, ChartSpec, line_style, series_colour
from charts.text import for_plotly

SLIDE_WIDTH, SLIDE_HEIGHT = 1920, 1080
# Plotly's empty "none" template, resolved once: figures are built without validation,
# which would otherwise resolve the name (and the default template adds ~8 KB of JSON).
NO_TEMPLATE = pio.templates["none"].to_plotly_json()

# NOTE: one button, the PNG download at slide size. Zooming and panning are off: on a
# phone a finger that scrolls the page must not drag the chart, and a director has
# nothing to zoom into on a yearly chart.
CONFIG: dict = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtons": [["toImage"]],
    "scrollZoom": False,
    "toImageButtonOptions": {
        "format": "png",
        "width": SLIDE_WIDTH,
        "height": SLIDE_HEIGHT,
        "scale": 1,
        "filename": "grafiek",
    },
}

FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif"
TEXT = "#222222"
AXIS_TEXT = "#444444"
GRID = "#e5e5e5"
# Lines beyond this many series carry no point labels: they would print over each other.
LABELLED_LINES = 4
MIN_LABEL = 9  # the smallest font size a value label shrinks to in a narrow column
# NOTE: a white halo keeps a value label readable where a gridline or event line
# crosses it.
HALO = "0 0 2px white, 0 0 3px white"


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


@dataclass
class _Shape:
    """What decides a figure's layout, read once from the spec."""

    spec: ChartSpec
    size: Sizes
    points: dict[str, dict[str, list]]  # point labels get wrapped to fit
    main: list[str]  # the series that are not grey context
    one_per_x: bool
    label_size: int  # font size of the point labels

    @property
    def horizontal(self) -> bool:
        return self.spec.kind == "bar"

    @property
    def stacked(self) -> bool:
        return self.spec.kind == "stacked_column" or self.one_per_x

    @property
    def series_legend(self) -> bool:
        return len(self.main) > 1 and not self.one_per_x

    @property
    def labelled(self) -> bool:
        """Whether points carry their text labels."""
        has_text = any(t for p in self.points.values() for t in p["text"])
        if self.spec.kind == "line":
            return has_text and len(self.main) <= LABELLED_LINES
        return has_text


def _shape(spec: ChartSpec, size: Sizes) -> _Shape:
    points = _points(spec)
    main = [s for s in points if s not in spec.context]
    return _Shape(spec, size, points, main, _one_series_per_x(points), size.text)


def _trace(shape: _Shape, series: str, index: int, lists: dict[str, list]) -> dict:
    spec = shape.spec
    x, y = lists["x"], lists["value"]
    text = lists["text"] if "text" in spec.data else None
    colour = series_colour(spec, series, index)
    # NOTE: per-point colours only when something is highlighted, to keep the JSON small.
    marked = [c in spec.highlight for c in x]
    colours = [HIGHLIGHT_COLOUR if m else colour for m in marked] if any(marked) else colour
    fmt = numbers.d3_format(spec.value_format)
    # NOTE: with masking the hover shows the label ("<5"), never the exact small count.
    shown = "%{text}" if spec.masked and text else f"%{{value:{fmt}}}"
    legend = shape.series_legend and series not in spec.context
    if spec.kind == "line":
        trace = {
            "type": "scatter",
            "x": x,
            "y": y,
            "name": series,
            "mode": "lines+markers+text" if shape.labelled else "lines+markers",
            "text": text,
            "textposition": "top center",
            "textfont": {"size": shape.label_size, "shadow": HALO},
            "hovertemplate": shown.replace("value", "y") + "<extra>%{fullData.name}</extra>",
            "showlegend": legend,
        }
        if series in spec.context:  # grey, thin, behind and out of the legend
            return trace | {"mode": "lines", "line": {"color": colour, "width": 1.5}}
        dash, symbol = line_style(spec, index)
        return trace | {
            "line": {"color": colour, "width": 3 if len(shape.main) <= 4 else 2.5, "dash": dash},
            "marker": {
                "color": colours,
                "symbol": symbol,
                "size": [12 if m else 8 for m in marked],
            },
        }
    horizontal = shape.horizontal
    return {
        "type": "bar",
        "x": y if horizontal else x,
        "y": x if horizontal else y,
        "orientation": "h" if horizontal else "v",
        "name": series,
        "text": text,
        "textposition": "inside" if spec.kind == "stacked_column" else "outside",
        "textfont": {"size": shape.label_size, "shadow": HALO},
        "insidetextfont": {
            "size": shape.label_size,
            "shadow": "none",
            "color": [text_on(c) for c in colours]
            if isinstance(colours, list)
            else text_on(colours),
        },
        "textangle": 0,
        "constraintext": "inside",
        "cliponaxis": False,
        "marker": {"color": colours},
        "hovertemplate": shown.replace("value", "x" if horizontal else "y")
        + "<extra>%{fullData.name}</extra>",
        "showlegend": legend,
    }


def _value_top(shape: _Shape) -> float:
    """The largest value drawn: a stack's total, a bar, a point or a reference line."""
    spec = shape.spec
    values: list[float] = [line.value for line in spec.reference_lines]
    if shape.stacked:
        totals: dict[str, float] = {}
        for lists in shape.points.values():
            for x, v in zip(lists["x"], lists["value"], strict=True):
                totals[x] = totals.get(x, 0.0) + (v or 0.0)
        values += totals.values()
    else:
        values += [v for p in shape.points.values() for v in p["value"] if v is not None]
    top = max(values, default=0.0)
    return top if top > 0 else 1.0


def _label_room(shape: _Shape, length: float) -> tuple[float, float]:
    """The value-axis top that leaves room for the point labels, and the labels' size.

    ``length`` is the plot's extent along the value axis in pixels at the narrowest width
    of the band: labels take a fixed number of pixels, so the share of the axis they need
    is largest there.
    """
    top = _value_top(shape)
    if not shape.labelled or shape.spec.kind == "stacked_column":
        return top * 1.05, 0.0
    texts = [t for p in shape.points.values() for t in p["text"] if t]
    size = shape.label_size
    need = (
        textsize.widest(texts, size) + 10
        if shape.horizontal
        else block(max(t.count("<br>") + 1 for t in texts), size) + 8
    )
    return top * length / max(length - need, length / 2), need


def _wrap_labels(shape: _Shape, room: float) -> None:
    """Break point labels wider than ``room`` (a column's slot) between words, at the
    largest size (down to ``MIN_LABEL``) where no word is wider than the room."""
    texts = [t for p in shape.points.values() for t in p["text"] if t]
    size = shape.size.text
    while size > MIN_LABEL and textsize.longest_word(texts, size) > room:
        size -= 1
    shape.label_size = size
    for lists in shape.points.values():
        lists["text"] = [
            "<br>".join(layout.wrapped(t, room, size)) if t else t for t in lists["text"]
        ]


def _tick_width(shape: _Shape, top: float) -> float:
    """The widest value-axis tick label (the axis top, formatted with its decimals)."""
    return textsize.width(numbers.by_format(top, shape.spec.value_format), shape.size.tick)


@dataclass(frozen=True)
class _Frame:
    """Margins and heights in pixels, at the narrowest width of the band."""

    left: float
    right: float
    top: float
    bottom: float
    plot: float  # height of the plot area

    @property
    def height(self) -> float:
        return self.top + self.plot + self.bottom


def figure(spec: ChartSpec, *, presentation: bool = False, width: float | None = None) -> go.Figure:
    """Draw ``spec`` for a chart ``width`` pixels wide (None: a laptop's);
    ``presentation`` enlarges every font for a projector."""
    spec = for_plotly(spec)
    size = layout.sizes(width, presentation)
    shape = _shape(spec, size)
    room = size.width - 2 * size.pad
    header = room - layout.MODEBAR
    title = layout.wrapped(spec.title, header, size.title, bold=True)
    subtitle = layout.wrapped(spec.subtitle, header, size.subtitle)
    source = layout.wrapped(spec.source, room, size.small)
    categories = spec.categories
    right = size.pad + 6

    if shape.horizontal:
        names = [
            "<br>".join(layout.wrapped(c, min(room * 0.4, 320), size.tick)) for c in categories
        ]
        left = size.pad + textsize.widest([n for c in names for n in c.split("<br>")], size.tick)
        left += layout.TICK_GAP
        plot_w = size.width - left - right
        groups = 1 if shape.stacked else len(shape.main)
        lines = max((n.count("<br>") + 1 for n in names), default=1)
        slot = max(block(lines, size.tick) + 8, groups * (block(1, size.text) + 4) / 0.8)
        plot_h = max(len(categories) * slot, 3 * slot)
        top, _ = _label_room(shape, plot_w)
    else:
        plot_h = size.plot
        top, _ = _label_room(shape, plot_h)
        caption = block(1, size.text) + 2  # the value-axis title, turned upright
        left = size.pad + caption + _tick_width(shape, top) + layout.TICK_GAP
        plot_w = size.width - left - right
        if shape.labelled and spec.kind != "line":
            _wrap_labels(shape, plot_w / max(len(categories), 1) - 4)
            top, _ = _label_room(shape, plot_h)

    events = marks.Events([], [], 0)
    if spec.events and spec.x_dates and not shape.horizontal:
        events = marks.events(spec, size.small, left, plot_w)
    ref_shapes, ref_entries = marks.reference_lines(spec)
    legend_names = (
        ["<br>".join(layout.wrapped(s, plot_w - 50, size.text)) for s in shape.main]
        if shape.series_legend
        else []
    )
    legend_names += [e["name"] for e in ref_entries]
    legend_h = layout.legend_height(legend_names, plot_w, size.text)

    head = size.pad + block(len(title), size.title)
    if subtitle:
        head += 4 + block(len(subtitle), size.subtitle)
    if events.rows:
        head += 8 + events.height(size.small)
    head += 12
    ticks = layout.TICK_GAP + 2 + block(1, size.tick)
    foot = ticks
    if shape.horizontal:
        foot += 6 + block(1, size.text)  # the value-axis title under the ticks
    if legend_h:
        foot += 10 + legend_h
    foot += 10 + block(len(source), size.small) + size.pad
    frame = _Frame(left, right, head, foot, plot_h)

    traces = _traces(shape, legend_names)
    annotations = _texts(spec, size, frame, title, subtitle, source, ticks) + events.labels
    layout_ = {
        "template": NO_TEMPLATE,
        "separators": numbers.PLOTLY_SEPARATORS,
        "font": {"family": FONT, "size": size.text, "color": TEXT},
        "height": round(frame.height),
        "margin": {
            "t": round(frame.top),
            "b": round(frame.bottom),
            "l": round(frame.left),
            "r": round(frame.right),
            "pad": 0,
            "autoexpand": False,
        },
        "barmode": "stack" if shape.stacked else "group",
        "bargap": 0.2,
        "showlegend": bool(legend_names),
        "legend": {
            "orientation": "h",
            "xref": "container",
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": (size.pad + block(len(source), size.small) + 6) / frame.height,
            "yanchor": "bottom",
            "font": {"size": size.text},
            "traceorder": "normal",
        },
        "dragmode": False,
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "annotations": annotations,
        **_axes(shape, categories, top, plot_w, horizontal=shape.horizontal),
    }
    if events.shapes or ref_shapes:
        layout_["shapes"] = events.shapes + ref_shapes
    if spec.kind == "stacked_column":
        layout_["uniformtext"] = {"minsize": size.small - 2, "mode": "hide"}
    # NOTE: Plotly's validation made up most of a figure's cost (15 ms against 3 ms) on
    # every rerun; the figures are built only here, and a test validates every chart of
    # the catalogue, so validation is skipped at run time.
    return go.Figure(data=traces + ref_entries, layout=layout_, _validate=False)


def _traces(shape: _Shape, legend_names: list[str]) -> list[dict]:
    # NOTE: series count (for palette colour and line style) among the emphasised ones.
    main = {s: i for i, s in enumerate(shape.main)}
    traces = []
    for series, lists in shape.points.items():
        trace = _trace(shape, series, main.get(series, 0), lists)
        if trace["showlegend"]:
            trace["name"] = legend_names[main[series]]  # wrapped to the legend's width
        traces.append(trace)
    return traces


def _axes(
    shape: _Shape, categories: list[str], top: float, plot_w: float, *, horizontal: bool
) -> dict:
    spec, size = shape.spec, shape.size
    fixed = {
        "automargin": False,
        "fixedrange": True,
        "tickfont": {"size": size.tick, "color": AXIS_TEXT},
        "ticks": "outside",
        "ticklen": 5,
        "tickcolor": "#999999",
    }
    value = fixed | {
        "tickformat": numbers.d3_tick_format(spec.value_format),
        "hoverformat": numbers.d3_format(spec.value_format),
        "gridcolor": GRID,
        "zeroline": True,
        "zerolinecolor": "#999999",
        "range": [0, top],
        "nticks": 4 if size.width < layout.WIDTHS[1] else 6,
    }
    category = fixed | {
        "type": "category",  # "2019" stays a label, never a number or a date
        "categoryorder": "array",
        "categoryarray": categories,
        "range": [-0.5, len(categories) - 0.5],
        "showgrid": False,
    }
    if horizontal:
        # first category on top, as in a table; long names wrapped
        wrapped = [
            "<br>".join(layout.wrapped(c, min((size.width - 2 * size.pad) * 0.4, 320), size.tick))
            for c in categories
        ]
        category |= {
            "range": [len(categories) - 0.5, -0.5],
            "tickmode": "array",
            "tickvals": categories,
            "ticktext": wrapped,
            "tickcolor": "rgba(0,0,0,0)",  # no tick marks, but their room before the names
        }
        return {"xaxis": value, "yaxis": category}
    step = layout.tick_step(categories, plot_w, size.tick)
    if step > 1:
        category |= {"tickmode": "linear", "tick0": 0, "dtick": step}
    value["title"] = {"text": spec.y_title, "font": {"size": size.text, "color": AXIS_TEXT}}
    return {"xaxis": category, "yaxis": value}


def _texts(
    spec: ChartSpec,
    size: Sizes,
    frame: _Frame,
    title: list[str],
    subtitle: list[str],
    source: list[str],
    ticks: float,
) -> list[dict]:
    """Title, subtitle, source line (and the value-axis title under horizontal bars) as
    annotations placed in pixels from the plot area's corners."""
    to_edge = -(frame.left - size.pad)
    common = {"xref": "paper", "yref": "paper", "showarrow": False, "align": "left"}
    texts = [
        common
        | {
            "text": "<b>" + "<br>".join(title) + "</b>",
            "x": 0,
            "xanchor": "left",
            "xshift": to_edge,
            "y": 1,
            "yanchor": "top",
            "yshift": frame.top - size.pad,
            "font": {"size": size.title, "color": TEXT},
        }
    ]
    if subtitle:
        below = frame.top - size.pad - block(len(title), size.title) - 4
        texts.append(
            common
            | {
                "text": "<br>".join(subtitle),
                "x": 0,
                "xanchor": "left",
                "xshift": to_edge,
                "y": 1,
                "yanchor": "top",
                "yshift": below,
                "font": {"size": size.subtitle, "color": marks.TEXT_GREY},
            }
        )
    texts.append(
        common
        | {
            "text": "<br>".join(source),
            "x": 0,
            "xanchor": "left",
            "xshift": to_edge,
            "y": 0,
            "yanchor": "bottom",
            "yshift": -(frame.bottom - size.pad),
            "font": {"size": size.small, "color": marks.TEXT_GREY},
        }
    )
    if spec.kind == "bar":
        texts.append(
            common
            | {
                "text": spec.y_title,
                "x": 0.5,
                "xanchor": "center",
                "y": 0,
                "yanchor": "top",
                "yshift": -(ticks + 4),
                "font": {"size": size.text, "color": AXIS_TEXT},
            }
        )
    return texts
