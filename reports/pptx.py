"""The ROSE deck: a 16:9 PowerPoint with one native, editable chart per ``ChartSpec``.

Slides: a title slide (title, date, filters, data period), one slide per chart (the
spec's takeaway title and subtitle, a native python-pptx chart in the spec's colours
and number format, notes on reference lines and events, the source line), and a
closing slide with the glossary, the event notes and the files used.

Masked points (small counts shown as "<5") are left blank in the chart's data, so the
exact small count is not hidden inside the embedded workbook that PowerPoint's
"Edit data" opens; the point carries the label "<5" instead.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Emu, Inches, Pt

import reference
from charts import numbers
from charts.plotly import PALETTE
from charts.spec import HIGHLIGHT_COLOUR, ChartSpec, EventMarker, ReferenceLine
from indicators.filters import Filters
from reports.formats import number_format
from reports.imports import import_rows
from reports.table import MASK_LABEL, Grid, grid
from reports.text import event_period, long_date

SLIDE_WIDTH = Emu(12_192_000)  # 13.333 in: PowerPoint's own 16:9 size
SLIDE_HEIGHT = Emu(6_858_000)  # 7.5 in
BLANK_LAYOUT = 6
MARGIN = Inches(0.5)
DARK = RGBColor(0x22, 0x22, 0x22)
GREY = RGBColor(0x66, 0x66, 0x66)
REFERENCE_GREY = RGBColor(0x55, 0x55, 0x55)

CHART_TYPES = {
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "stacked_column": XL_CHART_TYPE.COLUMN_STACKED,
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
}
# Above this many points per series, value labels would overlap: show only given labels.
MAX_VALUE_LABELS = 16


def deck(
    specs: Sequence[ChartSpec],
    *,
    filters: Filters,
    title: str,
    period: str,
    generated: dt.date,
    imports: pd.DataFrame | None = None,
) -> bytes:
    """The whole deck as ``.pptx`` bytes: title slide, one slide per spec, closing slide."""
    presentation = Presentation()
    presentation.slide_width = SLIDE_WIDTH
    presentation.slide_height = SLIDE_HEIGHT
    _title_slide(presentation, filters=filters, title=title, period=period, generated=generated)
    for spec in specs:
        _chart_slide(presentation, spec)
    _closing_slide(presentation, imports)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


# --- text helpers ----------------------------------------------------------------------


def _text_box(slide, left, top, width, height, lines, *, size, colour=DARK, bold_first=False):
    """A word-wrapped text box; ``lines`` are paragraphs, or (bold head, rest) pairs."""
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        parts = line if isinstance(line, tuple) else (None, line)
        head, rest = parts
        if head:
            run = paragraph.add_run()
            run.text = head
            run.font.bold = True
            run.font.size = Pt(size)
            run.font.color.rgb = colour
        run = paragraph.add_run()
        run.text = rest
        run.font.size = Pt(size)
        run.font.color.rgb = colour
        run.font.bold = bold_first and i == 0
        paragraph.space_after = Pt(size * 0.4)
    return box


def _content_width():
    return SLIDE_WIDTH - 2 * MARGIN


# --- slides ------------------------------------------------------------------------------


def _blank(presentation):
    return presentation.slides.add_slide(presentation.slide_layouts[BLANK_LAYOUT])


def _title_slide(presentation, *, filters: Filters, title: str, period: str, generated):
    slide = _blank(presentation)
    width = _content_width()
    _text_box(slide, MARGIN, Inches(1.6), width, Inches(1.3), [title], size=40, bold_first=True)
    _text_box(
        slide,
        MARGIN,
        Inches(2.9),
        width,
        Inches(0.9),
        [f"{long_date(generated)} · gegevens {period}"],
        size=20,
        colour=GREY,
    )
    lines = [(f"{label}: ", value) for label, value in filters.describe()]
    _text_box(slide, MARGIN, Inches(4.1), width, Inches(2.6), lines, size=16, colour=GREY)


def _chart_slide(presentation, spec: ChartSpec) -> None:
    slide = _blank(presentation)
    width = _content_width()
    _text_box(
        slide, MARGIN, Inches(0.3), width, Inches(0.8), [spec.title], size=26, bold_first=True
    )
    top = Inches(1.05)
    if spec.subtitle:
        _text_box(slide, MARGIN, top, width, Inches(0.45), [spec.subtitle], size=15, colour=GREY)
        top = Inches(1.5)
    notes = _chart_notes(spec)
    bottom = SLIDE_HEIGHT - Inches(0.5) - Inches(0.3) * len(notes)
    _add_chart(slide, spec, MARGIN, top, width, bottom - top)
    for i, note in enumerate(notes):
        _text_box(
            slide,
            MARGIN,
            bottom + Inches(0.3) * i,
            width,
            Inches(0.3),
            [note],
            size=11,
            colour=GREY,
        )
    _text_box(
        slide,
        MARGIN,
        SLIDE_HEIGHT - Inches(0.5),
        width,
        Inches(0.35),
        [spec.source],
        size=10,
        colour=GREY,
    )
    # The full event notes go in the speaker notes, where a presenter looks for them.
    shown = {marker.label for marker in visible_events(spec)}
    explained = [e.note for e in reference.events() if e.label in shown]
    if explained:
        slide.notes_slide.notes_text_frame.text = "\n".join(explained)


def visible_events(spec: ChartSpec) -> list[EventMarker]:
    """The spec's events that fall on its time axis (none for a chart without dates)."""
    if not spec.x_dates:
        return []
    dates = sorted(spec.x_dates.values())
    # The last label covers its whole period (a year label stands for the whole year).
    step = dates[-1] - dates[-2] if len(dates) > 1 else dt.timedelta(days=366)
    first, last = dates[0], dates[-1] + step
    return [e for e in spec.events if first <= e.start < last or (e.end and first <= e.end < last)]


