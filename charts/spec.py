"""What a chart shows, independent of how it is drawn.

Indicators produce numbers; a chart builder turns them into a ``ChartSpec``; the
Plotly renderer (dashboard), the PowerPoint writer (native, editable charts) and the
Excel writer all draw from the same spec, so title, colours, number format and
source line can never differ between screen and slide.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

ChartKind = Literal["column", "stacked_column", "bar", "line"]
ValueFormat = Literal["count", "fte", "percent", "rate"]
HIGHLIGHT_COLOUR = "#d1495b"


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
