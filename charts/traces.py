"""Plotly traces of a ``ChartSpec``, and what about its series decides the layout.

A ``Shape`` is read once from the spec: the points per series, which series are grey
context, whether the points carry labels (and at what size, once they are wrapped to
the columns' width). ``traces`` turns it into Plotly traces.
"""

from __future__ import annotations

from dataclasses import dataclass

from charts import layout, numbers, textsize
from charts.contrast import text_on
from charts.layout import Sizes, block
from charts.spec import HIGHLIGHT_COLOUR, ChartSpec, line_style, series_colour

# Lines beyond this many series carry no point labels: they would print over each other.
LABELLED_LINES = 4
MIN_LABEL = 9  # the smallest font size a value label shrinks to in a narrow column
# NOTE: a white halo keeps a value label readable where a gridline or event line
# crosses it.
HALO = "0 0 2px white, 0 0 3px white"


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
class Shape:
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
        """Whether the legend names the series (more than one, or one among grey ones)."""
        return (len(self.main) > 1 or bool(self.spec.context)) and not self.one_per_x

    @property
    def labelled(self) -> bool:
        """Whether points carry their text labels."""
        has_text = any(t for p in self.points.values() for t in p["text"])
        if self.spec.kind == "line":
            return has_text and len(self.main) <= LABELLED_LINES
        return has_text


def shape_of(spec: ChartSpec, size: Sizes) -> Shape:
    points = _points(spec)
    main = [s for s in points if s not in spec.context]
    return Shape(spec, size, points, main, _one_series_per_x(points), size.text)


def _trace(
    shape: Shape, series: str, index: int, lists: dict[str, list],
    colour: str | list[str] | None = None,
) -> dict:
    """The trace of ``series``, in its colour (or ``colour``: one per point)."""
    spec = shape.spec
    x, y = lists["x"], lists["value"]
    text = lists["text"] if "text" in spec.data else None
    colour = colour or series_colour(spec, series, index)
    # NOTE: per-point colours only when something is highlighted, to keep the JSON small.
    marked = [c in spec.highlight for c in x]
    colours = colour
    if any(marked):
        each = colour if isinstance(colour, list) else [colour] * len(x)
        colours = [HIGHLIGHT_COLOUR if m else c for m, c in zip(marked, each, strict=True)]
    fmt = numbers.d3_format(spec.value_format)
    # NOTE: with masking the hover shows the label ("<5"), never the exact small count.
    # The series' name comes from ``meta``, never from the template itself (a name is
    # data: "%{y}" in it must stay those characters); the legend may show it shortened.
    shown = "%{text}" if spec.masked and text else f"%{{value:{fmt}}}"
    legend = shape.series_legend and series not in spec.context
    if spec.kind == "line":
        trace = {
            "type": "scatter",
            "x": x,
            "y": y,
            "name": series,
            "meta": series,
            "mode": "lines+markers+text" if shape.labelled else "lines+markers",
            "text": text,
            "textposition": "top center",
            "textfont": {"size": shape.label_size, "shadow": HALO},
            "hovertemplate": shown.replace("value", "y") + "<extra>%{meta}</extra>",
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
        "meta": series,
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
        + "<extra>%{meta}</extra>",
        "showlegend": legend,
    }


def value_top(shape: Shape) -> float:
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


def value_bottom(shape: Shape) -> float:
    """The value axis's bottom: 0, or a little below the smallest value where some are
    negative (a change against 2019), so a falling line is drawn, not cut off."""
    if shape.stacked:
        return 0.0
    values = [v for p in shape.points.values() for v in p["value"] if v is not None]
    values += [line.value for line in shape.spec.reference_lines]
    low = min(values, default=0.0)
    return low * 1.05 if low < 0 else 0.0


def label_room(shape: Shape, length: float) -> float:
    """The value-axis top that leaves room for the point labels.

    ``length`` is the plot's extent along the value axis in pixels at the narrowest width
    of the band: labels take a fixed number of pixels, so the share of the axis they need
    is largest there.
    """
    top = value_top(shape)
    if not shape.labelled or shape.spec.kind == "stacked_column":
        return top * 1.05
    texts = [t for p in shape.points.values() for t in p["text"] if t]
    size = shape.label_size
    need = (
        textsize.widest(texts, size) + 10
        if shape.horizontal
        else block(max(t.count("<br>") + 1 for t in texts), size) + 8
    )
    return top * length / max(length - need, length / 2)


def wrap_labels(shape: Shape, room: float) -> None:
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


def tick_width(shape: Shape, top: float, bottom: float = 0.0) -> float:
    """The widest value-axis tick label (the axis top or bottom, formatted with its
    decimals)."""
    return max(
        textsize.width(numbers.by_format(end, shape.spec.value_format), shape.size.tick)
        for end in (top, bottom)
    )


def _one_trace(shape: Shape, main: dict[str, int]) -> dict:
    """The bars of a chart with a series per category (a bar per municipality) as one
    trace, each bar in its series' colour and hover label.

    NOTE: one trace of 300 bars instead of 300 traces keeps all of Flanders small in the
    browser (a trace costs ~450 bytes); nothing is stacked, so the bars stand as before.
    """
    series = list(shape.points)
    lists = {key: [p[key][0] for p in shape.points.values()] for key in ("x", "value", "text")}
    colours = [series_colour(shape.spec, s, main.get(s, 0)) for s in series]
    trace = _trace(shape, series[0], main.get(series[0], 0), lists, colours)
    trace["customdata"] = series
    trace["hovertemplate"] = trace["hovertemplate"].replace("%{meta}", "%{customdata}")
    del trace["meta"]
    return trace | {"name": "", "showlegend": False}


def traces(shape: Shape, legend_names: list[str]) -> list[dict]:
    """One trace per series; a series in the legend is named as ``legend_names`` has it
    (wrapped and perhaps shortened), its hover label keeps the whole name. Bars of a
    series per category are one trace."""
    # NOTE: series count (for palette colour and line style) among the emphasised ones.
    main = {s: i for i, s in enumerate(shape.main)}
    if shape.one_per_x and shape.spec.kind != "line":
        return [_one_trace(shape, main)]
    out = []
    for series, lists in shape.points.items():
        trace = _trace(shape, series, main.get(series, 0), lists)
        if trace["showlegend"]:
            trace["name"] = legend_names[main[series]]
        out.append(trace)
    return out
