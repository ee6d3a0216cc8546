"""Find the table in a sheet: skip title and "Bron:" rows, read one- or two-row headers.

The sheet arrives as a grid of raw cells. Merged ranges are filled with their
top-left value first, so a year merged over "Contingent | Bezet" labels both columns
and an organisation merged down labels each of its rows. The header row is the row
among the first ``HEADER_SCAN`` whose cells best match the dataset's synonyms or read
as periods; the row above or below joins it when the two complement each other
(periods over measures, or measures over periods). Each column is then classified:
a known column, a period column of a wide table, a totals column, or ignored.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache, cached_property

import numpy as np
import pandas as pd

import kinds
from loaders.columns import PIVOT_PREFIX, Synonyms, specs, synonym_table
from loaders.labels import GRAND_WORDS, dimension_of, totals_rest
from loaders.normalise import clean_text, column_letter, is_blank, text_key
from loaders.numbers import parse_number_text
from loaders.periods import (
    Period,
    merge_found,
    parse_period,
    parse_period_text,
    period_in_text,
    year_in_text,
)
from loaders.places import match_place
from reference import Region, load_region

HEADER_SCAN = 60
# Key columns that hold a row's period: beside them, unnamed labels may be organisations.
PERIOD_NAMES = frozenset({"year", "period", "month", "quarter"})
_IGNORED = frozenset(c.name for k in kinds.KINDS for c in k.all_columns if c.role == "ignore")


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
    def excel_rows(self) -> np.ndarray:
        """Excel row number of each body row."""
        return np.arange(self.header_row + 1, len(self.rows) + 1)

    @cached_property
    def body(self) -> np.ndarray:
        """The body rows as one 2-D object array of cell references (8 bytes a cell)."""
        rows = self.rows[self.header_row :]
        width = max((len(r) for r in self.rows[: self.header_row]), default=0)
        if not rows:
            return np.empty((0, width), dtype=object)
        grid = np.empty((len(rows), max(width, max(map(len, rows)))), dtype=object)
        if len(set(map(len, rows))) == 1:
            grid[:, : len(rows[0])] = rows  # one C-level copy of the references
        else:
            for i, row in enumerate(rows):
                grid[i, : len(row)] = row
        return grid

    def release(self) -> None:
        """Empty the sheet's raw rows and the body cache once the table has been parsed."""
        if isinstance(self.rows, list):
            self.rows.clear()
        self.__dict__.pop("body", None)

    def column(self, index: int) -> pd.Series:
        """Raw body cells of one grid column (object dtype), merged ranges filled."""
        if index in self.derived:
            return pd.Series(self.derived[index], dtype=object)
        start = self.header_row
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


def _is_total_header(value: str, synonyms: Synonyms) -> bool:
    """A totals column: "Totaal", "Totaal 2021", "Totaal VTE", "Totaal W13", "Totaal
    Kortrijk" (its rest names the region, a period, a field or a place) — not "Total Care"."""
    rest = totals_rest(PIVOT_PREFIX.sub("", value))
    if rest is None:
        return False
    region = load_region()
    words = set(rest.split()) - GRAND_WORDS - {text_key(region.code)}
    return (
        not words
        or parse_period_text(rest) is not None
        or synonyms.match(rest) is not None
        or match_place(rest, region)[1]
    )


def _label_kind(value: object, synonyms: Synonyms) -> tuple[str, object]:
    """Classify one header cell: ("name", column) | ("near", column) for a qualified
    header such as "Contingent (VTE)" | ("period", Period) | ("total", None) |
    ("both", (measure, Period)) for "VTE 2021" | ("blank"|"other", None)."""
    if is_blank(value):
        return "blank", None
    if isinstance(value, str):
        key = text_key(value)
        if key in synonyms:
            return "name", synonyms[key]
        if key in ROW_LABEL_KEYS:
            return "name", ROW_LABELS
        if _is_total_header(value, synonyms):
            return "total", None
        period = parse_period(value)
        if period is not None:
            return "period", period
        split = _measure_and_period(key, synonyms)
        if split is not None:
            return "both", split
        name = synonyms.match(value)
        if name is not None:
            # A pivot table's "Som van VTE" names its measure as surely as "VTE" does.
            return ("name" if PIVOT_PREFIX.match(value) else "near"), name
        return "other", None
    period = parse_period(value, dates=True)  # a date serial too: 44562 is jan 2022
    if period is None:
        return "other", None
    if isinstance(value, int | float) and not 2000 <= period.year <= 2100:
        return "other", None  # a bare number in a header row is a count, not a year
    return "period", period


