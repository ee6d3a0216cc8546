"""Turn a located table into long records: one row per key and period.

Long tables already have one row per key and period. Wide tables (years, quarters or
months as columns, possibly with a measure per period under a two-row header) are
stacked, one period column at a time, so a 500,000-cell table costs a few hundred
vectorised column copies, never a Python loop per cell. A person-level list (one
row per worker, no count column) becomes one record per person with ``inflow = 1``;
only the columns the dataset needs are copied, so person fields never leave the grid.

Records keep ``_sheet`` and ``_row`` (Excel row) and, per measure, ``_col_<measure>``
(Excel column letters) so that every later problem can point at its cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

import kinds
from loaders.columns import measure_names, specs
from loaders.frames import put
from loaders.identity import mix, other_kind_figures, row_identity
from loaders.labels import total_states
from loaders.normalise import (
    clean_text,
    column_letter,
    factorize,
    is_blank,
    map_unique,
    text_key,
)
from loaders.numbers import is_missing_marker, parse_numbers
from loaders.periods import Period
from loaders.profiles import person_traits
from loaders.table import Table
from reference import Region

# Every key column any kind declares (periods, places, groups, organisations, the
# maatwerk kind): what a table row is copied with and what a totals label is looked for in.
KEY_NAMES = tuple(
    dict.fromkeys(c.name for k in kinds.KINDS for c in k.all_columns if c.role == "key")
)
PERSON_SIGNS = ("start_date", "person_name", "person_id", "birth_date", "address", "age")
PIVOT_BLANKS = ("(leeg)", "(Leeg)", "(blank)", "(Blank)", "(vide)", "(leer)", "(empty)")
_NO_PERIOD = Period(None)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | np.integer | np.floating)


def blank_mask(values: pd.Series) -> np.ndarray:
    """Vectorised ``is_blank`` over a column (evaluated once per distinct value)."""
    codes, uniques = factorize(values)
    blank = np.array([is_blank(u) for u in uniques] + [True], dtype=bool)
    return blank[codes]


def default_measure(table: Table, kind: str) -> str:
    """The measure of a wide table whose header names only periods: from the title."""
    title = " " + text_key(" ".join((*table.titles, table.sheet))) + " "
    main = kinds.get(kind).main_measure
    main_words = {text_key(s) for s in kinds.get(kind).column(main).synonyms}
    for spec in specs(kind):
        if spec.role != "measure" or spec.name == main:
            continue
        words = {text_key(s) for s in spec.synonyms if len(s) > 3}
        if any(f" {w} " in title for w in words - main_words):
            return spec.name
    return main


def _bare_period_measure(table: Table, kind: str, measures: list[str]) -> str:
    """The measure of period columns whose header names none ("K1" under "2021").

    From the title; but when another column already names that measure ("Contingent"
    beside the quarters), the bare quarters hold the dataset's other stock (the FTE or
    places filled).
    """
    fallback = default_measure(table, kind)
    if kinds.get(kind).is_flow:
        return fallback
    named = {c.name for c in table.columns if c.name in measures and not c.total}
    named |= {c.measure for c in table.columns if c.measure is not None and not c.total}
    if fallback in named:
        return next((m for m in measures if m not in named), fallback)
    return fallback


def is_person_list(table: Table, kind: str) -> bool:
    """A table of a kind with person lists (inflow), without a count column, with a start
    date or a person field (name, register number, birth date, address), lists one
    worker per row."""
    spec = kinds.get(kind)
    if not spec.person_lists or table.value_columns or table.named(spec.main_measure):
        return False
    return any(table.named(n) is not None for n in PERSON_SIGNS)


@dataclass(frozen=True)
class Records:
    """A table as ``base`` (one row per used body row: raw key cells, ``_row``, ``_total``,
    ``_sheet``) and ``long`` (one row per figure: ``_base`` index into ``base``, raw
    measure cells, ``_col_<measure>`` letters and ``_group``, the figure's period group).

    ``numbers`` maps a value column's grid index to its cells as float64 (NaN where
    missing), one entry per table row, when the whole value block was plain numbers:
    the totals check reuses it instead of parsing every cell again.

    ``periods`` holds what a wide header says of each period group: year, quarter and
    month (0 where it gives none), one row per group (``None`` for a person list)."""

    base: pd.DataFrame
    long: pd.DataFrame
    numbers: dict[int, np.ndarray] = field(default_factory=dict)
    # Rows left out because their status says they did not happen: value → rows.
    excluded: dict[str, int] = field(default_factory=dict)
    # Rows left out of a file mixing kinds for having no figure of this one.
    other_kind: int = 0
    periods: np.ndarray | None = None


def table_records(table: Table, kind: str, region: Region) -> Records:
    """Split a table into key rows and figures; nothing is parsed yet.

    ``base["_total"]`` marks totals rows; ``base["_named_total"]`` those whose label
    names something ("Totaal Kortrijk"): they are totals only if their figures agree
    with the rows they sum (``loaders.totals.check_total_rows``).
    """
    keys = {n: c for n in KEY_NAMES if (c := table.named(n)) is not None}
    base = pd.DataFrame({n: table.categorical(c.index) for n, c in keys.items()})
    if table.pivot:  # a pivot table writes a blank item as "(leeg)" / "(blank)"
        base = base.mask(base.isin(PIVOT_BLANKS))
    base["_row"] = table.excel_rows
    total = np.zeros(len(base), dtype=bool)
    bare = np.zeros(len(base), dtype=bool)
    filled = np.zeros(len(base), dtype=bool)
    persons = is_person_list(table, kind)
    for name in keys:  # one pass of each column's codes: 0 data, 1 total, 2 named, 3 blank
        codes, uniques = factorize(base[name])
        state = total_states(uniques, kind, region, named=not persons)
        state[[is_blank(u) for u in uniques]] = 3  # a blank label is never a totals word
        if not state.any():  # only data labels: blank are the missing cells alone
            filled |= codes >= 0
            continue
        cells = np.append(state, 3)[codes]  # code -1 (missing) reads the last entry
        filled |= cells != 3
        total |= (cells == 1) | (cells == 2)
        bare |= cells == 1
    outline = table.outline
    if outline is not None:
        # A compact pivot: a row that opens a group is its subtotal, confirmed by figures.
        total |= outline.opens
        base["_cover"] = outline.cover
        base["_path"] = outline.paths
    put(base, "_total", total)
    put(base, "_named_total", total & ~bare)
    sheet = pd.Categorical.from_codes(np.zeros(len(base), dtype=np.int8), [table.sheet])
    put(base, "_sheet", sheet)
    if not persons and outline is None:
        ordered = sorted(keys, key=lambda n: keys[n].index)
        _fill_pivot_labels(base, ordered, pivot=table.pivot)

    spec = kinds.get(kind)
    measures = measure_names(kind)
    if not persons:
        identity = row_identity(table, base, kind)
        if identity is not None:
            base["_identity"] = identity
    excluded, statuses = _excluded_by_status(table, kind, total)
    if persons:
        person_traits(table, base)  # the age band and sex a person's own fields give
        used = np.flatnonzero(filled & ~total & ~excluded)
        main = spec.main_measure  # each person counts once
        long = pd.DataFrame({"_base": used, main: np.ones(len(used), dtype="int64")})
        long[f"_col_{main}"] = pd.Categorical.from_codes(np.full(len(used), -1), ["-"])
        return _compact(base, long, excluded=statuses)

    values = table.value_columns
    if not values:
        present = [c for c in table.columns if c.name in measures and not c.holds_values]
        groups = {(None, None, None, ()): {c.name: c for c in reversed(present)}}
    else:
        # A wide table: one group of figures per period and member of its header.
        fallback = _bare_period_measure(table, kind, measures)
        groups = {}
        for c in values:
            p = c.period or _NO_PERIOD
            key = (p.year, p.quarter, p.month, c.member)
            groups.setdefault(key, {}).setdefault(c.measure or fallback, c)
        if spec.is_stock:
            # "Contingent" merged down beside "2021" over "K1 … K4": one figure per row
            # that holds for every period of the table.
            for c in table.columns:
                if c.name in measures and not c.holds_values and not c.total:
                    for by_measure in groups.values():
                        by_measure.setdefault(c.name, c)
            _spread_year_measures(groups)
    names = list(dict.fromkeys(n for by_measure in groups.values() for n in by_measure))
    long, numbers = _stack(table, groups, names, len(base))
    periods = np.array([[p or 0 for p in key[:3]] for key in groups], dtype=np.int64)
    if excluded.any():
        long = long[~excluded[long["_base"].to_numpy()]].reset_index(drop=True)
    other_kind = 0
    if other_kind_figures(table, kind):
        long, other_kind = _without_empty_rows(long, names)
    base, long = _with_members(base, long, [key[3] for key in groups])
    records = _compact(base, long, numbers, statuses)
    return replace(records, periods=periods.reshape(-1, 3), other_kind=other_kind)


def _with_members(
    base: pd.DataFrame, long: pd.DataFrame, members: list[tuple[tuple[str, str], ...]]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A crosstab's header members become key columns: one copy of the table's rows per
    member ("Kortrijk", "Menen"), each figure pointing at the copy of its member.

    ``long["_member"]`` numbers the members, so totals compare like with like.
    """
    group = long["_group"].to_numpy()
    distinct = list(dict.fromkeys(members))
    if distinct == [()]:
        return base, long
    which = np.array([distinct.index(m) for m in members], dtype=np.int64)[group]
    pieces = []
    for member in distinct:
        piece = base.copy()
        for name, text in member:
            piece[name] = text
        piece["_from_header"] = [tuple(name for name, _ in member)] * len(piece)
        label = " | ".join(f"{n}={t.casefold()}" for n, t in member)
        identity = piece["_identity"].to_numpy() if "_identity" in piece else None
        piece["_identity"] = mix(identity, label, len(piece))
        pieces.append(piece)
    long["_base"] = which * len(base) + long["_base"].to_numpy()
    long["_member"] = which
    return pd.concat(pieces, ignore_index=True), long