def _reference_text(spec: ChartSpec, line: ReferenceLine) -> str:
    """``100 VTE``; the value is added when the label does not state it already."""
    label = line.label.removeprefix("Referentie: ")
    if any(ch.isdigit() for ch in label):
        return label
    return f"{label} ({numbers.by_format(line.value, spec.value_format)})"


def _chart_notes(spec: ChartSpec) -> list[str]:
    """One line per reference line drawn as a note (not as a series) and for the events."""
    notes = []
    if spec.reference_lines and spec.kind != "line":
        # NOTE: python-pptx cannot combine a line with bars in one chart, so on bar
        # and column charts the reference values are stated beside the chart.
        notes.append(
            "Referentielijn: " + "; ".join(_reference_text(spec, r) for r in spec.reference_lines)
        )
    events = visible_events(spec)
    if events:
        notes.append(
            "Gebeurtenissen: "
            + "; ".join(f"{e.label} ({event_period(e.start, e.end)})" for e in events)
        )
    return notes


# --- the chart ---------------------------------------------------------------------------


def _chart_data(spec: ChartSpec, table: Grid) -> CategoryChartData:
    data = CategoryChartData(number_format=number_format(spec.value_format))
    data.categories = table.categories
    for name in table.series:
        values = [
            None if hidden else value
            for value, hidden in zip(table.values[name], table.masked[name], strict=True)
        ]
        data.add_series(name, values)
    if spec.kind == "line":
        for line in spec.reference_lines:
            data.add_series(line.label, [line.value] * len(table.categories))
    return data


def _add_chart(slide, spec: ChartSpec, left, top, width, height) -> None:
    table = grid(spec)
    frame = slide.shapes.add_chart(
        CHART_TYPES[spec.kind], left, top, width, height, _chart_data(spec, table)
    )
    chart = frame.chart
    chart.font.size = Pt(12)
    chart.font.color.rgb = DARK
    shown_series = len(table.series) + (len(spec.reference_lines) if spec.kind == "line" else 0)
    chart.has_legend = shown_series > 1 and not _one_series_per_category(table)
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    _style_axes(chart, spec)
    plot = chart.plots[0]
    if spec.kind in ("column", "stacked_column", "bar"):
        plot.gap_width = 60
        if spec.kind == "stacked_column" or _one_series_per_category(table):
            # Stacks, and one series per category (a bar per municipality), sit centred.
            plot.overlap = 100
    for i, series in enumerate(plot.series):
        if i < len(table.series):
            _style_series(series, spec, table, i)
            _label_points(series, spec, table, table.series[i])
        else:
            _style_reference(series)


def _one_series_per_category(table: Grid) -> bool:
    """True when each category has exactly one series, as for a bar per municipality."""
    if len(table.series) < 2 or len(table.series) != len(table.categories):
        return False
    filled = [[v is not None for v in table.values[s]] for s in table.series]
    return all(sum(column) == 1 for column in zip(*filled, strict=True))


def _style_axes(chart, spec: ChartSpec) -> None:
    value_axis = chart.value_axis
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = RGBColor(0xDD, 0xDD, 0xDD)
    value_axis.tick_labels.number_format = number_format(spec.value_format)
    value_axis.tick_labels.number_format_is_linked = False
    # Bars and columns start at zero, or their lengths lie; a fill-rate line may zoom in.
    zoom = spec.kind == "line" and spec.value_format == "percent"
    if not zoom and _all_non_negative(spec):
        value_axis.minimum_scale = 0
    for axis, title in ((value_axis, spec.y_title), (chart.category_axis, spec.x_title)):
        if title:
            axis.has_title = True
            axis.axis_title.text_frame.text = title
            axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(12)
            axis.axis_title.text_frame.paragraphs[0].runs[0].font.bold = False
    if spec.kind == "bar":
        # Bars are listed top-down in the spec's order, as on screen.
        chart.category_axis.reverse_order = True


