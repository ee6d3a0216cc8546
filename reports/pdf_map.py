"""A map on a PDF page, drawn natively by matplotlib from the same plan as the slide
(``reports.map_layout``): filled outlines, grey neighbours, names on or beside the
shapes, and beside the map the legend and every municipality's figure.
"""

from __future__ import annotations

from matplotlib.lines import Line2D
from matplotlib.patches import Polygon, Rectangle

from charts import geo
from charts.contrast import text_on
from charts.spec import ChartSpec
from reports import map_layout
from reports.pdf_chart import Box
from reports.pdf_text import Page, font

HATCHES = {"": None, "/": "////", ".": "..."}


def draw_map(page: Page, spec: ChartSpec, _table, box: Box) -> None:
    """Draw the map of ``spec`` in ``box`` (as ``pdf_chart.draw_chart``; the figures come
    from the spec itself)."""
    layer = spec.map
    assert layer is not None, "a map spec carries its MapLayer"
    where = map_layout.plan(spec, box.left, box.top, box.width, box.height)
    figure = page.figure

    def fraction(point: geo.Point) -> geo.Point:
        x, y = where.at(point)
        return (x / page.width, 1 - y / page.height)

    def shape(rings, **style) -> None:
        for ring in rings:
            figure.add_artist(
                Polygon(
                    [fraction(p) for p in ring], closed=True, transform=figure.transFigure, **style
                )
            )

    for area in layer.neighbours:
        shape(area.rings, facecolor=geo.NEIGHBOUR, edgecolor=geo.NEIGHBOUR_LINE, linewidth=0.4)
    for area in layer.areas:
        swatch = layer.fill(area.name)
        chosen = area.name in layer.chosen
        shape(
            area.rings,
            facecolor=swatch.colour,
            edgecolor="#222222" if chosen else geo.AREA_LINE,
            linewidth=1.8 if chosen else 0.6,
            hatch=HATCHES[swatch.pattern],
        )
    _names(page, layer, where)
    _side(page, spec, where, box)


def _at(page: Page, x: float, y: float) -> tuple[float, float]:
    return (x / page.width, 1 - y / page.height)


def _names(page: Page, layer: geo.MapLayer, where: map_layout.MapPlan) -> None:
    for label in where.names:
        colour = "#222222"
        extra = {}
        if label.inside:
            colour = text_on(layer.fill(label.name).colour)
        else:
            page.figure.add_artist(
                Line2D(
                    *zip(_at(page, *label.anchor), _at(page, label.x, label.y), strict=True),
                    transform=page.figure.transFigure,
                    color="#444444",
                    linewidth=0.6,
                )
            )
            extra = {"bbox": {"facecolor": "white", "alpha": 0.9, "edgecolor": "none", "pad": 0.8}}
        page.figure.text(
            *_at(page, label.x, label.y),
            label.name,
            fontproperties=font(map_layout.NAME_SIZE, False),
            color=colour,
            ha="center",
            va="center",
            parse_math=False,
            **extra,
        )


def _side(page: Page, spec: ChartSpec, where: map_layout.MapPlan, box: Box) -> None:
    layer = spec.map
    assert layer is not None
    column = map_layout.side(spec, box.height)
    row, size = column.row, column.size
    x, y = where.side_left, box.top

    def line(text: str, left: float, colour: str, bold: bool = False) -> None:
        page.figure.text(
            *_at(page, left, y + row / 2),
            text,
            fontproperties=font(size, bold),
            color=colour,
            va="center",
            parse_math=False,
        )

    line(spec.y_title, x, "#222222", bold=True)
    y += row
    for swatch in layer.legend:
        side = map_layout.SWATCH
        left, top = _at(page, x, y + (row + side) / 2)
        page.figure.add_artist(
            Rectangle(
                (left, top),
                side / page.width,
                side / page.height,
                transform=page.figure.transFigure,
                facecolor=swatch.colour,
                edgecolor=geo.AREA_LINE,
                linewidth=0.5,
                hatch=HATCHES[swatch.pattern],
            )
        )
        line(swatch.label, x + side + 6, "#222222")
        y += row
    y += row / 2
    for text in column.lines:
        line(text, x, "#444444")
        y += row
