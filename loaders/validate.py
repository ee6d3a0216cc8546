"""Dataset-level checks, vectorised, collecting every problem (pandera-lazy style).

Table checks: required columns present (``kinds``: any one of a requirement's columns,
or another source such as a year in the sheet name). Row checks on the parsed frame: a year in
2000..next year, required values filled. Frame checks: data rows at all, and no key
given twice with different values (identical repeats are dropped with a warning).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

import kinds
from kinds import Requirement
from kinds.model import PERIOD_PARTS
from loaders.errors import Problem
from loaders.fields import Findings
from loaders.identity import descriptive
from loaders.normalise import text_key
from loaders.periods import MIN_YEAR, max_year
from loaders.reshape import is_person_list
from loaders.table import Table
from reference import load_region


def is_region_table(table: Table, kind: str) -> bool:
    """A table of a kind that keeps region totals (``kinds.Scope.region_totals``) naming
    no entity at all: no organisation, municipality or other key besides its periods and
    the scope's ``within`` columns, as a column or as header members, and no other column
    that describes its rows; and whose title or sheet name names the region ("Maatwerk in
    W13", "regio"). Its figures are those of the whole region."""
    # NOTE: the region must be named: one organisation's own sheet ("Kwartaal |
    # Contingent | Bezet") names no entity either, and read as the region's totals it
    # would replace every organisation's figures of its quarters.
    spec = kinds.get(kind)
    if not spec.scope.region_totals or not _names_the_region(table):
        return False
    entities = {c.name for c in spec.all_columns if c.role == "key"}
    entities -= {*PERIOD_PARTS, "period", "start_date", *spec.scope.within}
    named = {c.name for c in table.columns} | {name for name, _ in table.members}
    if named & entities or not (table.value_columns or named & set(spec.measures)):
        return False
    return not any(descriptive(table, c, kind) for c in table.others)


def _names_the_region(table: Table) -> bool:
    region = load_region()
    words = {text_key(region.code), "regio", "region", "regionaal"}
    text = f" {text_key(' '.join((*table.titles, table.sheet)))} "
    return text_key(region.name) in text or any(f" {w} " in text for w in words)


# What, besides a column, can give a required fact (``kinds.SOURCES``), on a located table.
SOURCES: dict[str, Callable[[Table, str], bool]] = {
    "period_header": lambda table, kind: bool(table.period_columns),
    "value_header": lambda table, kind: bool(table.value_columns),
    "title_year": lambda table, kind: table.context_year is not None,
    "person_list": is_person_list,
    "region_table": is_region_table,
}


def satisfied(requirement: Requirement, table: Table, kind: str) -> bool:
    """Whether ``table`` gives what ``requirement`` asks: one of its columns or sources."""
    # A crosstab's header members give their column: "Kortrijk | Menen" the Gemeente.
    members = {name for name, _ in table.members}
    return any(table.named(n) is not None or n in members for n in requirement.columns) or any(
        SOURCES[s](table, kind) for s in requirement.sources
    )


def missing_columns(table: Table, kind: str, found: Findings) -> bool:
    """Add a problem per required column the table lacks; True if any was missing."""
    spec = kinds.get(kind)
    missing = [r for r in spec.required if not satisfied(r, table, kind)]
    seen = ", ".join(f"'{c.label}'" for c in table.columns) or "geen herkende kolommen"
    for requirement in missing:
        column = spec.column(requirement.name)
        others = [f"'{spec.column(n).label}'" for n in requirement.columns[1:]]
        instead = f" (of {kinds.either(others)})" if others else ""
        found.problems.append(
            Problem(
                f"verplichte kolom '{column.label}'{instead} ontbreekt (herkende kolommen: "
                f"{seen}). Mogelijke kopteksten: {', '.join(column.synonyms[:5])}.",
                table.sheet,
                table.header_row,
                code="missing_column",
            )
        )
    return bool(missing)


def check_rows(frame: pd.DataFrame, kind: str, found: Findings) -> None:
    """Year range and required values of every row."""
    if frame.empty:
        return
    year = frame["year"]
    latest = max_year()
    if pd.api.types.is_numeric_dtype(year.dtype):  # in numpy: NaN compares false
        years = year.to_numpy(dtype=np.float64, na_value=np.nan)
        outside = (years < MIN_YEAR) | (years > latest)
    else:
        outside = (year.notna() & ((year < MIN_YEAR) | (year > latest))).to_numpy(
            dtype=bool, na_value=False
        )
    found.cells(
        frame,
        outside,
        frame["_col_year"],
        lambda i: f"jaar {year.iat[i]} ligt buiten {MIN_YEAR}–{latest}.",
        "year_out_of_range",
        lambda i: str(year.iat[i]),
    )
    found.cells(
        frame,
        year.isna().to_numpy()
        & ~(frame["_bad_period"].to_numpy(dtype=bool) if "_bad_period" in frame else False),
        None,
        lambda i: (
            "geen jaar gevonden voor deze rij (geen jaar-, periode- of datumkolom, "
            "en geen jaartal in de bladnaam of titel)."
        ),
        "no_year",
    )
    for column in kinds.get(kind).columns:
        name = column.name
        if column.nullable or name in PERIOD_PARTS or name not in frame:
            continue
        letters = frame.get(f"_col_{name}")
        label = column.label
        missing = frame[name].isna().to_numpy(dtype=bool)
        if f"_bad_{name}" in frame:  # already reported as unreadable: not missing as well
            missing = missing & ~_flag(frame[f"_bad_{name}"])
        found.cells(
            frame,
            missing,
            letters,
            lambda i, w=label: f"{w} ontbreekt in deze rij.",
            "missing_value",
        )


def _flag(values: pd.Series) -> np.ndarray:
    return values.astype("boolean").fillna(False).to_numpy(dtype=bool)


def key_codes(frame: pd.DataFrame, keys: list[str]) -> np.ndarray | None:
    """One int64 per row that is equal exactly when the rows' ``keys`` are, and ordered
    like ``sort_values(keys, na_position="first")`` (unknown values first).

    Built from categorical codes and sorted factorisations, so finding repeated keys
    or sorting on them is one pass over a single integer array instead of a hash per
    column. ``None`` when a key column is neither categorical nor numeric (object
    columns may mix types that do not compare): the caller falls back to pandas.
    """
    combined = np.zeros(len(frame), dtype=np.int64)  # no key part: all rows alike
    span = 1
    for name in keys:
        values = frame[name]
        if isinstance(values.dtype, pd.CategoricalDtype):
            codes = values.cat.codes.to_numpy()
            size = len(values.cat.categories) + 1
            if size == 2 and codes.min(initial=0) == 0:
                continue  # one value on every row (a profile nobody gave): no part of the key
            codes = codes + 1  # small integers still: widened as they are added below
        elif pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(
            values.dtype
        ):
            codes, size = _number_codes(values)
        else:
            return None
        if span == 1:  # the first part of the key: taken as it is
            combined = codes.astype(np.int64)
            span = size
            continue
        if span * size >= 2**62:
            # Renumber the combinations seen so far (order kept) before the product overflows.
            factor, uniques = pd.factorize(combined, sort=True)
            combined, span = factor.astype(np.int64), len(uniques)
        combined *= size  # in place: no new half-million-row arrays per key
        combined += codes
        span *= size
    return combined


def _number_codes(values: pd.Series) -> tuple[np.ndarray, int]:
    """Order-keeping codes of a numeric column, 0 for unknown, and how many there can be.

    Whole numbers in a narrow range (years, months, quarters) are their own offset from
    the minimum, no hashing; anything else goes through a sorted factorisation.
    """
    if pd.api.types.is_signed_integer_dtype(values.dtype):
        known = ~np.asarray(values.isna())
        numbers = values.to_numpy(dtype=np.int64, na_value=0)
        everywhere = bool(known.all())
        present = numbers if everywhere else numbers[known]
        if len(present):
            low, high = int(present.min()), int(present.max())
            if high - low < 1_000_000:
                codes = numbers - (low - 1)
                if not everywhere:
                    codes[~known] = 0
                return codes, high - low + 2
    factor, uniques = pd.factorize(values, sort=True, use_na_sentinel=True)
    return factor.astype(np.int64) + 1, len(uniques) + 1


def stable_order(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.argsort(codes, kind="stable")`` of non-negative int64 codes, and the codes in
    that order.

    NOTE: code and position packed in one int64 and sorted as plain integers: numpy
    sorts those several times faster than it argsorts (or hashes) them. Codes too large
    to share 63 bits with a position take the ordinary stable argsort.
    """
    shift = max(len(codes) - 1, 1).bit_length()
    if int(codes.max(initial=0)) >> (62 - shift) or codes.min(initial=0) < 0:
        order = np.argsort(codes, kind="stable")
        return order, codes[order]
    packed = codes << shift
    packed |= np.arange(len(codes))
    packed.sort()
    order = packed & ((1 << shift) - 1)
    packed >>= shift
    return order, packed


def repeated_keys(frame: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """``frame[keys].duplicated(keep=False)`` as a boolean array, faster when it can be."""
    codes = key_codes(frame, keys)
    if codes is None:
        return frame[keys].duplicated(keep=False).to_numpy()
    # Sorted, a repeated key sits next to its twin: one sort instead of a hash table.
    order, ordered = stable_order(codes)
    same = ordered[1:] == ordered[:-1]
    repeated_sorted = np.zeros(len(codes), dtype=bool)
    repeated_sorted[1:] |= same
    repeated_sorted[:-1] |= same
    repeated = np.empty(len(codes), dtype=bool)
    repeated[order] = repeated_sorted
    return repeated


def check_duplicates(frame: pd.DataFrame, kind: str, found: Findings) -> pd.DataFrame:
    """Problems for keys given twice with different values; identical repeats dropped."""
    spec = kinds.get(kind)
    # A row is what it is in every descriptive column (``_identity``) and its period
    # (a stock's month too): rows that differ in any of them are parts that add up.
    keys = [k for k in dict.fromkeys([*spec.keys, *PERIOD_PARTS, "_identity"]) if k in frame]
    values = [v for v in spec.measures if v in frame]
    if frame.empty:
        return frame
    repeated = repeated_keys(frame, keys)
    if not repeated.any():
        return frame
    sub = frame[repeated]
    key_frame = sub[keys].astype("string").fillna("\x00")
    full = pd.concat([key_frame, sub[values].astype("float64").fillna(-1.0)], axis=1)
    exact = np.zeros(len(frame), dtype=bool)
    exact[np.flatnonzero(repeated)[full.duplicated(keep="first").to_numpy()]] = True
    conflicting = full.drop_duplicates().pipe(
        lambda f: f[f[keys].astype("string").duplicated(keep=False)]
    )
    if len(conflicting):
        groups = key_frame.assign(_row=sub["_row"].to_numpy(), _sheet=sub["_sheet"].to_numpy())
        bad_keys = set(map(tuple, conflicting[keys].to_numpy().tolist()))
        shown = 0
        for key, group in groups.groupby(keys, sort=False, dropna=False):
            if tuple(key) not in bad_keys:
                continue
            where = ", ".join(
                f"{s} rij {r}" for s, r in zip(group["_sheet"], group["_row"], strict=True)
            )
            shown_keys = [k for n, k in zip(keys, key, strict=True) if n != "_identity"]
            label = ", ".join(str(k) for k in shown_keys if k not in ("\x00", "<NA>"))
            found.problems.append(
                Problem(
                    f"dezelfde gegevens ({label}) komen meer dan eens voor met verschillende "
                    f"waarden ({where}).",
                    group["_sheet"].iat[0],
                    int(group["_row"].iat[-1]),
                    code="conflicting_rows",
                )
            )
            shown += 1
            if shown >= 200:
                break
    dropped = int(exact.sum())
    if dropped:
        found.warnings.append(f"{dropped} dubbele rij(en) met dezelfde waarden weggelaten.")
    return frame[~exact]