def _measure_and_period(key: str, synonyms: Synonyms) -> tuple[str, Period] | None:
    """("fte", 2021) for "VTE 2021", ("places", 2022-K1) for "Contingent 2022-K1"; either
    order. Only a measure of the dataset combines with a period this way."""
    words = key.split()
    if len(words) < 2 or not any(w[:1].isdigit() for w in words):
        return None
    measures = synonyms.measures
    for i in range(1, len(words)):
        left, right = " ".join(words[:i]), " ".join(words[i:])
        for label, when in ((left, right), (right, left)):
            name = synonyms.get(label)
            period = parse_period_text(when) if name in measures else None
            if period is not None and period.year is not None:
                return name, period
    return None


def _row_score(cells: list[tuple[str, object]]) -> float:
    names = {v for k, v in cells if k == "name"}
    names |= {v[0] for k, v in cells if k in ("both", "both_member")}
    # A qualified match counts half: a data cell such as "Collectief maatwerk" beside a
    # date must not make its row look like a header.
    near = {v for k, v in cells if k == "near"} - names
    periods = sum(1 for k, _ in cells if k in ("period", "both"))
    dims = [v[0] if k == "member" else v[1][0] for k, v in cells if k in ("member", "both_member")]
    members = max(Counter(dims).values(), default=0)
    # A period column beside unnamed labels: the labels may be organisations as columns.
    labels = sum(1 for k, _ in cells if k == "other") if names & OUTER_NAMES else 0
    return (
        len(names)
        + 0.5 * len(near)
        + min(periods, 2) * 0.9
        + (0.1 if periods > 2 else 0)
        + min(members, 2) * 0.9
        + (0.9 if labels >= 2 and not periods and not members else 0)
    )


def mark_members(
    values: Sequence[object],
    cells: list[tuple[str, object]],
    kind: str,
    region: Region,
    synonyms: Synonyms,
) -> list[tuple[str, object]]:
    """Cells that are values of one key column, two or more in the row ("Kortrijk |
    Menen", "LDE | Arbeidszorg", "CMW | IM"), become ("member", (column, text)); a
    measure with such a value ("Contingent CMW", "Instroom LDE") becomes
    ("both_member", (measure, (column, text))).

    A cell that is also a column name ("Maatwerkbedrijf") is a member only beside
    another member of its column ("Maatwerkbedrijf | Maatwerkafdeling"). Unrecognised
    labels after the first member of the row's one such column ("Kortrijk | Menen |
    Andere") are members too: their figures are kept, their labels reported.
    """
    found: list[tuple[str, str, str | None] | None] = []
    for value, (k, _) in zip(values, cells, strict=True):
        # A code alone ("34022", "8500") is data, not a crosstab's header.
        worded = isinstance(value, str) and any(ch.isalpha() for ch in value)
        dim = (
            dimension_of(value, kind, region) if worded and k in ("other", "near", "name") else None
        )
        if dim is not None:
            found.append((dim, clean_text(value), None))
        elif k in ("other", "near") and (
            split := _measure_and_member(value, synonyms, kind, region)
        ):
            found.append((split[1], split[2], split[0]))
        else:
            found.append(None)
    plain = Counter(f[0] for f, (k, _) in zip(found, cells, strict=True) if f and k != "name")
    every = Counter(dim for dim, _ in {(f[0], text_key(f[1])) for f in found if f})
    winners = {dim for dim in every if plain[dim] and every[dim] >= 2}
    out = []
    for f, cell in zip(found, cells, strict=True):
        if f is None or f[0] not in winners:
            out.append(cell)
        elif f[2] is None:
            out.append(("member", (f[0], f[1])))
        else:
            out.append(("both_member", (f[2], (f[0], f[1]))))
    if len(winners) == 1:
        dim = next(iter(winners))
        first = next(i for i, c in enumerate(out) if c[0] in ("member", "both_member"))
        for i in range(first + 1, len(out)):
            value = values[i]
            if out[i][0] == "other" and isinstance(value, str) and any(c.isalpha() for c in value):
                out[i] = ("member", (dim, clean_text(value)))
    return out


