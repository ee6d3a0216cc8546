"""One chart's sheet in the Excel export: heading, notes and the wide table of numbers.

A row per category and a column per series; a time chart whose series are
municipalities or organisations (its ``series_title``) is written as the pivot staff
keep and upload – a row per municipality or organisation, a column per period – so the
loaders read it back. Masked small counts are the text "<5"; totals of stacked charts
stay exact.
"""

from __future__ import annotations

from dataclasses import dataclass

import kinds
from charts.spec import MUNICIPALITY, ORGANISATION, TARGET_GROUP, ChartSpec
from indicators.filters import Filters
from reports.cells import safe_text
from reports.formats import number_format
from reports.notes import chart_notes
from reports.table import MASK_LABEL, Grid, grid, one_column
from reports.xlsx_cells import Styles, write_cell

MASK_NOTE = 'Kleine aantallen (1 tot 4) staan als "<5"; de totalen zijn de exacte totalen.'
TOTAL = "Totaal"
ALL_TARGET_GROUPS = "Alle doelgroepen"
# Series that staff keep as the rows of their own time tables (and the loaders read
# back that way): a time chart over these is written a row per series.
PIVOT_SERIES = (MUNICIPALITY, ORGANISATION)
YEAR_LABEL_LENGTH = 4


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

    A time chart whose series are municipalities or organisations (its
    ``series_title``) is written the way staff keep and upload such tables: a row per
    municipality or organisation, a column per period. The loaders read that shape back.
    """
    if not spec.x_dates or len(table.series) < 2 or spec.series_title not in PIVOT_SERIES:
        return None
    return spec.series_title


@dataclass(frozen=True)
class _Layout:
    """How a chart's grid lies on its sheet: which labels run down, which across."""

    first: str  # the header above the row labels
    down: list[str]
    across: list[str]
    pivot: bool  # rows are the series (municipalities, organisations), not the x labels
    groups: str | None  # the "Doelgroep" column of an inflow pivot
    total: bool

    @property
    def skip(self) -> int:
        """Columns before the values: the row label, and the target group if any."""
        return 2 if self.groups else 1

    def header(self) -> list[str]:
        return [
            self.first,
            *([TARGET_GROUP] if self.groups else []),
            *self.across,
            *([TOTAL] if self.total and not self.pivot else []),
        ]

    def point(self, r: int, c: int) -> tuple[str, int]:
        """(series, category index) of the cell in row ``r``, value column ``c``."""
        return (self.down[r], c) if self.pivot else (self.across[c], r)


def _layout(spec: ChartSpec, table: Grid, filters: Filters) -> _Layout:
    first = pivot_header(spec, table)
    pivot = first is not None
    return _Layout(
        first=first or spec.x_title or "Categorie",
        down=table.series if pivot else table.categories,
        across=table.categories if pivot else table.series,
        pivot=pivot,
        groups=_target_groups(spec, filters) if pivot else None,
        total=_has_total(spec, table),
    )


def chart_sheet(sheet, styles: Styles, spec: ChartSpec, filters: Filters) -> None:
    table = grid(spec)
    if spec.one_series_per_x:  # one bar per municipality: one column of values
        table = one_column(table, spec.y_title or "Waarde")
    layout = _layout(spec, table, filters)
    row = _write_heading(sheet, styles, spec, table) + 2
    for col, heading in enumerate(layout.header()):
        write_cell(sheet, row, col, _label_cell(str(heading)), styles, styles.year_header)
    sheet.set_row(row, None, styles.header)
    sheet.freeze_panes(row + 1, 1)
    number = styles.number(number_format(spec.value_format))
    for r, label in enumerate(layout.down):
        row += 1
        write_cell(sheet, row, 0, _label_cell(label), styles, styles.year)
        if layout.groups:
            write_cell(sheet, row, 1, layout.groups, styles)
        for c in range(len(layout.across)):
            name, i = layout.point(r, c)
            if table.masked[name][i]:
                sheet.write_string(row, c + layout.skip, MASK_LABEL, styles.masked)
            else:
                write_cell(sheet, row, c + layout.skip, table.values[name][i], styles, number)
        if layout.total and not layout.pivot:
            write_cell(
                sheet, row, len(layout.across) + layout.skip, _total(table, r), styles, number
            )
    if layout.total and layout.pivot:
        row += 1
        sheet.write_string(row, 0, TOTAL, styles.bold)
        for c in range(len(layout.across)):
            write_cell(sheet, row, c + layout.skip, _total(table, c), styles, number)
    _set_widths(sheet, layout)


def _write_heading(sheet, styles: Styles, spec: ChartSpec, table: Grid) -> int:
    """Title, subtitle, source and notes above the table; returns the last row used."""
    sheet.write_string(0, 0, safe_text(spec.title), styles.title)
    notes = [spec.subtitle, spec.source, MASK_NOTE if table.any_masked else "", *chart_notes(spec)]
    row = 0
    for line in filter(None, notes):
        row += 1
        sheet.write_string(row, 0, safe_text(line), styles.grey)
    return row


def _set_widths(sheet, layout: _Layout) -> None:
    sheet.set_column(0, 0, max(14, min(45, _longest(layout.down) + 2)))
    if layout.groups:
        sheet.set_column(1, 1, max(14, min(45, len(layout.groups) + 2)))
    width = max(12, min(30, _longest(layout.across) + 2))
    sheet.set_column(layout.skip, len(layout.across) + layout.skip, width)


def _target_groups(spec: ChartSpec, filters: Filters) -> str | None:
    """The target groups a count of a kind with target groups (inflow) covers, as its
    "Doelgroep" column.

    Inflow needs a target group to be read back; the column also tells staff what the
    counts include. Other charts have no such column.
    """
    grouped = "target_group" in getattr(kinds.find(spec.dataset), "names", ())
    if not (grouped and spec.value_format == "count"):
        return None
    return ", ".join(filters.target_groups) or ALL_TARGET_GROUPS


def _total(table: Grid, index: int) -> float:
    """The exact stack total of category ``index``, masked parts included."""
    return sum(v for name in table.series if (v := table.values[name][index]) is not None)


def _longest(labels: list[str]) -> int:
    return max((len(label) for label in labels), default=0)
