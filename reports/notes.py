"""The notes that go with a chart: reference lines stated in words and the events on
its time axis. Shared by the slide (beside the chart) and the sheet (above the table).
"""

from __future__ import annotations

import datetime as dt

from charts import numbers
from charts.spec import ChartSpec, EventMarker, ReferenceLine
from reports.text import event_period


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
