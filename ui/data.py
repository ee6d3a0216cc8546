"""Cached access to the store: one store (engine) per database, reads keyed by its version.

The store is cached with ``st.cache_resource`` so the engine is created once per
process. The tidy frames are read once per store version into a shared, read-only
``Datasets`` (also ``st.cache_resource``: no copy per rerun, which matters with a
million rows). Chart specs are small and cached with ``st.cache_data`` keyed by the
version and the filters, so a warm rerun draws without touching the data and every
write (import, undo, removal) busts the caches simply by changing ``store.version()``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import streamlit as st

from charts import NoData, catalogue
from charts.spec import ChartSpec
from indicators.datasets import Datasets
from indicators.filters import Filters
from reference import load_region
from storage import Store
from ui.settings import load_settings

KINDS = ("inflow", "lde", "maatwerk")


def database_url() -> str | None:
    """``DATABASE_URL``, else ``[database] url`` from secrets, else the store's default."""
    return load_settings().database_url


@st.cache_resource(show_spinner=False)
def store_for(url: str | None) -> Store:
    """The cached store of database ``url`` (None: the store's default)."""
    return Store(url)


def store() -> Store:
    """The one store of this process for the configured database."""
    return store_for(database_url())


@st.cache_resource(show_spinner=False, max_entries=4)
def _datasets(url: str | None, version: int) -> Datasets:
    # NOTE: keyed by version so a write elsewhere (another session) is seen on the next
    # rerun; the frames are shared read-only between sessions, never mutated.
    return compact(Datasets.from_store(store_for(url), load_region()))


# Below this many inflow rows compacting saves nothing worth its time.
COMPACT_FROM_ROWS = 50_000


def compact(datasets: Datasets) -> Datasets:
    """The same data with inflow rows that share every key summed into one.

    Inflow is a flow, so summing rows with identical year, period, municipality,
    target group and organisation changes no indicator; a million stored rows shrink
    to the number of distinct keys, which every chart then filters and groups.
    """
    inflow = datasets.inflow
    if len(inflow) < COMPACT_FROM_ROWS:
        return datasets
    keys = [c for c in inflow.columns if c != "inflow"]
    summed = inflow.groupby(keys, dropna=False, sort=False)["inflow"].sum().reset_index()
    return replace(datasets, inflow=summed.astype(inflow.dtypes.to_dict()))


def datasets() -> Datasets:
    """The current tidy data of every kind, shared read-only."""
    url = database_url()
    return _datasets(url, store_for(url).version())


@dataclass(frozen=True)
class NoChart:
    """Why a chart cannot be drawn, in Dutch (an empty dataset, a filter leaving nothing)."""

    message: str


@st.cache_data(show_spinner=False, max_entries=2000)
def _spec(url: str | None, version: int, key: str, filters: Filters) -> ChartSpec | NoChart:
    try:
        return catalogue.build(key, _datasets(url, version), filters)
    except NoData as error:  # cached too: an empty view stays cheap to rerun
        return NoChart(str(error))


def spec(key: str, filters: Filters) -> ChartSpec | NoChart:
    """The chart ``key`` for these filters, or why it cannot be drawn."""
    url = database_url()
    return _spec(url, store_for(url).version(), key, filters)


@dataclass(frozen=True)
class FilterOptions:
    """What the sidebar offers, taken from the data present."""

    municipalities: tuple[str, ...]
    years: tuple[int, int]
    target_groups: tuple[str, ...]
    organisations: tuple[str, ...]


def _distinct(frames: list[pd.DataFrame], column: str) -> tuple[str, ...]:
    values: set[str] = set()
    for frame in frames:
        if column in frame:
            values.update(str(v) for v in frame[column].dropna().unique())
    return tuple(sorted(values, key=str.casefold))


@st.cache_resource(show_spinner=False, max_entries=4)
def _options(url: str | None, version: int) -> FilterOptions:
    data = _datasets(url, version)
    frames = [data.inflow, data.lde, data.maatwerk]
    region = load_region()
    years = [
        int(y) for f in frames if "year" in f and len(f) for y in (f["year"].min(), f["year"].max())
    ]
    return FilterOptions(
        municipalities=(*region.names, region.outside_label),
        years=(min(years), max(years)) if years else (2017, 2023),
        target_groups=_distinct([data.inflow], "target_group"),
        organisations=_distinct(frames, "organisation"),
    )


def filter_options() -> FilterOptions:
    url = database_url()
    return _options(url, store_for(url).version())


@st.cache_resource(show_spinner=False, max_entries=4)
def _only_sample(url: str | None, version: int) -> bool:
    return store_for(url).only_sample_data()


def only_sample_data() -> bool:
    """Whether the store holds nothing but the sample data (cached per version)."""
    url = database_url()
    return _only_sample(url, store_for(url).version())


@st.cache_data(show_spinner=False, max_entries=500)
def _tiles(url: str | None, version: int, filters: Filters) -> tuple[list, list]:
    from ui import tiles

    current = _datasets(url, version)
    return tiles.overview(current, filters), tiles.freshness(current)


def tiles(filters: Filters) -> tuple[list, list]:
    """The Overzicht tiles and the freshness per dataset (cached per version and filters)."""
    url = database_url()
    return _tiles(url, store_for(url).version(), filters)
