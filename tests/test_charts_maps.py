"""Maps of the region without a browser: the figures per municipality checked by hand on
the two-municipality test region (drawn with the outlines of Kortrijk and
Spiere-Helkijn), masking, "geen gegevens", the classes and their colours, names that
never overlap, and a second region file that draws its own three municipalities."""

from __future__ import annotations

import itertools
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from benchmarks.flanders_data import write_region
from charts import NoData, catalogue, geo, layout, maps, maptraces, textsize
from charts import plotly as chart_plotly
from indicators.filters import Filters
from reference import load_region
from tests.indicators_frames import datasets, inflow, large_datasets, lde, maatwerk

LEIE = Path(__file__).parent / "regions" / "leie.toml"

# Groot (50.000 inhabitants): 150 starts in 2019, 120 in 2023; Klein (2.000): 10 and 3.
TWO = datasets(
    inflow=inflow(
        [
            (2019, None, "Groot", "LDE", None, 150),
            (2019, None, "Klein", "LDE", None, 10),
            (2023, None, "Groot", "LDE", None, 120),
            (2023, None, "Klein", "LDE", None, 3),
        ]
    )
)


def _row(spec, name: str) -> dict:
    return spec.data.set_index("x").loc[name].to_dict()


def test_inflow_per_1000_per_municipality_by_hand():
    spec = maps.per_1000(TWO, Filters())
    assert spec.kind == "map" and spec.data["x"].tolist() == ["Groot", "Klein"]
    # 120 / 50.000 × 1.000 = 2,4 and 3 / 2.000 × 1.000 = 1,5
    assert _row(spec, "Groot")["value"] == pytest.approx(2.4)
    assert _row(spec, "Klein")["value"] == pytest.approx(1.5)
    assert _row(spec, "Groot")["text"] == "2,40"
    assert _row(spec, "Groot")["detail"] == "120 instromers, 50.000 inwoners"
    assert "2023" in spec.title and "Groot" in spec.title
    # two classes, light for the lower, dark for the higher value
    low, high = spec.map.fill("Klein"), spec.map.fill("Groot")
    assert geo.SEQUENTIAL.index(low.colour) < geo.SEQUENTIAL.index(high.colour)


def test_masking_hides_a_rate_of_a_small_count_everywhere():
    spec = maps.per_1000(TWO, Filters(mask_small=True))
    klein = _row(spec, "Klein")
    assert klein["text"] == "<5" and klein["detail"].startswith("<5 instromers")
    assert spec.map.fill("Klein").pattern == "."  # dotted, not in a class
    assert any("afgeschermd" in s.label for s in spec.map.legend)
    figure = chart_plotly.figure(spec)
    hover = next(t for t in figure.data if t.hovertext)
    assert "Klein: &lt;5" in hover.hovertext[1] or "Klein: <5" in hover.hovertext[1]
    assert not any("1,50" in h for h in hover.hovertext)


def test_change_against_2019_by_hand_with_a_small_base_in_numbers():
    spec = maps.change_2019(TWO, Filters())
    # Groot: 120 / 150 − 1 = −20 %; Klein had 10 starts in 2019: a small base, no percentage
    assert _row(spec, "Groot")["value"] == pytest.approx(-0.2)
    assert _row(spec, "Groot")["text"] == "−20 %"
    assert _row(spec, "Klein")["text"] == "10 in 2019, 3 in 2023"
    assert spec.map.fill("Klein").pattern == "."
    assert spec.map.fill("Groot").colour in geo.DIVERGING_DOWN  # a decline is red
    # the region: 160 → 123 (−23 %); the largest move in numbers is Groot's
    assert "daalde in 2023 met 23 %" in spec.title and "Groot (150 → 120)" in spec.title


def test_a_municipality_without_figures_is_no_data_never_zero():
    only_groot = datasets(inflow=inflow([(2023, None, "Groot", "LDE", None, 120)]))
    spec = maps.per_1000(only_groot, Filters())
    assert _row(spec, "Klein")["text"] == geo.NO_DATA
    assert spec.map.fill("Klein").pattern == "/"
    assert "geen gegevens voor Klein" in spec.subtitle


def test_the_map_keeps_every_municipality_and_outlines_the_chosen_ones():
    spec = maps.per_1000(TWO, Filters(municipalities=("Klein",)))
    assert spec.data["x"].tolist() == ["Groot", "Klein"]
    assert spec.map.chosen == ("Klein",)
    assert "omlijnd: Klein" in spec.subtitle


