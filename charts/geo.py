"""Map geometry shared by the map builders and every renderer: outlines in kilometres,
clipped to the view, a point inside each shape for its name, value classes and where
the names go.

Outlines come from ``reference.boundaries()`` (WGS84) and are projected once per region
onto a flat plane in kilometres around the region (equirectangular: at the scale of a
region the distortion is far below a pixel). Nothing is fetched: the map is drawn from
these outlines as filled polygons by Plotly, PowerPoint and matplotlib alike.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np

import reference

Point = tuple[float, float]
Ring = tuple[Point, ...]
Box = tuple[float, float, float, float]  # left, bottom, right, top

# Room around the region, as a share of its extent: the neighbours show where it lies.
MARGIN = 0.08
# Coordinates are kept to 10 m: far below a pixel, and small figures.
DECIMALS = 2
KM_PER_DEGREE_LAT = 110.57
KM_PER_DEGREE_LON = 111.32  # at the equator; times cos(latitude)

# Fills. Value classes: a sequential scale (ColorBrewer YlGnBu) and a diverging one for
# changes (ColorBrewer RdBu of eight without its two palest: decline red, growth blue),
# both readable without colour vision (lightness runs one way) and apart from each other
# and from the grey neighbours for every viewer (tests/test_chart_colours.py).
SEQUENTIAL = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
DIVERGING_DOWN = ("#b2182b", "#d6604d", "#f4a582")  # strongest decline first
DIVERGING_UP = ("#92c5de", "#4393c3", "#2166ac")  # weakest growth first
NEIGHBOUR = "#e3e3e3"
NEIGHBOUR_LINE = "#ffffff"
AREA_LINE = "#555555"
NO_DATA = "geen gegevens"
NO_DATA_FILL = "#ffffff"
MASKED_FILL = "#f0f0f0"
PATTERN_INK = "#6e6e6e"


@dataclass(frozen=True)
class Swatch:
    """A legend entry of a map: a class of values, "geen gegevens" or masked counts."""

    label: str
    colour: str
    pattern: str = ""  # "" solid, "/" hatched (no data), "." dotted (masked)


@dataclass(frozen=True)
class Area:
    """One municipality: its outlines and the point its name is written at."""

    name: str
    nis_code: str
    rings: tuple[Ring, ...]
    anchor: Point
    size: float  # area in km², to order names (large ones first)


@dataclass(frozen=True)
class MapLayer:
    """What a map draws besides its data: the region's areas (named as the data's ``x``),
    the neighbours in grey, the view box, and the legend.

    ``swatch`` gives each area's legend entry (an index into ``legend``); ``missing``
    names municipalities of the region without a known outline (not drawn); ``chosen``
    the ones the filters picked (outlined).
    """

    areas: tuple[Area, ...]
    neighbours: tuple[Area, ...]
    view: Box
    legend: tuple[Swatch, ...]
    swatch: dict[str, int]
    missing: tuple[str, ...] = ()
    chosen: tuple[str, ...] = ()

    @property
    def aspect(self) -> float:
        """Height over width of the view."""
        left, bottom, right, top = self.view
        return (top - bottom) / (right - left)

    def fill(self, name: str) -> Swatch:
        return self.legend[self.swatch[name]]


@dataclass(frozen=True)
class Base:
    """The outlines of a region and its neighbours, before any data."""

    areas: tuple[Area, ...]
    neighbours: tuple[Area, ...]
    view: Box
    missing: tuple[str, ...]


def base(region: reference.Region) -> Base:
    """The region's outlines (projected, clipped to the view), cached per region."""
    return _base(tuple((m.name, m.nis_code) for m in region.municipalities))


@cache
def _base(members: tuple[tuple[str, str], ...]) -> Base:
    shapes = reference.boundaries()
    places = reference.flanders()
    known = [(name, code) for name, code in members if code in shapes]
    missing = tuple(name for name, code in members if code not in shapes)
    if not known:
        return Base((), (), (0.0, 0.0, 1.0, 1.0), missing)
    lon = [x for _, code in known for ring in shapes[code] for x, _ in ring]
    lat = [y for _, code in known for ring in shapes[code] for _, y in ring]
    origin = ((min(lon) + max(lon)) / 2, (min(lat) + max(lat)) / 2)
    project = _projection(origin)
    areas = _areas([(name, code, shapes[code]) for name, code in known], project)
    view = _view([p for a in areas for r in a.rings for p in r])
    own = {code for _, code in known}
    neighbours = []
    for code, rings in shapes.items():
        if code in own:
            continue
        flat = tuple(c for r in (_project_ring(r, project) for r in rings) if (c := clip(r, view)))
        if flat:
            neighbours.append(Area(places[code].name, code, flat, flat[0][0], 0.0))
    return Base(areas, tuple(neighbours), view, missing)


