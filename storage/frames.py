"""Tidy frames in and out of the store: checking, dtype coercion, rows → DataFrame."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

import kinds
from storage.errors import StoreError
from storage.labels import Mapping, decode, text_columns
from storage.schema import KINDS, TIDY


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
    return out


def typed(kind: str, columns: dict[str, Sequence]) -> pd.DataFrame:
    """A DataFrame of the tidy columns of ``kind`` in their contract dtypes."""
    data = {
        c.name: pd.Series(columns[c.name]).reset_index(drop=True).astype(c.dtype)
        for c in TIDY[kind]
    }
    return pd.DataFrame(data)


def from_rows(
    kind: str, rows: Sequence[Sequence], mapping: Mapping, extra: Sequence[str] = ()
) -> pd.DataFrame:
    """Rows fetched as ``(*extra, *tidy columns)`` with label ids → typed frame, ``extra``
    first."""
    names = [*extra, *(c.name for c in TIDY[kind])]
    raw = pd.DataFrame.from_records(list(rows), columns=names)
    decode(raw, text_columns(kind), mapping)
    out = typed(kind, {c.name: raw[c.name] for c in TIDY[kind]})
    for position, name in enumerate(extra):
        out.insert(position, name, raw[name].astype("int64") if len(raw) else
                   pd.Series(dtype="int64"))
    return out
