"""The one renderer and config: PNG at slide size, Dutch separators, the figure's data
equal to the spec's, source line inside the figure, events, masking, small JSON."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import replace

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from charts import NoData, catalogue, layout, textsize
from charts import inflow as inflow_charts
from charts import plotly as chart_plotly
from charts.spec import (
    HIGHLIGHT_COLOUR,
    PALETTE,
    ChartSpec,
    EventMarker,
    ReferenceLine,
    series_colour,
)
from charts.text import plain
from indicators.datasets import Datasets
from indicators.filters import Filters
from tests.indicators_frames import datasets, inflow, large_datasets

DATA = datasets(
    inflow=inflow(
        [(y, None, "Groot", "LDE", "A", v) for y, v in {2019: 200, 2020: 170, 2021: 150}.items()]
        + [(y, None, "Klein", "LDE", "A", 2) for y in (2019, 2020, 2021)]
    )
)


def _spec(**changes) -> ChartSpec:
    base = {
        "key": "test.grafiek",
        "title": "Titel",
        "kind": "column",
        "data": pd.DataFrame(
            {"x": ["2019", "2020", "2021"], "series": "S", "value": [1.0, 2.0, 3.0]}
        ),
        "x_title": "Jaar",
        "y_title": "Aantal",
        "value_format": "count",
        "source": "Bron: test",
    }
    return ChartSpec(**(base | changes))


def test_config_png_at_slide_size_without_logo():
    image = chart_plotly.CONFIG["toImageButtonOptions"]
    assert image["format"] == "png"
    assert (image["width"], image["height"], image["scale"]) == (1920, 1080, 1)
    assert chart_plotly.CONFIG["displaylogo"] is False
    spec = inflow_charts.per_year(DATA, Filters())
    named = chart_plotly.config(spec)
    assert named["toImageButtonOptions"]["filename"] == "instroom-per-jaar"
    assert named["toImageButtonOptions"]["width"] == 1920
    assert chart_plotly.CONFIG["toImageButtonOptions"]["filename"] == "grafiek"  # untouched


def test_figure_data_equals_spec_and_dutch_layout():
    spec = inflow_charts.per_year(DATA, Filters())
    figure = chart_plotly.figure(spec)
    (trace,) = figure.data
    assert list(trace.x) == ["2019", "2020", "2021"]
    assert list(trace.y) == [202, 172, 152]
    assert list(trace.text) == ["", "−15 %", "−12 %"]
    assert figure.layout.separators == ",."
    assert text_of(figure, "title") == spec.title
    assert figure.layout.xaxis.type == "category"
    assert text_of(figure, "source") == spec.source
    # the 2021 column is highlighted, the others keep the series colour
    assert list(trace.marker.color) == [spec.colours[spec.series[0]]] * 2 + [HIGHLIGHT_COLOUR]


def text_of(figure, name: str) -> str:
    """The text of the figure's annotation ``name`` (title, subtitle, source)."""
    return next(a.text for a in figure.layout.annotations if a.name == name)


@pytest.mark.parametrize("width", layout.WIDTHS)
def test_a_long_takeaway_title_wraps_and_the_plot_moves_down(width):
    title = "Bezettingsgraad maatwerk 93,7 % in 2023; laagst bij Maatwerkbedrijf Atelier " * 2
    short = chart_plotly.figure(_spec(), width=width)
    long = chart_plotly.figure(_spec(title=title.strip()), width=width)
    lines = text_of(long, "title").split("<br>")
    assert len(lines) >= 2
    size = layout.sizes(width)
    room = width - 2 * size.pad - layout.MODEBAR  # clear of the modebar, at the band's edge
    assert all(textsize.width(line, size.title, bold=True) <= room for line in lines)
    assert " ".join(lines) == title.strip()
    assert "93,7 %" in text_of(long, "title").replace("<br>", " ")  # never "93,7<br>%"
    assert long.layout.margin.t > short.layout.margin.t
    # the plot area keeps its height: the figure grows by what the title needs
    grown = long.layout.height - short.layout.height
    assert grown == long.layout.margin.t - short.layout.margin.t


