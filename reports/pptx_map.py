"""A map on a slide as native, editable PowerPoint shapes: one freeform per municipality
(filled by its value class; hatched without data, dotted when masked), the neighbours in
grey, names as text boxes (with a leader line when beside their shape), and beside the
map the legend and every municipality's figure. All of it is one group, so staff move
or resize the map as one piece, or recolour a single municipality.
"""

from __future__ import annotations

from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_PATTERN
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Pt

from charts import geo
from charts.contrast import text_on
from charts.spec import ChartSpec
from reports import map_layout
from reports.cells import safe_text

EMU_PER_POINT = 12_700
PATTERNS = {"/": MSO_PATTERN.WIDE_UPWARD_DIAGONAL, ".": MSO_PATTERN.PERCENT_20}


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _fill(shape, swatch: geo.Swatch) -> None:
    if swatch.pattern:
        shape.fill.patterned()
        shape.fill.pattern = PATTERNS[swatch.pattern]
        shape.fill.fore_color.rgb = _rgb(geo.PATTERN_INK)
        shape.fill.back_color.rgb = _rgb(swatch.colour)
    else:
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(swatch.colour)


def _freeform(shapes, rings: tuple[geo.Ring, ...], where: map_layout.MapPlan, name: str):
    """One shape of all ``rings`` (in points on the slide), named after its municipality."""
    points = [[where.at(p) for p in ring] for ring in rings]
    builder = shapes.build_freeform(*points[0][0], scale=EMU_PER_POINT)
    builder.add_line_segments(points[0][1:], close=True)
    for ring in points[1:]:
        builder.move_to(*ring[0])
        builder.add_line_segments(ring[1:], close=True)
    shape = builder.convert_to_shape()
    shape.name = safe_text(name)
    shape.shadow.inherit = False
    return shape


def _text(shapes, x: float, y: float, w: float, h: float, text: str, size: float, colour: str):
    box = shapes.add_textbox(
        Emu(int(x * EMU_PER_POINT)),
        Emu(int(y * EMU_PER_POINT)),
        Emu(int(w * EMU_PER_POINT)),
        Emu(int(h * EMU_PER_POINT)),
    )
    frame = box.text_frame
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    frame.word_wrap = False
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    paragraph = frame.paragraphs[0]
    paragraph.text = text
    paragraph.font.size = Pt(size)
    paragraph.font.color.rgb = _rgb(colour)
    return box


def add_map(
    slide, spec: ChartSpec, left: int, top: int, width: int, height: int, _table=None
) -> None:
    """Draw the map of ``spec`` in the rectangle (EMU) of ``slide`` (as ``add_chart``;
    the figures come from the spec itself)."""
    layer = spec.map
    assert layer is not None, "a map spec carries its MapLayer"
    where = map_layout.plan(
        spec,
        left / EMU_PER_POINT,
        top / EMU_PER_POINT,
        width / EMU_PER_POINT,
        height / EMU_PER_POINT,
    )
    group = slide.shapes.add_group_shape()
    group.name = "Kaart"
    shapes = group.shapes
    for area in layer.neighbours:
        shape = _freeform(shapes, area.rings, where, area.name)
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(geo.NEIGHBOUR)
        shape.line.color.rgb = _rgb(geo.NEIGHBOUR_LINE)
        shape.line.width = Pt(0.5)
    for area in layer.areas:
        shape = _freeform(shapes, area.rings, where, area.name)
        _fill(shape, layer.fill(area.name))
        chosen = area.name in layer.chosen
        shape.line.color.rgb = _rgb("#222222" if chosen else geo.AREA_LINE)
        shape.line.width = Pt(2 if chosen else 0.75)
    _names(shapes, layer, where)
    _side(shapes, spec, where, top / EMU_PER_POINT, height / EMU_PER_POINT)


def _names(shapes, layer: geo.MapLayer, where: map_layout.MapPlan) -> None:
    size = map_layout.NAME_SIZE
    for label in where.names:
        w = map_layout.name_width(label.name)
        h = size * 1.3
        if label.inside:
            colour = text_on(layer.fill(label.name).colour)
        else:
            line = shapes.add_connector(
                MSO_CONNECTOR.STRAIGHT,
                *(Emu(int(v * EMU_PER_POINT)) for v in (*label.anchor, label.x, label.y)),
            )
            line.line.color.rgb = _rgb("#444444")
            line.line.width = Pt(0.75)
            colour = "#222222"
        box = _text(
            shapes, label.x - w / 2, label.y - h / 2, w, h, safe_text(label.name), size, colour
        )
        box.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
        if not label.inside:
            box.fill.solid()
            box.fill.fore_color.rgb = _rgb("#ffffff")


def _side(shapes, spec: ChartSpec, where: map_layout.MapPlan, top: float, height: float) -> None:
    """The legend (a swatch per class) and under it each municipality's figure."""
    layer = spec.map
    assert layer is not None
    column = map_layout.side(spec, height)
    row, size = column.row, column.size
    x, y = where.side_left, top
    room = map_layout.SIDE_WIDTH
    _text(shapes, x, y, room, row, spec.y_title, size, "#222222").text_frame.paragraphs[
        0
    ].font.bold = True
    y += row
    for swatch in layer.legend:
        box = shapes.add_shape(
            MSO_SHAPE.RECTANGLE,
            *(
                Emu(int(v * EMU_PER_POINT))
                for v in (
                    x,
                    y + (row - map_layout.SWATCH) / 2,
                    map_layout.SWATCH,
                    map_layout.SWATCH,
                )
            ),
        )
        _fill(box, swatch)
        box.line.color.rgb = _rgb(geo.AREA_LINE)
        box.line.width = Pt(0.5)
        box.shadow.inherit = False
        _text(
            shapes,
            x + map_layout.SWATCH + 6,
            y,
            room - map_layout.SWATCH - 6,
            row,
            swatch.label,
            size,
            "#222222",
        )
        y += row
    y += row / 2
    for line in column.lines:
        _text(shapes, x, y, room, row, safe_text(line), size, "#444444")
        y += row
