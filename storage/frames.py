"""Tidy frames in and out of the store: checking, dtype coercion, rows → DataFrame."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

import kinds
from storage.errors import StoreError
from storage.labels import texts
from storage.schema import KINDS, TIDY

# The highest month and quarter: the store relies on these bounds (``tidy`` checks them).
PERIOD_HIGHS = {"month": 12, "quarter": 4}


def bits(kind: str, names: Sequence[str], labels: int) -> list[int | None]:
    """Per column of ``names``: the bits its values need when they are whole numbers
    from 1 up (label ids up to ``labels``, months, quarters), else None
    (``storage.fetch.matrix`` reads such columns packed)."""
    dtypes = {c.name: c.dtype for c in TIDY[kind]}
    return [labels.bit_length() if dtypes.get(n) == "str"
            else PERIOD_HIGHS[n].bit_length() if n in PERIOD_HIGHS else None
            for n in names]


def check_kind(kind: str) -> None:
    """Raise a Dutch StoreError for an unknown dataset kind."""
    if kind not in KINDS:
        raise StoreError(f"Onbekende soort gegevens '{kind}'; kies uit {', '.join(KINDS)}.")


def tidy(kind: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The frame's tidy columns in contract order and dtypes; Dutch StoreError if unusable."""
    check_kind(kind)
    missing = [c.name for c in TIDY[kind] if c.name not in frame.columns]
    if missing:
        raise StoreError(
            f"De {kinds.get(kind).data_noun} missen kolom(men): {', '.join(missing)}."
        )
    if frame.empty:
        raise StoreError("Het bestand bevat geen rijen om in te lezen.")
    try:
        out = typed(kind, {c.name: frame[c.name] for c in TIDY[kind]})
    except (TypeError, ValueError) as error:
        raise StoreError(f"De {kinds.get(kind).data_noun} hebben een kolom van het verkeerde "
                         f"type: {error}") from error
    empty = [name for name in sorted(kinds.get(kind).not_null) if out[name].isna().any()]
    if empty:
        raise StoreError(f"Verplichte kolom(men) met lege cellen: {', '.join(empty)}.")
    # NOTE: the store's replace scope codes months and quarters as bits (storage.scope).
    for name, high in PERIOD_HIGHS.items():
        if name in out and not out[name].dropna().between(1, high).all():
            label = kinds.get(kind).column(name).label
            raise StoreError(f"Kolom {label} bevat waarden buiten 1–{high}.")
    return out


def typed(kind: str, columns: dict[str, Sequence]) -> pd.DataFrame:
    """A DataFrame of the tidy columns of ``kind`` in their contract dtypes."""
    data = {
        c.name: pd.Series(columns[c.name]).reset_index(drop=True).astype(c.dtype)
        for c in TIDY[kind]
    }
    return pd.DataFrame(data)


def from_arrow(kind: str, table: pa.Table, lookup: pa.Array) -> pd.DataFrame:
    """An Arrow table of integer columns (``storage.fetch.arrow``) as a typed frame: tidy
    columns of ``kind`` in their contract dtypes (text decoded from label ids), any other
    column as int64."""
    dtypes = {c.name: c.dtype for c in TIDY[kind]}
    out = {}
    for name in table.column_names:
        column = table[name].combine_chunks()
        dtype = dtypes.get(name)
        if dtype == "str":
            out[name] = pd.array(pc.take(lookup, column), dtype="str")
        elif dtype == "float64":
            out[name] = column.to_numpy(zero_copy_only=False).astype("float64")
        elif dtype == "Int64":
            out[name] = pd.array(column, dtype="Int64")
        else:
            out[name] = column.to_numpy(zero_copy_only=False)
    return pd.DataFrame(out, columns=table.column_names)


def from_matrix(
    kind: str, names: Sequence[str], values: np.ndarray, lookup: pa.Array
) -> pd.DataFrame:
    """Columns ``names`` of a fetched matrix (``storage.fetch``) as a typed frame: tidy
    columns of ``kind`` in their contract dtypes (text decoded from label ids), any other
    column as int64."""
    dtypes = {c.name: c.dtype for c in TIDY[kind]}
    out = {}
    for j, name in enumerate(names):
        column = values[:, j]
        dtype = dtypes.get(name)
        if dtype == "str":
            out[name] = texts(column, lookup)
        elif dtype == "float64":
            out[name] = column
        elif dtype == "Int64":
            out[name] = pd.arrays.IntegerArray(np.nan_to_num(column).astype("int64"),
                                               np.isnan(column))
        else:
            out[name] = column.astype("int64")
    return pd.DataFrame(out)
