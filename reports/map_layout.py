"""Where a map goes on a slide or a PDF page, in points: the outlines scaled into the
left of a box, the municipalities' names placed as on screen (``charts.geo.place_names``:
on the shape where they fit, else beside it with a leader line), and beside the map a
legend and the figure of every municipality (a slide has no hover).

The PowerPoint (``reports.pptx_map``) and the PDF (``reports.pdf_map``) draw from the
same plan, so they show the same map; nothing is fetched to draw it.
"""

from __future__ import annotations

from dataclasses import dataclass

from charts import geo, textsize
from charts.spec import ChartSpec

NAME_SIZE = 9.0  # pt
LEGEND_SIZE = 10.0
MIN_SIZE = 6.0  # pt: the smallest side-column text worth printing
FIGURES_ELSEWHERE = "Cijfers per gemeente: zie het Excel-bestand"
SIDE_WIDTH = 210.0  # pt beside the map for the legend and the figures
GAP = 14.0
SWATCH = 11.0


@dataclass(frozen=True)
class MapPlan:
    """A map in a box: ``at`` turns kilometres into points from the page's top left."""

    left: float
    top: float
    scale: float  # points per kilometre
    view: geo.Box
    names: list[geo.Label]  # in points from the page's top left
    side_left: float  # where the legend and the figures start

    def at(self, point: geo.Point) -> geo.Point:
        return (
            self.left + (point[0] - self.view[0]) * self.scale,
            self.top + (self.view[3] - point[1]) * self.scale,
        )


def plan(spec: ChartSpec, left: float, top: float, width: float, height: float) -> MapPlan:
    """The map of ``spec`` as large as fits left of the side column in the box."""
    layer = spec.map
    assert layer is not None, "a map spec carries its MapLayer"
    view = layer.view
    room = max(width - SIDE_WIDTH - GAP, 50.0)
    scale = min(room / (view[2] - view[0]), height / (view[3] - view[1]))
    drawn_height = (view[3] - view[1]) * scale
    shell = MapPlan(left, top + (height - drawn_height) / 2, scale, view, [], 0.0)
    map_width = (view[2] - view[0]) * scale
    names = geo.place_names(
        layer.areas,
        lambda p: _minus(shell.at(p), (shell.left, shell.top)),
        (map_width, drawn_height),
        lambda name: (name_width(name), NAME_SIZE * 1.3),
    )
    moved = [
        geo.Label(
            n.name,
            n.x + shell.left,
            n.y + shell.top,
            (n.anchor[0] + shell.left, n.anchor[1] + shell.top),
            n.inside,
        )
        for n in names
    ]
    return MapPlan(shell.left, shell.top, scale, view, moved, left + map_width + GAP)


def name_width(name: str) -> float:
    """The width of a name's box in points (Arial at ``NAME_SIZE``, a little room)."""
    return textsize.width(name, NAME_SIZE) + 4


@dataclass(frozen=True)
class Side:
    """The side column: row height and font size, and the lines under the legend."""

    row: float
    size: float
    lines: list[str]


def side(spec: ChartSpec, height: float) -> Side:
    """The side column (a heading, the legend, a gap, and a line per municipality), its
    text smaller when a long region needs it to fit ``height``; when the figures would
    fall below ``MIN_SIZE`` they are left to the workbook, which has every number."""
    assert spec.map is not None
    lines = figures(spec)
    if _size(spec, height, len(lines))[1] < MIN_SIZE:
        lines = [FIGURES_ELSEWHERE]
    return Side(*_size(spec, height, len(lines)), lines)


def _size(spec: ChartSpec, height: float, lines: int) -> tuple[float, float]:
    assert spec.map is not None
    row = min(LEGEND_SIZE * 1.6, height / (1.5 + len(spec.map.legend) + lines))
    return row, min(LEGEND_SIZE, row / 1.35)


def _minus(a: geo.Point, b: geo.Point) -> geo.Point:
    return (a[0] - b[0], a[1] - b[1])


def figures(spec: ChartSpec) -> list[str]:
    """ "Kortrijk: −12 %" per municipality of the region, in region order (as masked)."""
    return [f"{x}: {text}" for x, text in zip(spec.data["x"], spec.data["text"], strict=True)]