def _measure_and_member(
    value: object, synonyms: Synonyms, kind: str, region: Region
) -> tuple[str, str, str] | None:
    """(measure, column, text) for "Contingent CMW", "Instroom LDE", "VTE Kortrijk"."""
    if not isinstance(value, str):
        return None
    words = text_key(value).split()
    shown = (clean_text(value) or "").split()
    if len(words) < 2 or len(words) != len(shown):
        return None
    for i in range(1, len(words)):
        for measure, rest in ((words[:i], shown[i:]), (words[i:], shown[:i])):
            name = synonyms.get(" ".join(measure))
            if name in synonyms.measures:
                text = " ".join(rest)
                dim = dimension_of(text, kind, region)
                if dim is not None:
                    return name, dim, text
    return None


def _classify(
    grid: pd.DataFrame, row: int, synonyms: Synonyms, kind: str, region: Region
) -> list[tuple[str, object]]:
    values = grid.iloc[row].tolist()
    cells = [_label_kind(v, synonyms) for v in values]
    return mark_members(values, cells, kind, region, synonyms)


def _label_kind_exact(value: object, synonyms: Synonyms) -> tuple[str, object]:
    """``_label_kind`` with a qualified match read as a plain name."""
    kind, found = _label_kind(value, synonyms)
    return ("name", found) if kind == "near" else (kind, found)


def _measure_names(kind: str) -> set[str]:
    return {s.name for s in specs(kind) if s.role == "measure"}


def fill_top(top: list[object], bottom: list[object]) -> list[object]:
    """Carry a top-row group label right over blanks that have a label below.

    Unmerged two-row headers write the year once above its "Contingent | Bezet" pair.
    A row with a single label is a title, not a group: it is not carried.
    """
    if sum(not is_blank(v) for v in top) < 2:
        return list(top)
    filled, last = [], None
    for own, below in zip(top, bottom, strict=True):
        if is_blank(own):
            filled.append(last if not is_blank(below) else None)
            if is_blank(below):
                last = None
        else:
            filled.append(own)
            last = own
    return filled


def _complements(own, partner, measures: set[str]) -> int:
    """Columns where one row names a period or a member (a municipality, a maatwerk
    kind) and the other a measure, a member or a finer period."""
    count = 0
    for a, b in zip(own, partner, strict=True):
        pair = {a[0], b[0]}
        if pair in ({"period", "name"}, {"total", "name"}, {"member", "name"}):
            name = a[1] if a[0] == "name" else b[1]
            count += name in measures
        elif pair == {"period", "member"}:
            count += 1
        elif a[0] == b[0] == "period":
            count += (a[1].year is None) != (b[1].year is None)
    return count


def _two_rows(grid: pd.DataFrame, top: int, synonyms: Synonyms, kind: str, region: Region):
    """Both rows of a two-row header (the top carried over its groups), classified."""
    bottom_values = grid.iloc[top + 1].tolist()
    top_values = fill_top(grid.iloc[top].tolist(), bottom_values)
    top_cells, bottom_cells = (
        mark_members(row, [_label_kind_exact(v, synonyms) for v in row], kind, region, synonyms)
        for row in (top_values, bottom_values)
    )
    return top_cells, bottom_cells, top_values, bottom_values