def _without_empty_rows(long: pd.DataFrame, names: list[str]) -> tuple[pd.DataFrame, int]:
    """In a file mixing kinds, rows whose figures of this kind are all zero or empty
    belong to the other kind: a site with maatwerk places only is no LDE organisation."""
    empty = np.ones(len(long), dtype=bool)
    for name in names:
        values, _ = parse_numbers(pd.Series(long[name].to_numpy(), dtype=object))
        empty &= values.fillna(0).to_numpy() == 0
    rows = len(np.unique(long["_base"].to_numpy()[empty]))
    return long[~empty].reset_index(drop=True), rows


def _excluded_by_status(
    table: Table, kind: str, total: np.ndarray
) -> tuple[np.ndarray, dict[str, int]]:
    """Rows whose status column says they did not happen ("Geannuleerd", "Niet
    gestart"), by the words the kind declares; and how many per status as written."""
    excluded = np.zeros(len(total), dtype=bool)
    counts: dict[str, int] = {}
    for declared in kinds.get(kind).all_columns:
        column = table.named(declared.name) if declared.role == "status" else None
        if column is None:
            continue
        words = [f" {text_key(w)} " for w in declared.excluded]
        cells = table.column(column.index)
        hit = map_unique(cells, lambda v, w=words: any(x in f" {text_key(v)} " for x in w))
        hit = hit.astype(bool) & ~total
        excluded |= hit
        for value, count in cells[hit].map(clean_text).value_counts().items():
            counts[value] = counts.get(value, 0) + int(count)
    return excluded, counts