def test_series_colour_is_the_specs_own_else_the_palette_by_position():
    spec = _spec(colours={"Kortrijk": "#9467bd"})
    assert series_colour(spec, "Kortrijk", 3) == "#9467bd"
    assert series_colour(spec, "LDE", 0) == PALETTE[0]
    assert series_colour(spec, "LDE", 1) == PALETTE[1]
    assert series_colour(spec, "LDE", len(PALETTE) + 2) == PALETTE[2]  # the palette repeats


def test_series_without_a_colour_of_their_own_take_the_palette_in_order():
    rows = [(x, s, 1.0) for s in ("A", "B", "C") for x in ("2019", "2020")]
    data = pd.DataFrame(rows, columns=["x", "series", "value"])
    figure = chart_plotly.figure(_spec(kind="line", data=data, colours={"B": "#123456"}))
    assert [t.line.color for t in figure.data] == [PALETTE[0], "#123456", PALETTE[2]]


def test_selecting_a_municipality_changes_the_figure():
    figure = chart_plotly.figure(inflow_charts.per_year(DATA, Filters(municipalities=("Klein",))))
    assert list(figure.data[0].y) == [2, 2, 2]


def test_masked_hover_never_shows_the_small_count():
    spec = inflow_charts.per_municipality(DATA, Filters(mask_small=True))
    figure = chart_plotly.figure(spec)
    (bars,) = figure.data  # a bar per municipality, one trace
    klein = list(bars.customdata).index("Klein")
    assert bars.text[klein] == "&lt;5"  # Plotly shows "<5"
    assert "%{text}" in bars.hovertemplate
    assert bars.orientation == "h"
    assert bars.marker.color[klein] == "#222222"


def test_events_drawn_on_the_time_axis_only_when_switched_on():
    spec = _spec(
        x_dates={str(y): dt.date(y, 1, 1) for y in (2019, 2020, 2021)},
        events=(
            EventMarker(dt.date(2020, 3, 18), "Eerste lockdown", "period", dt.date(2020, 5, 4)),
            EventMarker(dt.date(2021, 4, 1), "Arbeidszorg wordt AMA", "break"),
            EventMarker(dt.date(2030, 1, 1), "Buiten beeld", "policy"),
        ),
    )
    figure = chart_plotly.figure(spec)
    shapes = figure.layout.shapes
    assert len(shapes) == 2  # the 2030 event lies outside the axis
    # 1 April 2021 on category "2021" (index 2, spanning 1,5–2,5): 1,5 + 90/365
    assert shapes[1].x0 == pytest.approx(1.5 + 90 / 365)
    labels = [a.text for a in figure.layout.annotations]
    assert "Eerste lockdown" in labels and "Buiten beeld" not in labels
    assert not chart_plotly.figure(_spec()).layout.shapes


def test_reference_line_is_named_in_the_legend_and_presentation_fonts_grow():
    spec = _spec(reference_lines=(ReferenceLine(100.0, "Referentie: 100 VTE"),))
    normal = chart_plotly.figure(spec)
    big = chart_plotly.figure(spec, presentation=True)
    assert normal.layout.shapes[0].y0 == 100.0
    # named in the legend, never beside the line where a value label could sit
    assert "Referentie: 100 VTE" not in [a.text for a in normal.layout.annotations]
    entry = next(t for t in normal.data if t.name == "Referentie: 100 VTE")
    assert entry.showlegend and entry.line.dash == "dot"
    assert normal.layout.showlegend and normal.data[0].showlegend is False  # one series
    assert big.layout.font.size > normal.layout.font.size
    titles = [next(a for a in f.layout.annotations if a.name == "title") for f in (normal, big)]
    assert titles[1].font.size > titles[0].font.size
    # the plot area keeps (at least) its height in presentation mode
    assert big.layout.height - big.layout.margin.t - big.layout.margin.b >= (
        normal.layout.height - normal.layout.margin.t - normal.layout.margin.b
    )