def find_header(
    grid: pd.DataFrame, kind: str, region: Region | None = None
) -> tuple[int, int, float] | None:
    """(first header row, last header row, score), 0-based, or None if no header found."""
    region = region or load_region()
    synonyms = synonym_table(kind)
    measures = _measure_names(kind)
    scan = min(len(grid), HEADER_SCAN)
    scores = [_row_score(_classify(grid, r, synonyms, kind, region)) for r in range(scan)]
    if not scores or max(scores) < 1.8:
        return None
    best = int(np.argmax(scores))
    for top in (best - 1, best):
        if top >= 0 and top + 1 < len(grid):
            upper, lower, _, _ = _two_rows(grid, top, synonyms, kind, region)
            if _complements(upper, lower, measures) >= 2:
                return top, top + 1, scores[best]
    return best, best, scores[best]


def _column(
    index: int, labels: list[object], cells: list[tuple[str, object]], synonyms: Synonyms,
    measures: set[str],
) -> Column:  # fmt: skip
    """One column from its header cells (one or two rows) and their classification."""
    found = []
    for kind, value in cells:
        if kind == "both":  # one cell naming measure and period: as if two header rows
            found += [("name", value[0]), ("period", value[1])]
        elif kind == "both_member":  # "Contingent CMW": measure and member
            found += [("name", value[0]), ("member", value[1])]
        else:
            found.append((kind, value))
    texts = [t for v in labels if (t := clean_text(v))]
    label = " / ".join(dict.fromkeys(texts))
    letter = column_letter(index)
    names = [v for k, v in found if k == "name"]
    rank = min((synonyms.rank(v) for v in labels if synonyms.match(v) is not None), default=0)
    periods = [v for k, v in found if k == "period"]
    member = tuple(dict.fromkeys(v for k, v in found if k == "member"))
    total = any(k == "total" for k, _ in found)
    if periods or member:
        measure = next((n for n in names if n in measures), None)
        period = merge_periods(periods) if periods else None
        return Column(
            index, letter, label, period=period, measure=measure, total=total, member=member
        )
    if total:
        measure = next((n for n in names if n in measures), None)
        return Column(index, letter, label, measure=measure, total=True)
    return Column(index, letter, label, name=names[-1] if names else None, rank=rank)


def merge_periods(periods: list[Period]) -> Period:
    """One period from a two-row header: a year above "K1" or "jan" below is that quarter."""
    year = next((p.year for p in periods if p.year is not None), None)
    finest = max(periods, key=lambda p: (p.month is not None, p.quarter is not None))
    return Period(year, quarter=finest.quarter, month=finest.month)


def _mark_enclosing_periods(columns: list[Column]) -> list[Column]:
    """A year column beside that year's months or quarters is its total, not data."""

    def encloses(outer: Period, inner: Period) -> bool:
        if outer.year is None or outer.year != inner.year or outer == inner:
            return False
        if outer.quarter is None:
            return inner.quarter is not None
        return outer.month is None and inner.month is not None and inner.quarter == outer.quarter

    out = []
    for c in columns:
        if c.period is not None and any(
            encloses(c.period, o.period) and o.measure == c.measure
            for o in columns
            if o.period is not None
        ):
            c = Column(c.index, c.letter, c.label, period=c.period, measure=c.measure, total=True)
        out.append(c)
    return out


def _unless_named(columns: list[Column]) -> list[Column]:
    """A member of a column the table also has as its own ("Gemeente" beside "Menen |
    Kortrijk") is no member: those header cells are not read as values."""
    named = {c.name for c in columns if c.name}
    return [
        replace(c, member=(), period=None) if c.member and {d for d, _ in c.member} & named
        and c.period is None else c
        for c in columns
    ]  # fmt: skip


