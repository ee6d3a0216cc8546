"""Which stored rows an incoming file replaces, and the per-year "what changes" table.

Pure functions on tidy frames, so the rules can be tested without a database; the store
applies them in SQL (``storage.replaced``).

Scope rules (docs in ``storage/__init__.py``):

* **Entity** (``Kind.scope``). LDE rows belong to their organisation; maatwerk rows to their
  kind (collectief/individueel) and organisation, or municipality when the organisation is
  unknown (open data per municipality). Inflow rows belong to their organisation when the
  file names organisations at all; a file without organisations covers every organisation.
  A maatwerk row naming neither organisation nor municipality is a total of the whole
  region (``Scope.region_totals``): it overlaps every organisation and municipality of its
  kind, so a file of region totals replaces all rows of its kind and periods, and a file
  naming organisations or municipalities replaces the region totals of its periods.
* **Period**, per year and entity of the file: months when every row of it has a month,
  else quarters when every row has a quarter, else the whole year. A stored row is replaced
  when its period overlaps: a month replaces the same month and coarser rows of its quarter
  or year; a quarter replaces that quarter and whole-year rows; a year replaces everything.

The file's side of these rules is one bit mask per year and entity (``cover``); a stored
row's side is a few bits of its own (``row_bits``); the row is replaced when the mask of
its year and entity shares a bit with them. Region totals add two lookups: every stored
row is also held against the file's totals of its year and ``within`` group, and a
stored total against the whole file with its entities left out (``Cover.stripped``). The
bits:

* 0: the file gives the whole year: every row.
* 1: the file is finer than a year: rows without a quarter (whole-year rows).
* 2–5: the file gives quarter q: rows in quarter q, with or without a month.
* 6–17: the file gives month m: rows of month m.
* 18–21: the file gives a month of quarter q: rows of quarter q without a month.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

import kinds

ALL_PERIODS = 1
COARSER = 1 << 1
QUARTER_BIT = 1  # quarter q → bit 1 + q
MONTH_BIT = 5  # month m → bit 5 + m
MONTHS_OF_QUARTER_BIT = 17  # quarter q of a given month → bit 17 + q


@dataclass(frozen=True)
class EntityPart:
    """One column of an entity key. A ``fallback`` part holds its column's value only
    where the ``entity`` column is missing (and counts as missing elsewhere)."""

    column: str
    fallback_of: str | None = None


def names_organisations(kind: str, frame: pd.DataFrame) -> bool:
    """Whether a file's rows are scoped per entity: always, except a file of a kind whose
    unnamed rows cover every entity (inflow) that names no entity at all."""
    scope = kinds.get(kind).scope
    return not scope.unnamed_covers_all or bool(frame[scope.entity].notna().any())


def entity_parts(kind: str, *, by_organisation: bool) -> tuple[EntityPart, ...]:
    """The columns that make up a row's entity; none when the file covers every entity."""
    scope = kinds.get(kind).scope
    if scope.unnamed_covers_all and not by_organisation:
        return ()
    parts = [*(EntityPart(c) for c in scope.within), EntityPart(scope.entity)]
    if scope.fallback is not None:
        parts.append(EntityPart(scope.fallback, fallback_of=scope.entity))
    return tuple(parts)


def entity_values(frame: pd.DataFrame, parts: tuple[EntityPart, ...]) -> dict[str, pd.Series]:
    """Each part's values per row (a fallback only where its entity is missing)."""
    out = {}
    for part in parts:
        values = frame[part.column]
        if part.fallback_of is not None:
            values = values.where(frame[part.fallback_of].isna())
        out[part.column] = values
    return out


