"""One ``ChartSpec`` drawn natively on a PDF page (matplotlib), the way the dashboard shows it.

Column, stacked column, bar and line charts in the spec's colours (a municipality's
colour per bar when the bars are municipalities), Flemish numbers on the value axis and
on the labels, highlighted categories, context series in thin grey, dashes and markers
beside colour above four lines, reference lines dotted and named in the legend, and the
events of a time axis as shades and lines with their labels in rows above the plot.

Masked points (small counts shown as "<5") are not drawn at their exact height: as in
the deck, the point is left out and "<5" is written at the base; the page's note names
them. The axes are fitted into the rectangle they are given from measured extents, so
tick labels, axis titles and the legend never leave it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator

from charts import marks, numbers
from charts.contrast import text_on
from charts.spec import CONTEXT_GREY, HIGHLIGHT_COLOUR, ChartSpec, line_style, series_colour
from reports.notes import reference_text
from reports.pdf_text import GREY, Page, Style, font, width, wrap
from reports.table import Grid

TICK = Style(9.5, colour="#333333")
AXIS_TITLE = Style(10, colour=GREY)
LABEL = Style(8.5, colour="#222222")
LEGEND = Style(9.5)
EVENT = Style(8.5, colour=GREY)
# Behind a label outside its bar or point, so a reference or event line never runs through it.
LABEL_BACKGROUND = {"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 0.5}
GRID_COLOUR = "#e5e5e5"
AXIS_COLOUR = "#999999"
BAR_WIDTH = 0.7  # share of a category's room taken by its bars
# Above this many points per series value labels would crowd: only given labels show.
MAX_VALUE_LABELS = 16
# Long category names wrap on the bar chart's axis, up to this width and line count.
BAR_LABEL_WIDTH = 190.0
MAX_LABEL_LINES = 2
LEGEND_LABEL_WIDTH = 230.0
HEADROOM = 1.12  # above the tallest bar, for its label
# A bar reaching this share of its axis (a capped one: 100 %) has its label inside.
INSIDE = 0.95
DASHES = {"solid": "-", "dash": "--", "dot": ":", "dashdot": "-."}
MARKERS = {
    "circle": "o",
    "square": "s",
    "diamond": "D",
    "triangle-up": "^",
    "x": "x",
    "star": "*",
    "cross": "P",
}
# Points per inch: the page figure has 72 dots per inch, so a dot is a point.
DPI = 72


@dataclass(frozen=True)
class Box:
    """A rectangle on the page in points: left and top edge from the page's top-left."""

    left: float
    top: float
    width: float
    height: float

    @property
    def bottom(self) -> float:
        return self.top + self.height


def shorten(text: str, size: float, room: float, lines: int = MAX_LABEL_LINES) -> str:
    """``text`` wrapped to ``room`` points in at most ``lines`` lines, cut with "…"."""
    wrapped = [" ".join(run[1] for run in runs) for runs in wrap(text, size, room)]
    if len(wrapped) > lines:
        wrapped = [*wrapped[: lines - 1], wrapped[lines - 1].rstrip(" ,") + "…"]
    return "\n".join(wrapped)


