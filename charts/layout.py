"""The geometry of a chart for the width it is drawn at: font sizes, wrapped text, rows.

NOTE: Plotly lays a figure out in the browser, but it neither wraps text nor keeps
titles, legends and labels apart. So every such decision is made here, in pixels, for
the narrowest width of a band of widths (``WIDTHS``), with margins fixed (no Plotly
automargin): every position is then known exactly. A layout right at the narrowest
width of its band stays right when the chart is wider, because things only move apart:
titles keep their line breaks, the legend sits below the plot (Plotly wraps it to the
width), event labels spread out with the axis. The page tells which band a visitor's
charts fall in (ui.viewport); the browser test checks every chart at three sizes.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

from charts import textsize
from charts.text import plain

# The narrowest chart width of each band: phones, tablets and narrow windows, laptops.
WIDTHS = (320, 600, 860)
DEFAULT_WIDTH = 860
# The modebar (one button: download as PNG) sits in the top right corner; titles keep
# clear of it.
MODEBAR = 40
LINE = 1.3  # Plotly's line height, in font sizes
TICK_GAP = 9  # tick length and the gap to the tick labels
LEGEND_SYMBOL = 40  # a legend item's symbol and the gap to its text
LEGEND_GAP = 5  # between two legend items in a row


@dataclass(frozen=True)
class Sizes:
    """Font sizes and fixed distances for charts at least ``width`` pixels wide."""

    width: int
    text: int  # axis titles, legend, value labels
    title: int
    subtitle: int
    tick: int
    small: int  # source line and event labels
    plot: int  # height of the plot area of a chart over time
    pad: int  # between the figure's edge and its texts


_SIZES = {
    (320, False): Sizes(320, 12, 16, 12, 11, 11, 230, 8),
    (600, False): Sizes(600, 13, 18, 13, 12, 11, 270, 10),
    (860, False): Sizes(860, 14, 20, 14, 13, 12, 320, 12),
    # presentation: read from the back of a meeting room
    (320, True): Sizes(320, 15, 20, 15, 14, 13, 280, 10),
    (600, True): Sizes(600, 18, 25, 18, 17, 15, 360, 12),
    (860, True): Sizes(860, 20, 30, 20, 18, 17, 440, 16),
}


def band(width: float | None) -> int:
    """The band a chart ``width`` pixels wide falls in (its narrowest width)."""
    width = DEFAULT_WIDTH if width is None else width
    return max((w for w in WIDTHS if w <= width), default=WIDTHS[0])


def sizes(width: float | None = None, presentation: bool = False) -> Sizes:
    return _SIZES[(band(width), presentation)]


def block(lines: int, size: float) -> float:
    """The height of ``lines`` lines of text at ``size`` px, as Plotly draws them."""
    return size * (LINE * lines - 0.15) if lines else 0.0


def wrapped(
    text: str, room: float, size: float, *, bold: bool = False, most: int | None = None
) -> list[str]:
    """``text`` in lines that fit ``room`` pixels (no lines for no text); with ``most``,
    at most that many lines, the last one cut short with "…"."""
    lines = textsize.wrap(text, room, size, bold=bold) if text else []
    if most is None or len(lines) <= most:
        return lines
    last = html.unescape(lines[most - 1])  # cut characters, never an entity
    while last and textsize.width(last + "…", size, bold=bold) > room:
        last = last[:-1]
    return [*lines[: most - 1], plain(last.rstrip() + "…")]


def rows(spans: Sequence[tuple[float, float]], gap: float) -> list[int]:
    """The row of each span (start, end) so that no two spans in a row come closer than
    ``gap``: each goes in the first row where it fits (spans in the order given)."""
    placed: list[tuple[float, float, int]] = []
    for start, end in spans:
        row = 0
        while any(r == row and s < end + gap and start < e + gap for s, e, r in placed):
            row += 1
        placed.append((start, end, row))
    return [row for _, _, row in placed]


def legend_height(names: Sequence[str], room: float, size: float) -> float:
    """The height of a horizontal legend of ``names`` (each may hold ``<br>``) in a plot
    area ``room`` pixels wide.

    NOTE: Plotly puts a legend that fits one row item after item; otherwise it makes a
    grid whose columns are as wide as the widest item (measured in a browser).
    """
    if not names:
        return 0.0
    widths = [textsize.widest(n.split("<br>"), size) for n in names]
    lines = max(n.count("<br>") + 1 for n in names)
    item = LEGEND_SYMBOL + LEGEND_GAP
    if sum(item + w for w in widths) <= room:
        count = 1
    else:
        columns = max(1, math.floor(room / (item + max(widths))))
        count = math.ceil(len(names) / columns)
    return count * (block(lines, size) + 5) + 10


def tick_step(labels: Sequence[str], room: float, size: float) -> int:
    """Show every n-th category label so that labels ``room`` pixels apart in total keep
    a gap; n is 1, 2, 4, 8, 12 ... (so quarters start at the same quarter of each year)."""
    if not labels:
        return 1
    needed = (textsize.widest(list(labels), size) + 10) * len(labels) / room
    return next(n for n in (1, 2, 4, 8, 12, 24, 48, 10**6) if n >= needed)