def _all_non_negative(spec: ChartSpec) -> bool:
    values = pd.to_numeric(spec.data["value"], errors="coerce")
    return bool((values.dropna() >= 0).all())


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#")[:6].upper())


def _style_series(series, spec: ChartSpec, table: Grid, index: int) -> None:
    name = table.series[index]
    single = len(table.series) == 1
    # A single series over municipalities takes each municipality's colour per bar.
    per_category = single and any(c in spec.colours for c in table.categories)
    colour = spec.colours.get(name) or (None if per_category else _palette(index))
    if spec.kind == "line":
        series.smooth = False
        series.format.line.width = Pt(2.5)
        if colour:
            series.format.line.color.rgb = _rgb(colour)
            _fill(series.marker.format, colour)
            series.marker.format.line.color.rgb = _rgb(colour)
        for i, category in enumerate(table.categories):
            if category in spec.highlight:
                marker = series.points[i].marker
                marker.size = 11
                _fill(marker.format, HIGHLIGHT_COLOUR)
        return
    if colour:
        _fill(series.format, colour)
    for i, category in enumerate(table.categories):
        if category in spec.highlight:
            _fill(series.points[i].format, HIGHLIGHT_COLOUR)
        elif per_category and category in spec.colours:
            _fill(series.points[i].format, spec.colours[category])


def _palette(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _fill(fmt, colour: str) -> None:
    fmt.fill.solid()
    fmt.fill.fore_color.rgb = _rgb(colour)


def _style_reference(series) -> None:
    series.smooth = False
    series.format.line.width = Pt(1.5)
    series.format.line.color.rgb = REFERENCE_GREY
    series.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    series.marker.style = XL_MARKER_STYLE.NONE


def _label_points(series, spec: ChartSpec, table: Grid, name: str) -> None:
    """Labels as on screen: the spec's text per point, or plain value labels.

    A label that is just the value in the spec's format becomes a real value label
    (number format, stays right when staff edit the data in PowerPoint); only other
    text – a change "+3 %", a masked "<5" – is written as custom text per point.
    """
    texts = table.texts[name]
    position = _label_position(spec)
    if table.has_text and not _plain_values(spec, table, name):
        for i, text in enumerate(texts):
            if text is None:
                continue
            label = series.points[i].data_label
            frame = label.text_frame
            frame.text = text
            frame.paragraphs[0].runs[0].font.size = Pt(11)
            if position is not None:
                label.position = position
        return
    wanted = any(t is not None for t in texts) or (
        not table.has_text and len(table.series) == 1 and len(table.categories) <= MAX_VALUE_LABELS
    )
    if wanted:
        labels = series.data_labels
        labels.show_value = True
        labels.number_format = number_format(spec.value_format)
        labels.number_format_is_linked = False
        labels.font.size = Pt(11)
        if position is not None:
            labels.position = position


def _plain_values(spec: ChartSpec, table: Grid, name: str) -> bool:
    """True when every label of the series is its value in the spec's number format."""
    pairs = zip(table.texts[name], table.values[name], table.masked[name], strict=True)
    return all(
        text is None or (not hidden and text == numbers.by_format(value, spec.value_format))
        for text, value, hidden in pairs
    )


def _label_position(spec: ChartSpec):
    if spec.kind in ("column", "bar"):
        return XL_LABEL_POSITION.OUTSIDE_END
    if spec.kind == "line":
        return XL_LABEL_POSITION.ABOVE
    return XL_LABEL_POSITION.CENTER


# --- closing slide -----------------------------------------------------------------------


def _closing_slide(presentation, imports: pd.DataFrame | None) -> None:
    slide = _blank(presentation)
    width = _content_width()
    half = (width - Inches(0.4)) // 2
    _text_box(
        slide,
        MARGIN,
        Inches(0.3),
        width,
        Inches(0.8),
        ["Begrippen en kanttekeningen"],
        size=26,
        bold_first=True,
    )
    definitions = [(f"{term}: ", text) for term, text in reference.glossary().items()]
    _text_box(slide, MARGIN, Inches(1.2), half, Inches(5.0), definitions, size=12)
    notes = [(f"{e.label} ({event_period(e.start, e.end)}): ", e.note) for e in reference.events()]
    right = MARGIN + half + Inches(0.4)
    _text_box(slide, right, Inches(1.2), half, Inches(4.0), notes, size=12)
    files = import_rows(imports)
    if files:
        lines = ["Gebruikte bestanden: " + "; ".join(files)]
        _text_box(slide, MARGIN, Inches(6.3), width, Inches(0.9), lines, size=10, colour=GREY)


__all__ = ["CHART_TYPES", "MASK_LABEL", "SLIDE_HEIGHT", "SLIDE_WIDTH", "deck", "visible_events"]