def _stack(
    table: Table, groups: dict[tuple, dict[str, object]], names: list[str], rows: int
) -> tuple[pd.DataFrame, dict[int, np.ndarray]]:
    """One record per period group and body row with a figure, in group-then-row order,
    and the float columns of the block by grid index (empty unless all plain numbers).

    The whole value block is handled as 2-D arrays (no per-period pieces to concatenate):
    which cells hold a figure, then one ``nonzero`` gives every record's group and row,
    and each column of ``long`` is a single gather from the block.
    """
    indices = sorted({c.index for by_measure in groups.values() for c in by_measure.values()})
    position = {index: k for k, index in enumerate(indices)}
    # Per group and measure: the column's position in the block and its grid index (-1: none).
    where = np.full((len(groups), len(names)), -1, dtype=np.int64)
    grid = np.full((len(groups), len(names)), -1, dtype=np.int64)
    for g, by_measure in enumerate(groups.values()):
        for m, name in enumerate(names):
            if (column := by_measure.get(name)) is not None:
                where[g, m], grid[g, m] = position[column.index], column.index
    values, filled = _figures(_value_block(table, indices, rows))
    parsed = (
        {index: values[:, k] for k, index in enumerate(indices)} if values.dtype.kind == "f" else {}
    )
    any_value = np.zeros((len(groups), rows), dtype=bool)
    for m in range(len(names)):
        has = where[:, m] >= 0
        any_value[has] |= filled[:, where[has, m]].T
    del filled
    # Every group with a figure on every row (a complete wide table): the records are the
    # whole grid, group by group, and each figure column is the block's columns in
    # group order: no positions to find, gathers of whole columns instead of cells.
    complete = bool(any_value.all()) and bool((where >= 0).all())
    if complete:
        group = np.repeat(np.arange(len(groups), dtype=np.intp), rows)
        row = np.tile(np.arange(rows, dtype=np.intp), len(groups))
    else:
        group, row = np.nonzero(any_value)
    del any_value
    # Columns gathered into a dict and framed once without copying (pandas copies an
    # array set as a column): each is a fresh gather nothing else holds.
    long: dict[str, object] = {"_base": row, "_group": group.astype(np.int32)}
    cells, width = values.reshape(-1), values.shape[1]  # flat gathers: cheaper than 2-D ones
    for m, name in enumerate(names):
        if complete:  # row-major (group, row): the transposed block's rows, in group order
            long[name] = values.T[where[:, m]].reshape(-1)
            continue
        at = where[group, m]
        if (at >= 0).all():
            long[name] = cells[row * width + at]
        else:
            column = np.full(len(row), np.nan if values.dtype.kind == "f" else None, values.dtype)
            ok = at >= 0
            column[ok] = cells[row[ok] * width + at[ok]]
            long[name] = column
    del values, cells
    for m, name in enumerate(names):
        # One small categorical of column letters per figure, not a string per figure.
        columns, codes = np.unique(grid[:, m], return_inverse=True)
        letters = [column_letter(i) if i >= 0 else "-" for i in columns]
        spread = np.repeat(codes, rows) if complete else codes[group]
        long[f"_col_{name}"] = pd.Categorical.from_codes(spread, categories=letters)
    return pd.DataFrame(long, copy=False), parsed