def _projection(origin: Point) -> Callable[[float, float], Point]:
    lon0, lat0 = origin
    kx = KM_PER_DEGREE_LON * math.cos(math.radians(lat0))
    return lambda lon, lat: ((lon - lon0) * kx, (lat - lat0) * KM_PER_DEGREE_LAT)


def _project_ring(ring: Sequence[Point], project) -> Ring:
    return tuple(
        (round(x, DECIMALS), round(y, DECIMALS)) for x, y in (project(*p) for p in ring)
    )


def _areas(shapes: list[tuple[str, str, tuple]], project) -> tuple[Area, ...]:
    """Each (name, code, rings) as an area, its name at the inner point of its largest ring."""
    flats = [tuple(_project_ring(r, project) for r in rings) for _, _, rings in shapes]
    largest = [max(flat, key=lambda r: abs(shoelace(r))) for flat in flats]
    return tuple(
        Area(name, code, flat, anchor, sum(abs(shoelace(r)) for r in flat))
        for (name, code, _), flat, anchor in zip(shapes, flats, inner_points(largest), strict=True)
    )


def _view(points: list[Point]) -> Box:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    dx, dy = max(xs) - min(xs), max(ys) - min(ys)
    pad = MARGIN * max(dx, dy, 1.0)
    return (min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad)


