"""Read an Excel pivot table's "Rijlabels" column: one role, or a compact outline.

A pivot table heads its row labels "Rijlabels" (or "Row Labels") whatever they are.
In tabular or outline form the column holds one field: municipalities, target groups,
or (LDE and maatwerk lists) organisations, read from its values.

In Excel's default compact form the one column holds every row field, nested: a
municipality, then its target groups or organisations below it, indented, each group
opened or closed by its subtotal ("Kortrijk" with the sum of its rows, or a "Totaal
Kortrijk" row) and an "Eindtotaal" at the end. The nesting is read from the indent
Excel writes as a cell style (``loaders.indents``), else from leading spaces, else from
the values (which labels are places, target groups, maatwerk kinds or periods, and
which "Totaal <naam>" closes which group). Each level becomes a key column of its own;
a row that opens a group is a subtotal, checked against its rows and then dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

import kinds
from loaders.labels import dimension_of, is_total_label, totals_rest
from loaders.normalise import clean_text, text_key
from loaders.periods import parse_period
from loaders.table import ROW_LABELS, Column, Table
from reference import Region

SAMPLE = 500


@dataclass(frozen=True)
class Outline:
    """The nesting of a compact pivot's body rows.

    ``opens``: rows whose children follow (subtotals at the top of a group, or bare
    group headings); ``paths``: per row the labels of its levels so far (None for
    totals rows); ``cover``: the level a row that opens a group covers (-1 otherwise).
    """

    opens: np.ndarray
    paths: tuple[tuple[str, ...] | None, ...]
    cover: np.ndarray


def resolve_row_labels(
    table: Table, kind: str, region: Region, indents: dict[tuple[int, int], int] | None = None
) -> Table:
    """``table`` with its "Rijlabels" column named after what its values are, or split
    into one key column per level of a compact pivot."""
    column = table.named(ROW_LABELS)
    if column is None:
        return table
    cells = table.column(column.index).tolist()
    labels = [clean_text(v) for v in cells]
    totals = [is_total_label(t) for t in labels]
    levels = _levels(table, column, cells, labels, totals, kind, region, indents or {})
    taken = {c.name for c in table.columns}
    if levels is None or max(levels) == 0:
        values = [t for t, total in zip(labels, totals, strict=True) if t and not total]
        role = _role(values[:SAMPLE], kind, region, taken)
        columns = tuple(replace(c, name=role) if c is column else c for c in table.columns)
        return replace(table, columns=columns)
    return _outline(table, column, labels, totals, levels, kind, region, taken)


def _levels(table, column, cells, labels, totals, kind, region, indents) -> list[int] | None:
    """The level of each labelled row (0 outermost; totals rows -1), or None if flat."""
    data = [i for i, (t, total) in enumerate(zip(labels, totals, strict=True)) if t and not total]
    if not data:
        return None
    first = table.header_row  # 0-based sheet row of the first body row
    styled = [indents.get((first + i, column.index), 0) for i in range(len(cells))]
    spaces = [_leading_spaces(v) for v in cells]
    for measured in (styled, spaces):
        distinct = sorted({measured[i] for i in data})
        if len(distinct) > 1:
            rank = {value: level for level, value in enumerate(distinct)}
            return [rank[measured[i]] if i in set(data) else -1 for i in range(len(cells))]
    return _levels_from_values(labels, totals, data, kind, region)


def _leading_spaces(value: object) -> int:
    if not isinstance(value, str):
        return 0
    return len(value) - len(value.lstrip(" \u00a0\t"))


def _levels_from_values(labels, totals, data, kind, region) -> list[int] | None:
    """Two levels told apart by what their labels are (places over target groups), or by
    "Totaal <naam>" rows that close the group their name opened."""
    levels = [-1] * len(labels)
    classes = {i: _class(labels[i], kind, region) for i in data}
    if len(set(classes.values())) == 2:
        outer = classes[data[0]]
        for i in data:
            levels[i] = 0 if classes[i] == outer else 1
        return levels
    closing = {
        i: rest
        for i, (t, total) in enumerate(zip(labels, totals, strict=True))
        if total and (rest := totals_rest(t))
    }
    opened = {text_key(labels[i]): i for i in data}
    groups = [(opened[rest], end) for end, rest in closing.items() if opened.get(rest, end) < end]
    if not groups:
        return None
    for i in data:
        levels[i] = 1 if any(start < i < end for start, end in groups) else 0
    return levels


def _class(label: str, kind: str, region: Region) -> str:
    if parse_period(label) is not None:
        return "period"
    return dimension_of(label, kind, region) or "other"


def _outline(table, column, labels, totals, levels, kind, region, taken) -> Table:
    """Split the compact column into one key column per level, and mark group openers."""
    depth = max(levels) + 1
    carried: list[str | None] = [None] * depth
    paths: list[tuple[str, ...] | None] = []
    values = np.full((len(labels), depth), None, dtype=object)
    for i, (label, level) in enumerate(zip(labels, levels, strict=True)):
        if level < 0:
            values[i, 0] = label  # totals rows keep their label, for the totals check
            paths.append(None)
            continue
        carried[level:] = [label] + [None] * (depth - level - 1)
        values[i] = carried
        paths.append(tuple(carried[: level + 1]))
    following = [next((levels[j] for j in range(i + 1, len(levels)) if levels[j] >= 0), -1)
                 for i in range(len(levels))]  # fmt: skip
    opens = np.array([0 <= level < following[i] for i, level in enumerate(levels)])
    cover = np.where(opens, np.array(levels), -1)
    derived = dict(table.derived)
    columns = [c for c in table.columns if c is not column]
    for level in range(depth):
        found = [v for v in values[:, level] if v is not None][:SAMPLE]
        found = [v for v in found if not is_total_label(v)]
        role = _role(found, kind, region, taken, periods=True)
        if role is None:
            continue
        taken.add(role)
        index = min([*derived, 0]) - 1  # a virtual column beside the sheet's own
        derived[index] = values[:, level]
        label = f"{column.label} (niveau {level + 1})"
        columns.append(Column(index, column.letter, label, name=role))
    outline = Outline(opens, tuple(paths), cover)
    return replace(table, columns=tuple(columns), derived=derived, outline=outline)


def _role(
    values: list[str], kind: str, region: Region, taken: set[str], periods: bool = False
) -> str | None:
    """The key column a level's labels fill: by most of its values, never one taken."""
    if not values:
        return None
    candidates = []
    if periods:
        found = [p for v in values if (p := parse_period(v)) is not None]
        if len(found) * 2 > len(values):
            candidates.append(_period_role(found))
    dimensions = [dimension_of(v, kind, region) for v in values]
    for name in ("municipality", "target_group", "kind"):
        if dimensions.count(name) * 2 > len(values):
            candidates.append(name)
    if "organisation" in kinds.get(kind).names:
        candidates.append("organisation")
    return next((c for c in candidates if c not in taken), None)


def _period_role(found: list) -> str:
    if all(p.year is not None for p in found):
        return "period" if any(p.quarter is not None for p in found) else "year"
    return "month" if any(p.month is not None for p in found) else "quarter"
