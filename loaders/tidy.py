"""The last step of every loader: parsed records → the tidy frame of their kind.

One function for every kind, steered by its declaration (``kinds``): a flow counts the
rows of person lists first; then rows are checked for conflicts (equal in every
descriptive column, different in a figure); a stock given per month becomes the mean of
its quarters (parts of a month added first); rows meeting on one key add up, and the
tidy columns are selected and typed in contract order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

import kinds
from loaders.fields import Findings
from loaders.frames import gathered, put
from loaders.stocks import average_months
from loaders.validate import check_duplicates, key_codes, stable_order

# NOTE: the text columns of a large frame are fresh memory; pyarrow's default pool
# (mimalloc) costs about 0.1 s of system CPU per cold load on this machine (transparent
# huge pages in madvise mode) for the same bytes the system allocator serves at once.
_POOL = pa.system_memory_pool()


def tidy(frame: pd.DataFrame, found: Findings, kind: str, *, owned: bool = False) -> pd.DataFrame:
    """The tidy frame of ``kind`` (see docs/ARCHITECTURE.md); problems go to ``found``.

    With ``owned`` (the caller drops ``frame`` afterwards) its columns are released as
    their tidy forms are built, so the new columns reuse their memory.
    """
    spec = kinds.get(kind)
    keys, measures = list(spec.keys), list(spec.measures)
    order = None
    if spec.person_lists:
        frame, order = _count_persons(frame, keys, spec.main_measure)
    if order is None:
        order = _unique_order(key_codes(frame, keys))
    if order is None:
        # NOTE: rows unique on the tidy keys are unique on the conflict check's keys too
        # (those add the period parts and the row's identity): only a frame with a
        # repeated key needs that check.
        frame = check_duplicates(frame, kind, found)
        if found.problems:
            return frame
    missing = [m for m in measures if m not in frame]
    if missing:  # an optional measure the file does not give is unknown, never 0
        frame = frame.assign(**dict.fromkeys(missing, float("nan")))
    if spec.is_stock and "month" in frame and frame["month"].notna().any():
        frame, order = average_months(frame, keys, measures, found), None
    if order is not None:  # one row per key already: sorting is all there is to do
        return finish(frame, kind, order, release=owned)
    # Rows meeting on one key are parts (two sites, Heule and Kortrijk, a maatwerkbedrijf
    # and a maatwerkafdeling) or entries of a flow: they add up, unknown stays unknown.
    return finish(aggregate(frame, keys, measures), kind, release=True)


def _unique_order(codes: np.ndarray | None) -> np.ndarray | None:
    """The sorting order of ``codes`` when no code repeats (else ``None``)."""
    if codes is None:
        return None
    order, ordered = stable_order(codes)
    return None if (ordered[1:] == ordered[:-1]).any() else order


def _count_persons(
    frame: pd.DataFrame, keys: list[str], measure: str
) -> tuple[pd.DataFrame, np.ndarray | None]:
    """Person-level rows (no column letter for their count) counted per key, and the
    sorting order of the result on ``keys`` when counting found it (else ``None``)."""
    person = frame[f"_col_{measure}"].isna().to_numpy()
    if not person.any():
        return frame, None
    persons = frame if person.all() else frame[person]
    counted = _count_by_code(persons, keys, measure)
    if counted is None:
        grouped = persons.groupby(keys, dropna=False, sort=False, observed=True, as_index=False)
        grouped = grouped.agg(
            **{measure: (measure, "sum"), "_row": ("_row", "min"), "_sheet": ("_sheet", "first")}
        )
    elif person.all():  # counted in key order: sorted already
        return counted[0], np.arange(len(counted[0]))
    else:  # in order of first appearance, as groupby has them
        grouped = counted[0].take(stable_order(counted[1])[0]).reset_index(drop=True)
    return pd.concat([frame[~person], grouped], ignore_index=True), None


def _count_by_code(
    persons: pd.DataFrame, keys: list[str], measure: str
) -> tuple[pd.DataFrame, np.ndarray] | None:
    """``groupby(keys, dropna=False)`` summing ``measure``, first ``_sheet`` and least
    ``_row``, on one integer key per row (``key_codes``): a few array passes over half
    a million persons instead of a groupby on seven columns. The groups come sorted on
    ``keys``, with the first row of each."""
    codes = key_codes(persons, keys)
    if codes is None:
        return None
    # Grouped by sorting (ties in row order): faster than hashing half a million codes.
    rows, ordered = stable_order(codes)
    opens = np.concatenate(([True], ordered[1:] != ordered[:-1]))
    starts = np.flatnonzero(opens)
    first = rows[starts]  # each group's first row
    grouped = gathered(persons[keys], first)
    weights = persons[measure].to_numpy(dtype=np.float64)
    if (weights == 1).all():  # one person a row: the count is the group's size
        put(grouped, measure, np.diff(starts, append=len(codes)).astype(np.float64))
    else:
        labels = np.empty(len(codes), dtype=np.int64)
        labels[rows] = np.cumsum(opens) - 1
        put(grouped, measure, np.bincount(labels, weights=weights, minlength=len(starts)))
    values = persons["_row"].to_numpy()
    if (values[1:] >= values[:-1]).all():  # one table, in sheet order: the first row is the least
        put(grouped, "_row", values[first])
    else:
        put(grouped, "_row", np.minimum.reduceat(values[rows], starts))
    put(grouped, "_sheet", persons["_sheet"].take(first).array)
    return grouped, first


def _as_text(
    values: pd.Series, order: np.ndarray | None, repeats: dict[str, pa.Array]
) -> pd.Series:
    """Text column in pandas' default string dtype; categoricals via their few categories
    (their codes put in ``order`` first: one gather of strings does both)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        categories = pd.array(np.asarray(values.cat.categories, dtype=object), dtype="str")
        codes = values.cat.codes.to_numpy()
        if len(categories) == 1 and codes.min(initial=0) == 0:
            # One value on every row (a profile nobody gave): repeated, not gathered. The
            # columns repeating one text ("onbekend") share its immutable Arrow array.
            text = categories[0]
            if text not in repeats:
                rows = len(codes) if order is None else len(order)
                scalar = pa.scalar(text, pa.large_string())
                repeats[text] = pa.repeat(scalar, rows, memory_pool=_POOL)
            return _framed(repeats[text])
        codes = codes if order is None else codes[order]
        # No missing code (the usual case): the codes wrapped as they are, no mask built.
        missing = codes < 0 if codes.min(initial=0) < 0 else None
        taken = pc.take(pa.array(categories), pa.array(codes, mask=missing), memory_pool=_POOL)
        return _framed(taken)
    return _in_order(values, order).astype("str")


