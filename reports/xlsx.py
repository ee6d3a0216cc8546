"""The numbers behind the ROSE charts as an Excel workbook (xlsxwriter).

Sheets: "Nota" (the ROSE note, when the pack opens with one), "Filters" (the
selection, the date and a table of contents), one sheet per chart, and "Bron" (the
imported files the figures come from, and each chart's source line). A chart sheet
holds its title, subtitle, source and notes above one wide table:
a row per category (year, municipality, organisation …), a column per series. A time
chart with a series per municipality (or per LDE organisation) is written as the pivot
staff keep and upload – a row per municipality or organisation, a column per period –
so the loaders can read it back (``reports.xlsx_chart``).

Every number is written as a number with a number format, so staff can calculate with
it; every text goes through ``cells.safe_text`` and ``write_string``, so no cell can
become a formula or a link. Masked points (small counts, when masking is on) are
written as the text "<5"; the "Totaal" column of stacked charts stays exact.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

import pandas as pd
import xlsxwriter

from charts.spec import ChartSpec
from indicators.filters import Filters
from reports.cells import safe_text, sheet_name
from reports.imports import import_table
from reports.table import distinct
from reports.text import SAMPLE_WARNING, TextPage
from reports.xlsx_cells import Styles, write_cell
from reports.xlsx_chart import chart_sheet

FILTERS_SHEET = "Filters"
SOURCE_SHEET = "Bron"
NOTE_SHEET = "Nota"


def workbook(
    specs: Sequence[ChartSpec],
    *,
    filters: Filters,
    imports: pd.DataFrame | None = None,
    generated: dt.date | None = None,
    sample: bool = False,
    first: Sequence[TextPage] = (),
) -> bytes:
    """The workbook as ``.xlsx`` bytes: Nota (the text pages ``first``, if any), Filters,
    one sheet per chart, Bron.

    A chart given twice (same key, or same title and numbers) gets one sheet. ``sample``:
    the figures are fictional sample data; the Filters and Bron sheets say so, and each
    chart sheet in its source line.
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
    styles = Styles(book)
    taken = {FILTERS_SHEET.lower(), SOURCE_SHEET.lower(), NOTE_SHEET.lower()}
    names = [sheet_name(spec.filename, taken) for spec in specs]
    if first:
        _note_sheet(book, styles, first, sample)
    _filters_sheet(book, styles, filters, specs, names, generated or dt.date.today(), sample)
    for spec, name in zip(specs, names, strict=True):
        chart_sheet(book.add_worksheet(name), styles, spec, filters)
    _source_sheet(book, styles, specs, imports, sample)
    book.close()
    return buffer.getvalue()


# --- sheets ------------------------------------------------------------------------------


def _note_sheet(book, styles: Styles, pages: Sequence[TextPage], sample: bool) -> None:
    """The note as text in one wide column: a heading per page, a row per paragraph."""
    sheet = book.add_worksheet(NOTE_SHEET)
    sheet.set_column(0, 0, 110, styles.wrapped)
    row = 0
    if sample:
        sheet.write_string(row, 0, SAMPLE_WARNING, styles.bold)
        row += 2
    for page in pages:
        sheet.write_string(row, 0, safe_text(page.heading), styles.title)
        row += 1
        for paragraph in page.paragraphs:
            head, rest = paragraph if isinstance(paragraph, tuple) else ("", paragraph)
            if head and rest:  # a bold lead-in, then the paragraph, in one cell
                sheet.write_rich_string(
                    row, 0, styles.bold, safe_text(head), rest, styles.wrapped
                )
            elif head or rest:
                style = styles.bold if head else styles.wrapped
                sheet.write_string(row, 0, safe_text(head or rest), style)
            row += 1
        row += 1


def _filters_sheet(book, styles, filters, specs, names, generated, sample: bool) -> None:
    sheet = book.add_worksheet(FILTERS_SHEET)
    sheet.write_string(0, 0, "Filters van deze export", styles.title)
    if sample:
        sheet.write_string(1, 0, SAMPLE_WARNING, styles.bold)
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


def _source_sheet(
    book, styles: Styles, specs: Sequence[ChartSpec], imports, sample: bool
) -> None:
    sheet = book.add_worksheet(SOURCE_SHEET)
    sheet.write_string(0, 0, "Gebruikte bestanden", styles.title)
    if sample:
        sheet.write_string(1, 0, SAMPLE_WARNING, styles.bold)
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
