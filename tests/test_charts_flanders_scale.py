"""Charts of a region the size of Flanders (issue 12): what is sent to the browser stays
small and readable (one trace of bars, a few lines and the average of the others, maps
drawn as fine as the screen shows), while W13 keeps a line per municipality."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from benchmarks.flanders_data import frames, write_region
from charts import catalogue, geo, inflow, layout, maptraces
from charts import plotly as chart_plotly
from charts.spec import CONTEXT_GREY, ChartSpec
from indicators.datasets import Datasets
from indicators.filters import Filters
from reference import load_region
from tests.indicators_frames import freshness, large_datasets
from tests.test_charts_maps import checked_names

LIMIT = 100_000  # bytes of a figure's JSON


@pytest.fixture(scope="module")
def flanders(tmp_path_factory) -> Datasets:
    """40 Flemish municipalities with three years of generated data (the first years of
    ``flanders_data``: every municipality has inflow every year)."""
    path = tmp_path_factory.mktemp("region") / "region40.toml"
    names = write_region(path, 40)
    data = frames(names, 40, years=3)
    stamp = dt.date(2025, 3, 1)
    return Datasets(
        inflow=data.inflow, lde=data.lde, maatwerk=data.maatwerk,
        freshness=freshness(inflow=stamp, lde=stamp, maatwerk=stamp),
        region=load_region(path),
    )


def test_many_municipalities_show_the_top_and_the_average_of_the_others(flanders):
    spec = catalogue.build("instroom.gemeenten_per_jaar", flanders, Filters())
    series = list(dict.fromkeys(spec.data["series"]))
    last = spec.data["x"].max()
    yearly = flanders.inflow.groupby(["year", "municipality"])["inflow"].sum()
    latest = yearly.loc[int(last)].sort_values(ascending=False)
    others = latest.index[inflow.TOP_LINES:]  # those with rows: no rows is no data, not 0
    rest = f"Gemiddelde van de {len(others)} andere gemeenten"
    assert series[0] == rest and len(series) == inflow.TOP_LINES + 1
    assert spec.context == (rest,) and spec.colours[rest] == CONTEXT_GREY
    assert set(series[1:]) == set(latest.index[: inflow.TOP_LINES])  # the most in the last year
    drawn = spec.data.set_index(["series", "x"])["value"]
    assert drawn[(rest, last)] == pytest.approx(latest[others].sum() / len(others))
    assert all(spec.colours[n] == flanders.region.colours[n] for n in series[1:])
    assert "de 8 gemeenten met de meeste instroom" in spec.subtitle


def test_chosen_municipalities_among_many_keep_their_line_and_the_rest_averages(flanders):
    chosen = tuple(flanders.region.names[:2])
    spec = catalogue.build(
        "instroom.gemeenten_per_jaar", flanders, Filters(municipalities=chosen)
    )
    series = list(dict.fromkeys(spec.data["series"]))
    assert series[0].startswith("Gemiddelde van de ") and series[1:] == list(chosen)
    figure = chart_plotly.figure(spec)
    assert [t.name for t in figure.data if t.showlegend is not False] == list(chosen)


def test_w13_keeps_a_line_per_municipality():
    data = large_datasets()
    spec = catalogue.build("instroom.gemeenten_per_jaar", data, Filters())
    assert set(spec.data["series"]) >= set(data.region.names) and not spec.context


@pytest.mark.parametrize("key", ["instroom.per_gemeente", "instroom.per_1000_inwoners",
                                 "instroom.gemeenten_per_jaar", "instroom.kaart_per_1000"])
def test_a_chart_of_many_municipalities_is_one_bar_trace_or_a_few_lines(flanders, key):
    spec = catalogue.build(key, flanders, Filters())
    figure = chart_plotly.figure(spec, width=1200)
    # a map: its neighbours, a polygon trace and a legend entry per class, the hover
    most = 2 + 2 * len(spec.map.legend) if spec.map else inflow.TOP_LINES + 1
    assert len(figure.data) <= most
    assert len(figure.to_json()) < LIMIT  # the map: 40 municipalities, 260 neighbours


def test_map_outlines_are_whole_half_pixels_within_the_axes(flanders):
    spec = catalogue.build("instroom.kaart_per_1000", flanders, Filters())
    figure = chart_plotly.figure(spec, width=1200)
    where = maptraces.plan(spec, layout.sizes(1200))
    right, top = figure.layout.xaxis.range[1], figure.layout.yaxis.range[1]
    view = spec.map.view
    assert right == pytest.approx((view[2] - view[0]) * where.scale / maptraces.UNIT, abs=1)
    polygons = [t for t in figure.data if t.fill == "toself"]
    points = [(x, y) for t in polygons for x, y in zip(t.x, t.y, strict=True) if x is not None]
    assert all(isinstance(x, int) and isinstance(y, int) for x, y in points)
    assert all(0 <= x <= right and 0 <= y <= top for x, y in points)
    # simplified to a quarter pixel: fewer points, never fewer than a ring needs
    shapes = spec.map.areas + spec.map.neighbours
    source = sum(len(r) for a in shapes for r in a.rings)
    assert len(shapes) * 4 <= len(points) < source


@pytest.fixture(scope="module")
def all_of_flanders(tmp_path_factory):
    """The map layer of a region of all 300 Flemish municipalities."""
    path = tmp_path_factory.mktemp("region") / "flanders.toml"
    write_region(path)
    region = load_region(path)
    outlines = geo.base(region)
    return geo.MapLayer(outlines.areas, outlines.neighbours, outlines.view, (), {})


@pytest.mark.parametrize("width", layout.WIDTHS)
def test_names_on_a_map_of_flanders_never_overlap_nor_cover_a_point(all_of_flanders, width):
    size = layout.sizes(width)
    spec = ChartSpec(key="kaart", dataset="inflow", title="", kind="map", x_title="",
                     y_title="", value_format="rate", source="", data=pd.DataFrame(),
                     map=all_of_flanders)
    where = maptraces.plan(spec, size)
    view = all_of_flanders.view
    centre = ((view[0] + view[2]) / 2, (view[1] + view[3]) / 2)
    points = {  # every municipality's point in the plot's pixels, as plan() places them
        a.name: (where.width / 2 + (a.anchor[0] - centre[0]) * where.scale,
                 where.plot / 2 - (a.anchor[1] - centre[1]) * where.scale)
        for a in all_of_flanders.areas
    }
    for label, box in checked_names(where, size, geo.GAP):
        assert label.anchor == pytest.approx(points[label.name])
        if not label.inside:  # beside its shape: it covers no other municipality's point
            assert not any(
                box[0] - geo.GAP <= x <= box[2] + geo.GAP
                and box[1] - geo.GAP <= y <= box[3] + geo.GAP
                for name, (x, y) in points.items() if name != label.name
            ), label.name
    assert len(where.names) >= {320: 10, 600: 25, 860: 45}[width]  # as many as before