def _organisations_as_columns(
    columns: list[Column], others: list[Column], below: pd.DataFrame, kind: str
) -> tuple[list[Column], list[Column]]:
    """Unnamed headers over figures beside nothing but period columns or a pivot's row
    labels ("Periode | Buurtwerk | Fietspunt"), in a table of a kind with organisations,
    are organisations as columns. Beside other keys they may be anything ("Mannen |
    Vrouwen")."""
    spec = kinds.get(kind)
    names = {c.name for c in columns if c.name}
    if (
        "organisation" not in spec.names
        or not names & OUTER_NAMES
        or names - OUTER_NAMES - _IGNORED
        or any(c.holds_values for c in columns)
    ):
        return columns, others
    figures = [c for c in others if _holds_figures(below.iloc[:, c.index].tolist())]
    if len(figures) < 2:
        return columns, others
    members = [replace(c, member=(("organisation", c.label),)) for c in figures]
    kept = [c for c in others if c not in figures]
    return sorted([*columns, *members], key=lambda c: c.index), kept


def _holds_figures(cells: list[object]) -> bool:
    values = [v for v in cells if not is_blank(v)]
    numbers = [v for v in values if isinstance(v, int | float) or parse_number_text(str(v))]
    return bool(values) and len(numbers) == len(values)


def locate_table(
    sheet_name: str,
    rows: Sequence[Sequence[object]],
    merged,
    kind: str,
    start: int = 0,
    stop: int | None = None,
    region: Region | None = None,
) -> Table | None:
    """The table of ``kind`` in a sheet, or None when the sheet has no recognisable header.

    ``start`` and ``stop`` (0-based rows) bound one block of a sheet that stacks
    several tables; Excel row numbers stay those of the sheet.
    """
    region = region or load_region()
    if stop is not None:
        rows = rows[:stop]
    if start:
        merged = [(r1 - start, c1, r2 - start, c2) for r1, c1, r2, c2 in merged if r2 >= start]
        merged = [(max(r1, 0), c1, r2, c2) for r1, c1, r2, c2 in merged]
    grid = to_grid(rows[start : start + HEADER_SCAN + 2], merged)
    found = find_header(grid, kind, region)
    if found is None:
        return None
    first, last, _ = found
    synonyms = synonym_table(kind)
    measures = _measure_names(kind)
    if last > first:
        top, bottom, top_values, bottom_values = _two_rows(grid, first, synonyms, kind, region)
        labels = list(zip(top_values, bottom_values, strict=True))
        cells = list(zip(top, bottom, strict=True))
    else:
        labels = [(v,) for v in grid.iloc[first].tolist()]
        cells = [(c,) for c in _classify(grid, first, synonyms, kind, region)]
        cells = [((k, v),) if k != "near" else (("name", v),) for ((k, v),) in cells]
    columns = [
        _column(i, list(labels[i]), list(cells[i]), synonyms, measures)
        for i in range(grid.shape[1])
    ]
    columns = _unless_named(_mark_enclosing_periods(columns))
    if last + 1 < len(grid) and _names_index_columns(
        grid.iloc[last + 1].tolist(), columns, synonyms
    ):
        # pandas writes the index names of MultiIndex columns on a row of their own,
        # below the header rows: "Organisatie" under blank cells.
        last += 1
        cells = grid.iloc[last].tolist()
        columns = [
            replace(
                c,
                name=_label_kind_exact(cells[c.index], synonyms)[1],
                label=clean_text(cells[c.index]),
            )
            if not is_blank(cells[c.index])
            else c
            for c in columns
        ]
    others = [c for c in columns if not (c.name or c.holds_values or c.total) and c.label]
    columns = [c for c in columns if c.name or c.holds_values or c.total]
    columns, others = _organisations_as_columns(columns, others, grid.iloc[last + 1 :], kind)
    columns = _total_as_count(columns, kind, measures)
    titles = tuple(
        dict.fromkeys(t for v in grid.iloc[:first].to_numpy().ravel() if (t := clean_text(v)))
    )
    pivot = any(c.name == ROW_LABELS for c in columns) or any(
        PIVOT_PREFIX.match(t) for t in (*titles, *(c.label for c in columns))
    )
    context = context_period(sheet_name, titles, days=kinds.get(kind).is_stock)
    if start:  # back to the sheet's coordinates
        merged = [(r1 + start, c1, r2 + start, c2) for r1, c1, r2, c2 in merged]
    return Table(
        sheet=sheet_name,
        header_row=start + last + 1,
        columns=tuple(columns),
        titles=titles,
        context=context,
        rows=rows,
        merged=tuple(merged),
        pivot=pivot,
        others=tuple(others),
        top=start + first,
    )


