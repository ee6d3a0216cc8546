"""Dictionary encoding of text values: data rows hold small integer ids into ``labels``.

Municipality, NIS code, target group, organisation and kind repeat on every row; as ids the
rows and their filter index are several times smaller, which is what makes writing a
million rows and scanning them fast. Labels are only ever added (under the write lock).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import sqlalchemy as sa

from storage.schema import TIDY, labels

Mapping = dict[int, str]


@dataclass(frozen=True)
class Encoded:
    """A frame with its text columns as label ids (``frame``) and, per text column, its
    codes (per row an index into the ids, -1 where missing) and distinct label ids."""

    frame: pd.DataFrame
    codes: dict[str, tuple[np.ndarray, np.ndarray]]


def text_columns(kind: str) -> list[str]:
    """The tidy columns of ``kind`` that are stored as label ids."""
    return [c.name for c in TIDY[kind] if c.dtype == "str"]


def load(conn: sa.Connection) -> Mapping:
    """Every label id with its text."""
    return {i: v for i, v in conn.execute(sa.select(labels.c.id, labels.c.value))}


def ids(conn: sa.Connection, values: Collection[str]) -> dict[str, int]:
    """The id of each of ``values`` that is a label (a value never stored has none)."""
    query = sa.select(labels.c.value, labels.c.id).where(labels.c.value.in_(sorted(values)))
    return {v: i for v, i in conn.execute(query)}


def encode(conn: sa.Connection, kind: str, frame: pd.DataFrame) -> Encoded:
    """The frame with its text columns replaced by label ids (new labels are added), and
    their codes, which the summaries group by without factorising again."""
    columns = text_columns(kind)
    factorised = {column: pd.factorize(frame[column]) for column in columns}
    values = {v for _, uniques in factorised.values() for v in uniques.tolist()}
    known = {text: i for i, text in load(conn).items()}
    missing = sorted(values - known.keys())
    if missing:
        conn.execute(sa.insert(labels), [{"value": v} for v in missing])
        known = {text: i for i, text in load(conn).items()}
    out = dict(frame.items())
    codes = {}
    for column, (positions, uniques) in factorised.items():
        ids = np.array([known[v] for v in uniques.tolist()], dtype="int64")
        absent = positions < 0
        values = ids[positions] if len(ids) else np.zeros(len(positions), dtype="int64")
        out[column] = pd.arrays.IntegerArray(values, absent)
        codes[column] = (positions, ids)
    return Encoded(pd.DataFrame(out, index=frame.index, copy=False), codes)


def decode(frame: pd.DataFrame, columns: list[str], mapping: Mapping) -> pd.DataFrame:
    """Label ids in ``columns`` back to text (None stays missing), in place."""
    for column in columns:
        if column in frame:
            frame[column] = frame[column].map(mapping, na_action="ignore")
    return frame


def lookup(conn: sa.Connection) -> pa.Array:
    """Every label's text at the position of its id (null elsewhere), for ``texts``."""
    pairs = conn.execute(sa.select(labels.c.id, labels.c.value)).all()
    size = max((i for i, _ in pairs), default=0) + 1
    values: list[str | None] = [None] * size
    for i, value in pairs:
        values[i] = value
    return pa.array(values, type=pa.string())


def texts(ids: np.ndarray, table: pa.Array) -> pd.api.extensions.ExtensionArray:
    """Label ids (float, NaN for missing) as the tidy "str" column, decoded in Arrow."""
    missing = np.isnan(ids)
    positions = pa.array(np.nan_to_num(ids).astype("int64"), mask=missing)
    return pd.array(pc.take(table, positions), dtype="str")
