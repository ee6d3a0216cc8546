"""Where everything of a figure goes, in pixels, at the narrowest width of its band.

From top to bottom: title, subtitle, rows of event labels, the plot, tick labels (and
the value-axis title under horizontal bars), the legend, the source line. Every text is
wrapped to the room it has; the margins are the sum of what they hold, so the plot area
keeps its height whatever the title needs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from charts import layout, marks, textsize
from charts.layout import block
from charts.traces import Shape, label_room, tick_width, value_bottom, wrap_labels

LEGEND_LINES = 2  # a longer series name is shortened in the legend (whole in the hover)
NAME_LINES = 3  # likewise a category name beside a horizontal bar
NAME_SHARE = 0.4  # of the width, at most, for the names beside horizontal bars
NAME_MOST = 320  # pixels, at most, for them


@dataclass(frozen=True)
class Frame:
    """Margins and the plot area's height, in whole pixels."""

    left: int
    right: int
    top: int
    bottom: int
    plot: int

    @property
    def height(self) -> int:
        return self.top + self.plot + self.bottom


@dataclass(frozen=True)
class Plan:
    title: list[str]
    subtitle: list[str]
    source: list[str]
    names: list[str]  # category names as shown beside horizontal bars
    legend: list[str]  # legend entries: series (wrapped, shortened), reference lines
    reference_shapes: list[dict]
    reference_entries: list[dict]
    events: marks.Events
    top: float  # the value axis's top: room for the point labels
    room: float  # width of the plot area at the narrowest width
    ticks: float  # height of the tick labels under the plot
    frame: Frame
    bottom: float = 0.0  # the value axis's bottom: below 0 only for negative values


def names(shape: Shape) -> list[str]:
    """Category names beside horizontal bars, wrapped (and shortened) to their room."""
    size = shape.size
    room = min((size.width - 2 * size.pad) * NAME_SHARE, NAME_MOST)
    return [
        "<br>".join(layout.wrapped(c, room, size.tick, most=NAME_LINES))
        for c in shape.spec.categories
    ]


def plan(shape: Shape) -> Plan:
    spec, size = shape.spec, shape.size
    room = size.width - 2 * size.pad
    header = room - layout.MODEBAR
    title = layout.wrapped(spec.title, header, size.title, bold=True)
    subtitle = layout.wrapped(spec.subtitle, header, size.subtitle)
    source = layout.wrapped(spec.source, room, size.small)
    count = max(len(spec.categories), 1)
    right = size.pad + 6
    shown = names(shape) if shape.horizontal else []
    bottom = value_bottom(shape)
    if shape.horizontal:
        lines = [line for name in shown for line in name.split("<br>")]
        left = size.pad + textsize.widest(lines, size.tick) + layout.TICK_GAP
        plot_w = size.width - left - right
        groups = 1 if shape.stacked else len(shape.main)
        rows = max((n.count("<br>") + 1 for n in shown), default=1)
        # a slot holds the name's lines, and each bar of a group is as thick as its label
        slot = max(block(rows, size.tick) + 8, groups * (block(1, size.text) + 4) / 0.8)
        plot_h = max(count * slot, 3 * slot)
        top = label_room(shape, plot_w)
    else:
        plot_h = size.plot
        top = label_room(shape, plot_h)
        upright = block(1, size.text) + 2  # the value-axis title, turned upright
        left = size.pad + upright + tick_width(shape, top, bottom) + layout.TICK_GAP
        plot_w = size.width - left - right
        if shape.labelled and spec.kind != "line":
            wrap_labels(shape, plot_w / count - 4)
            top = label_room(shape, plot_h)

    events = marks.Events([], [], 0)
    if spec.events and spec.x_dates and not shape.horizontal:
        events = marks.events(spec, size.small, left, plot_w)
    ref_shapes, ref_entries = marks.reference_lines(spec)
    legend = [
        "<br>".join(layout.wrapped(s, plot_w - 50, size.text, most=LEGEND_LINES))
        for s in (shape.main if shape.series_legend else [])
    ] + [entry["name"] for entry in ref_entries]

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
    legend_h = layout.legend_height(legend, plot_w, size.text)
    if legend_h:
        foot += 10 + legend_h
    foot += 10 + block(len(source), size.small) + size.pad
    frame = Frame(*(math.ceil(v) for v in (left, right, head, foot, plot_h)))
    return Plan(
        title,
        subtitle,
        source,
        shown,
        legend,
        ref_shapes,
        ref_entries,
        events,
        top,
        plot_w,
        ticks,
        frame,
        bottom,
    )
