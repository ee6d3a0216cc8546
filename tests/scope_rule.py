"""The replace scope's per-row rule in pandas: the reference the store's SQL must match.

This is how ``storage.scope`` decided, row by row in Python, which stored rows a file
replaces before the database did it in one statement (issue 12). The tests compare both
on hand-made and random stores (tests/test_store_scope.py, tests/test_store_properties.py).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import kinds
from storage.scope import region_totals

_ALL = "\x00all"
_NONE = "\x00none"


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].astype(object).where(frame[column].notna(), _NONE)


def entity_keys(kind: str, frame: pd.DataFrame, *, by_organisation: bool) -> pd.Series:
    """A string per row naming the entity the row belongs to for replacement."""
    if frame.empty:
        return pd.Series([], dtype=object, index=frame.index)
    scope = kinds.get(kind).scope
    if scope.unnamed_covers_all and not by_organisation:
        return pd.Series(_ALL, index=frame.index, dtype=object)
    key = _text(frame, scope.entity)
    if scope.fallback is not None:
        fallback = f"{scope.fallback}:" + _text(frame, scope.fallback)
        key = key.where(frame[scope.entity].notna(), fallback)
    for column in reversed(scope.within):
        key = _text(frame, column) + "|" + key
    return key.astype(object)


def names_organisations(kind: str, frame: pd.DataFrame) -> bool:
    """Whether a file's rows are scoped per entity: always, except a file of a kind whose
    unnamed rows cover every entity (inflow) that names no entity at all."""
    scope = kinds.get(kind).scope
    return not scope.unnamed_covers_all or bool(frame[scope.entity].notna().any())


def scope_mask(kind: str, incoming: pd.DataFrame, existing: pd.DataFrame) -> pd.Series:
    """True for each ``existing`` row that importing ``incoming`` replaces.

    Region totals (``region_totals``) overlap every entity of their ``within`` group and
    period: incoming totals are held against stored rows stripped of their entity, and
    stored totals against incoming rows stripped of theirs.
    """
    mask = _entity_mask(kind, incoming, existing).to_numpy(copy=True)
    new_totals, old_totals = region_totals(kind, incoming), region_totals(kind, existing)
    if new_totals.any():
        mask |= _entity_mask(kind, incoming[new_totals], _unnamed(kind, existing)).to_numpy()
    if old_totals.any():
        hit = _entity_mask(kind, _unnamed(kind, incoming), existing[old_totals]).to_numpy()
        mask[np.flatnonzero(old_totals)[hit]] = True
    return pd.Series(mask, index=existing.index)


def _unnamed(kind: str, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` as if its rows were region totals (entity and fallback left empty)."""
    scope = kinds.get(kind).scope
    columns = [c for c in (scope.entity, scope.fallback) if c is not None]
    return frame.assign(**{c: pd.Series(pd.NA, index=frame.index, dtype=object) for c in columns})


def _entity_mask(kind: str, incoming: pd.DataFrame, existing: pd.DataFrame) -> pd.Series:
    """``scope_mask`` entity by entity: a stored row and a file row meet on equal keys."""
    if existing.empty or incoming.empty:
        return pd.Series(False, index=existing.index, dtype=bool)
    by_org = names_organisations(kind, incoming)
    new = _periods(incoming, entity_keys(kind, incoming, by_organisation=by_org))
    old = _periods(existing, entity_keys(kind, existing, by_organisation=by_org))
    old["_pos"] = np.arange(len(old))

    grain = new.groupby(["year", "entity"], sort=False)["grain"].min().rename("file_grain")
    old = old.join(grain, on=["year", "entity"], how="inner")
    hit = old["file_grain"] == 0  # the file gives whole years
    quarters = _unit_set(new, "quarter")
    months = _unit_set(new, "month")
    for column, units, grain_code in (("quarter", quarters, 1), ("month", months, 2)):
        keys = list(zip(old["year"], old["entity"], old[column], strict=True))
        hit |= (old["file_grain"] == grain_code) & pd.Series(
            [k in units for k in keys], index=old.index
        )
    # Coarser stored rows inside a finer file's year: a whole-year row always overlaps;
    # a quarter-only row overlaps when the file has a month of that quarter.
    fine = old["file_grain"] > 0
    hit |= fine & old["quarter"].isna()
    quarter_of_months = _unit_set(new[new["grain"] == 2], "quarter")
    keys = list(zip(old["year"], old["entity"], old["quarter"], strict=True))
    hit |= (old["file_grain"] == 2) & old["month"].isna() & pd.Series(
        [k in quarter_of_months for k in keys], index=old.index
    )
    mask = np.zeros(len(existing), dtype=bool)
    mask[old.loc[hit, "_pos"].to_numpy()] = True
    return pd.Series(mask, index=existing.index)


