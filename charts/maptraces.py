"""The Plotly layout and traces of a map (a ``ChartSpec`` of kind ``"map"``).

No geo trace and no tiles: the outlines are filled scatter polygons on hidden axes with
one scale for both (``scaleanchor``), so nothing is fetched from a CDN or tile server.
One trace per legend entry (its areas together), one for the grey neighbours, one for
the outline of the chosen municipalities and one of invisible points that carry the
hover (the exact figures) at each area's inner point.

Like every chart, a map is laid out for the narrowest width of its band: its plot is
as tall as the map is at that width (at most ``TALLEST`` times a chart's plot), so the
map's scale is set by its height and stays the same across the band: names placed
beside their shapes (``geo.place_names``) keep their distance as the chart widens.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from charts import geo, layout, textsize
from charts.contrast import text_on
from charts.layout import Sizes, block
from charts.spec import ChartSpec

TALLEST = 1.5  # a map's plot at most this many times a time chart's plot height
NAME_TEXT = "#222222"
LEADER = "#444444"
# NOTE: the hover points are this large at most (px): big enough to find with a finger
# on a small municipality, small enough not to cover a neighbour's.
HOVER_MOST = 48
# NOTE: outlines are sent as fine as the screen shows them, no finer: points closer
# than SIMPLIFY_PX to the line through their neighbours are left out, and coordinates are
# whole numbers of UNIT pixels of the plot (at the narrowest width of the band) from the
# view's lower left corner. A map of all of Flanders then stays well under 100 KB; a
# slide-sized PNG (about twice the screen's scale) is still within a pixel.
SIMPLIFY_PX = 0.25
UNIT = 0.5


@dataclass(frozen=True)
class MapPlan:
    title: list[str]
    subtitle: list[str]
    source: list[str]
    legend: list[str]  # legend entries as shown (wrapped)
    left: int
    right: int
    top: int
    bottom: int
    plot: int  # the plot area's height
    width: float  # the plot area's width at the narrowest width of the band
    scale: float  # pixels per kilometre
    names: list[geo.Label]

    @property
    def height(self) -> int:
        return self.top + self.plot + self.bottom


def plan(spec: ChartSpec, size: Sizes) -> MapPlan:
    layer = spec.map
    assert layer is not None, "a map spec carries its MapLayer"
    room = size.width - 2 * size.pad
    title = layout.wrapped(spec.title, room - layout.MODEBAR, size.title, bold=True)
    subtitle = layout.wrapped(spec.subtitle, room - layout.MODEBAR, size.subtitle)
    source = layout.wrapped(spec.source, room, size.small)
    left, right = size.pad, size.pad + 6
    width = size.width - left - right
    plot = math.floor(min(width * layer.aspect, size.plot * TALLEST))
    view_w, view_h = layer.view[2] - layer.view[0], layer.view[3] - layer.view[1]
    scale = min(width / view_w, plot / view_h)
    legend = [
        "<br>".join(layout.wrapped(s.label, width - 50, size.text, most=2)) for s in layer.legend
    ]
    head = size.pad + block(len(title), size.title)
    if subtitle:
        head += 4 + block(len(subtitle), size.subtitle)
    head += 12
    foot = 10 + layout.legend_height(legend, width, size.text) + 10
    foot += block(len(source), size.small) + size.pad
    centre = ((layer.view[0] + layer.view[2]) / 2, (layer.view[1] + layer.view[3]) / 2)

    def to_px(point: geo.Point) -> geo.Point:
        return (
            width / 2 + (point[0] - centre[0]) * scale,
            plot / 2 - (point[1] - centre[1]) * scale,
        )

    font = name_size(size)
    names = geo.place_names(
        layer.areas,
        to_px,
        (width, plot),
        lambda name: (textsize.width(name, font) + 6, block(1, font) + 4),
    )
    return MapPlan(
        title, subtitle, source, legend, left, right, math.ceil(head), math.ceil(foot), plot,
        width, scale, names,
    )


def name_size(size: Sizes) -> int:
    """The font size of the municipalities' names."""
    return size.tick


def _outline(rings: list[geo.Ring]) -> tuple[list, list]:
    """x and y of ``rings`` in one list each, a gap (None) between two rings."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for ring in rings:
        if xs:
            xs.append(None)
            ys.append(None)
        xs.extend(p[0] for p in ring)
        ys.extend(p[1] for p in ring)
    return xs, ys


def _polygons(rings: list[geo.Ring], **style) -> dict:
    xs, ys = _outline(rings)
    return {
        "type": "scatter",
        "x": xs,
        "y": ys,
        "mode": "lines",
        "fill": "toself",
        "hoverinfo": "skip",
        "showlegend": False,
    } | style


def _units(layer: geo.MapLayer, where: MapPlan) -> Callable[[geo.Point], tuple[int, int]]:
    """Kilometres to the figure's coordinates: whole ``UNIT`` pixels."""
    left, bottom = layer.view[0], layer.view[1]
    per_km = where.scale / UNIT
    return lambda p: (round((p[0] - left) * per_km), round((p[1] - bottom) * per_km))


def _on_screen(rings: list[geo.Ring], layer: geo.MapLayer, where: MapPlan) -> list[tuple]:
    """``rings`` simplified to the map's scale, in the figure's coordinates."""
    units = _units(layer, where)
    out = []
    for ring in rings:
        points = [units(p) for p in geo.simplified(ring, SIMPLIFY_PX / where.scale)]
        out.append(tuple(p for i, p in enumerate(points) if i == 0 or p != points[i - 1]))
    return out


