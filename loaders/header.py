"""Find the table in a sheet: skip title and "Bron:" rows, read one- or two-row headers.

The sheet arrives as a grid of raw cells. Merged ranges are filled with their
top-left value first, so a year merged over "Contingent | Bezet" labels both columns
and an organisation merged down labels each of its rows. The header row is the row
among the first ``HEADER_SCAN`` whose cells best match the dataset's synonyms or read
as periods; the row above or below joins it when the two complement each other
(periods over measures, or measures over periods, members over measures). Each column
is then classified: a known column, a wide table's value column under a period or a
member (``loaders.members``), a totals column, or unnamed (kept for the row's identity).
The sheet name and title give the table's period (``periods.context_period``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

import numpy as np
import pandas as pd

import kinds
from loaders.columns import PIVOT_PREFIX, Synonyms, specs, synonym_table
from loaders.labels import GRAND_WORDS, totals_rest
from loaders.members import figures_of, mark_members, organisations_as_columns, unless_named
from loaders.normalise import clean_text, column_letter, has_key, is_blank, text_key
from loaders.periods import Period, context_period, parse_period, parse_period_text
from loaders.places import match_place
from loaders.reshape import PERSON_SIGNS
from loaders.table import (
    OUTER_NAMES,
    ROW_LABEL_KEYS,
    ROW_LABELS,
    Column,
    Table,
    to_grid,
)
from reference import Region, load_region

# The located table's shapes live in ``loaders.table``; these are used from here too.
__all__ = ["HEADER_SCAN", "Table", "locate_table", "repeated_header", "to_grid"]

HEADER_SCAN = 60


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


def _row_score(cells: list[tuple[str, object]], measures: frozenset[str] = frozenset()) -> float:
    names = {v for k, v in cells if k == "name"}
    names |= {v[0] for k, v in cells if k in ("both", "both_member")}
    # A qualified match counts half: a data cell such as "Collectief maatwerk" beside a
    # date must not make its row look like a header.
    near = {v for k, v in cells if k == "near"} - names
    periods = sum(1 for k, _ in cells if k in ("period", "both"))
    dims = [v[0] if k == "member" else v[1][0] for k, v in cells if k in ("member", "both_member")]
    members = max(Counter(dims).values(), default=0)
    # A period column beside unnamed labels: the labels may be organisations as columns
    # ("Kwartaal | Buurtwerk | Kringloopcentrum vzw": a loose match of a key is a label).
    labels = sum(1 for k, v in cells if k == "other" or (k == "near" and v not in measures))
    labels = labels if names & OUTER_NAMES else 0
    return (
        len(names)
        + 0.5 * len(near)
        + min(periods, 2) * 0.9
        + (0.1 if periods > 2 else 0)
        + min(members, 2) * 0.9
        + (0.9 if labels >= 2 and not periods and not members else 0)
    )


class _Classifier:
    """Classifies the cells of a sheet's first rows, each distinct value once.

    The scan for the header reads some sixty rows; below the header they are data rows
    that repeat their values (figures 0 to 5, a handful of places), so a memo per value
    spares most of the parsing.
    """

    def __init__(self, synonyms: Synonyms, kind: str, region: Region) -> None:
        self.synonyms, self.kind, self.region = synonyms, kind, region
        self._memo: dict[tuple[type, object], tuple[str, object]] = {}
        self._members: dict = {}  # mark_members' reading of each text cell

    def label(self, value: object) -> tuple[str, object]:
        key = (type(value), value)  # 1, 1.0 and True classify differently
        try:
            return self._memo[key]
        except KeyError:
            found = self._memo[key] = _label_kind(value, self.synonyms)
            return found
        except TypeError:  # not hashable
            return _label_kind(value, self.synonyms)

    def row(self, values: list[object]) -> list[tuple[str, object]]:
        cells = [self.label(v) for v in values]
        return mark_members(values, cells, self.kind, self.region, self.synonyms, self._members)


def _classify(
    grid: pd.DataFrame, row: int, synonyms: Synonyms, kind: str, region: Region
) -> list[tuple[str, object]]:
    return _Classifier(synonyms, kind, region).row(grid.iloc[row].tolist())


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
    classify = _Classifier(synonyms, kind, region)
    rows = grid.iloc[:HEADER_SCAN].to_numpy(dtype=object).tolist()
    scores = [_row_score(classify.row(values), synonyms.measures) for values in rows]
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
    """A year column beside that year's months or quarters is its total, not data; so is
    a quarter column beside that quarter's months (same measure)."""
    quartered, monthly = set(), set()  # (measure, year) with a quarter, (…, quarter) a month
    for c in columns:
        if c.period is not None and c.period.year is not None:
            p = c.period
            if p.quarter is not None:
                quartered.add((c.measure, p.year))
            if p.month is not None:
                monthly.add((c.measure, p.year, p.quarter))
    out = []
    for c in columns:
        p = c.period
        if p is not None and p.year is not None:
            if p.quarter is None:
                encloses = (c.measure, p.year) in quartered
            else:
                encloses = p.month is None and (c.measure, p.year, p.quarter) in monthly
            if encloses:
                c = Column(c.index, c.letter, c.label, period=p, measure=c.measure, total=True)
        out.append(c)
    return out


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
    columns = unless_named(_mark_enclosing_periods(columns))
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
    columns, others = organisations_as_columns(columns, others, grid.iloc[last + 1 :], kind)
    columns = _total_as_count(columns, kind, measures)
    columns, others, notes = _head_as_count(columns, others, grid.iloc[last + 1 :], kind)
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
        notes=notes,
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