def test_bar_orientation_and_stacking():
    bar = chart_plotly.figure(_spec(kind="bar"))
    assert bar.data[0].orientation == "h" and list(bar.data[0].x) == [1.0, 2.0, 3.0]
    stacked = _spec(
        kind="stacked_column",
        data=pd.DataFrame({"x": ["2020", "2020"], "series": ["A", "B"], "value": [1.0, 2.0]}),
    )
    assert chart_plotly.figure(stacked).layout.barmode == "stack"
    assert chart_plotly.figure(_spec()).layout.showlegend is False


LARGE = large_datasets()


@pytest.mark.parametrize("key", list(catalogue.CATALOGUE))
def test_every_figure_passes_plotly_validation(key):
    # figure() skips validation for speed; here every chart goes through it in full
    for filters in (Filters(), Filters(mask_small=True, show_events=False)):
        figure = chart_plotly.figure(catalogue.build(key, LARGE, filters))
        validated = go.Figure(figure.to_dict())
        assert validated.to_plotly_json() == figure.to_plotly_json()


@pytest.mark.parametrize("key", list(catalogue.CATALOGUE))
def test_figure_json_stays_under_20_kb(key):
    for filters in (Filters(), Filters(mask_small=True, municipalities=("Kortrijk", "Menen"))):
        figure = chart_plotly.figure(catalogue.build(key, LARGE, filters), presentation=True)
        assert len(figure.to_json().encode()) < 20_000


# Names from files written as Plotly markup: a link, bold text, a styled span.
LINK = '<a href="https://evil.example">Klik hier</a>'
STYLED = '<b>Vet</b> & <span style="font-size:80px">groot</span><sup>2</sup>'
DATA_TAGS = re.compile(r"<\s*/?\s*(a|b|i|span|sup|sub|em|strong)\b", re.IGNORECASE)


def _hostile_datasets() -> Datasets:
    inflow = LARGE.inflow.assign(
        organisation=LARGE.inflow["organisation"].replace("Organisatie 1", LINK),
        target_group=LARGE.inflow["target_group"].replace("Doelgroep 1", STYLED),
    )
    lde = LARGE.lde.assign(organisation=LARGE.lde["organisation"].replace("LDE 1", LINK))
    maatwerk = LARGE.maatwerk.assign(
        organisation=LARGE.maatwerk["organisation"].replace("MW 1", STYLED)
    )
    return replace(LARGE, inflow=inflow, lde=lde, maatwerk=maatwerk)


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple | np.ndarray):
        for item in value:
            yield from _strings(item)


def test_names_from_files_reach_plotly_as_text_never_as_markup():
    hostile = _hostile_datasets()
    shown = set()
    for key in catalogue.CATALOGUE:
        for filters in (Filters(), Filters(organisations=("LDE 1", LINK, "MW 1", STYLED))):
            try:
                spec = catalogue.build(key, hostile, filters)
            except NoData:
                continue
            strings = list(_strings(chart_plotly.figure(spec).to_plotly_json()))
            for text in strings:
                assert not DATA_TAGS.search(text), (key, text)
            shown |= {name for name in (LINK, STYLED) if any(plain(name) in t for t in strings)}
    assert shown == {LINK, STYLED}  # both names are drawn, as their own characters


def test_a_title_and_a_hover_label_keep_their_renderer_markup_only():
    spec = _spec(
        title=f"{LINK} " + "woord " * 30,
        data=pd.DataFrame({"x": [LINK, "B"], "series": "%{y} " + STYLED, "value": [1.0, 2.0]}),
    )
    figure = chart_plotly.figure(spec)
    assert text_of(figure, "title").startswith(plain(LINK))
    assert "<br>" in text_of(figure, "title")  # the renderer's own line breaks stay
    assert list(figure.data[0].x) == [plain(LINK), "B"]
    assert figure.data[0].name == plain("%{y} " + STYLED)
    # The name is not part of the hover template, where "%{y}" would be filled in: the
    # template takes it from the trace's meta.
    assert figure.data[0].hovertemplate.endswith("<extra>%{meta}</extra>")
    assert figure.data[0].meta == plain("%{y} " + STYLED)