def _value_block(table: Table, indices: list[int], rows: int) -> np.ndarray:
    """The raw cells of the value columns as one 2-D object array, merged ranges filled."""
    start = table.header_row
    merged = [
        (first, last)
        for first_row, first, last_row, last in table.merged
        if last_row >= start and any(first <= i <= last for i in indices)
    ]
    if table.row_wise and indices and indices[-1] < table.body.shape[1] and not merged:
        if indices[-1] - indices[0] == len(indices) - 1:
            # Adjacent columns (a wide table's periods): a view, no references copied.
            return table.body[:, indices[0] : indices[-1] + 1]
        return np.take(table.body, indices, axis=1)  # one gather of references, C order
    block = np.empty((rows, len(indices)), dtype=object)
    for k, index in enumerate(indices):
        block[:, k] = table.column(index).to_numpy()
    return block


_PLAIN_NUMBERS = frozenset({"integer", "floating", "mixed-integer-float", "empty"})


def _figures(block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The block's values and which cells hold a figure, from one factorisation.

    When every distinct value is a plain number or a missing marker (any real export),
    the values come back as float64 (NaN where missing), so number parsing later is a
    dtype check instead of a second hash over every cell; otherwise the raw objects.
    """
    if pd.api.types.infer_dtype(block, skipna=True) in _PLAIN_NUMBERS:
        # Nothing but numbers and empty cells (ints, floats, None, NaN; no bools, no
        # text): one C-level conversion, None becoming NaN, instead of a hash per cell
        # (read where the block lies, often a view of the sheet: no references copied).
        numbers = block.astype(np.float64, order="C")
        return numbers, ~np.isnan(numbers)
    block = np.ascontiguousarray(block)
    codes, uniques = pd.factorize(block.reshape(-1), use_na_sentinel=True)
    missing = np.array([is_missing_marker(u) for u in uniques] + [True], dtype=bool)
    filled = ~missing[codes].reshape(block.shape)
    numeric = all(
        missing[k] or (_is_number(u) and not isinstance(u, bool | np.bool_))
        for k, u in enumerate(uniques)
    )
    if not numeric:
        return block, filled
    numbers = np.array(
        [np.nan if missing[k] else float(u) for k, u in enumerate(uniques)] + [np.nan],
        dtype=np.float64,
    )
    return numbers[codes].reshape(block.shape), filled


def _fill_pivot_labels(base: pd.DataFrame, keys: list[str], pivot: bool = False) -> None:
    """Repeat a pivot table's outer row labels down over the blanks of their group.

    An Excel pivot table in tabular or outline form writes "vzw A" once, leaves the
    cells below it empty and often closes the group with a "Totaal vzw A" row. Only in
    a table known to be a pivot ("Rijlabels", "Som van …") or with such subtotal rows
    are blanks read this way (elsewhere a blank cell may really be unknown), and never
    across a totals row.
    """
    total = base["_total"].to_numpy()
    labels = [n for n in keys if n not in ("year", "quarter", "month", "period")]
    subtotal = False
    for name in labels:
        cells = base[name].to_numpy(dtype=object)[total]  # the totals rows only
        texts = [text_key(v) if isinstance(v, str) else "" for v in cells]
        subtotal |= any(len(t.split()) > 1 and "w13" not in t for t in texts)
    if not (subtotal or pivot):
        return
    segment = np.cumsum(np.r_[0, total[:-1]])
    for name in [n for n in keys[:-1] if n in labels]:  # the innermost key is on every row
        blank = blank_mask(base[name])
        if not blank.any():
            continue
        values = pd.Series(base[name].to_numpy(), dtype=object).where(~blank)
        filled = values.groupby(segment).ffill()
        base[name] = filled.where(~total | ~blank, base[name]).to_numpy()


def _compact(
    base: pd.DataFrame,
    long: pd.DataFrame,
    numbers: dict[int, np.ndarray] | None = None,
    excluded: dict[str, int] | None = None,
) -> Records:
    """Keep only the base rows that carry a figure, renumbering ``_base``."""
    index = long["_base"].to_numpy(dtype="int64")
    present = np.zeros(len(base), dtype=bool)
    present[index] = True
    if not present.all():
        long["_base"] = (np.cumsum(present) - 1)[index]
        base = base.iloc[np.flatnonzero(present)].reset_index(drop=True)
    return Records(base, long, numbers or {}, excluded or {})


def _spread_year_measures(groups: dict[tuple, dict[str, object]]) -> None:
    """A stock given once for a year (its contingent) beside quarterly figures of another
    measure (FTE per quarter) holds for each of those quarters."""
    for key in [k for k in groups if k[1] is None and k[2] is None]:
        year_group = groups[key]
        quarters = [k for k in groups if k[0] == key[0] and k[1] is not None and k[3] == key[3]]
        if not quarters:
            continue
        for name in list(year_group):
            if all(name not in groups[q] for q in quarters):
                for q in quarters:
                    groups[q][name] = year_group[name]
                del year_group[name]
        if not year_group:
            del groups[key]