class _Chart:
    """Draws one spec into one axes; kept as an object because the fitting needs its parts."""

    def __init__(self, page: Page, spec: ChartSpec, table: Grid, box: Box) -> None:
        self.page, self.spec, self.table, self.box = page, spec, table, box
        self.figure = page.figure
        self.horizontal = spec.kind == "bar"
        self.per_category = spec.one_series_per_x
        self.main = [s for s in table.series if s not in spec.context]
        self.axes: Axes = self.figure.add_axes((0.1, 0.1, 0.8, 0.8))
        self.legend = None
        self.value_labels: list = []

    # --- colours ---------------------------------------------------------------------

    def colour(self, name: str, category: str) -> str:
        spec = self.spec
        if category in spec.highlight and spec.kind != "line":
            return HIGHLIGHT_COLOUR
        if len(self.table.series) == 1 and category in spec.colours:
            return spec.colours[category]  # a single series over municipalities
        if name in spec.context:
            return spec.colours.get(name, CONTEXT_GREY)
        index = self.main.index(name)
        return series_colour(spec, name, index)

    # --- drawing ---------------------------------------------------------------------

    def draw(self) -> None:
        if self.spec.kind == "line":
            self._lines()
        else:
            self._bars()
        self._reference_lines()
        self._axes_style()
        self._legend()

    def _bars(self) -> None:
        table, spec = self.table, self.spec
        count = 1 if self.per_category or spec.kind == "stacked_column" else len(table.series)
        width_each = BAR_WIDTH / count
        base = [0.0] * len(table.categories)
        draw = self.axes.barh if self.horizontal else self.axes.bar
        for i, name in enumerate(table.series):
            offset = 0.0 if count == 1 else (i - (count - 1) / 2) * width_each
            bars: dict[str, list] = {"positions": [], "sizes": [], "bottoms": [], "colours": []}
            for j, category in enumerate(table.categories):
                value = table.values[name][j]
                masked = table.masked[name][j]
                text = self._label(name, j)
                if value is None and text is None:
                    continue
                position = j + offset
                shown = 0.0 if (masked or value is None) else value
                bottom = base[j] if spec.kind == "stacked_column" else 0.0
                fill = self.colour(name, category)
                if shown:
                    bars["positions"].append(position)
                    bars["sizes"].append(shown)
                    bars["bottoms"].append(bottom)
                    bars["colours"].append(fill)
                if spec.kind == "stacked_column":
                    base[j] += shown
                if text is not None:
                    self.value_labels.append((position, bottom, shown, text, masked, fill))
            if bars["positions"]:  # NOTE: one call per series: a call per bar costs ~10 ms
                draw(
                    bars["positions"],
                    bars["sizes"],
                    width_each,
                    bars["bottoms"],
                    color=bars["colours"],
                    zorder=2,
                )

    def _lines(self) -> None:
        table, spec = self.table, self.spec
        xs = range(len(table.categories))
        for name in table.series:
            values = [
                math.nan if (v is None or hidden) else v
                for v, hidden in zip(table.values[name], table.masked[name], strict=True)
            ]
            colour = self.colour(name, "")
            if name in spec.context:
                self.axes.plot(xs, values, color=colour, linewidth=1.0, zorder=1)
                continue
            dash, symbol = line_style(spec, self.main.index(name))
            self.axes.plot(
                xs,
                values,
                color=colour,
                linewidth=2.0,
                linestyle=DASHES[dash],
                marker=MARKERS[symbol],
                markersize=5,
                zorder=3,
            )
            for j, category in enumerate(table.categories):
                if category in spec.highlight and not math.isnan(values[j]):
                    self.axes.plot([j], [values[j]], "o", color=HIGHLIGHT_COLOUR, ms=9, zorder=4)
                text = self._label(name, j)
                if text is not None:
                    hidden = table.masked[name][j] or math.isnan(values[j])
                    y = 0.0 if hidden else values[j]
                    self.value_labels.append((j, 0.0, y, text, hidden, None))

    def _label(self, name: str, index: int) -> str | None:
        """The text at a point: the spec's own, or its value when the chart is small."""
        table, spec = self.table, self.spec
        if table.has_text:
            return table.texts[name][index]
        value = table.values[name][index]
        few = len(table.categories) <= MAX_VALUE_LABELS and len(table.series) == 1
        return numbers.by_format(value, spec.value_format) if few and value is not None else None

    def _reference_lines(self) -> None:
        for line in self.spec.reference_lines:
            draw = self.axes.axvline if self.horizontal else self.axes.axhline
            draw(line.value, color=marks.REFERENCE, linestyle=":", linewidth=1.8, zorder=3)

    def _value_axis_limits(self) -> None:
        spec = self.spec
        values = pd.to_numeric(spec.data["value"], errors="coerce").dropna()
        values = pd.concat([values, pd.Series([r.value for r in spec.reference_lines])])
        zoom = spec.kind == "line" and spec.value_format == "percent"
        if zoom or values.empty or (values < 0).any():
            return
        top = float(values.max())
        if spec.kind == "stacked_column":
            stacked = spec.data.assign(v=pd.to_numeric(spec.data["value"], errors="coerce"))
            top = max(top, float(stacked.groupby("x")["v"].sum().max()))
        top = top * HEADROOM if top > 0 else 1.0
        if spec.value_format == "percent" and values.max() <= 1:
            top = 1.0  # a fill rate runs to 100 %, not to 110 %
        (self.axes.set_xlim if self.horizontal else self.axes.set_ylim)(0, top)

    def _axes_style(self) -> None:
        ax, spec = self.axes, self.spec
        value_axis = ax.xaxis if self.horizontal else ax.yaxis
        value_axis.set_major_formatter(
            FuncFormatter(lambda v, _: numbers.tick(v, spec.value_format))
        )
        value_axis.set_major_locator(
            MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10], integer=spec.value_format == "count")
        )
        count = len(self.table.categories)
        if self.horizontal:
            ax.set_ylim(count - 0.5, -0.5)  # first category on top, as in a table
        else:
            ax.set_xlim(-0.5, count - 0.5)
        self._value_axis_limits()
        ax.grid(True, axis="x" if self.horizontal else "y", color=GRID_COLOUR, linewidth=0.8)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        for side in ("left", "bottom"):
            ax.spines[side].set_color(AXIS_COLOUR)
        ax.tick_params(colors=AXIS_COLOUR, labelcolor=TICK.colour, labelsize=TICK.size)
        titles = (spec.y_title, spec.x_title) if self.horizontal else (spec.x_title, spec.y_title)
        for setter, title in zip((ax.set_xlabel, ax.set_ylabel), titles, strict=True):
            if title:
                setter(
                    title,
                    fontproperties=font(AXIS_TITLE.size, False),
                    color=AXIS_TITLE.colour,
                    parse_math=False,
                )

    def _label_plan(self) -> tuple:
        """How the category names fit the axes as placed now: for bars (size, lines), for
        columns (rotation, every n-th label)."""
        count = max(len(self.table.categories), 1)
        if self.horizontal:
            room = self._axes_box().height / count
            size = min(TICK.size, max(6.5, room / (MAX_LABEL_LINES * 1.25)))
            return size, MAX_LABEL_LINES if room >= 2 * size * 1.25 else 1
        room = self._axes_box().width / count
        widest = max((width(c, TICK.size) for c in self.table.categories), default=0.0)
        if widest + 6 <= room:
            return 0, 1
        if widest < 70:  # short labels (periods): show every n-th
            return 0, math.ceil((widest + 6) / room)
        return 35, max(1, math.ceil(TICK.size * 1.6 / room))  # long names: slanted, thinned

    def _category_labels(self, plan: tuple) -> None:
        """Category names on their axis, wrapped (bars), rotated or thinned (columns)."""
        ax, categories = self.axes, self.table.categories
        if self.horizontal:
            size, lines = plan
            labels = [shorten(c, size, BAR_LABEL_WIDTH, lines) for c in categories]
            ax.set_yticks(range(len(categories)), labels, fontproperties=font(size, False))
            return
        rotation, step = plan
        labels = [
            shorten(c, TICK.size, BAR_LABEL_WIDTH, 1) if i % step == 0 else ""
            for i, c in enumerate(categories)
        ]
        ax.set_xticks(
            range(len(categories)),
            labels,
            fontproperties=font(TICK.size, False),
            rotation=rotation,
            ha="right" if rotation else "center",
            rotation_mode="anchor" if rotation else "default",
        )

    def _legend(self) -> None:
        spec = self.spec
        handles, labels = [], []
        if len(self.main) > 1 and not self.per_category:
            for name in self.main:
                colour = self.colour(name, "")
                if spec.kind == "line":
                    dash, symbol = line_style(spec, self.main.index(name))
                    handle = Line2D(
                        [],
                        [],
                        color=colour,
                        linewidth=2,
                        linestyle=DASHES[dash],
                        marker=MARKERS[symbol],
                        markersize=5,
                    )
                else:
                    handle = Rectangle((0, 0), 1, 1, color=colour)
                handles.append(handle)
                labels.append(name)
        for line in spec.reference_lines:
            handles.append(Line2D([], [], color=marks.REFERENCE, linestyle=":", linewidth=1.8))
            labels.append(reference_text(spec, line))
        if not handles:
            return
        labels = [shorten(label, LEGEND.size, LEGEND_LABEL_WIDTH) for label in labels]
        entry = max(width(line, LEGEND.size) for label in labels for line in label.split("\n"))
        columns = max(1, min(len(labels), int(self.box.width // (entry + 50))))
        self.legend = self.figure.legend(
            handles,
            labels,
            loc="lower left",
            bbox_to_anchor=(
                self.box.left / self.page.width,
                1 - self.box.bottom / self.page.height,
            ),
            ncols=columns,
            frameon=False,
            prop=font(LEGEND.size, False),
            borderaxespad=0,
            borderpad=0,
            handlelength=2.2,
            columnspacing=1.6,
        )

    # --- fitting ---------------------------------------------------------------------

    def _axes_box(self) -> Box:
        x0, y0, x1, y1 = self.axes.get_position().extents
        w, h = self.page.width, self.page.height
        return Box(x0 * w, (1 - y1) * h, (x1 - x0) * w, (y1 - y0) * h)

    def _place(self, box: Box) -> None:
        w, h = self.page.width, self.page.height
        self.axes.set_position((box.left / w, 1 - box.bottom / h, box.width / w, box.height / h))

    def _extent(self) -> Box:
        """What the axes take with tick labels and axis titles, in page points."""
        renderer = self.page.renderer()
        bbox = self.axes.get_tightbbox(renderer)
        return Box(bbox.x0, self.page.height - bbox.y1, bbox.width, bbox.height)

    def _target(self, event_rows: int) -> Box:
        top = self.box.top + event_rows * _event_row_height()
        bottom = self.box.bottom
        if self.legend is not None:
            legend = self.legend.get_window_extent(self.page.renderer())
            bottom -= legend.height + 10
        return Box(self.box.left, top, self.box.width, bottom - top)

    def fit(self) -> None:
        """Place the axes so that all they draw around them fills the box, legend below."""
        # NOTE: each measurement lays out every tick label (the costly part of a page), so
        # the axes are measured again only when the fitted size changes how the category
        # names are set, or how many rows the event labels need.
        self._place(self.box)
        plan, rows = self._label_plan(), len(self._event_rows())
        for _ in range(3):
            self._category_labels(plan)
            self._shrink_to(self._target(rows))
            fitted = self._label_plan(), len(self._event_rows())
            if fitted == (plan, rows):
                break
            plan, rows = fitted

    def _shrink_to(self, target: Box) -> None:
        axes, extent = self._axes_box(), self._extent()
        left = axes.left + (target.left - extent.left)
        right = axes.left + axes.width - (extent.left + extent.width - target.left - target.width)
        top = axes.top + (target.top - extent.top)
        bottom = axes.bottom - (extent.bottom - target.bottom)
        self._place(Box(left, top, max(right - left, 50), max(bottom - top, 50)))

    # --- after fitting: labels that depend on the final scale ---------------------------

    def finish(self) -> None:
        self._events()
        self._point_labels()

    def _point_labels(self) -> None:
        """The labels at the points; one that would cover another is left out (the
        workbook has every number), so close lines or narrow bars never smear labels."""
        ax, spec, box = self.axes, self.spec, self._axes_box()
        renderer, placed = self.page.renderer(), []
        low, high = ax.get_xlim() if self.horizontal else ax.get_ylim()
        span = high - low or 1.0
        per_unit = (box.width if self.horizontal else box.height) / span  # points per unit
        for position, bottom, shown, text, masked, fill in self.value_labels:
            end = bottom + shown
            if spec.kind == "stacked_column" and not masked:
                if shown * per_unit < LABEL.size * 1.3:
                    continue  # a thin segment: its label would spill over the next
                where, offset, inside = bottom + shown / 2, (0, 0), True
                align, vertical = "center", "center"
            else:
                inside = not masked and spec.kind != "line" and end > low + INSIDE * span
                gap = -3 if inside else (5 if spec.kind == "line" else 3)
                where, offset = end, (gap, 0) if self.horizontal else (0, gap)
                align = ("right" if inside else "left") if self.horizontal else "center"
                vertical = "center" if self.horizontal else ("top" if inside else "bottom")
            label = ax.annotate(
                text,
                (where, position) if self.horizontal else (position, where),
                xytext=offset,
                textcoords="offset points",
                ha=align,
                va=vertical,
                color=text_on(fill) if inside and fill else LABEL.colour,
                bbox=None if inside else LABEL_BACKGROUND,
                fontproperties=font(LABEL.size, False),
                parse_math=False,
                zorder=5,
            )
            extent = label.get_window_extent(renderer)
            if any(extent.overlaps(other) for other in placed):
                label.remove()
            else:
                placed.append(extent)

    def _event_positions(self) -> list[tuple[float, float | None, object]]:
        spec = self.spec
        if self.horizontal or not spec.x_dates:
            return []
        found = []
        for event in spec.events:
            start = marks.position(event.start, spec)
            if start is None:
                continue
            end = marks.position(event.end, spec) if event.end else None
            found.append((start, end, event))
        return found

    def _event_rows(self) -> list[list[tuple[float, float, str]]]:
        """Event labels (left, right in page points; text) in rows that never overlap."""
        box = self._axes_box()
        low, high = self.axes.get_xlim()
        rows: list[list[tuple[float, float, str]]] = []
        for start, end, event in sorted(self._event_positions(), key=lambda p: p[0]):
            middle = (start + end) / 2 if end is not None else start
            x = box.left + (middle - low) / (high - low) * box.width
            wide = width(event.label, EVENT.size) + 6
            left = min(max(x - wide / 2, box.left), box.left + box.width - wide)
            for row in rows:
                if row[-1][1] + 6 <= left:
                    row.append((left, left + wide, event.label))
                    break
            else:
                rows.append([(left, left + wide, event.label)])
        return rows

    def _events(self) -> None:
        for start, end, event in self._event_positions():
            style = marks.EVENT_STYLE.get(event.kind, marks.EVENT_STYLE["policy"])
            if end is not None or "fillcolor" in style:
                self.axes.axvspan(
                    start,
                    end if end is not None else start + 0.05,
                    color=style.get("fillcolor", "#d9d9d9"),
                    alpha=style.get("opacity", 0.45),
                    linewidth=0,
                    zorder=0,
                )
            else:
                self.axes.axvline(
                    start,
                    color=style["color"],
                    linewidth=1.6,
                    linestyle="--" if style["dash"] == "dash" else "-",
                    zorder=1,
                )
        box = self._axes_box()
        for i, row in enumerate(reversed(self._event_rows())):
            top = box.top - (i + 1) * _event_row_height()
            for left, _, label in row:
                self.page.text(left + 3, top, label, EVENT)


def _event_row_height() -> float:
    return EVENT.size * 1.6


def draw_chart(page: Page, spec: ChartSpec, table: Grid, box: Box) -> None:
    """Draw ``spec`` so that it and all its labels fill ``box`` on ``page``."""
    chart = _Chart(page, spec, table, box)
    chart.draw()
    chart.fit()
    chart.finish()