def _framed(texts: pa.Array | pa.ChunkedArray) -> pd.Series:
    return pd.Series(pd.array(texts, dtype="str"), copy=False)


def _in_order(values: pd.Series, order: np.ndarray | None) -> pd.Series:
    if order is None:
        return values.reset_index(drop=True)
    # The array alone: ``Series.take`` would gather (and check) a 480,000-row index too.
    return pd.Series(values.array.take(order), copy=False)


def finish(
    frame: pd.DataFrame, kind: str, order: np.ndarray | None = None, *, release: bool = False
) -> pd.DataFrame:
    """Select and type the tidy columns of ``kind`` in contract order, rows in ``order``
    when given (each column gathered once, on its way to its tidy type).

    With ``release`` (nobody needs ``frame`` afterwards) its large columns are deleted
    from it as soon as they are used, the unused ones first: at half a million rows
    that is ~30 MB the new columns reuse instead of fresh pages.
    """
    columns = kinds.get(kind).columns
    rows = len(frame) if order is None else len(order)
    if release:
        wanted = {spec.name for spec in columns}
        _release(frame, [name for name in frame.columns if name not in wanted])
    out, repeats = {}, {}
    for spec in columns:
        values = (
            frame[spec.name]
            if spec.name in frame
            else pd.Series(None, index=frame.index, dtype=object)
        )
        if release and spec.name in frame:
            _release(frame, [spec.name])
        if spec.dtype == "string":
            out[spec.name] = _as_text(values, order, repeats)
            continue
        values = _in_order(values, order)
        if spec.dtype == "Int64" and pd.api.types.is_integer_dtype(values.dtype):
            out[spec.name] = values.astype("Int64")  # already whole: no float round trip
        elif spec.dtype == "Int64":
            out[spec.name] = _whole_numbers(values)
        else:
            out[spec.name] = values.astype(spec.dtype)
    # Every column is a new array: framed as they are, not copied once more.
    return pd.DataFrame(out, index=pd.RangeIndex(rows), copy=False)


# NOTE: deleting a column costs ~0.3 ms of pandas bookkeeping; fresh pages cost about as
# much per megabyte, so only columns this large are worth releasing (not the codes of a
# categorical, 1 byte a row).
_WORTH_RELEASING = 1024 * 1024


def _release(frame: pd.DataFrame, names: list[str]) -> None:
    """Delete the large ones of columns ``names`` from ``frame``."""
    for name in names:
        if frame[name].array.nbytes >= _WORTH_RELEASING:
            del frame[name]


def _whole_numbers(values: pd.Series) -> pd.Series:
    """Figures that are whole (up to float noise: sums of parts) as Int64, in numpy."""
    numbers = np.round(values.to_numpy(dtype=np.float64, na_value=np.nan), 9)
    unknown = np.isnan(numbers)
    # In place on the fresh rounded array: no copies of the known figures at the peak.
    numbers[unknown] = 0
    if (numbers != np.floor(numbers)).any():  # a validation slip: let pandas refuse it loudly
        return values.astype("float64").round(9).astype("Int64")
    return pd.Series(pd.arrays.IntegerArray(numbers.astype(np.int64), unknown), index=values.index)


def aggregate(frame: pd.DataFrame, keys: list[str], measures: list[str]) -> pd.DataFrame:
    """Sum ``measures`` per key, sorted on the keys; one unknown part makes the sum unknown.

    Most files already have one row per key; then a sort is all that is needed, which
    spares a groupby over hundreds of thousands of rows. The sort and the duplicate test
    both run on one integer key per row (``key_codes``) when the key columns allow it.
    """
    codes = key_codes(frame, keys)
    if codes is not None:
        order = _unique_order(codes)
        if order is not None:
            return frame[keys + measures].take(order).reset_index(drop=True)
    elif not frame[keys].duplicated().any():
        return frame[keys + measures].sort_values(keys, na_position="first", ignore_index=True)
    grouped = frame.groupby(keys, dropna=False, sort=True, observed=True, as_index=False)
    return grouped[measures].sum(min_count=1, skipna=False)