def shoelace(ring: Ring) -> float:
    """The signed area of a ring."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)) / 2


def contains(ring: Ring, point: Point) -> bool:
    """Whether ``point`` lies inside ``ring`` (even-odd rule)."""
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


CHUNK = 8  # rings per numpy step of ``inner_points`` (small steps stay in the cache)


def _depths(rings: Sequence[Ring], xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """For each ring ``k`` and each point of its grid ``xs[k]`` × ``ys[k]`` (rows of y,
    row-major): -1 outside the ring; inside, the point's distance to the ring's edges
    (``hypot`` to the nearest) wherever it may be the deepest, 0 elsewhere."""
    # NOTE: all rings of a chunk in one numpy step. The edges are padded to the longest
    # ring with empty edges, which cross no row and are left out of the distances.
    count = max(len(r) for r in rings) - 1
    edges = np.array([(*r, *(r[-1:] * (count + 1 - len(r)))) for r in rings], dtype=float)
    real = np.arange(count) < np.array([len(r) - 1 for r in rings])[:, None]
    ax, ay, bx, by = edges[:, :-1, 0], edges[:, :-1, 1], edges[:, 1:, 0], edges[:, 1:, 1]
    dx, dy = bx - ax, by - ay  # each edge from a to b
    # Where each edge crosses each row depends on the row only: computed per row,
    # compared per point (the even-odd rule).
    py = ys[:, :, None]
    row_a, row_b = ay[:, None, :], by[:, None, :]
    spans = (row_a > py) != (row_b > py)
    at = ax[:, None, :] + (py - row_a) * dx[:, None, :] / np.where(dy == 0, 1.0, dy)[:, None, :]
    crosses = spans[:, :, :, None] & (xs[:, None, None, :] < at[:, :, :, None])
    inside = np.bitwise_xor.reduce(crosses, axis=2).reshape(len(rings), -1)
    # From every grid point (broadcast: cheaper than gathering those inside) to the
    # nearest point of every edge; points run along the last axis, where numpy is fast.
    size = xs.shape[1]
    ax, ay, dx, dy = ax[:, :, None], ay[:, :, None], dx[:, :, None], dy[:, :, None]
    ex = np.tile(xs, size)[:, None, :] - ax
    ey = np.repeat(ys, size, axis=1)[:, None, :] - ay
    t, scratch = ex * dx, ey * dy  # (buffers reused below: fewer fresh pages)
    t += scratch
    t /= np.where(dx * dx + dy * dy == 0, 1.0, dx * dx + dy * dy)
    np.clip(t, 0.0, 1.0, out=t)
    ex -= np.multiply(t, dx, out=scratch)
    ey -= np.multiply(t, dy, out=scratch)
    # NOTE: the depth that decides is the hypot to the nearest edge, but hypot is slow.
    # Squared distances and hypot are both within a few ulps of the true distance: a
    # point whose squared depth is more than 1e-8 below the deepest's cannot win by hypot
    # either, so hypot is taken only of the few points near the top; the same point wins.
    square = np.multiply(ex, ex, out=t)
    square += np.multiply(ey, ey, out=scratch)
    square = square.min(axis=1, initial=np.inf, where=real[:, :, None])
    square[~inside] = -1.0
    near = square >= square.max(axis=1, keepdims=True) * (1 - 1e-8)
    ring, point = near.nonzero()
    out = np.where(inside, 0.0, -1.0)
    out[near] = np.hypot(ex[ring, :, point], ey[ring, :, point]).min(
        axis=1, initial=np.inf, where=real[ring]
    )
    return out


def _grid(low: np.ndarray, high: np.ndarray, steps: int) -> np.ndarray:
    """``steps + 1`` points from ``low`` to ``high`` per row, exactly as ``np.linspace``
    places them for each pair on its own."""
    out = np.arange(steps + 1, dtype=float) * ((high - low) / steps)[:, None] + low[:, None]
    out[:, -1] = high
    return out


def inner_points(rings: Sequence[Ring], steps: int = 16) -> list[Point]:
    """For each ring a point deep inside it, far from its edges (where a name fits best):
    the best of a grid over its box, refined once around the winner."""
    if not rings:
        return []
    points = [np.asarray(r, dtype=float) for r in rings]
    left, bottom = np.array([p.min(axis=0) for p in points]).T
    right, top = np.array([p.max(axis=0) for p in points]).T
    best = np.stack(((left + right) / 2, (bottom + top) / 2), axis=1)
    # NOTE: rings of about as many edges share a step, so little work goes to padding.
    order = sorted(range(len(rings)), key=lambda i: len(rings[i]))
    chunks = [order[i : i + CHUNK] for i in range(0, len(order), CHUNK)]
    for _ in range(2):
        gx, gy = _grid(left, right, steps), _grid(bottom, top, steps)
        depths = np.empty((len(rings), (steps + 1) ** 2))
        for part in chunks:
            depths[part] = _depths([rings[i] for i in part], gx[part], gy[part])
        row, column = np.divmod(depths.argmax(axis=1), steps + 1)
        won = depths.max(axis=1) > 0
        every = np.arange(len(rings))
        best[won] = np.stack((gx[every, column], gy[every, row]), axis=1)[won]
        w, h = (right - left) / steps, (top - bottom) / steps
        left, bottom, right, top = best[:, 0] - w, best[:, 1] - h, best[:, 0] + w, best[:, 1] + h
    return [(round(float(x), DECIMALS), round(float(y), DECIMALS)) for x, y in best]


def clip(ring: Ring, box: Box) -> Ring:
    """``ring`` cut to ``box`` (Sutherland–Hodgman); empty when it lies outside."""
    left, bottom, right, top = box
    edges = (
        (lambda p: p[0] >= left, lambda a, b: _cross_x(a, b, left)),
        (lambda p: p[0] <= right, lambda a, b: _cross_x(a, b, right)),
        (lambda p: p[1] >= bottom, lambda a, b: _cross_y(a, b, bottom)),
        (lambda p: p[1] <= top, lambda a, b: _cross_y(a, b, top)),
    )
    points = list(ring[:-1])
    for inside, cross in edges:
        if not points:
            break
        out = []
        for i, current in enumerate(points):
            previous = points[i - 1]
            if inside(current):
                if not inside(previous):
                    out.append(cross(previous, current))
                out.append(current)
            elif inside(previous):
                out.append(cross(previous, current))
        points = out
    if len(points) < 3:
        return ()
    points = [(round(x, DECIMALS), round(y, DECIMALS)) for x, y in points]
    return (*points, points[0])


def _cross_x(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cross_y(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


# On screen ---------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def simplified(ring: Ring, tolerance: float) -> Ring:
    """``ring`` without the points that lie within ``tolerance`` (km) of the line through
    their neighbours (Douglas–Peucker); ``ring`` itself when too little would be left."""
    start = ring[0]
    far = max(range(len(ring)), key=lambda i: math.dist(start, ring[i]))
    keep = {0, far, len(ring) - 1}
    spans = [(0, far), (far, len(ring) - 1)]
    while spans:
        first, last = spans.pop()
        if last - first < 2:
            continue
        index, distance = max(
            ((i, _off_line(ring[i], ring[first], ring[last])) for i in range(first + 1, last)),
            key=lambda pair: pair[1],
        )
        if distance > tolerance:
            keep.add(index)
            spans += [(first, index), (index, last)]
    return tuple(ring[i] for i in sorted(keep)) if len(keep) >= 4 else ring


def _off_line(point: Point, a: Point, b: Point) -> float:
    """The distance from ``point`` to the line through ``a`` and ``b``."""
    (px, py), (ax, ay), (bx, by) = point, a, b
    length = math.hypot(bx - ax, by - ay)
    if length == 0:
        return math.hypot(px - ax, py - ay)
    return abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length


# Value classes ---------------------------------------------------------------------------


def _nice(step: float) -> float:
    """A round step near ``step``: 1, 2, 2.5 or 5 times a power of ten."""
    power = 10 ** math.floor(math.log10(step))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= step * 0.999)


def breaks(values: Sequence[float], count: int = 5, *, centre: float | None = None) -> list[float]:
    """Round class limits for ``values``: at most ``count`` classes of one round width over
    their range (fewer when the values are few), or, with ``centre``, at most three on
    each side of it, ``centre`` itself a limit (a change: decline and growth apart)."""
    low, high = min(values), max(values)
    if centre is not None:
        step = _nice(max(abs(low - centre), abs(high - centre)) / 3 or 1.0)
        first = centre + math.floor((low - centre) / step) * step
        last = centre + max(math.ceil((high - centre) / step), 1 if high == first else 0) * step
        limits = [round(first + i * step, 9) for i in range(round((last - first) / step) + 1)]
        return limits if len(limits) > 1 else [first, round(first + step, 9)]
    count = max(1, min(count, len(set(values))))
    if high == low:
        step = _nice(abs(high) / 10 or 1.0)
        return [low - step / 2, high + step / 2]
    step = _nice((high - low) / count)
    while True:
        first = math.floor(low / step) * step
        limits = [round(first, 9)]
        while limits[-1] < high or len(limits) < 2:
            limits.append(round(first + len(limits) * step, 9))
        if len(limits) - 1 <= count:
            return limits
        step = _nice(step * 1.01)


def decimals(limits: Sequence[float], scale: float = 1.0) -> int:
    """The fewest decimals (up to 3) that write every limit (times ``scale``) exactly."""
    return next(
        (d for d in range(4) if all(abs(round(v * scale, d) - v * scale) < 1e-9 for v in limits)),
        3,
    )


def classify(value: float, limits: Sequence[float]) -> int:
    """The class of ``value`` among ``limits`` (0 for the first; the last limit included)."""
    for i in range(1, len(limits) - 1):
        if value < limits[i]:
            return i - 1
    return len(limits) - 2


def class_colours(limits: Sequence[float], centre: float | None) -> list[str]:
    """A fill per class: sequential light to dark, or diverging around ``centre``."""
    classes = len(limits) - 1
    if centre is None:
        pick = [round(i * (len(SEQUENTIAL) - 1) / max(classes - 1, 1)) for i in range(classes)]
        return [SEQUENTIAL[i] for i in pick] if classes > 1 else [SEQUENTIAL[2]]
    below = [i for i in range(classes) if limits[i + 1] <= centre]
    above = [i for i in range(classes) if limits[i] >= centre]
    down = DIVERGING_DOWN[-len(below):] if below else ()
    return [*down, *DIVERGING_UP[: len(above)]]


# Names ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    """A name placed on a map, in pixels (y down) from the plot area's top left corner."""

    name: str
    x: float  # the text's centre
    y: float
    anchor: Point  # the area's point, in the same pixels (a leader line runs to it)
    inside: bool  # on the shape (else beside it, with a leader line)


