"""Give an Excel pivot table's "Rijlabels" column its role, read from its values.

A pivot table heads its row labels "Rijlabels" (or "Row Labels") whatever they are.
When most labels are places of the region, the column is the municipality; when most
are target groups (and the kind has that column: inflow), the target group; otherwise
the organisation (LDE and maatwerk lists are per organisation). A role the table
already has is not taken twice.
"""

from __future__ import annotations

from dataclasses import replace

import kinds
from loaders.header import ROW_LABELS, Table
from loaders.labels import is_total_label
from loaders.normalise import clean_text, text_key
from loaders.places import match_place
from reference import Region, target_groups

SAMPLE = 500


def resolve_row_labels(table: Table, kind: str, region: Region) -> Table:
    """``table`` with its "Rijlabels" column named after what its values are."""
    column = table.named(ROW_LABELS)
    if column is None:
        return table
    values = [
        text
        for v in table.column(column.index).head(SAMPLE)
        if (text := clean_text(v)) is not None and not is_total_label(text)
    ]
    taken = {c.name for c in table.columns}
    role = _role(values, kind, region, taken)
    columns = tuple(replace(c, name=role) if c is column else c for c in table.columns)
    return replace(table, columns=columns)


def _role(values: list[str], kind: str, region: Region, taken: set[str]) -> str | None:
    if not values:
        return None
    places = sum(match_place(v, region)[1] for v in values)
    groups = {text_key(s) for g in target_groups() for s in (g.name, *g.synonyms)}
    in_groups = sum(text_key(v) in groups for v in values)
    candidates = []
    if places * 2 > len(values):
        candidates.append("municipality")
    if "target_group" in kinds.get(kind).names and in_groups * 2 > len(values):
        candidates.append("target_group")
    candidates.append("organisation")
    return next((c for c in candidates if c not in taken), None)
