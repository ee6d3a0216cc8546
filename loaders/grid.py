"""A sheet held as columns: the CSV reader's cells, turned into rows only where needed.

A 500,000-row CSV parsed by pandas' C engine is a few columns of strings. Turning it
into half a million Python lists (the shape calamine gives) would cost more than the
parse itself, and the loaders only ever look at rows near the header; the rest is read
column by column (``Table.column``). ``ColumnGrid`` is a ``Sequence`` of rows, so every
row-wise reader keeps working, and hands out whole columns as object arrays whose equal
cells share one ``str`` (hashing them is then cheap).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa


class ColumnGrid(Sequence):
    """Rows ``start`` to ``stop`` of equally long columns; cells ``str`` or ``None``.

    A column the parser read (partly) as numbers is replaced, the first time one of its
    cells is asked for, by ``as_text(index)``: the same column read as written.
    """

    def __init__(
        self,
        columns: list[pd.Series],
        start: int = 0,
        stop: int | None = None,
        as_text: Callable[[int], pd.Series] | None = None,
    ) -> None:
        self._columns = columns
        self._as_text = as_text
        self._cells: dict[int, np.ndarray] = {}  # shared between views of one grid
        length = len(columns[0]) if columns else 0
        self._start = start
        self._stop = length if stop is None else min(stop, length)

    @property
    def width(self) -> int:
        return len(self._columns)

    def __len__(self) -> int:
        return max(self._stop - self._start, 0)

    def __getitem__(self, key: int | slice):  # type: ignore[override]
        if isinstance(key, slice):
            start, stop, step = key.indices(len(self))
            if step != 1:
                return list(self)[key]
            view = ColumnGrid(self._columns, self._start + start, self._start + max(stop, start))
            view._as_text, view._cells = self._as_text, self._cells
            return view
        index = key + len(self) if key < 0 else key
        if not 0 <= index < len(self):
            raise IndexError(key)
        return self._rows(self._start + index, self._start + index + 1)[0]

    def __iter__(self) -> Iterator[list[object]]:
        for first in range(self._start, self._stop, 4096):
            yield from self._rows(first, min(first + 4096, self._stop))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ColumnGrid | list | tuple):
            return len(self) == len(other) and all(
                a == list(b) for a, b in zip(self, other, strict=True)
            )
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ColumnGrid({len(self)} rows × {self.width} columns)"

    def clear(self) -> None:
        """Let go of the cells (this grid reads as empty; other views keep theirs)."""
        self._columns, self._cells = [], {}
        self._start = self._stop = 0

    def column(self, index: int) -> np.ndarray:
        """The cells of one column in this grid's rows, as an object array (a copy)."""
        if index >= self.width:
            return np.full(len(self), None, dtype=object)
        cells = self._cells.get(index)
        if cells is None:
            if not _all_text(self._columns[index]):
                self._read_as_text(index)
            cells = self._cells[index] = _cells(self._columns[index])
        return cells[self._start : self._stop].copy()

    def texts(self, index: int) -> pd.Series:
        """The cells of one column in this grid's rows as the parser's text (empty: NA),
        without a Python object per cell: for columns read once, row by row, in arrays."""
        if index >= self.width:
            return pd.Series(np.full(len(self), None, dtype=object))
        if index not in self._cells and not _all_text(self._columns[index]):
            self._read_as_text(index)
        return self._columns[index].iloc[self._start : self._stop].reset_index(drop=True)

    def codes(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        """``pd.factorize`` of ``column(index)``: codes (-1 for empty) and distinct texts."""
        if index >= self.width:
            return np.full(len(self), -1, dtype=np.int64), np.array([], dtype=object)
        if index not in self._cells and not _all_text(self._columns[index]):
            self._read_as_text(index)  # as written, then hashed as the parser's strings
        if index in self._cells or not isinstance(self._columns[index].dtype, pd.StringDtype):
            codes, uniques = pd.factorize(self.column(index), use_na_sentinel=True)
            return codes, np.asarray(uniques, dtype=object)
        # Straight from the parser's strings: no object array to hash again (Arrow's own
        # dictionary encoding, as ``pd.factorize`` of them does, without its int64 codes).
        part = self._columns[index].iloc[self._start : self._stop]
        encoded = pa.chunked_array(part.array.__arrow_array__()).dictionary_encode()
        encoded = encoded.combine_chunks()  # one dictionary for every chunk
        codes = encoded.indices.fill_null(-1).to_numpy()
        return codes, encoded.dictionary.to_numpy(zero_copy_only=False)

    def _rows(self, first: int, stop: int) -> list[list[object]]:
        parts = []
        for index, column in enumerate(self._columns):
            cells = _cells(column.iloc[first:stop])
            if not all(c is None or isinstance(c, str) for c in cells):
                cells = _cells(self._read_as_text(index).iloc[first:stop])
            parts.append(cells.tolist())
        return [list(row) for row in zip(*parts, strict=True)]

    def _read_as_text(self, index: int) -> pd.Series:
        column = self._columns[index]
        if self._as_text is not None:
            column = self._columns[index] = self._as_text(index).iloc[: len(column)]
        return column


def _all_text(values: pd.Series) -> bool:
    if isinstance(values.dtype, pd.StringDtype):
        return True
    if values.dtype == object:
        return pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty")
    return not values.notna().any()  # numbers; all empty reads as text


def _cells(values: pd.Series) -> np.ndarray:
    """A column as an object array: ``None`` for empty, one shared ``str`` per text."""
    if values.dtype == object:
        cells = values.to_numpy(dtype=object, copy=True)
        cells[pd.isna(cells)] = None
        return cells
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return np.append(np.asarray(uniques, dtype=object), None)[codes]
