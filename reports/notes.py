"""The notes that go with a chart: reference lines stated in words, the events on its
time axis and the masked points it leaves blank. Shared by the slide and the PDF page
(under the chart) and the sheet (above the table).
"""

from __future__ import annotations

import datetime as dt

from charts import numbers
from charts.spec import ChartSpec, EventMarker, ReferenceLine
from reports.table import Grid
from reports.text import event_period

MAX_MASKED_LISTED = 8


def visible_events(spec: ChartSpec) -> list[EventMarker]:
    """The spec's events that fall on its time axis (none for a chart without dates)."""
    if not spec.x_dates:
        return []
    dates = sorted(spec.x_dates.values())
    # The last label covers its whole period (a year label stands for the whole year).
    step = dates[-1] - dates[-2] if len(dates) > 1 else dt.timedelta(days=366)
    first, last = dates[0], dates[-1] + step
    return [e for e in spec.events if first <= e.start < last or (e.end and first <= e.end < last)]


def reference_text(spec: ChartSpec, line: ReferenceLine) -> str:
    """``100 VTE``; the value is added when the label does not state it already."""
    label = line.label.removeprefix("Referentie: ")
    if any(ch.isdigit() for ch in label):
        return label
    return f"{label} ({numbers.by_format(line.value, spec.value_format)})"


def chart_notes(spec: ChartSpec, *, with_reference_lines: bool = True) -> list[str]:
    """A line stating the reference lines (when asked) and a line naming the events.

    The deck leaves the reference lines out on line charts, where they are drawn.
    """
    notes = []
    if spec.reference_lines and with_reference_lines:
        notes.append(
            "Referentielijn: " + "; ".join(reference_text(spec, r) for r in spec.reference_lines)
        )
    events = visible_events(spec)
    if events:
        notes.append(
            "Gebeurtenissen: "
            + "; ".join(f"{e.label} ({event_period(e.start, e.end)})" for e in events)
        )
    return notes


def masked_note(table: Grid) -> list[str]:
    """A line naming the masked points, which the chart leaves blank (at most one line)."""
    points = [
        f"{name} {category}" if len(table.series) > 1 and name != category else category
        for name in table.series
        for category, hidden in zip(table.categories, table.masked[name], strict=True)
        if hidden
    ]
    if not points:
        return []
    if len(points) > MAX_MASKED_LISTED:
        return [f"{len(points)} kleine aantallen (1 tot 4) zijn niet getekend (<5)."]
    return [f"Kleine aantallen (1 tot 4) niet getekend (<5): {', '.join(points)}."]