def _head_as_count(
    columns: list[Column], others: list[Column], below: pd.DataFrame, kind: str
) -> tuple[list[Column], list[Column], tuple[str, ...]]:
    """A table that names no measure and is no crosstab or person list: its one column
    under a count's head word ("Aantal gestarte cursisten") holding whole figures is that
    count (``kinds`` declares the words), with a note saying so."""
    # NOTE: safe because it only decides where the file would otherwise be refused for
    # lacking its count: one candidate or none, whole figures of 0 or more, never beside
    # a person field (a person list counts its rows), never under a header that names
    # an amount ("Aantal uren", "Aantal VTE"); and the note names the column it read.
    spec = kinds.get(kind)
    counts = [c for c in spec.all_columns if c.heads]
    names = {c.name for c in columns}
    if not counts or names & set(spec.measures) or any(c.holds_values or c.total for c in columns):
        return columns, others, ()
    if names & set(PERSON_SIGNS):
        return columns, others, ()
    for count in counts:
        found = [c for c in others if _counts_under_head(c, count) and _whole(below, c)]
        if len(found) == 1:
            column = replace(found[0], name=count.name)
            note = (
                f"Kolom {column.letter} ('{column.label}') gelezen als "
                f"{count.label.lower()}: de enige kolom met aantallen."
            )
            kept = sorted([*columns, column], key=lambda c: c.index)
            return kept, [c for c in others if c is not found[0]], (note,)
    return columns, others, ()


def _counts_under_head(column: Column, count: kinds.Column) -> bool:
    key = f" {text_key(column.label)} "
    heads = [h for h in count.heads if key.startswith(f" {text_key(h)} ")]
    return bool(heads) and not any(f" {text_key(w)} " in key for w in count.not_counted)


def _whole(below: pd.DataFrame, column: Column) -> bool:
    if column.index >= below.shape[1]:
        return False
    figures = figures_of(below.iloc[:, column.index].tolist())
    return figures is not None and all(f >= 0 and f == int(f) for f in figures)


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
    hits = []
    for c in named:  # on each column's distinct values, not per cell
        values = table.categorical(c.index).array
        repeats = has_key(text_key(c.label))  # thousands of names: no key built for each
        hit = np.array([isinstance(u, str) and repeats(u) for u in values.categories] + [False])
        if hit.any():  # code -1 (empty) reads the last entry
            hits.append(hit[values.codes])
    if len(hits) < 2:  # no row can repeat two labels
        return None
    repeats = np.flatnonzero(np.sum(hits, axis=0, dtype=np.int16) >= 2)
    if not len(repeats):
        return None
    top = table.header_row + int(repeats[0])
    while top > table.header_row and _is_title_row(table.rows[top - 1]):
        top -= 1
    return top


def _is_title_row(row: Sequence[object]) -> bool:
    return sum(not is_blank(v) for v in row) <= 1
