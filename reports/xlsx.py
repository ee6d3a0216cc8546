"""The numbers behind the ROSE charts as an Excel workbook (xlsxwriter).

Sheets: "Filters" (the selection, the date and a table of contents), one sheet per
chart, and "Bron" (the imported files the figures come from, and each chart's source
line). A chart sheet holds its title, subtitle, source and notes above one wide table:
a row per category (year, municipality, organisation …), a column per series. A time
chart with a series per municipality (or per LDE organisation) is written as the pivot
staff keep and upload – a row per municipality or organisation, a column per period –
so the loaders can read it back (``pivot_header``).

Every number is written as a number with a number format, so staff can calculate with
it; every text goes through ``cells.safe_text`` and ``write_string``, so no cell can
become a formula or a link. Masked points (small counts, when masking is on) are
written as the text "<5"; the "Totaal" column of stacked charts stays exact.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence
from numbers import Number

import numpy as np
import pandas as pd
import xlsxwriter

from charts.spec import ChartSpec
from indicators.filters import Filters
from reference import load_region
from reports.cells import safe_text, sheet_name
from reports.formats import number_format
from reports.imports import import_table
from reports.notes import chart_notes
from reports.table import MASK_LABEL, Grid, distinct, grid

FILTERS_SHEET = "Filters"
SOURCE_SHEET = "Bron"
MASK_NOTE = 'Kleine aantallen (1 tot 4) staan als "<5"; de totalen zijn de exacte totalen.'
TOTAL = "Totaal"
MUNICIPALITY = "Gemeente"
TARGET_GROUP = "Doelgroep"
ALL_TARGET_GROUPS = "Alle doelgroepen"
# Chart keys of inflow charts start so (see charts.catalogue).
INFLOW_KEY_PREFIX = "instroom."
# Time charts with a series per organisation, by key: the spec does not name what its
# series are, so these are listed (the round-trip test fails if a key changes).
ORGANISATION_PIVOTS = {"lde.trend_per_organisatie": "Organisatie"}
YEAR_LABEL_LENGTH = 4


def workbook(
    specs: Sequence[ChartSpec],
    *,
    filters: Filters,
    imports: pd.DataFrame | None = None,
    generated: dt.date | None = None,
) -> bytes:
    """The workbook as ``.xlsx`` bytes: Filters, one sheet per chart, Bron.

    A chart given twice (same key, or same title and numbers) gets one sheet.
    """
    buffer = io.BytesIO()
    # NOTE: the string conversions are off so that no text can turn into a formula,
    # a hyperlink or a number behind our back; every cell is written explicitly.
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    specs = distinct(specs)
    styles = _Styles(book)
    taken = {FILTERS_SHEET.lower(), SOURCE_SHEET.lower()}
    names = [sheet_name(spec.filename, taken) for spec in specs]
    _filters_sheet(book, styles, filters, specs, names, generated or dt.date.today())
    for spec, name in zip(specs, names, strict=True):
        _chart_sheet(book.add_worksheet(name), styles, spec, filters)
    _source_sheet(book, styles, specs, imports)
    book.close()
    return buffer.getvalue()


class _Styles:
    """The few cell formats of the workbook, created once per workbook."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.book = book
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.grey = book.add_format({"font_color": "#666666", "italic": True})
        self.header = book.add_format({"bold": True, "bottom": 1, "text_wrap": True})
        self.bold = book.add_format({"bold": True})
        self.text = book.add_format({})
        self.masked = book.add_format({"align": "right"})
        self.year = book.add_format({"num_format": "0", "align": "left"})
        self.year_header = book.add_format({"num_format": "0", "bold": True, "bottom": 1})
        self.date = book.add_format({"num_format": "dd/mm/yyyy hh:mm", "align": "left"})
        self.day = book.add_format({"num_format": "dd/mm/yyyy", "align": "left"})
        self._numbers: dict[str, object] = {}

    def number(self, code: str):
        if code not in self._numbers:
            self._numbers[code] = self.book.add_format({"num_format": code})
        return self._numbers[code]


def write_cell(sheet, row: int, col: int, value: object, styles: _Styles, number=None) -> None:
    """One cell, typed: numbers as numbers, dates as dates, anything else as safe text."""
    if value is None or value is pd.NA or value is pd.NaT:
        sheet.write_blank(row, col, None, styles.text)
    elif isinstance(value, bool | np.bool_):
        sheet.write_string(row, col, "ja" if value else "nee", styles.text)
    elif isinstance(value, Number):
        number_value = float(value)
        if math.isnan(number_value) or math.isinf(number_value):
            sheet.write_blank(row, col, None, styles.text)
        else:
            sheet.write_number(row, col, number_value, number or styles.text)
    elif isinstance(value, dt.datetime):
        stamp = pd.Timestamp(value)
        if stamp.tzinfo is not None:
            stamp = stamp.tz_convert("Europe/Brussels").tz_localize(None)
        sheet.write_datetime(row, col, stamp.to_pydatetime(), styles.date)
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, col, value, styles.day)
    else:
        sheet.write_string(row, col, safe_text(str(value)), styles.text)


# --- sheets ------------------------------------------------------------------------------


def _filters_sheet(book, styles, filters, specs, names, generated) -> None:
    sheet = book.add_worksheet(FILTERS_SHEET)
    sheet.write_string(0, 0, "Filters van deze export", styles.title)
    rows = [("Gemaakt op", generated), *filters.describe()]
    for i, (label, value) in enumerate(rows, start=2):
        sheet.write_string(i, 0, label, styles.bold)
        write_cell(sheet, i, 1, value, styles)
    row = len(rows) + 3
    sheet.write_string(row, 0, "Blad", styles.header)
    sheet.write_string(row, 1, "Grafiek", styles.header)
    for i, (spec, name) in enumerate(zip(specs, names, strict=True), start=row + 1):
        write_cell(sheet, i, 0, name, styles)
        write_cell(sheet, i, 1, spec.title, styles)
    sheet.set_column(0, 0, 32)
    sheet.set_column(1, 1, 90)