def test_maatwerk_fill_rate_where_the_rows_name_a_municipality():
    rows = maatwerk([(2023, None, None, "collectief", 100, 90, "Groot")])
    spec = maps.maatwerk_fill_rate(datasets(maatwerk=rows), Filters())
    assert _row(spec, "Groot")["value"] == pytest.approx(0.9)
    assert _row(spec, "Groot")["text"] == "90,0 %"
    assert _row(spec, "Klein")["text"] == geo.NO_DATA
    without = maatwerk([(2023, None, "W", "collectief", 100, 90)])
    with pytest.raises(NoData):
        maps.maatwerk_fill_rate(datasets(maatwerk=without), Filters())


def test_lde_jobs_per_1000_inhabitants_by_hand():
    rows = lde([(2023, q, "A", 25.0, 30) for q in range(1, 5)] + [(2023, 1, "B", 4.0, 5)])
    rows["municipality"] = ["Groot"] * 4 + ["Klein"]
    spec = maps.lde_per_1000(datasets(lde=rows), Filters())
    # Groot: 25 FTE / 50.000 × 1.000 = 0,5; Klein: B only in Q1 of four: 4 / 4 = 1 FTE,
    # / 2.000 × 1.000 = 0,5 as well
    assert _row(spec, "Groot")["value"] == pytest.approx(0.5)
    assert _row(spec, "Klein")["value"] == pytest.approx(0.5)
    assert _row(spec, "Groot")["detail"] == "25,0 VTE, 50.000 inwoners"
    no_place = lde([(2023, None, "A", 25.0, 30)])
    with pytest.raises(NoData):
        maps.lde_per_1000(datasets(lde=no_place), Filters())


def test_neighbours_are_grey_and_cut_to_the_view():
    layer = maps.per_1000(TWO, Filters()).map
    assert {a.nis_code for a in layer.areas} == {"34022", "34043"}
    assert layer.neighbours and all(a.nis_code not in ("34022", "34043") for a in layer.neighbours)
    left, bottom, right, top = layer.view
    for area in layer.neighbours:
        for ring in area.rings:
            assert all(
                left - 1e-6 <= x <= right + 1e-6 and bottom - 1e-6 <= y <= top + 1e-6
                for x, y in ring
            )


def checked_names(where: maptraces.MapPlan, size: layout.Sizes, gap: float = 0.0) -> list:
    """(label, box) of every name placed on a map, asserting that each lies inside the
    plot and at least ``gap`` pixels from every other name."""
    font = maptraces.name_size(size)
    boxes = []
    for label in where.names:
        half_w = (textsize.width(label.name, font) + 6) / 2
        half_h = (layout.block(1, font) + 4) / 2
        box = (label.x - half_w, label.y - half_h, label.x + half_w, label.y + half_h)
        assert box[0] >= 0 and box[1] >= 0 and box[2] <= where.width and box[3] <= where.plot
        for _, other in boxes:
            apart = box[2] + gap <= other[0] or other[2] + gap <= box[0]
            assert apart or box[3] + gap <= other[1] or other[3] + gap <= box[1], label.name
        boxes.append((label, box))
    return boxes


@pytest.mark.parametrize("width", [320, 600, 860])
def test_names_on_the_w13_map_never_overlap_and_stay_in_the_plot(width):
    spec = catalogue.build("overzicht.kaart", large_datasets(), Filters())
    size = layout.sizes(width)
    where = maptraces.plan(spec, size)
    checked_names(where, size)
    assert len(where.names) >= len(spec.data) // 2


def test_a_second_region_file_maps_its_own_three_municipalities():
    region = load_region(LEIE)
    rows = inflow(
        [
            (y, None, m, "LDE", None, n)
            for y, counts in ((2019, (40, 22, 9)), (2023, (30, 25, 7)))
            for m, n in zip(region.names, counts, strict=True)
        ]
    )
    spec = maps.change_2019(replace(TWO, inflow=rows, region=region), Filters())
    assert [a.name for a in spec.map.areas] == ["Deinze", "Zulte", "Dentergem"]
    assert {a.nis_code for a in spec.map.areas} == {"44083", "44081", "37002"}
    assert _row(spec, "Deinze")["text"] == "−25 %"  # 40 → 30
    assert _row(spec, "Zulte")["text"] == "+14 %"  # 22 → 25: 3 / 22 = 13,6 %
    assert "Kortrijk" not in {a.name for a in spec.map.neighbours}  # too far for the view
    assert "Gent" not in {a.name for a in spec.map.areas}


