"""The side column of a map on a slide or a PDF page: every municipality's figure while
it fits at a readable size, else one line pointing to the workbook (a region the size of
Flanders made the text under 1 pt, which python-pptx refuses)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu, Pt

from charts import maps
from indicators.filters import Filters
from reports import map_layout, pptx_map
from tests.test_charts_maps import TWO


def _spec(municipalities: int):
    spec = maps.per_1000(TWO, Filters())
    names = [f"Gemeente {n}" for n in range(municipalities)]
    return replace(spec, data=pd.DataFrame({"x": names, "text": ["1,5"] * municipalities}))


def test_a_small_region_lists_every_figure() -> None:
    spec = maps.per_1000(TWO, Filters())
    column = map_layout.side(spec, 400)
    assert column.lines == map_layout.figures(spec) == ["Groot: 2,40", "Klein: 1,50"]
    assert column.size == map_layout.LEGEND_SIZE


def test_a_region_too_long_to_list_points_to_the_workbook() -> None:
    column = map_layout.side(_spec(300), 400)
    assert column.lines == [map_layout.FIGURES_ELSEWHERE]
    assert column.size >= map_layout.MIN_SIZE
    fits = map_layout.side(_spec(30), 400)  # 30 lines still fit at a readable size
    assert len(fits.lines) == 30 and map_layout.MIN_SIZE <= fits.size < map_layout.LEGEND_SIZE


def test_the_slide_of_a_long_region_is_drawn_with_readable_text() -> None:
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    pptx_map.add_map(slide, _spec(300), 0, 0, Emu(Pt(720)), Emu(Pt(400)))
    boxes = [shape for shape in _walk(slide.shapes) if shape.has_text_frame]
    sizes = [p.font.size.pt for box in boxes for p in box.text_frame.paragraphs if p.font.size]
    texts = [box.text_frame.text for box in boxes]
    assert sizes and min(sizes) >= map_layout.MIN_SIZE
    assert map_layout.FIGURES_ELSEWHERE in texts


def _walk(shapes):
    for shape in shapes:
        yield shape
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            yield from _walk(shape.shapes)