def _total_as_count(columns: list[Column], kind: str, measures: set[str]) -> list[Column]:
    """A flow table split by sex or age ("Mannen | Vrouwen | Totaal") with no count
    column of its own: the one totals column is the count."""
    spec = kinds.get(kind)
    if spec.is_stock or any(c.name in measures or c.holds_values for c in columns):
        return columns
    totals = [c for c in columns if c.total and c.measure is None]
    if len(totals) != 1:
        return columns
    count = spec.main_measure
    return [replace(c, name=count, total=False) if c is totals[0] else c for c in columns]


def _names_index_columns(cells: list[object], columns: list[Column], synonyms: Synonyms) -> bool:
    """True for a row that only names columns the header above left unnamed."""
    named = False
    for cell, column in zip(cells, columns, strict=False):
        if is_blank(cell):
            continue
        if column.name or column.period is not None or column.total:
            return False
        if _label_kind_exact(cell, synonyms)[0] != "name":
            return False
        named = True
    return named


@cache
def _stackable_names() -> frozenset[str]:
    """Key and measure columns of any dataset: what a repeated header is recognised by
    (person fields and start dates hold a distinct value per row; comparing them is slow).
    """
    return frozenset(
        s.name
        for kind in kinds.KINDS
        for s in kind.all_columns
        if s.role in ("key", "measure") and s.name != "start_date"
    )


def repeated_header(table: Table) -> int | None:
    """0-based sheet row where a second table starts below ``table`` (its title rows
    included): the first body row that repeats the header labels of two or more named
    columns, as when one sheet stacks "Instroom 2021" and "Instroom 2022"."""
    # Only the dataset's own columns: person fields hold a distinct value per row.
    named = [c for c in table.columns if c.name in _stackable_names()]
    if len(named) < 2:
        return None
    same = np.zeros(len(table.body), dtype=np.int16)
    for c in named:  # on each column's distinct values, not per cell
        codes, uniques = pd.factorize(table.column(c.index), use_na_sentinel=True)
        label = text_key(c.label)
        hit = np.array([isinstance(u, str) and text_key(u) == label for u in uniques] + [False])
        same += hit[codes]
    repeats = np.flatnonzero(same >= 2)
    if not len(repeats):
        return None
    top = table.header_row + int(repeats[0])
    while top > table.header_row and _is_title_row(table.rows[top - 1]):
        top -= 1
    return top


def _is_title_row(row: Sequence[object]) -> bool:
    return sum(not is_blank(v) for v in row) <= 1


# Title lines about the file rather than its figures: their dates are no period.
_ABOUT_THE_FILE = re.compile(
    r"^(?:bron|source|export|exportdatum|geexporteerd|afgedrukt|gegenereerd|aangemaakt|"
    r"opgemaakt|printed|generated|created|bijgewerkt|laatst|update|datum export)\b"
)


def context_period(sheet: str, titles: Sequence[str], *, days: bool) -> Period | None:
    """The period a sheet name or the title lines give ("2023 K1", "jan 2023", "Toestand
    op 31/03/2023" when ``days``: a stock's reference date); the sheet name first, a
    title completing it ("K1" on a sheet of a workbook titled "Maatwerk 2023")."""
    lines = [t for t in titles if not _ABOUT_THE_FILE.match(text_key(t))]
    own = period_in_text(sheet, days=days) or _year_only(year_in_text(sheet))
    title = period_in_text(" ".join(lines), days=days) or _year_only(year_in_text(" ".join(lines)))
    if own is None or title is None:
        return own or title
    if own.year is not None and title.year is not None and own.year != title.year:
        return own
    if own.quarter is not None and title.quarter is not None and own.quarter != title.quarter:
        return own
    return merge_found([own, title])


def _year_only(year: int | None) -> Period | None:
    return Period(year) if year is not None else None
