"""The data every indicator and chart builder reads: a tidy frame per kind, freshness, region.

``Datasets`` is a plain value so that the pages can build it once per store version
(cached) and hand the same object to every chart builder and to the ROSE pack.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from typing import Any, Protocol, TypeVar

import pandas as pd

import kinds
from reference import Region, load_region

MEMO_SIZE = 128
T = TypeVar("T")
FRESHNESS_COLUMNS = ("kind", "last_import", "first_year", "last_year")


def empty_frame(kind: str) -> pd.DataFrame:
    """An empty tidy frame of ``kind`` with the contract's columns and dtypes."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in kinds.get(kind).dtypes.items()})


def _conform(frame: pd.DataFrame | None, kind: str) -> pd.DataFrame:
    """Add missing optional columns (as all-missing) so indicators can rely on them."""
    if frame is None:
        return empty_frame(kind)
    dtypes = kinds.get(kind).dtypes
    missing = [c for c in dtypes if c not in frame.columns]
    if not missing:
        return frame
    frame = frame.copy()
    for column in missing:
        frame[column] = pd.Series(pd.NA, index=frame.index, dtype=dtypes[column])
    return frame


class _StoreLike(Protocol):
    def read(self, kind: str) -> pd.DataFrame: ...

    def freshness(self) -> pd.DataFrame: ...


class Datasets:
    """The tidy frame of every kind, their freshness and the region (read-only).

    ``Datasets(inflow=..., lde=..., freshness=..., region=...)``: one keyword per kind
    (``kinds.NAMES``; a kind not given is an empty tidy frame), read back as
    ``datasets.inflow`` or ``datasets.frame("inflow")``. ``freshness`` has the columns
    ``kind``, ``last_import`` (datetime), ``first_year`` and ``last_year``, one row per
    kind that has data (as ``Store.freshness()``).
    """

    # NOTE: no __eq__: comparing DataFrames is ambiguous; a Datasets is equal only to
    # itself (and hashes by identity), which is what caches keyed on it need.
    __slots__ = ("_frames", "_memo", "freshness", "region")

    def __init__(
        self,
        freshness: pd.DataFrame | None = None,
        region: Region | None = None,
        **frames: pd.DataFrame | None,
    ) -> None:
        unknown = sorted(set(frames) - set(kinds.NAMES))
        if unknown:
            raise TypeError(f"Datasets got unknown dataset kinds: {unknown}")
        self._frames = {k: _conform(frames.get(k), k) for k in kinds.NAMES}
        self.freshness = (
            pd.DataFrame(columns=list(FRESHNESS_COLUMNS)) if freshness is None else freshness
        )
        self.region = region or load_region()
        # Results of expensive aggregations, shared by every chart built on these frames.
        self._memo: dict[Hashable, Any] = {}

    def __getattr__(self, name: str) -> pd.DataFrame:
        frames = object.__getattribute__(self, "_frames")
        if name in frames:
            return frames[name]
        raise AttributeError(name)

    @classmethod
    def from_store(cls, store: _StoreLike, region: Region | None = None) -> Datasets:
        """Read every kind and the freshness from a ``storage.Store``."""
        return cls(
            freshness=store.freshness(),
            region=region or load_region(),
            **{kind: store.read(kind) for kind in kinds.NAMES},
        )

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` once per ``key`` for these (read-only) frames.

        Chart builders aggregate the same filtered rows several times per page; with a
        million rows that is the page's cost, so the small aggregate is kept here.
        """
        # NOTE: a plain dict is enough: the worst a race between two sessions can do is
        # compute the same value twice. The oldest entries go first beyond MEMO_SIZE.
        if key in self._memo:
            return self._memo[key]
        value = compute()
        if len(self._memo) >= MEMO_SIZE:
            self._memo.pop(next(iter(self._memo)), None)
        self._memo[key] = value
        return value

    def frame(self, kind: str) -> pd.DataFrame:
        return self._frames[kind]

    def last_import(self, kind: str) -> dt.date | None:
        """Date of the last import of ``kind``, or None when unknown."""
        # NOTE: every chart's source line asks; the answer is fixed for these frames.
        return self.memo(("last_import", kind), lambda: self._last_import(kind))

    def _last_import(self, kind: str) -> dt.date | None:
        row = self._freshness_row(kind)
        if row is None or pd.isna(row.get("last_import")):
            return None
        return pd.Timestamp(row["last_import"]).date()

    def _freshness_row(self, kind: str) -> dict[str, Any] | None:
        if self.freshness.empty or "kind" not in self.freshness:
            return None
        rows = self.freshness.loc[self.freshness["kind"] == kind]
        return None if rows.empty else rows.iloc[-1].to_dict()
