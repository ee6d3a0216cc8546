"""Crosstab members: header cells that are values of a key column.

A wide table may put municipalities, target groups, maatwerk kinds or organisations in
its columns ("Maand | Kortrijk | Menen", "Jaar | Gemeente | LDE | Arbeidszorg",
"CMW | IM" over "Contingent | Bezet", "Kwartaal | Buurtwerk | Fietspunt"), alone or
with a measure in one cell ("Contingent CMW"). Such a cell is a *member*: the figures
of its column get that value for that key.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

import pandas as pd

import kinds
from loaders.columns import MAX_RANK, Synonyms
from loaders.labels import dimension_of
from loaders.normalise import clean_text, is_blank, text_key
from loaders.numbers import parse_number_text
from loaders.profiles import band_of_label
from loaders.table import OUTER_NAMES, Column
from reference import Region

_IGNORED = frozenset(c.name for k in kinds.KINDS for c in k.all_columns if c.role == "ignore")


def mark_members(
    values: Sequence[object],
    cells: list[tuple[str, object]],
    kind: str,
    region: Region,
    synonyms: Synonyms,
    memo: dict[tuple[str, str], tuple[str, str, str | None] | None] | None = None,
) -> list[tuple[str, object]]:
    """Cells that are values of one key column, two or more in the row ("Kortrijk |
    Menen", "LDE | Arbeidszorg", "CMW | IM"), become ("member", (column, text)); a
    measure with such a value ("Contingent CMW", "Instroom LDE") becomes
    ("both_member", (measure, (column, text))).

    A cell that is also a column name ("Maatwerkbedrijf") is a member only beside
    another member of its column ("Maatwerkbedrijf | Maatwerkafdeling"). Unrecognised
    labels after the first member of the row's one such column ("Kortrijk | Menen |
    Andere") are members too: their figures are kept, their labels reported.

    ``memo`` keeps what a text cell of a label kind is, for the rows of one scan.
    """
    found: list[tuple[str, str, str | None] | None] = [None] * len(cells)
    for i, value in enumerate(values):
        if not isinstance(value, str):  # members are words: figures and dates never are
            continue
        k = cells[i][0]
        if memo is not None and (k, value) in memo:
            found[i] = memo[k, value]
            continue
        # A code alone ("34022", "8500") is data, not a crosstab's header; an age band
        # ("<25", "50+") is a header.
        worded = any(ch.isalpha() for ch in value) or (
            band_of_label(value) is not None and not value.strip().isdigit()
        )
        dim = (
            dimension_of(value, kind, region) if worded and k in ("other", "near", "name") else None
        )
        if dim is not None:
            found[i] = (dim, clean_text(value), None)
        elif k in ("other", "near") and (
            split := _measure_and_member(value, synonyms, kind, region)
        ):
            found[i] = (split[1], split[2], split[0])
        if memo is not None:
            memo[k, value] = found[i]
    if sum(f is not None for f in found) < 2:  # a member needs another of its column
        return cells
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


def unless_named(columns: list[Column]) -> list[Column]:
    """A member of a column the table also has as its own ("Gemeente" beside "Menen |
    Kortrijk") is no member: those header cells are not read as values."""
    named = {c.name for c in columns if c.name}
    return [
        replace(c, member=(), period=None) if c.member and {d for d, _ in c.member} & named
        and c.period is None else c
        for c in columns
    ]  # fmt: skip


def organisations_as_columns(
    columns: list[Column], others: list[Column], below: pd.DataFrame, kind: str
) -> tuple[list[Column], list[Column]]:
    """Unnamed headers over figures beside nothing but period columns or a pivot's row
    labels ("Periode | Buurtwerk | Fietspunt"), in a table of a kind with organisations,
    are organisations as columns. Beside other keys they may be anything ("Mannen |
    Vrouwen").

    A header that only loosely names a key column, by a word of one of its synonyms
    ("Kringloopcentrum vzw", "Maatwerkbedrijf De Sleutel"), counts as unnamed when its
    column holds figures: a key column holds names, not figures.
    """
    spec = kinds.get(kind)
    found: dict[int, bool] = {}

    def holds_figures(column: Column) -> bool:  # read only for the columns that matter
        if column.index not in found:
            found[column.index] = _holds_figures(_cells(below, column))
        return found[column.index]

    loose = [c for c in columns if _loose_key(c, spec) and holds_figures(c)]
    named = [c for c in columns if c not in loose]
    names = {c.name for c in named if c.name}
    if (
        "organisation" not in spec.names
        or not names & OUTER_NAMES
        or names - OUTER_NAMES - _IGNORED
        or any(c.holds_values for c in columns)
    ):
        return columns, others
    candidates = sorted([*others, *loose], key=lambda c: c.index)
    figures = [c for c in candidates if holds_figures(c)]
    if len(figures) < 2:
        return columns, others
    members = [replace(c, name=None, rank=0, member=(("organisation", c.label),)) for c in figures]
    kept = [c for c in others if c not in figures]
    return sorted([*named, *members], key=lambda c: c.index), kept


def _loose_key(column: Column, spec: kinds.Kind) -> bool:
    """A key column named by a qualified match only, not by one of its synonyms."""
    if column.name is None or column.name in OUTER_NAMES or column.rank < MAX_RANK:
        return False
    return column.name in spec.keys and column.period is None and not column.member


def _cells(below: pd.DataFrame, column: Column) -> list[object]:
    return below.iloc[:, column.index].tolist() if column.index < below.shape[1] else []


def figures_of(cells: list[object]) -> list[float] | None:
    """The figures of a column's cells (blanks skipped), or None when a cell is no number
    or the column is empty. Text numbers count ("0", "12,5"); booleans do not."""
    figures = []
    for value in cells:
        if is_blank(value):
            continue
        if isinstance(value, int | float) and not isinstance(value, bool):
            figures.append(float(value))
        elif isinstance(value, str) and (number := parse_number_text(value)) is not None:
            figures.append(number)
        else:
            return None
    return figures or None


def _holds_figures(cells: list[object]) -> bool:
    return figures_of(cells) is not None
