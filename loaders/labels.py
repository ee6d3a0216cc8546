"""What a label names: a place, a target group, a maatwerk kind or a period.

One vocabulary for every place a label turns up: a key cell, a totals row ("Totaal
Kortrijk"), a pivot table's row labels, a wide table's column headers ("Kortrijk |
Menen", "CMW | IM") and titles. Places come from the region, target groups from the
reference data, periods from ``loaders.periods``; the maatwerk kind's words live here.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd

import kinds
from loaders.header import GRAND_WORDS, totals_rest
from loaders.normalise import text_key
from loaders.periods import parse_period
from loaders.places import match_place
from reference import Region, target_groups

COLLECTIVE_WORDS = (
    "collectief",
    "cmw",
    "maatwerkbedrijf",
    "maatwerkafdeling",
    "bedrijf",
    "afdeling",
    "sociale werkplaats",
    "beschutte werkplaats",
    "maatwerkbedrijven",
    "maatwerkafdelingen",
    "collective",
    "collectieve",
    "collectif",
    "sheltered workshop",
)
INDIVIDUAL_WORDS = ("individueel", "im", "individuele", "individual", "individuel")
# The tidy columns a label may be a value of, in the order a tie is settled.
DIMENSIONS = ("municipality", "target_group", "kind")


@cache
def canonical_groups() -> dict[str, str]:
    """Text key of every name and synonym → the canonical target group (reference data)."""
    return {
        text_key(synonym): group.name
        for group in target_groups()
        for synonym in (group.name, *group.synonyms)
    }


_GROUP_PARTS = re.compile(r"\s*[()/,;|]\s*|\s+[-–:]\s+|-")


def group_of(text: str) -> str | None:
    """The target group a label names: the whole label, or the one group its parts agree
    on ("Werkervaring (TWE)", "LDE - lokale diensteneconomie", "LDE-project")."""
    canonical = canonical_groups()
    key = text_key(text)
    if key in canonical:
        return canonical[key]
    groups = {canonical[k] for p in _GROUP_PARTS.split(text) if (k := text_key(p)) in canonical}
    return groups.pop() if len(groups) == 1 else None


def kind_of(value: object) -> str | None:
    """ "collectief" | "individueel" for a maatwerk type label, None if not recognised."""
    key = f" {text_key(value)} "
    if any(f" {w} " in key for w in INDIVIDUAL_WORDS):
        return "individueel"
    if any(f" {w} " in key for w in COLLECTIVE_WORDS) or "maatwerkbedrijf" in key:
        return "collectief"
    return None


def is_place(value: object, region: Region) -> bool:
    """A place of the region or a known place outside it (never unknown text)."""
    name, recognised = match_place(value, region)
    return name is not None and recognised


def dimension_of(value: object, kind: str, region: Region) -> str | None:
    """The tidy column of ``kind`` a label is a value of (``DIMENSIONS``), or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    columns = kinds.get(kind).names
    if "municipality" in columns and is_place(value, region):
        return "municipality"
    if "target_group" in columns and group_of(value) is not None:
        return "target_group"
    if "kind" in columns and kind_of(value) is not None:
        return "kind"
    return None


def names_something(text: str, kind: str, region: Region) -> bool:
    """Whether ``text`` names a period, a place, a target group or a maatwerk kind."""
    return parse_period(text) is not None or dimension_of(text, kind, region) is not None


def total_cells(
    values: pd.Series, kind: str, region: Region, *, named: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """(total, named total) per cell of a key column, on its distinct values.

    A cell is a total when it is a totals word alone or with the region ("Totaal",
    "Eindtotaal", "Totaal W13"), or — a named total, to be confirmed by its figures —
    a totals word with something the table knows: a period, a place, a target group, a
    maatwerk kind, or another label of the same column ("Totaal vzw A" below "vzw A").
    "Total Care", "Som Bouw", "Eindtotaal bv" and "@SUM(1+1)" name nothing: data.
    With ``named=False`` (a person list: no figures to confirm with) only bare totals count.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    labels = {text_key(u) for u in uniques if isinstance(u, str)}
    whole = GRAND_WORDS | {text_key(region.code), *text_key(region.name).split()}
    state = np.zeros(len(uniques) + 1, dtype=np.int8)  # 0 data, 1 total, 2 named total
    for i, value in enumerate(uniques):
        rest = totals_rest(value)
        if rest is None:
            continue
        if not set(rest.split()) - whole:
            state[i] = 1
        elif named and (rest in labels or names_something(rest, kind, region)):
            state[i] = 2
    cells = state[codes]
    return cells > 0, cells == 2