def _periods(frame: pd.DataFrame, entity: pd.Series) -> pd.DataFrame:
    """Year, entity, month, quarter and the grain (0 year, 1 quarter, 2 month) of each row."""
    month = frame["month"] if "month" in frame else pd.Series(pd.NA, index=frame.index)
    out = pd.DataFrame(
        {
            "year": frame["year"].astype("int64").to_numpy(),
            "entity": entity.to_numpy(),
            "month": month.astype("Float64").to_numpy(dtype=float, na_value=np.nan),
            "quarter": frame["quarter"].astype("Float64").to_numpy(dtype=float, na_value=np.nan),
        },
        index=frame.index,
    )
    # The contract fills quarter from month; derive it anyway so scope never depends on it.
    derived = np.floor((out["month"] - 1) / 3) + 1
    out["quarter"] = out["quarter"].where(out["quarter"].notna(), derived)
    out["grain"] = np.where(out["month"].notna(), 2, np.where(out["quarter"].notna(), 1, 0))
    return out


def _unit_set(periods: pd.DataFrame, column: str) -> set[tuple]:
    known = periods[periods[column].notna()]
    return set(zip(known["year"], known["entity"], known[column], strict=True))


def bit_mask(kind: str, incoming: pd.DataFrame, existing: pd.DataFrame) -> pd.Series:
    """The store's rule (``storage.scope.cover`` against ``row_bits``) in pandas, on text."""
    from storage import scope

    if existing.empty or incoming.empty:
        return pd.Series(False, index=existing.index, dtype=bool)
    cover = scope.cover(kind, incoming)
    found = _masks(cover.masks, existing, scope.entity_values(existing, cover.parts))
    if cover.stripped is not None:
        within = [p for p in cover.parts if p.column in kinds.get(kind).scope.within]
        unnamed = {p.column: pd.Series(pd.NA, index=existing.index, dtype=object)
                   for p in cover.parts if p not in within}
        group = scope.entity_values(existing, tuple(within))
        found |= _masks(cover.masks, existing, {**group, **unnamed})
        totals = scope.region_totals(kind, existing)
        found |= np.where(totals, _masks(cover.stripped, existing, group), 0)
    return pd.Series((scope.row_bits(existing) & found) != 0, index=existing.index)


def _masks(masks: pd.DataFrame, existing: pd.DataFrame, values: dict) -> np.ndarray:
    """The mask of each existing row's year and entity (``values``), 0 where none."""
    keys = pd.DataFrame({"year": existing["year"].astype("int64").to_numpy(),
                         **{c: pd.Series(v).to_numpy(dtype=object) for c, v in values.items()}})
    names = list(keys.columns)
    masks = masks.astype({c: object for c in masks.columns if c not in ("year", "mask")})
    # NOTE: missing values as one marker, so they match each other as in SQL's COALESCE.
    marker = "\x00missing"
    joined = keys.fillna(marker).merge(masks[[*names, "mask"]].fillna(marker), on=names,
                                        how="left")
    return joined["mask"].fillna(0).to_numpy(dtype="int64", copy=True)