# Directions tried for a name beside its shape, nearest first: right, left, above, below,
# then the diagonals.
_DIRECTIONS = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1))
GAP = 3.0  # px between two names, and between a name and the plot's edge
_DISTANCES = (6.0, 14.0, 24.0, 36.0)  # px from a name to its point, nearest first
REACH = _DISTANCES[-1]
# Every place tried, in order: each distance in every direction.
_STEP = np.repeat(_DISTANCES, len(_DIRECTIONS))
_STEP_X, _STEP_Y = np.tile(np.array(_DIRECTIONS, dtype=float), (len(_DISTANCES), 1)).T


def place_names(
    areas: Sequence[Area],
    to_px: Callable[[Point], Point],
    size: tuple[float, float],
    measure: Callable[[str], tuple[float, float]],
) -> list[Label]:
    """Where each area's name goes in a plot of ``size`` (width, height) pixels: on the
    shape where the whole name fits inside it, else beside it (a leader line to its point)
    where it meets no other name, else nowhere (the hover and the table still name it).

    ``to_px`` maps kilometres to plot pixels; ``measure`` gives a name's (width, height).
    Large areas are named first; names never leave the plot.
    """
    boxes = _Grid()
    placed: list[Label] = []
    anchors = {a.name: to_px(a.anchor) for a in areas}
    extents = {a.name: measure(a.name) for a in areas}
    ordered = sorted(areas, key=lambda a: -a.size)
    beside: list[Area] = []
    for area in ordered:
        w, h = extents[area.name]
        cx, cy = anchors[area.name]
        box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
        if _fits_inside(area, box, to_px) and _free(np.array([box]), boxes.near(box, GAP),
                                                    [], size)[0]:
            boxes.add(box, box)
            placed.append(Label(area.name, cx, cy, (cx, cy), True))
        else:
            beside.append(area)
    points = _Grid()
    for point in anchors.values():
        points.add(point, (*point, *point))
    for area in beside:
        w, h = extents[area.name]
        ax, ay = anchors[area.name]
        # Every candidate lies within the farthest distance: the names and anchors near
        # them are gathered once per area, and all candidates tested at once.
        reach = (ax - REACH - w, ay - REACH - h, ax + REACH + w, ay + REACH + h)
        others = [p for p in points.near(reach, GAP) if p != (ax, ay)]
        cx = ax + _STEP_X * (_STEP + w / 2)
        cy = ay + _STEP_Y * (_STEP + h / 2)
        candidates = np.column_stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2])
        free = _free(candidates, boxes.near(reach, GAP), others, size)
        if free.any():
            first = int(free.argmax())
            box = tuple(float(v) for v in candidates[first])
            boxes.add(box, box)
            placed.append(Label(area.name, float(cx[first]), float(cy[first]), (ax, ay), False))
    return placed


