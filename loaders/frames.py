"""Put freshly computed arrays into frames without pandas' defensive copy.

pandas 3 copies an array set as a column (``frame[name] = values``) so that the frame
never shares memory with a caller's array. The loaders' arrays are fresh, held by
nothing else: at half a million rows each such copy costs a millisecond for nothing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def put(frame: pd.DataFrame, name: str, values: object) -> None:
    """``frame[name] = values`` for an array (numpy or pandas) no one else will change."""
    frame[name] = pd.Series(values, index=frame.index, copy=False)


def gathered(frame: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    """``frame.take(rows).reset_index(drop=True)``, gathered column by column.

    ``rows`` must be valid positions (a table's own row numbers). A categorical column
    gathers its codes only (no re-validation of half a million codes), and no index is
    gathered to be thrown away (a wide table's keys: ~25 % less than pandas' ``take``).
    """
    columns = {}
    for name, values in frame.items():
        array = values.array
        if isinstance(values.dtype, pd.CategoricalDtype):
            codes = array.codes[rows]
            columns[name] = pd.Categorical.from_codes(codes, dtype=values.dtype, validate=False)
        elif isinstance(array, pd.arrays.NumpyExtensionArray):
            columns[name] = values.to_numpy()[rows]
        else:
            columns[name] = array.take(rows)
    return pd.DataFrame(columns, index=pd.RangeIndex(len(rows)), copy=False)


def stacked(frame: pd.DataFrame, times: int) -> pd.DataFrame:
    """``gathered(frame, np.tile(np.arange(len(frame)), times))``: the frame repeated
    ``times`` times, each column tiled (a copy per repetition, no positions to read)."""
    columns = {}
    for name, values in frame.items():
        array = values.array
        if isinstance(values.dtype, pd.CategoricalDtype):
            codes = np.tile(array.codes, times)
            columns[name] = pd.Categorical.from_codes(codes, dtype=values.dtype, validate=False)
        elif isinstance(array, pd.arrays.NumpyExtensionArray):
            columns[name] = np.tile(values.to_numpy(), times)
        else:
            columns[name] = array.take(np.tile(np.arange(len(frame)), times))
    return pd.DataFrame(columns, index=pd.RangeIndex(len(frame) * times), copy=False)
