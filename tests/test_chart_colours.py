"""Colours everyone can tell apart: the municipality colours of the region file, the
series palette and the colours each chart draws together stay apart for normal,
deuteranope and protanope vision (simulated, CIEDE2000); no two series of a chart share
a colour; with many lines colour is never the only cue; a chosen municipality stands out
in colour among grey ones.
"""

from __future__ import annotations

import numpy as np
import pytest
from colour_vision import VIEWS, ciede2000, closest_pair, lab, rgb, simulate

from charts import catalogue, geo
from charts import plotly as chart_plotly
from charts.spec import CONTEXT_GREY, PALETTE
from indicators.filters import Filters
from reference import load_region
from tests.indicators_frames import large_datasets

# CIEDE2000 ≈ 10 is a difference seen at a glance between two areas side by side; the
# region's 14 municipalities (plus the places outside) reach 11.8 at best in our search.
APART = 10.0
PALETTE_APART = 15.0
LARGE = large_datasets()
CHOSEN = Filters(municipalities=("Menen",))


def test_the_helpers_reproduce_published_values():
    # CIEDE2000 test pairs 1 and 7 of Sharma, Wu & Dalal (2005)
    pairs = (
        np.array([[50, 2.6772, -79.7751], [50, 2.5, 0]]),
        np.array([[50, 0, -82.7485], [73, 25, -18]]),
    )
    assert np.allclose(ciede2000(*pairs), [2.0425, 27.1492], atol=1e-4)
    # a deuteranope hardly tells this red from this green; normal vision does
    red_green = ["#c8503c", "#6e8c28"]
    assert closest_pair(red_green, "normal")[0] > 30
    assert closest_pair(red_green, "deuteranopia")[0] < 10
    # white stays white, and the simulation keeps colours inside sRGB
    assert np.allclose(simulate(rgb(["#ffffff"]), "protanopia"), 1, atol=1e-3)
    assert np.allclose(lab(rgb(["#ffffff"])), [[100, 0, 0]], atol=0.05)


@pytest.mark.parametrize("view", VIEWS)
def test_municipality_colours_stay_apart(view):
    colours = list(load_region().colours.values())
    assert len(set(colours)) == len(colours)
    distance, one, other = closest_pair(colours, view)
    assert distance >= APART, f"{one} and {other} look alike with {view} ({distance:.1f})"
    # the grey of the municipalities not chosen is told from every municipality's colour
    distance, one, other = closest_pair([*colours, CONTEXT_GREY], view)
    assert distance >= APART, f"{one} and {other} look alike with {view} ({distance:.1f})"


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize(
    "scale", [geo.SEQUENTIAL, geo.DIVERGING_DOWN + geo.DIVERGING_UP], ids=["sequential", "change"]
)
def test_map_classes_stay_apart_from_each_other_and_the_neighbours(scale, view):
    distance, one, other = closest_pair([*scale, geo.NEIGHBOUR], view)
    assert distance >= APART, f"{one} and {other} look alike with {view} ({distance:.1f})"
    # and the light end stays light, the dark end dark, for every viewer: one direction
    lightness = lab(simulate(rgb(list(geo.SEQUENTIAL)), view))[:, 0]
    assert (np.diff(lightness) < 0).all()


@pytest.mark.parametrize("view", VIEWS)
def test_palette_colours_stay_apart(view):
    distance, one, other = closest_pair(list(PALETTE), view)
    assert distance >= PALETTE_APART, f"{one} and {other} ({view}, {distance:.1f})"


def _series_colours(spec, figure) -> dict[str, object]:
    """Trace name → its colour (a list for per-point colours); grey context left out."""
    return {
        trace.name: trace.line.color if trace.type == "scatter" else trace.marker.color
        for trace in figure.data
        if trace.name not in spec.context
    }


def _drawn(figure) -> set[str]:
    colours = set()
    for trace in figure.data:
        line = trace.line.color if trace.type == "scatter" else None
        for colour in (trace.marker.color, line):
            if isinstance(colour, str):
                colours.add(colour)
            elif colour is not None:
                colours.update(colour)
    return colours


@pytest.mark.parametrize("filters", [Filters(), CHOSEN], ids=["all", "one-chosen"])
@pytest.mark.parametrize("key", list(catalogue.CATALOGUE))
def test_colours_drawn_together_stay_apart(key, filters):
    spec = catalogue.build(key, LARGE, filters)
    if spec.kind == "map":  # its classes' fills and the grey neighbours; patterns differ
        fills = [s.colour for s in spec.map.legend if not s.pattern] + [geo.NEIGHBOUR]
        for view in VIEWS:
            distance, one, other = closest_pair(fills, view)
            assert distance >= APART, f"{key}: {one} and {other} look alike with {view}"
        return
    figure = chart_plotly.figure(spec)
    series = _series_colours(spec, figure)
    plain = [c for c in series.values() if isinstance(c, str)]
    assert len(set(plain)) == len(plain), f"{key}: two series share a colour: {series}"
    drawn = sorted(_drawn(figure))
    for view in VIEWS if len(drawn) > 1 else ():
        distance, one, other = closest_pair(drawn, view)
        assert distance >= APART, f"{key}: {one} and {other} look alike with {view}"


def test_many_lines_differ_by_dash_and_marker_too():
    # 12 LDE organisations in the large set: grouped to the palette's size, each line
    # with its own colour, dash + marker combination
    spec = catalogue.build("lde.trend_per_organisatie", LARGE, Filters())
    assert len(spec.series) == len(PALETTE)
    assert spec.series[-1].startswith("Overige organisaties (")
    lines = chart_plotly.figure(spec).data
    styles = {(t.line.color, t.line.dash, t.marker.symbol) for t in lines}
    assert len({(dash, symbol) for _, dash, symbol in styles}) == len(lines)
    assert len({colour for colour, _, _ in styles}) == len(lines)
    # a few lines: solid, round markers, colour suffices
    few = catalogue.build("maatwerk.onbezet_vs_instroom", LARGE, Filters())
    assert {(t.line.dash, t.marker.symbol) for t in chart_plotly.figure(few).data} == {
        ("solid", "circle")
    }


@pytest.mark.parametrize("key", ["instroom.per_gemeente", "instroom.gemeenten_per_jaar"])
def test_a_chosen_municipality_stands_out_among_grey_ones(key):
    region = load_region()
    spec = catalogue.build(key, LARGE, CHOSEN)
    assert set(spec.series) >= set(region.names)  # the others stay, for comparison
    assert set(spec.context) == set(spec.series) - {"Menen"}
    assert spec.colours["Menen"] == region.colours["Menen"]
    assert {spec.colours[name] for name in spec.context} == {CONTEXT_GREY}
    assert "Menen" in spec.title
    figure = chart_plotly.figure(spec)
    if spec.kind == "line":  # bars name their municipality on the axis, without legend
        legend = [t.name for t in figure.data if t.showlegend is not False]
        assert legend == ["Menen"]
    else:  # one trace, each bar in its municipality's colour, its name in the hover
        (bars,) = figure.data
        assert list(bars.customdata) == list(spec.data["series"])
        assert list(bars.marker.color) == [spec.colours[s] for s in spec.data["series"]]
        assert "%{customdata}" in bars.hovertemplate


def test_bars_per_municipality_keep_each_colour_in_one_trace():
    region = load_region()
    spec = catalogue.build("instroom.per_1000_inwoners", LARGE, Filters())
    (bars,) = chart_plotly.figure(spec).data
    colours = dict(zip(bars.customdata, bars.marker.color, strict=True))
    assert colours == {name: region.colours[name] for name in spec.data["series"]}