def traces(spec: ChartSpec, where: MapPlan) -> list[dict]:
    layer = spec.map
    assert layer is not None
    out = [
        _polygons(
            _on_screen([r for a in layer.neighbours for r in a.rings], layer, where),
            fillcolor=geo.NEIGHBOUR,
            line={"color": geo.NEIGHBOUR_LINE, "width": 0.8},
        )
    ]
    areas = {a.name: a for a in layer.areas}
    for index, (swatch, name) in enumerate(zip(layer.legend, where.legend, strict=True)):
        members = [n for n, i in layer.swatch.items() if i == index]
        trace = _polygons(
            _on_screen([r for n in members for r in areas[n].rings], layer, where),
            fillcolor=swatch.colour,
            line={"color": geo.AREA_LINE, "width": 0.8},
            legendgroup=str(index),
        )
        if swatch.pattern:
            trace["fillpattern"] = {
                "shape": swatch.pattern,
                "fgcolor": geo.PATTERN_INK,
                "bgcolor": swatch.colour,
                "size": 7,
                "solidity": 0.15 if swatch.pattern == "/" else 0.25,
            }
        out += [trace, _legend_entry(swatch, name, str(index))]
    if layer.chosen:
        xs, ys = _outline(
            _on_screen([r for n in layer.chosen for r in areas[n].rings], layer, where)
        )
        out.append(
            {
                "type": "scatter",
                "x": xs,
                "y": ys,
                "mode": "lines",
                "line": {"color": NAME_TEXT, "width": 2.5},
                "hoverinfo": "skip",
                "showlegend": False,
            }
        )
    out.append(_hover(spec, where))
    return out


# NOTE: a filled polygon's own legend symbol is a 6 px high bar: too thin to tell a class
# by. The legend shows a square marker per entry instead ("geen gegevens" crossed out,
# small counts dotted), in the group of its polygons.
LEGEND_SYMBOLS = {"": "square", "/": "square-x", ".": "square-dot"}


def _legend_entry(swatch: geo.Swatch, name: str, group: str) -> dict:
    return {
        "type": "scatter",
        "x": [None],
        "y": [None],
        "mode": "markers",
        "name": name,
        "legendgroup": group,
        "marker": {
            "symbol": LEGEND_SYMBOLS[swatch.pattern],
            "size": 15,
            "color": swatch.colour,
            "line": {"color": geo.PATTERN_INK if swatch.pattern else geo.AREA_LINE, "width": 1},
        },
        "hoverinfo": "skip",
        "showlegend": True,
    }


def _hover(spec: ChartSpec, where: MapPlan) -> dict:
    """Invisible points at each area's inner point that carry its exact figures."""
    layer = spec.map
    assert layer is not None
    rows = {
        x: (text, detail)
        for x, text, detail in zip(
            spec.data["x"],
            spec.data["text"],
            spec.data["detail"] if "detail" in spec.data else [""] * len(spec.data),
            strict=True,
        )
    }
    points = [a for a in layer.areas if a.name in rows]
    anchors = [_units(layer, where)(a.anchor) for a in points]
    texts = []
    for area in points:
        text, detail = rows[area.name]
        extra = [f"({detail})"] if detail and detail != text else []
        texts.append("<br>".join([f"{area.name}: {text}", *extra]))
    return {
        "type": "scatter",
        "x": [x for x, _ in anchors],
        "y": [y for _, y in anchors],
        "mode": "markers",
        "marker": {
            "size": [
                round(max(12, min(HOVER_MOST, math.sqrt(a.size) * where.scale)), 1)
                for a in points
            ],
            "color": "rgba(0,0,0,0)",
            "line": {"width": 0},
        },
        "hovertext": texts,
        "hovertemplate": "%{hovertext}<extra></extra>",
        "showlegend": False,
    }


def names(spec: ChartSpec, where: MapPlan, size: Sizes) -> list[dict]:
    """The municipalities' names as annotations: on the shape in the text colour that
    reads on its fill, or beside it on white with a leader line to its inner point."""
    layer = spec.map
    assert layer is not None
    areas = {a.name: a for a in layer.areas}
    units = _units(layer, where)
    font = name_size(size)
    out = []
    for label in where.names:
        x, y = units(areas[label.name].anchor)
        common = {
            "name": "map name",
            "text": label.name,
            "x": x,
            "y": y,
            "xref": "x",
            "yref": "y",
        }
        if label.inside:
            fill = layer.fill(label.name).colour if label.name in layer.swatch else "#ffffff"
            out.append(
                common
                | {"showarrow": False, "font": {"size": font, "color": text_on(fill)}}
            )
            continue
        out.append(
            common
            | {
                "showarrow": True,
                "arrowhead": 0,
                "arrowwidth": 1,
                "arrowcolor": LEADER,
                "standoff": 0,
                "ax": round(label.x - label.anchor[0], 1),
                "ay": round(label.y - label.anchor[1], 1),
                "bgcolor": "rgba(255,255,255,0.9)",
                "borderpad": 1,
                "font": {"size": font, "color": NAME_TEXT},
            }
        )
    return out


def axes(spec: ChartSpec, where: MapPlan) -> dict:
    """Hidden axes over the view, one scale for both (x widens with the chart)."""
    layer = spec.map
    assert layer is not None
    right, top = _units(layer, where)(layer.view[2:])
    hidden = {
        "visible": False,
        "fixedrange": True,
        "showgrid": False,
        "zeroline": False,
        "automargin": False,
    }
    # NOTE: constrain "domain": a wider chart gets white beside the map, never a wider
    # range (the neighbours are cut to the view, and the names keep their places).
    return {
        "xaxis": hidden
        | {"range": [0, right], "constrain": "domain"},
        "yaxis": hidden
        | {"range": [0, top], "scaleanchor": "x", "scaleratio": 1},
    }
