"""The layout arithmetic behind every chart, without a browser: text widths in Arial,
wrapping (entities, "25 %", long words, at most n lines), the width bands, rows of labels
that keep apart, tick steps, and the plan of every catalogue chart at every band.
(tests/test_browser_layout.py checks the result as drawn.)"""

from __future__ import annotations

import html

import pytest

from charts import catalogue, layout, maptraces, marks, plan, textsize, traces
from charts import plotly as chart_plotly
from charts.text import for_plotly
from indicators.filters import Filters
from tests.indicators_frames import large_datasets

LARGE = large_datasets()


def test_text_width_uses_arial_metrics_with_a_margin():
    # "W13": W 944 + 1 556 + 3 556 thousandths of an em
    assert textsize.width("W13", 10) == pytest.approx(20.56 * textsize.SAFETY)
    assert textsize.width("Instroom", 20, bold=True) > textsize.width("Instroom", 20)
    assert textsize.width("é", 10) == textsize.width("e", 10)  # accents as their letter
    assert textsize.width("&amp;", 10) == textsize.width("&", 10)  # escaped as drawn


def test_wrap_keeps_entities_percentages_and_words_whole():
    text = html.escape("Werkplus & co daalde met 25 % in 2023", quote=False)
    lines = textsize.wrap(text, 60, 12)
    assert all(textsize.width(line, 12) <= 60 for line in lines)
    assert any("25 %" in line for line in lines)  # never "25" and "%" apart
    assert " ".join(html.unescape(line) for line in lines) == html.unescape(text)
    long = textsize.wrap("Maatwerkbedrijfsvereniging", 50, 12)  # no space to break at
    assert len(long) > 1 and "".join(long) == "Maatwerkbedrijfsvereniging"


def test_wrapped_to_at_most_n_lines_ends_with_an_ellipsis_that_fits():
    name = "vzw Buurtwerk & Leiestreek " * 6
    lines = layout.wrapped(html.escape(name, quote=False), 120, 12, most=2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(textsize.width(line, 12) <= 120 for line in lines)
    assert "&amp" not in lines[-1] or "&amp;" in lines[-1]  # never half an entity
    assert layout.wrapped("", 100, 12) == []


@pytest.mark.parametrize(
    ("width", "band"),
    [(200, 320), (320, 320), (599, 320), (600, 600), (859, 600), (860, 860), (3000, 860)],
)
def test_width_bands(width, band):
    assert layout.band(width) == band
    assert layout.sizes(width).width == band
    assert layout.band(None) == layout.DEFAULT_WIDTH


def test_label_rows_keep_every_pair_apart():
    spans = [(0, 100), (50, 150), (160, 200), (95, 120), (300, 320)]
    rows = layout.rows(spans, 8)
    for i, (a, row_a) in enumerate(zip(spans, rows, strict=True)):
        for b, row_b in zip(spans[i + 1 :], rows[i + 1 :], strict=True):
            if row_a == row_b:
                assert a[1] + 8 <= b[0] or b[1] + 8 <= a[0]
    assert rows[0] == 0 and rows[4] == 0  # a free place in the first row is used
    assert max(rows) == 2


def test_tick_step_thins_labels_to_whole_years_of_quarters():
    quarters = [f"{y} K{q}" for y in range(2017, 2024) for q in range(1, 5)]
    assert layout.tick_step(quarters, 2000, 12) == 1
    step = layout.tick_step(quarters, 250, 11)
    assert step in (4, 8) and step * 250 / len(quarters) >= textsize.width("2017 K1", 11)


@pytest.mark.parametrize("width", layout.WIDTHS)
@pytest.mark.parametrize("key", list(catalogue.CATALOGUE))
def test_every_chart_fits_its_band(key, width):
    spec = catalogue.build(key, LARGE, Filters())
    if spec.kind == "map":
        _map_fits_its_band(spec, width)
        return
    shape = traces.shape_of(for_plotly(spec), layout.sizes(width))
    where = plan.plan(shape)
    size = shape.size
    room = width - 2 * size.pad
    assert all(
        textsize.width(t, size.title, bold=True) <= room - layout.MODEBAR for t in where.title
    )
    assert all(textsize.width(t, size.small) <= room for t in where.source)
    assert where.frame.left + where.frame.right + 50 < width  # a plot area remains
    if not shape.horizontal:
        assert where.frame.plot == size.plot  # time charts keep their plot height
    figure = chart_plotly.figure(spec, width=width)
    assert figure.layout.height == where.frame.height
    assert figure.layout.margin.autoexpand is False  # every position known in advance
    assert figure.layout.legend.maxheight == where.frame.bottom  # never a scrolling legend


def _map_fits_its_band(spec, width) -> None:
    size = layout.sizes(width)
    where = maptraces.plan(spec, size)
    room = width - 2 * size.pad
    assert all(
        textsize.width(t, size.title, bold=True) <= room - layout.MODEBAR for t in where.title
    )
    assert all(textsize.width(t, size.small) <= room for t in where.source)
    # at most TALLEST times a time chart's plot, and the whole view inside the plot area
    assert 0 < where.plot <= size.plot * maptraces.TALLEST
    view = spec.map.view
    assert (view[2] - view[0]) * where.scale <= where.width + 1e-6
    assert (view[3] - view[1]) * where.scale <= where.plot + 1e-6
    figure = chart_plotly.figure(spec, width=width)
    assert figure.layout.height == where.height
    assert figure.layout.margin.autoexpand is False
    assert figure.layout.legend.maxheight == where.bottom


def test_event_labels_stack_on_a_phone_and_share_a_row_when_there_is_room():
    spec = catalogue.build("instroom.per_jaar", LARGE, Filters())
    narrow = marks.events(spec, 11, 40, 260)
    wide = marks.events(spec, 12, 60, 1400)
    assert narrow.rows > wide.rows >= 1
    assert len(narrow.labels) == len(wide.labels) == len(spec.events)
