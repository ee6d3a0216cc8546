"""Events and reference lines drawn on a Plotly figure.

Event labels sit in rows between the subtitle and the plot, each row holding labels that
keep apart at the narrowest width of the chart's band (``charts.layout``). A reference
line is named in the legend rather than beside the line, where a value label could sit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from charts import layout, textsize
from charts.spec import ChartSpec

TEXT_GREY = "#555555"
REFERENCE = "#b22222"
EVENT_STYLE = {
    "period": {"fillcolor": "#d9d9d9", "opacity": 0.45},
    "break": {"dash": "solid", "color": "#b22222"},
    "policy": {"dash": "dash", "color": "#444444"},
}
EVENT_PAD = 2  # around an event label's text, inside its white background
EVENT_GAP = 8  # between two labels in a row


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def position(when: dt.date, spec: ChartSpec) -> float | None:
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


@dataclass(frozen=True)
class Events:
    """The events of a figure: shapes on the plot, labels above it, and their rows."""

    shapes: list[dict]
    labels: list[dict]
    rows: int

    def height(self, size: float) -> float:
        return self.rows * row_height(size)


def row_height(size: float) -> float:
    return layout.block(1, size) + 2 * EVENT_PAD + 4


def events(spec: ChartSpec, size: float, left: float, room: float) -> Events:
    """Shapes and labels of the events on the axis; the plot area starts ``left`` pixels
    from the figure's edge and is ``room`` pixels wide at the narrowest width."""
    count = len(spec.categories)
    shapes: list[dict] = []
    found: list[tuple[float, dict]] = []  # label x (category units) and annotation
    for event in spec.events:
        start = position(event.start, spec)
        if start is None:
            continue
        style = EVENT_STYLE.get(event.kind, EVENT_STYLE["policy"])
        shapes.append(_shape(event, start, spec, style))
        found.append((start, {"text": event.label, "kind": event.kind}))
    spans, labels = [], []
    for start, label in sorted(found, key=lambda item: item[0]):
        x = left + (start + 0.5) / count * room
        wide = textsize.width(label["text"], size) + 2 * EVENT_PAD
        # NOTE: a label runs right from its line, or left when it would leave the plot;
        # either way labels only move apart as the chart grows wider.
        rightwards = x + wide <= left + room
        spans.append((x, x + wide) if rightwards else (x - wide, x))
        labels.append(_label(label["text"], start, size, rightwards))
    placed = layout.rows(spans, EVENT_GAP)
    for label, row in zip(labels, placed, strict=True):
        label["yshift"] = 4 + row * row_height(size)
    return Events(shapes, labels, max(placed, default=-1) + 1)


def _shape(event, start: float, spec: ChartSpec, style: dict) -> dict:
    base = {"xref": "x", "yref": "paper", "x0": start, "y0": 0, "y1": 1}
    if event.end is None:
        line = {"width": 2, "dash": style["dash"], "color": style["color"]}
        # between gridlines and data: a bar or a value label is never struck through
        return base | {"type": "line", "x1": start, "line": line, "layer": "between"}
    end = position(event.end, spec)
    return base | {
        "type": "rect",
        "x1": end if end is not None else start,
        "line": {"width": 0},
        "layer": "below",
        "fillcolor": style["fillcolor"],
        "opacity": style["opacity"],
    }


def _label(text: str, x: float, size: float, rightwards: bool) -> dict:
    return {
        "text": text,
        "x": x,
        "xref": "x",
        "xanchor": "left" if rightwards else "right",
        "y": 1,
        "yref": "paper",
        "yanchor": "bottom",
        "showarrow": False,
        "font": {"size": size, "color": TEXT_GREY},
        "bgcolor": "white",
        "borderpad": EVENT_PAD,
    }


def reference_lines(spec: ChartSpec) -> tuple[list[dict], list[dict]]:
    """The reference lines as shapes, and as legend entries (line-only traces)."""
    horizontal = spec.kind == "bar"
    shapes, entries = [], []
    for line in spec.reference_lines:
        if horizontal:
            axis = {"xref": "x", "yref": "paper", "x0": line.value, "x1": line.value}
            axis |= {"y0": 0, "y1": 1}
        else:
            axis = {"xref": "paper", "yref": "y", "x0": 0, "x1": 1}
            axis |= {"y0": line.value, "y1": line.value}
        style = {"dash": "dot", "color": REFERENCE, "width": 2}
        shapes.append({"type": "line", **axis, "line": style})
        entries.append(
            {
                "type": "scatter",
                "x": [None],
                "y": [None],
                "mode": "lines",
                "name": line.label,
                "line": style,
                "hoverinfo": "skip",
                "showlegend": True,
            }
        )
    return shapes, entries
