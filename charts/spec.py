"""What a chart shows, independent of how it is drawn.

Indicators produce numbers; a chart builder turns them into a ``ChartSpec``; the
Plotly renderer (dashboard), the PowerPoint writer (native, editable charts) and the
Excel writer all draw from the same spec, so title, colours, number format and
source line can never differ between screen and slide.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import pandas as pd

if TYPE_CHECKING:
    from charts.geo import MapLayer

ChartKind = Literal["column", "stacked_column", "bar", "line", "map"]
# "change" is a relative change (−0.24 → −24 %), "percent" a share (0.947 → 94,7 %).
ValueFormat = Literal["count", "fte", "percent", "rate", "change"]
# The dataset kind a chart shows (a name of ``kinds.NAMES``; "" when unknown, as in
# hand-made specs).
Dataset = str
HIGHLIGHT_COLOUR = "#d1495b"
# Colours for series that are not municipalities (target groups, organisations, ...), in
# order; municipalities take theirs from the region file through ``ChartSpec.colours``.
# NOTE: chosen so that any two stay apart (CIEDE2000 ≥ 15) for normal, deuteranope and
# protanope vision (tests/test_chart_colours.py); a chart never shows more series than
# this, so no two series share a colour (builders group the rest as "Overige ...").
PALETTE = (
    "#1f3b73",
    "#d27800",
    "#5ac3f0",
    "#960f00",
    "#1ed287",
    "#6978f0",
    "#a5695a",
    "#1e7887",
    "#783c4b",
    "#5aa596",
)
# Series shown only as context (the municipalities not selected) are grey.
CONTEXT_GREY = "#cccccc"
# Above this many lines colour is not the only cue: each line has its own dash and marker.
COLOUR_ONLY_LINES = 4
DASHES = ("solid", "dash", "dot", "dashdot")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "star", "cross")

# What a chart's series are (``ChartSpec.series_title``), in the words staff use as the
# column header of their own tables, so the Excel export can write them that way.
MUNICIPALITY = "Gemeente"
ORGANISATION = "Organisatie"
TARGET_GROUP = "Doelgroep"
KIND = "Soort"
YEAR = "Jaar"
AREA = "Gebied"  # the region, or the rest of its province or of Flanders


@dataclass(frozen=True)
class ReferenceLine:
    """A horizontal line with a label, e.g. the 100-FTE reference or the 90 % rule."""

    value: float
    label: str


@dataclass(frozen=True)
class EventMarker:
    """A dated event on a time axis; ``end`` shades a period."""

    start: dt.date
    label: str
    kind: str
    end: dt.date | None = None


@dataclass(frozen=True)
class ChartSpec:
    """One chart.

    ``data`` is long: one row per point with columns ``x`` (category or period label,
    in display order), ``series`` (legend entry) and ``value`` (float, exact). An
    optional ``text`` column holds the label drawn at the point (for example
    "−24 %" or "<5" when small counts are masked). ``x_dates`` optionally maps each x
    label to a date (the first day of its period) so event markers can be placed on
    time axes. ``highlight`` optionally names x labels to emphasise (for example the
    year of the deepest fall); renderers draw those points in ``HIGHLIGHT_COLOUR``.

    ``series_title`` says what the series are when they are members of one dimension
    (``MUNICIPALITY``, ``ORGANISATION``, ``TARGET_GROUP``, ``KIND``, ``YEAR``); it is
    empty when the series are measures (one total, or "toegekend" against "bezet").
    ``dataset`` names the dataset the chart shows (for a chart that sets one dataset
    against another, the one it is about). Writers decide layouts from these two
    fields, never from the chart's key.

    ``context`` names series drawn only for comparison (the municipalities not selected
    when some are): grey in ``colours``, thin, and left out of the legend.

    A ``"map"`` has one row per municipality of the region (``x`` and ``series`` its
    name, ``value`` NaN for "geen gegevens"), an optional ``detail`` column with the
    exact figures behind a value for the hover ("181 instromers, 77.109 inwoners";
    masked like the labels), and ``map``: its outlines, neighbours, value classes and
    legend (``charts.geo.MapLayer``).
    """

    key: str
    title: str
    kind: ChartKind
    data: pd.DataFrame
    x_title: str
    y_title: str
    value_format: ValueFormat
    source: str
    colours: dict[str, str] = field(default_factory=dict)
    subtitle: str = ""
    reference_lines: tuple[ReferenceLine, ...] = ()
    events: tuple[EventMarker, ...] = ()
    x_dates: dict[str, dt.date] = field(default_factory=dict)
    masked: bool = False
    highlight: tuple[str, ...] = ()
    series_title: str = ""
    dataset: Dataset = ""
    context: tuple[str, ...] = ()
    map: MapLayer | None = None

    @property
    def filename(self) -> str:
        """A file name that says what the chart shows, e.g. ``instroom-per-jaar``."""
        return self.key.replace(".", "-").replace("_", "-")

    @property
    def series(self) -> list[str]:
        return list(dict.fromkeys(self.data["series"]))

    @property
    def categories(self) -> list[str]:
        return list(dict.fromkeys(self.data["x"]))

    @property
    def one_series_per_x(self) -> bool:
        """Whether each category is its own series (one bar per municipality, each in its
        colour): a table of it is one column of values, not a diagonal."""
        if len(self.data) < 2 or self.data["series"].nunique() < 2:
            return False
        return bool(self.data["x"].is_unique and self.data["series"].is_unique)


def series_colour(spec: ChartSpec, series: str, index: int) -> str:
    """The colour of ``series``, the ``index``-th of ``spec``: the spec's own colour for
    it, else the palette's colour for its position.

    One rule for screen and slide, so a series keeps its colour from one to the other.
    """
    return spec.colours.get(series) or PALETTE[index % len(PALETTE)]


def line_style(spec: ChartSpec, index: int) -> tuple[str, str]:
    """The dash and marker symbol of the ``index``-th line of ``spec`` (Plotly names).

    With more than ``COLOUR_ONLY_LINES`` lines each gets its own combination, so colour is
    never the only way to tell them apart; fewer lines are solid with round markers.
    """
    if len(spec.series) - len(spec.context) <= COLOUR_ONLY_LINES:
        return "solid", "circle"
    return DASHES[index % len(DASHES)], SYMBOLS[index % len(SYMBOLS)]
