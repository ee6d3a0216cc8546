"""The native, editable PowerPoint chart of one ``ChartSpec`` (python-pptx chart API).

Column, stacked column, bar and line charts, in the spec's colours (a municipality's
colour per bar when one series runs over municipalities), with locale-rendered number
formats, the spec's labels, highlighted categories, and – on line charts – reference
lines as dashed series.

Masked points (small counts shown as "<5") are left blank in the chart's data, so the
exact small count is not hidden inside the embedded workbook that PowerPoint's
"Edit data" opens (nor drawn at its exact height); the point gets the custom label "<5"
and the slide names the masked points in a note (``reports.notes.masked_note``).

Every category and series name goes through ``cells.safe_text`` and into the embedded
workbook as a plain string, so a name such as ``=HYPERLINK(...)`` is never a formula or
a link there – nor after staff edit the data, when PowerPoint reads the chart back
from that workbook.
"""

from __future__ import annotations

from contextlib import contextmanager

import pandas as pd
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_AXIS_CROSSES,
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
)
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.util import Pt
from xlsxwriter import Workbook

from charts import numbers
from charts.spec import HIGHLIGHT_COLOUR, ChartSpec, line_style, series_colour
from reports.cells import safe_text
from reports.formats import number_format
from reports.table import Grid, grid

DARK = RGBColor(0x22, 0x22, 0x22)
REFERENCE_GREY = RGBColor(0x55, 0x55, 0x55)
GRIDLINE_GREY = RGBColor(0xDD, 0xDD, 0xDD)
LABEL_ON_BAR = RGBColor(0xFF, 0xFF, 0xFF)  # labels sit inside the stacked segments
CHART_TYPES = {
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "stacked_column": XL_CHART_TYPE.COLUMN_STACKED,
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
}
# Above this many points per series, value labels would overlap: show only given labels.
MAX_VALUE_LABELS = 16
# Plotly's dash and marker names (charts.spec.line_style) in PowerPoint's terms.
DASHES = {
    "solid": MSO_LINE_DASH_STYLE.SOLID,
    "dash": MSO_LINE_DASH_STYLE.DASH,
    "dot": MSO_LINE_DASH_STYLE.ROUND_DOT,
    "dashdot": MSO_LINE_DASH_STYLE.DASH_DOT,
}
MARKERS = {
    "circle": XL_MARKER_STYLE.CIRCLE,
    "square": XL_MARKER_STYLE.SQUARE,
    "diamond": XL_MARKER_STYLE.DIAMOND,
    "triangle-up": XL_MARKER_STYLE.TRIANGLE,
    "x": XL_MARKER_STYLE.X,
    "star": XL_MARKER_STYLE.STAR,
    "cross": XL_MARKER_STYLE.PLUS,
}


class _TextOnlyWriter(CategoryWorkbookWriter):
    """python-pptx's writer of the embedded workbook, taking every string literally."""

    # NOTE: python-pptx writes names with xlsxwriter's guessing ``write``, which turns
    # "=…" and "{=…}" into formulas and "http://…" into links; these options stop that.
    @contextmanager
    def _open_worksheet(self, xlsx_file):
        options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        workbook = Workbook(xlsx_file, options)
        yield workbook, workbook.add_worksheet()
        workbook.close()


class _ChartData(CategoryChartData):
    @property
    def _workbook_writer(self) -> CategoryWorkbookWriter:
        return _TextOnlyWriter(self)


def _chart_data(spec: ChartSpec, table: Grid) -> CategoryChartData:
    data = _ChartData(number_format=number_format(spec.value_format))
    data.categories = [safe_text(c) for c in table.categories]
    for name in table.series:
        values = [
            None if hidden else value
            for value, hidden in zip(table.values[name], table.masked[name], strict=True)
        ]
        data.add_series(safe_text(name), values)
    if spec.kind == "line":
        for line in spec.reference_lines:
            data.add_series(safe_text(line.label), [line.value] * len(table.categories))
    return data


def add_chart(slide, spec: ChartSpec, left, top, width, height, table: Grid | None = None) -> None:
    """Draw ``spec`` as a native chart in the given rectangle of ``slide``."""
    table = table or grid(spec)
    frame = slide.shapes.add_chart(
        CHART_TYPES[spec.kind], left, top, width, height, _chart_data(spec, table)
    )
    chart = frame.chart
    # The slide states the takeaway title; PowerPoint would add the series name.
    chart.has_title = False
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
    value_axis.major_gridlines.format.line.color.rgb = GRIDLINE_GREY
    value_axis.tick_labels.number_format = number_format(spec.value_format)
    value_axis.tick_labels.number_format_is_linked = False
    # Bars and columns start at zero, or their lengths lie; a fill-rate line may zoom in.
    zoom = spec.kind == "line" and spec.value_format == "percent"
    if not zoom and _all_non_negative(spec):
        value_axis.minimum_scale = 0
    if spec.value_format == "percent" and not zoom and _at_most_one(spec):
        value_axis.maximum_scale = 1  # a fill rate runs to 100 %, not to 120 %
    for axis, title in ((value_axis, spec.y_title), (chart.category_axis, spec.x_title)):
        if title:
            axis.has_title = True
            axis.axis_title.text_frame.text = title
            axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(12)
            axis.axis_title.text_frame.paragraphs[0].runs[0].font.bold = False
    if spec.kind == "bar":
        # Bars are listed top-down in the spec's order, as on screen; the value axis
        # then crosses at the last category, so it stays at the bottom.
        chart.category_axis.reverse_order = True
        # NOTE: python-pptx only sets where the category axis crosses; the value axis's
        # own <c:crosses> ("at maximum category") is set on its XML element directly.
        value_axis_element = chart.value_axis._element
        value_axis_element._remove_crosses()
        value_axis_element._add_crosses(val=XL_AXIS_CROSSES.MAXIMUM)


def _all_non_negative(spec: ChartSpec) -> bool:
    values = pd.to_numeric(spec.data["value"], errors="coerce")
    return bool((values.dropna() >= 0).all())


def _at_most_one(spec: ChartSpec) -> bool:
    values = pd.to_numeric(spec.data["value"], errors="coerce")
    return bool((values.dropna() <= 1).all())


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#")[:6].upper())


def _style_series(series, spec: ChartSpec, table: Grid, index: int) -> None:
    name = table.series[index]
    single = len(table.series) == 1
    # A single series over municipalities takes each municipality's colour per bar.
    per_category = single and any(c in spec.colours for c in table.categories)
    # ... so the series itself gets a colour only when the spec names one for it.
    colour = spec.colours.get(name) if per_category else series_colour(spec, name, index)
    if spec.kind == "line":
        series.smooth = False
        series.format.line.width = Pt(2.5)
        if colour:
            series.format.line.color.rgb = _rgb(colour)
            _fill(series.marker.format, colour)
            series.marker.format.line.color.rgb = _rgb(colour)
        if name in spec.context:
            series.format.line.width = Pt(1.25)
            series.marker.style = XL_MARKER_STYLE.NONE
        else:  # as on screen: with many lines, each its own dash and marker
            main = [s for s in table.series if s not in spec.context]
            dash, symbol = line_style(spec, main.index(name))
            series.format.line.dash_style = DASHES[dash]
            series.marker.style = MARKERS[symbol]
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
            font = frame.paragraphs[0].runs[0].font
            font.size = Pt(11)
            if spec.kind == "stacked_column":
                font.color.rgb = LABEL_ON_BAR
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
        if spec.kind == "stacked_column":
            labels.font.color.rgb = LABEL_ON_BAR
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
