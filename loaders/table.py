"""A located table: its columns (a field, a period, a crosstab member or a total) and
its body rows, as the loaders pass it from header to records.

``Table.column`` gives one column's body cells with merged ranges filled; a compact
pivot's levels are virtual columns (negative indices) beside the sheet's own.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from loaders.grid import ColumnGrid
from loaders.periods import Period

# Key columns that hold a row's period: beside them, unnamed labels may be organisations.
PERIOD_NAMES = frozenset({"year", "period", "month", "quarter"})

# An Excel pivot table heads its row-label column "Rijlabels" whatever it holds: the
# column's role (municipality, organisation, target group) is read from its values.
ROW_LABELS = "row_labels"
ROW_LABEL_KEYS = frozenset(
    {"rijlabels", "rijlabel", "row labels", "row label", "etiquettes de lignes"}
)
# Beside nothing but these (a period column, a pivot's row labels), unnamed labels over
# figures are organisations as columns ("Kwartaal | Buurtwerk | Fietspunt").
OUTER_NAMES = PERIOD_NAMES | {ROW_LABELS}


@dataclass(frozen=True)
class Column:
    """One column of a located table."""

    index: int  # 0-based grid column
    letter: str  # Excel column letters
    label: str  # header text as shown (both header rows joined)
    name: str | None = None  # dataset column from the synonym table
    period: Period | None = None  # period of a wide table's value column
    measure: str | None = None  # measure named in a two-row header over/under a period
    total: bool = False  # a "Totaal" column
    # How early the header's synonym comes in the column's declaration: when two columns
    # name the same field ("Gemeente" and "Locatie"), the earliest synonym wins.
    rank: int = 0
    # Values of key columns a crosstab's header gives its figures: (("municipality",
    # "Kortrijk"),) under "Kortrijk", (("kind", "CMW"),) over "Contingent | Bezet".
    member: tuple[tuple[str, str], ...] = ()

    @property
    def holds_values(self) -> bool:
        """A column of figures of a wide table: under a period or a member, not a total."""
        return (self.period is not None or bool(self.member)) and not self.total


@dataclass(frozen=True)
class Table:
    """A located table: header, its body rows with Excel row numbers, and context."""

    sheet: str
    header_row: int  # Excel row number of the (last) header row
    columns: tuple[Column, ...]
    titles: tuple[str, ...]  # text in the rows above the header
    context: Period | None  # period from the sheet name or the title ("2023 K1")
    rows: Sequence[Sequence[object]] = ()  # the sheet's raw rows (not copied)
    merged: Sequence[tuple[int, int, int, int]] = ()
    pivot: bool = False  # an Excel pivot table ("Rijlabels", "Som van …")
    # Columns whose header names no field, period or total ("Ondernemingsnummer"):
    # part of a row's identity unless they hold figures.
    others: tuple[Column, ...] = ()
    top: int = 0  # 0-based sheet row of the first header row
    # Virtual columns (negative indices) made from the sheet's own: the levels of a
    # compact pivot's row labels, one body value per row; and that pivot's nesting.
    derived: dict[int, np.ndarray] = field(default_factory=dict)
    outline: object | None = None  # ``loaders.pivot.Outline``
    # What locating the table decided that staff should know (Dutch warnings).
    notes: tuple[str, ...] = ()

    @property
    def members(self) -> set[tuple[str, str]]:
        """The (column, label) pairs a crosstab's header gives: ("municipality", "Menen")."""
        return {m for c in self.value_columns for m in c.member}

    @property
    def context_year(self) -> int | None:
        return self.context.year if self.context is not None else None

    def named(self, name: str) -> Column | None:
        """The column giving field ``name``: of several, the one with the earliest synonym."""
        found = [c for c in self.columns if c.name == name]
        return min(found, key=lambda c: c.rank) if found else None

    @property
    def period_columns(self) -> list[Column]:
        return [c for c in self.columns if c.period is not None and not c.total]

    @property
    def value_columns(self) -> list[Column]:
        """The figure columns of a wide table: periods, members or both as headers."""
        return [c for c in self.columns if c.holds_values]

    @property
    def height(self) -> int:
        """Number of body rows."""
        return max(len(self.rows) - self.header_row, 0)

    @property
    def row_wise(self) -> bool:
        """Whether the sheet came as rows (a workbook), not as columns (a CSV)."""
        return not isinstance(self.rows, ColumnGrid)

    @property
    def excel_rows(self) -> np.ndarray:
        """Excel row number of each body row."""
        return np.arange(self.header_row + 1, len(self.rows) + 1)

    @cached_property
    def body(self) -> np.ndarray:
        """The body rows as one 2-D object array of cell references (8 bytes a cell)."""
        rows = self.rows[self.header_row :]
        if isinstance(rows, ColumnGrid):
            if not rows.width:
                return np.empty((len(rows), 0), dtype=object)
            return np.column_stack([rows.column(i) for i in range(rows.width)])
        width = max((len(r) for r in self.rows[: self.header_row]), default=0)
        if not rows:
            return np.empty((0, width), dtype=object)
        widths = set(map(len, rows))
        if widths == {max(width, *widths)} and rows[0]:  # calamine pads rows: one C-level pass
            cells = itertools.chain.from_iterable(rows)
            count = len(rows) * len(rows[0])
            return np.fromiter(cells, dtype=object, count=count).reshape(len(rows), -1)
        grid = np.empty((len(rows), max(width, *widths)), dtype=object)
        if len(widths) == 1:
            grid[:, : len(rows[0])] = rows  # one C-level copy of the references
        else:
            for i, row in enumerate(rows):
                grid[i, : len(row)] = row
        return grid

    def release(self) -> None:
        """Empty the sheet's raw rows and the body cache once the table has been parsed."""
        if isinstance(self.rows, list | ColumnGrid):
            self.rows.clear()
        self.__dict__.pop("body", None)
        self.__dict__.pop("_categoricals", None)

    def categorical(self, index: int) -> pd.Series:
        """``column(index)`` as a categorical (categories in order of first appearance),
        hashed once per table: every per-value rule downstream reads its codes."""
        cache = self.__dict__.setdefault("_categoricals", {})
        if index not in cache:
            if not self.row_wise and index not in self.derived and "body" not in self.__dict__:
                codes, uniques = self.rows[self.header_row :].codes(index)
            else:
                codes, uniques = pd.factorize(self.column(index), use_na_sentinel=True)
            categories = pd.Index(np.asarray(uniques, dtype=object), dtype=object)
            # Codes of a factorisation: valid by construction, no pass to check them.
            cache[index] = pd.Categorical.from_codes(codes, categories=categories, validate=False)
        return pd.Series(cache[index], copy=False)

    def texts(self, index: int) -> pd.Series:
        """``column(index)``, for a CSV as the parser's text column (no Python object per
        cell): for a column read once, row by row, in arrays (register numbers)."""
        if not self.row_wise and index not in self.derived and "body" not in self.__dict__:
            return self.rows[self.header_row :].texts(index)
        return self.column(index)

    def column(self, index: int) -> pd.Series:
        """Raw body cells of one grid column (object dtype), merged ranges filled."""
        if index in self.derived:
            return pd.Series(self.derived[index], dtype=object)
        start = self.header_row
        if not self.row_wise and "body" not in self.__dict__:
            # Read as columns: only the columns asked for are ever turned into cells.
            return pd.Series(self.rows[start:].column(index), dtype=object)
        values = (
            self.body[:, index].copy()
            if index < self.body.shape[1]
            else (np.full(len(self.body), None, dtype=object))
        )
        for first_row, first_col, last_row, last_col in self.merged:
            if first_col <= index <= last_col and last_row >= start:
                top = self.rows[first_row][first_col]
                values[max(first_row, start) - start : last_row - start + 1] = top
        return pd.Series(values, dtype=object)


def to_grid(
    rows: Sequence[Sequence[object]], merged: Sequence[tuple[int, int, int, int]]
) -> pd.DataFrame:
    """The sheet as an object DataFrame, merged ranges filled with their top-left value."""
    rows = list(rows)
    widths = set(map(len, rows))
    if len(widths) > 1:  # the reader pads, but be safe for other callers
        width = max(widths)
        rows = [list(r) + [None] * (width - len(r)) for r in rows]
    grid = pd.DataFrame(rows, dtype=object) if rows else pd.DataFrame(dtype=object)
    n_rows, n_cols = grid.shape
    for first_row, first_col, last_row, last_col in merged:
        if first_row >= n_rows or first_col >= n_cols:
            continue
        value = grid.iat[first_row, first_col]
        grid.iloc[first_row : last_row + 1, first_col : last_col + 1] = value
    return grid