def test_classes_are_round_and_a_change_is_split_at_zero():
    assert geo.breaks([1.2, 2.4, 3.9]) == [1.0, 2.0, 3.0, 4.0]  # three values: three classes
    # a third of the widest side (0,31 / 3) rounded up to 0,2
    limits = geo.breaks([-0.24, 0.05, 0.31], centre=0.0)
    assert limits == [-0.4, -0.2, 0.0, 0.2, 0.4]
    assert geo.classify(-0.24, limits) < geo.classify(0.05, limits)
    colours = geo.class_colours(limits, 0.0)
    below = [c for c, high in zip(colours, limits[1:], strict=True) if high <= 0]
    assert set(below) <= set(geo.DIVERGING_DOWN)


def test_a_name_point_lies_deep_inside_its_shape():
    """The point a name is written at: inside its municipality and about as far from its
    edges as the deepest point of a fine grid (every W13 municipality)."""

    def depth(ring, point) -> float:
        return min(
            math.dist(point, (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])))
            for a, b in itertools.pairwise(ring)
            for t in [max(0.0, min(1.0, ((point[0] - a[0]) * (b[0] - a[0]) + (point[1] - a[1])
                                          * (b[1] - a[1])) / (math.dist(a, b) ** 2 or 1.0)))]
        )

    for area in geo.base(load_region()).areas:
        ring = max(area.rings, key=lambda r: abs(geo.shoelace(r)))
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        grid = [(x, y) for x in np.linspace(min(xs), max(xs), 33)
                for y in np.linspace(min(ys), max(ys), 33) if geo.contains(ring, (x, y))]
        deepest = max(depth(ring, p) for p in grid)
        assert geo.contains(ring, area.anchor), area.name
        assert depth(ring, area.anchor) >= 0.85 * deepest, area.name


def _inner_point_one_by_one(ring, steps: int = 16) -> geo.Point:
    """The name point as first written: one ring at a time, the hypot to every edge of
    every grid point inside (even-odd rule), the deepest wins (the first on a tie)."""
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    left, bottom, right, top = min(xs), min(ys), max(xs), max(ys)
    best = ((left + right) / 2, (bottom + top) / 2)
    a, b = np.asarray(ring[:-1], dtype=float), np.asarray(ring[1:], dtype=float)
    ax, ay, bx, by = a[:, 0], a[:, 1], b[:, 0], b[:, 1]
    dx, dy = bx - ax, by - ay
    length = np.where(dx * dx + dy * dy == 0, 1.0, dx * dx + dy * dy)
    for _ in range(2):
        gx, gy = np.linspace(left, right, steps + 1), np.linspace(bottom, top, steps + 1)
        x, y = np.tile(gx, steps + 1)[:, None], np.repeat(gy, steps + 1)[:, None]
        at = ax + (y - ay) * (bx - ax) / np.where(by == ay, 1.0, by - ay)
        inside = (((ay > y) != (by > y)) & (x < at)).sum(axis=1) % 2 == 1
        t = np.clip(((x - ax) * dx + (y - ay) * dy) / length, 0.0, 1.0)
        depths = np.where(inside, np.hypot(x - ax - t * dx, y - ay - t * dy).min(axis=1), -1.0)
        if depths.max() > 0:
            row, column = divmod(int(depths.argmax()), steps + 1)
            best = (gx[column], gy[row])
        w, h = (right - left) / steps, (top - bottom) / steps
        left, bottom, right, top = best[0] - w, best[1] - h, best[0] + w, best[1] + h
    return (round(float(best[0]), geo.DECIMALS), round(float(best[1]), geo.DECIMALS))


def test_name_points_of_all_flanders_at_once_are_those_of_one_ring_at_a_time(tmp_path):
    """All shapes in shared numpy steps (padded edges, hypot only near the top) give the
    very points of the plain computation, for every municipality of Flanders."""
    write_region(tmp_path / "flanders.toml", 300)
    areas = geo.base(load_region(tmp_path / "flanders.toml")).areas
    assert len(areas) == 300
    rings = [max(a.rings, key=lambda r: abs(geo.shoelace(r))) for a in areas]
    rings += [geo.simplified(r, 0.5) for r in rings]  # fewer edges: other chunks, other pads
    assert geo.inner_points(rings) == [_inner_point_one_by_one(r) for r in rings]
