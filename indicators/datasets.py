"""The data every indicator and chart builder reads: a tidy frame per kind, freshness, region.

``Datasets`` is a plain value so that the pages can build it once per store version
(cached) and hand the same object to every chart builder and to the ROSE pack.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import field, make_dataclass, replace
from typing import Any, Protocol, TypeVar

import pandas as pd

import kinds
from indicators.periods import full_years, partial_year
from reference import Region, load_region

MEMO_SIZE = 128
T = TypeVar("T")
FRESHNESS_COLUMNS = ("kind", "last_import", "first_year", "last_year", "sample")


def _no_freshness() -> pd.DataFrame:
    return pd.DataFrame(columns=list(FRESHNESS_COLUMNS))


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


def _split(frame: pd.DataFrame, kind: str, region: Region) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The region's rows, and the rows of other Flemish areas: no part of the region's
    figures, only of the comparisons with Flanders.

    A stock at a Flemish municipality outside the region (outside label and a NIS code:
    open data of all Flanders, or a site outside the region) is no part of the region's
    capacity. A flow outside the region is the region's own (its starters who live
    elsewhere) unless the loaders marked it open data of Flanders
    (``region.comparison_label``, ``loaders.places.mark_comparison``).
    """
    if "nis_code" not in frame or frame.empty:
        return frame, frame.iloc[:0]
    if kinds.get(kind).flow:
        elsewhere = frame["municipality"].eq(region.comparison_label).fillna(False)
    else:
        outside = frame["municipality"].eq(region.outside_label).fillna(False)
        elsewhere = outside & frame["nis_code"].notna()
    elsewhere = elsewhere.to_numpy(dtype=bool)
    if not elsewhere.any():
        return frame, frame.iloc[:0]
    return frame.loc[~elsewhere], frame.loc[elsewhere]


class _StoreLike(Protocol):
    def read(self, kind: str) -> pd.DataFrame: ...

    def freshness(self) -> pd.DataFrame: ...


class _Frames:
    """The behaviour of ``Datasets``; its fields (one per kind) are made below."""

    def __post_init__(self) -> None:
        # NOTE: frozen dataclass; object.__setattr__ is the documented way to normalise.
        for kind in kinds.NAMES:
            frame = _conform(getattr(self, kind), kind)
            inside, outside = _split(frame, kind, self.region)
            object.__setattr__(self, kind, inside)
            self.beyond[kind] = outside

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
        return getattr(self, kind)

    def last_import(self, kind: str) -> dt.date | None:
        """Date of the last import of ``kind``, or None when unknown."""
        # NOTE: every chart's source line asks; the answer is fixed for these frames.
        return self.memo(("last_import", kind), lambda: self._last_import(kind))

    def narrowed(
        self, kind: str, frame: pd.DataFrame, periods: pd.DataFrame | None = None
    ) -> Datasets:
        """These datasets with ``kind``'s frame replaced by ``frame``, a selection of it
        read with the filters applied (and summed over the columns a chart does not use).

        Complete and partial years stay those of the whole dataset: ``periods`` has its
        period columns (year, quarter, month) at the detail of ``frame``; None: this
        frame's. The other kinds' frames are shared, not copied.
        """
        whole = self._whole(kind) if periods is None else periods
        out = replace(self, **{kind: frame}, periods={**self.periods, kind: whole})
        out.beyond.update(self.beyond)
        return out

    def _whole(self, kind: str) -> pd.DataFrame:
        """The period columns of the whole dataset of ``kind`` (see ``narrowed``)."""
        return self.periods.get(kind, self.frame(kind))

    def complete_years(self, kind: str) -> frozenset[int]:
        """The years the whole dataset of ``kind`` covers completely (months, quarters or
        whole years): a filtered selection is complete in the same years."""
        return self.memo(
            ("complete_years", kind), lambda: frozenset(full_years(self._whole(kind)))
        )

    def partial_year(self, kind: str) -> tuple[int, int, str] | None:
        """``(year, periods, unit)`` of the whole dataset's incomplete last year, if any."""
        return self.memo(("partial_year", kind), lambda: partial_year(self._whole(kind)))

    def is_sample(self, kind: str) -> bool:
        """Whether the rows of ``kind`` are fictional sample data."""
        def compute() -> bool:
            row = self._freshness_row(kind)
            flag = None if row is None else row.get("sample")
            return flag is not None and not pd.isna(flag) and bool(flag)

        return self.memo(("sample", kind), compute)

    def any_sample(self) -> bool:
        """Whether any kind shows fictional sample data (a pack or page must say so)."""
        return any(self.is_sample(kind) for kind in kinds.NAMES)

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


# NOTE: one field per kind, made from the kinds' declarations, so a new kind needs no
# edit here; ``Datasets(inflow=..., lde=...)``, ``datasets.lde`` and
# ``dataclasses.replace(datasets, lde=...)`` work as with hand-written fields. eq=False:
# comparing DataFrames field by field is ambiguous; a Datasets is equal only to itself
# (and hashes by identity), which is what caches keyed on it need.
Datasets = make_dataclass(
    "Datasets",
    [
        *((kind, pd.DataFrame, field(default=None)) for kind in kinds.NAMES),
        ("freshness", pd.DataFrame, field(default_factory=_no_freshness)),
        ("region", Region, field(default_factory=load_region)),
        # Per kind whose frame is a selection (``narrowed``): the whole dataset's periods.
        ("periods", dict, field(default_factory=dict, repr=False, compare=False)),
        # Results of expensive aggregations, shared by every chart built on these frames.
        ("_memo", dict, field(default_factory=dict, init=False, repr=False, compare=False)),
        # Per kind: rows of Flemish municipalities outside the region that are open data
        # of all Flanders, kept apart from the region's figures.
        ("beyond", dict, field(default_factory=dict, init=False, repr=False, compare=False)),
    ],
    bases=(_Frames,),
    frozen=True,
    eq=False,
    namespace={
        "__doc__": """The tidy frame of every kind (a field per ``kinds.NAMES``; a kind not
    given is an empty tidy frame), their freshness and the region.

    Rows of a stock at a Flemish municipality outside the region (the outside label with
    a NIS code: open data of all Flanders), and inflow rows the loaders marked open data
    of Flanders (``region.comparison_label``), are not the region's: they are in
    ``beyond[kind]``, for the comparisons with Flanders (``indicators.flanders``), not
    in the kind's frame.

    ``freshness`` has the columns ``kind``, ``last_import`` (datetime), ``first_year``,
    ``last_year`` and ``sample`` (its rows are fictional sample data), one row per kind
    that has data (as ``Store.freshness()``).
    """
    },
)
Datasets.__module__ = __name__  # make_dataclass's own parameter for it needs Python 3.12