class _Grid:
    """Items with a box in pixels, kept per square cell of the plot: a query looks only at
    the cells its box touches, not at every item (a map of all of Flanders has 300 names
    to place, each tried at up to 32 places)."""

    CELL = 40.0  # px: about a short name's width

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list] = {}

    def _keys(self, box: Box, gap: float) -> list[tuple[int, int]]:
        cell = self.CELL
        left, right = int((box[0] - gap) // cell), int((box[2] + gap) // cell)
        top, bottom = int((box[1] - gap) // cell), int((box[3] + gap) // cell)
        return [(i, j) for i in range(left, right + 1) for j in range(top, bottom + 1)]

    def add(self, item, box: Box) -> None:
        for key in self._keys(box, 0.0):
            self._cells.setdefault(key, []).append(item)

    def near(self, box: Box, gap: float) -> list:
        """Every item whose box comes within ``gap`` of ``box`` (and perhaps a few more;
        an item once per cell it lies in)."""
        cells = self._cells
        return [item for key in self._keys(box, gap) if key in cells for item in cells[key]]


def _in_box(point: Point, box: Box, gap: float) -> bool:
    return box[0] - gap <= point[0] <= box[2] + gap and box[1] - gap <= point[1] <= box[3] + gap


def _free(
    candidates: np.ndarray, boxes: list[Box], points: list[Point], size: tuple[float, float]
) -> np.ndarray:
    """For each candidate box (n × 4): whether it lies inside the plot, meets none of
    ``boxes`` and holds none of ``points`` (each kept ``GAP`` away)."""
    left, top, right, bottom = (candidates[:, i : i + 1] for i in range(4))
    ok = ((left >= GAP) & (top >= GAP) & (right <= size[0] - GAP)
          & (bottom <= size[1] - GAP))[:, 0]
    if boxes:
        b = np.asarray(boxes, dtype=float)
        ok &= ~((left < b[:, 2] + GAP) & (b[:, 0] < right + GAP) & (top < b[:, 3] + GAP)
                & (b[:, 1] < bottom + GAP)).any(axis=1)
    if points:
        p = np.asarray(points, dtype=float)
        ok &= ~((left - GAP <= p[:, 0]) & (p[:, 0] <= right + GAP) & (top - GAP <= p[:, 1])
                & (p[:, 1] <= bottom + GAP)).any(axis=1)
    return ok


def _fits_inside(area: Area, box: Box, to_px) -> bool:
    """Whether the name's box lies inside the area's largest shape (9 points checked,
    and no corner of the shape inside the box)."""
    ring = max(area.rings, key=lambda r: abs(shoelace(r)))
    pixels = tuple(to_px(p) for p in ring)
    left, top, right, bottom = box
    grid = [
        (left + (right - left) * i / 2, top + (bottom - top) * j / 2)
        for i in range(3)
        for j in range(3)
    ]
    return all(contains(pixels, p) for p in grid) and not any(
        _in_box(p, box, 1.0) for p in pixels
    )