def periods(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Month and quarter of each row as floats (NaN where unknown); the quarter is derived
    from the month where only the month is given."""
    month = (frame["month"] if "month" in frame else pd.Series(pd.NA, index=frame.index))
    month = month.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    quarter = frame["quarter"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    quarter = np.where(np.isnan(quarter), np.floor((month - 1) / 3) + 1, quarter)
    return month, quarter


def row_bits(frame: pd.DataFrame) -> np.ndarray:
    """The bits of each stored row (see the module's docstring); ``storage.replaced``
    computes the same in SQL."""
    month, quarter = periods(frame)
    q = np.nan_to_num(quarter).astype("int64")
    m = np.nan_to_num(month).astype("int64")
    within_quarter = np.where(
        np.isnan(month), 1 << (MONTHS_OF_QUARTER_BIT + q), 1 << (MONTH_BIT + m)
    )
    dated = (1 << (QUARTER_BIT + q)) | within_quarter
    return ALL_PERIODS | np.where(np.isnan(quarter), COARSER, dated)


@dataclass(frozen=True)
class Cover:
    """What a file covers (see the module's docstring)."""

    parts: tuple[EntityPart, ...]  # the entity's columns
    masks: pd.DataFrame  # per year and entity (year, *parts): the mask
    # Region totals kinds: per year and ``within`` group, the mask of the whole file with
    # its entities left out, which a stored region total is held against.
    stripped: pd.DataFrame | None = None


def region_totals(kind: str, frame: pd.DataFrame) -> np.ndarray:
    """Rows holding the whole region's figures: of a kind that keeps them
    (``Scope.region_totals``), naming neither their entity nor its fallback."""
    scope = kinds.get(kind).scope
    if not scope.region_totals or frame.empty:
        return np.zeros(len(frame), dtype=bool)
    unnamed = frame[scope.entity].isna().to_numpy(copy=True)
    if scope.fallback is not None:
        unnamed &= frame[scope.fallback].isna().to_numpy()
    return unnamed


def cover(kind: str, incoming: pd.DataFrame) -> Cover:
    """What a file covers: its entity parts, per year and entity the mask of bits a stored
    row of that year and entity is replaced by, and for region totals the stripped masks."""
    parts = entity_parts(kind, by_organisation=names_organisations(kind, incoming))
    masks = _masks(incoming, entity_values(incoming, parts))
    stripped = None
    if kinds.get(kind).scope.region_totals:
        within = tuple(p for p in parts if p.column in kinds.get(kind).scope.within)
        stripped = _masks(incoming, entity_values(incoming, within))
    return Cover(parts, masks, stripped)


def _masks(incoming: pd.DataFrame, entities: dict[str, pd.Series]) -> pd.DataFrame:
    """Per year and entity (columns ``entities``) of the file: the mask (year, *, mask)."""
    month, quarter = periods(incoming)
    grain = np.where(~np.isnan(month), 2, np.where(~np.isnan(quarter), 1, 0))
    values = {"year": incoming["year"], **entities}
    # NOTE: numpy on factorised keys: a million-row file is reduced in a few passes.
    group = np.zeros(len(incoming), dtype="int64")
    for column in values.values():
        codes, uniques = pd.factorize(column, use_na_sentinel=False)
        group = group * max(len(uniques), 1) + codes
    groups, group = np.unique(group, return_inverse=True)
    coarsest = np.full(len(groups), 2)
    np.minimum.at(coarsest, group, grain)  # a year and entity's grain: its coarsest row's
    file_grain = coarsest[group]
    q = np.nan_to_num(quarter).astype("int64")
    m = np.nan_to_num(month).astype("int64")
    bits = np.select(
        [file_grain == 0, file_grain == 1],
        [np.full(len(q), ALL_PERIODS), COARSER | (1 << (QUARTER_BIT + q))],
        COARSER | (1 << (MONTH_BIT + m)) | (1 << (MONTHS_OF_QUARTER_BIT + q)),
    )
    mask = np.zeros(len(groups), dtype="int64")
    np.bitwise_or.at(mask, group, bits)
    first = np.unique(group, return_index=True)[1]  # a row of each year and entity
    out = pd.DataFrame({name: column.to_numpy()[first] for name, column in values.items()})
    out["year"] = out["year"].astype("int64")
    out["mask"] = mask
    return out


def partial_keys(kind: str) -> list[str]:
    """What the yearly totals of ``kind`` are built from: the year for a flow; for a stock
    each series in each quarter (a stock's year is the mean of its quarters)."""
    spec = kinds.get(kind)
    return ["year"] if spec.is_flow else ["year", *spec.series, "quarter"]


def normalise_partials(kind: str, parts: pd.DataFrame) -> pd.DataFrame:
    """Partial sums in one set of dtypes, whoever computed them (pandas or SQL)."""
    spec = kinds.get(kind)
    dtypes = {"year": "int64", "rows": "int64", **dict.fromkeys(spec.headline_measures, float)}
    for key in partial_keys(kind)[1:]:
        dtypes[key] = "str" if spec.column(key).dtype == "string" else "Int64"
    return parts.astype({c: t for c, t in dtypes.items() if c in parts})


def partials(kind: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Rows and sums of the headline measures (NaN when every value is missing) per
    ``partial_keys``: sums of sums are sums, so totals can be built from several parts."""
    keys = partial_keys(kind)
    measures = list(kinds.get(kind).headline_measures)
    if frame.empty:
        empty = {c: pd.Series(dtype="float64") for c in [*keys, "rows", *measures]}
        return normalise_partials(kind, pd.DataFrame(empty))
    grouped = frame.groupby(keys, dropna=False)
    out = grouped[measures].sum(min_count=1)
    out.insert(0, "rows", grouped.size())
    return normalise_partials(kind, out.reset_index())


def totals_of(kind: str, parts: pd.DataFrame) -> pd.DataFrame:
    """Rows and measure totals per year from partial sums (see ``yearly_totals``)."""
    spec = kinds.get(kind)
    measures = list(spec.headline_measures)
    columns = ["year", "rows", *measures]
    if parts.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("year", "rows") else float)
                             for c in columns})
    rows = parts.groupby("year")["rows"].sum()
    if spec.is_flow:
        totals = parts.groupby("year")[measures].sum(min_count=1)
    else:
        keys = partial_keys(kind)
        per_quarter = parts.groupby(keys, dropna=False)[measures].sum(min_count=1)
        per_series = per_quarter.groupby(level=keys[:-1], dropna=False).mean()
        totals = per_series.groupby(level="year").sum(min_count=1)
    out = pd.concat([rows, totals.astype(float)], axis=1).reset_index()
    out["year"] = out["year"].astype("int64")
    return out[columns]


def yearly_totals(kind: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Rows and measure totals per year: sums for flows, mean over quarters for stocks.

    For stocks each organisation/municipality/kind series counts with the mean of its
    quarters in a year, so a year given per quarter is never four times too large.
    """
    return totals_of(kind, partials(kind, frame))


def changes_table(kind: str, stored: pd.DataFrame, incoming: pd.DataFrame) -> pd.DataFrame:
    """Per year of the file: rows and totals before → after, and rows replaced.

    ``stored``: partial sums (``partials``) of the current rows of the file's years, with
    a boolean column ``replaced`` telling which the import replaces; ``incoming``: the
    file's tidy rows.
    """
    replaced = stored["replaced"].to_numpy(dtype=bool)
    b = totals_of(kind, stored).set_index("year")
    kept = stored.loc[~replaced].drop(columns="replaced")
    a = totals_of(kind, pd.concat([kept, partials(kind, incoming)], ignore_index=True))
    a = a.set_index("year")
    r = stored.loc[replaced].groupby("year")["rows"].sum()
    years = sorted(set(a.index) | set(b.index))
    out = pd.DataFrame({"year": pd.array(years, dtype="Int64")})
    out["rows_before"] = b["rows"].reindex(years, fill_value=0).to_numpy().astype("int64")
    out["rows_after"] = a["rows"].reindex(years, fill_value=0).to_numpy().astype("int64")
    out["rows_replaced"] = r.reindex(years, fill_value=0).to_numpy().astype("int64")
    for measure in kinds.get(kind).headline_measures:
        out[f"{measure}_before"] = b[measure].reindex(years).to_numpy(dtype=float)
        out[f"{measure}_after"] = a[measure].reindex(years).to_numpy(dtype=float)
    return out
