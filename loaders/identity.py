"""A row's identity: the fingerprint of every descriptive column, kept or not.

Rows that differ in any descriptive column are parts of one thing — two sites of an
organisation, a maatwerkbedrijf and a maatwerkafdeling, Heule and Kortrijk, two
workers — and their figures add up; rows equal in every descriptive column but
different in a figure are a conflict (``loaders.validate.check_duplicates``). A column
is descriptive unless it gives a period, a total or figures (of this kind or another:
the ``lde_…`` columns of a WSE export read as maatwerk).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

import kinds
from loaders.columns import measure_names, synonym_table
from loaders.normalise import clean_text, factorize, text_key
from loaders.numbers import is_missing_marker, parse_numbers
from loaders.table import Column, Table


def row_identity(table: Table, base: pd.DataFrame, kind: str) -> np.ndarray | None:
    """One number per row that is equal exactly when two rows agree in every descriptive
    column: the key columns as written (after pivot labels are filled down) and every
    other column that does not hold figures, kept in the tidy shape or not.

    Rows that differ in any of them are parts of one thing (two sites of an
    organisation, a maatwerkbedrijf and a maatwerkafdeling, Heule and Kortrijk, two
    workers): their figures add up. Only the fingerprint leaves this function, never
    the cells. Columns are taken in the order of their names, so sheets that order the
    same columns differently agree.
    """
    columns = [c for c in (*table.columns, *table.others) if descriptive(table, c, kind)]
    if not columns or base.empty:
        return None
    by_index = {c.index: n for n in base.columns if (c := table.named(n)) is not None}
    combined = np.zeros(len(base), dtype=np.uint64)
    for c in sorted(columns, key=lambda c: (c.name or "", text_key(c.label))):
        cells = base[by_index[c.index]] if c.index in by_index else table.column(c.index)
        codes, uniques = factorize(cells)
        texts = np.array([_identity_text(u) for u in uniques] + [""], dtype=object)
        with np.errstate(over="ignore"):
            combined = combined * np.uint64(1_000_003) + _hashed(texts)[codes]
    return combined


def _figure_of_any_kind(column: Column) -> bool:
    return any(synonym_table(k.name).match(column.label) in k.measures for k in kinds.KINDS)


def other_kind_figures(table: Table, kind: str) -> list[Column]:
    """Columns of figures that belong to another kind: a mixed export such as the WSE
    open data (``cmw_…`` and ``lde_…`` per site), read once per kind."""
    own = synonym_table(kind)
    return [c for c in table.others if own.names_other(c.label) and _figure_of_any_kind(c)]


def _hashed(texts: np.ndarray) -> np.ndarray:
    """``pd.util.hash_array`` of texts, each hashed as it is: the texts of a column's
    distinct values hardly repeat, so pandas' default of factorising them first (into a
    string index, then hashed) only costs, five times the hashing, for the same hashes."""
    return pd.util.hash_array(texts, categorize=False)


def _identity_text(value: object) -> str:
    return (clean_text(value) or "").casefold()


# Header words of a column that identifies rather than counts, even when it holds
# numbers ("Ondernemingsnummer", "Vestigingsnummer", "KBO", "Code").
_IDENTIFIER = re.compile(r"nummer|\bnr\b|\bno\b|\bcode\b|\bid\b|naam|\bname\b|number|\bkbo\b|btw")
PERIOD_FIELDS = ("year", "quarter", "month", "period", "start_date")
_SAMPLE = 200


def descriptive(table: Table, column: Column, kind: str) -> bool:
    """Whether a column describes its row (identity) rather than giving a period or figure."""
    if column.period is not None or column.total or column.name in PERIOD_FIELDS:
        return False
    if column.name is not None:
        return column.name not in measure_names(kind)
    if _IDENTIFIER.search(text_key(column.label)):
        return True
    if _figure_of_any_kind(column):
        return False  # another kind's figure ("lde_aantal_vte" in a maatwerk file)
    uniques = pd.Series(pd.unique(table.column(column.index).to_numpy())[:_SAMPLE], dtype=object)
    _, bad = parse_numbers(uniques)
    return not uniques.map(is_missing_marker).all() and bool(bad.any())


def mix(identity: np.ndarray | None, label: str, rows: int) -> np.ndarray:
    """``identity`` with one more descriptive value for every row (a crosstab's member)."""
    text = _hashed(np.array([label], dtype=object))[0]
    start = identity if identity is not None else np.zeros(rows, dtype=np.uint64)
    with np.errstate(over="ignore"):
        return start * np.uint64(1_000_003) + text