def _has_total(spec: ChartSpec, table: Grid) -> bool:
    # Only a stack has a meaningful total; a sum of percentages or of rates has none.
    return (
        spec.kind == "stacked_column"
        and spec.value_format in ("count", "fte")
        and len(table.series) > 1
    )


def _label_cell(label: str) -> object:
    """A year label becomes the number it is, so the sheet sorts and reloads as years."""
    if len(label) == YEAR_LABEL_LENGTH and label.isdigit():
        return int(label)
    return label


def pivot_header(spec: ChartSpec, table: Grid) -> str | None:
    """The first header when the sheet is a pivot (a row per series), else None.

    A time chart whose series are municipalities, or organisations in an LDE trend, is
    written the way staff keep and upload such tables: a row per municipality or
    organisation, a column per period. The loaders read that shape back.
    """
    if not spec.x_dates or len(table.series) < 2:
        return None
    region = load_region()
    if set(table.series) <= {*region.names, region.outside_label}:
        return MUNICIPALITY
    return ORGANISATION_PIVOTS.get(spec.key)


def _chart_sheet(sheet, styles: _Styles, spec: ChartSpec, filters: Filters) -> None:
    table = grid(spec)
    row = 0
    sheet.write_string(row, 0, safe_text(spec.title), styles.title)
    notes = [spec.subtitle, spec.source, MASK_NOTE if table.any_masked else "", *chart_notes(spec)]
    for line in notes:
        if line:
            row += 1
            sheet.write_string(row, 0, safe_text(line), styles.grey)
    row += 2
    header_of_pivot = pivot_header(spec, table)
    pivot = header_of_pivot is not None
    first = header_of_pivot or spec.x_title or "Categorie"
    down, across = (table.series, table.categories) if pivot else (table.categories, table.series)
    with_total = _has_total(spec, table)
    groups = _target_groups(spec, filters) if pivot else None
    header = [
        first,
        *([TARGET_GROUP] if groups else []),
        *across,
        *([TOTAL] if with_total and not pivot else []),
    ]
    for col, heading in enumerate(header):
        write_cell(sheet, row, col, _label_cell(str(heading)), styles, styles.year_header)
    sheet.set_row(row, None, styles.header)
    top = row + 1
    number = styles.number(number_format(spec.value_format))

    def point(r: int, c: int) -> tuple[str, int]:
        return (down[r], c) if pivot else (across[c], r)

    skip = 2 if groups else 1  # value columns start after the label (and group) column
    for r, label in enumerate(down):
        row += 1
        write_cell(sheet, row, 0, _label_cell(label), styles, styles.year)
        if groups:
            write_cell(sheet, row, 1, groups, styles)
        for c in range(len(across)):
            name, i = point(r, c)
            if table.masked[name][i]:
                sheet.write_string(row, c + skip, MASK_LABEL, styles.masked)
            else:
                write_cell(sheet, row, c + skip, table.values[name][i], styles, number)
        if with_total and not pivot:
            write_cell(sheet, row, len(across) + skip, _total(table, r), styles, number)
    if with_total and pivot:
        row += 1
        sheet.write_string(row, 0, TOTAL, styles.bold)
        for c in range(len(across)):
            write_cell(sheet, row, c + skip, _total(table, c), styles, number)
    sheet.set_column(0, 0, max(14, min(45, _longest(down) + 2)))
    if groups:
        sheet.set_column(1, 1, max(14, min(45, len(groups) + 2)))
    sheet.set_column(skip, len(across) + skip, max(12, min(30, _longest(across) + 2)))
    sheet.freeze_panes(top, 1)


def _target_groups(spec: ChartSpec, filters: Filters) -> str | None:
    """The target groups an inflow pivot covers, as its "Doelgroep" column.

    Inflow needs a target group to be read back; the column also tells staff what the
    counts include. Other charts have no such column.
    """
    if not (spec.key.startswith(INFLOW_KEY_PREFIX) and spec.value_format == "count"):
        return None
    return ", ".join(filters.target_groups) or ALL_TARGET_GROUPS


def _total(table: Grid, index: int) -> float:
    """The exact stack total of category ``index``, masked parts included."""
    return sum(v for name in table.series if (v := table.values[name][index]) is not None)


def _longest(labels: list[str]) -> int:
    return max((len(label) for label in labels), default=0)


def _source_sheet(book, styles: _Styles, specs: Sequence[ChartSpec], imports) -> None:
    sheet = book.add_worksheet(SOURCE_SHEET)
    sheet.write_string(0, 0, "Gebruikte bestanden", styles.title)
    table = import_table(imports)
    row = 2
    if table.empty:
        sheet.write_string(row, 0, "Geen importgegevens beschikbaar.", styles.grey)
    else:
        for col, heading in enumerate(table.columns):
            sheet.write_string(row, col, safe_text(str(heading)), styles.header)
        for values in table.itertuples(index=False):
            row += 1
            for col, value in enumerate(values):
                write_cell(sheet, row, col, value, styles)
        sheet.set_column(0, len(table.columns) - 1, 18)
    row += 2
    sheet.write_string(row, 0, "Bronvermelding per grafiek", styles.title)
    row += 1
    sheet.write_string(row, 0, "Grafiek", styles.header)
    sheet.write_string(row, 1, "Bron", styles.header)
    for spec in specs:
        row += 1
        write_cell(sheet, row, 0, spec.title, styles)
        write_cell(sheet, row, 1, spec.source, styles)
