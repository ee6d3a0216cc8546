"""Cached access to the store: one store (engine) per database, reads keyed by its version.

- The store is cached with ``st.cache_resource``: the engine is created once per process.
- Data is read once per store version into shared, read-only ``Datasets``
  (``st.cache_resource``: no copy per rerun). Inflow comes summed from the store's
  summaries: per year, quarter, municipality and target group for most charts (plus
  organisation or a profile under such a filter), so a million stored rows never travel
  to a page. The detail views (month, organisation, profiles) ask the store for just what
  they show: the filtered rows summed per the columns they read (``Asked``, cached per
  query and shared by every session), so their first use costs about what the yearly
  view's does.
- A drawn chart (spec, figure, table of numbers) is cached per version, chart, filters
  and presentation mode, so a warm rerun only sends it again.
Every write (import, undo, removal) changes ``store.version()``, which busts them all.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import kinds
from charts import NoData, catalogue, layout, profiles
from charts import plotly as chart_plotly
from charts.base import snapshot_year, unmatched
from charts.describe import text_alternative
from charts.spec import ChartSpec
from indicators.datasets import Datasets
from indicators.filters import Filters
from indicators.inflow import PERIOD_COLUMNS
from reference import load_region
from storage import Store
from storage.schema import SUMMARISED, SUMMARY_KEYS
from ui import tables
from ui.settings import load_settings
from ui.shared_figure import SharedFigure

# The detail views and the inflow columns each one reads. They ask the store for just
# that: the rows matching the filters, summed per these columns and the filtered ones
# (``Asked``), so the first use of the organisation view reads one sum per organisation
# and year, not every organisation in every municipality. Every other chart reads the
# shared summary-level frame. tests/test_app_data.py checks both give the same charts.
DETAIL_CHARTS: dict[str, tuple[str, ...]] = {
    "instroom.per_maand": ("year", "quarter", "month"),
    "instroom.per_organisatie": ("year", "organisation"),
    **{profiles.key_of(c.name): ("year", c.name) for c in kinds.PROFILES},
}
# Detail views that show one year (``charts.base.snapshot_year`` of the selection): they
# ask for the sums of that year only, a range of the summary's key instead of all of it.
ONE_YEAR_CHARTS = frozenset({"instroom.per_organisatie"})


@dataclass(frozen=True)
class Asked:
    """A store read of inflow: sums per ``by`` of the rows with one of the ``only`` values
    in each named column and a year in ``years`` (None: every year)."""

    by: tuple[str, ...]
    only: tuple[tuple[str, tuple[str, ...]], ...] = ()
    years: tuple[int, int] | None = None

    @classmethod
    def of(cls, key: str, filters: Filters) -> Asked:
        """What detail chart ``key`` asks the store for under ``filters``."""
        chosen = [
            (column, values)
            for column, values in (
                ("municipality", filters.municipalities),
                ("target_group", filters.target_groups),
                ("organisation", filters.organisations),
                *filters.profiles,
            )
            if values
        ]
        shown = DETAIL_CHARTS[key]
        # NOTE: the filtered columns are kept, so Filters.apply finds what it filters on.
        by = (*shown, *(c for c, _ in chosen if c not in shown))
        return cls(by, tuple(chosen), filters.years)

    def read(self, source: Store) -> pd.DataFrame:
        # NOTE: open data of Flanders is no part of the region's views (Datasets.beyond);
        # these sums need not say the municipality to leave it out.
        region = load_region()
        return source.inflow_aggregate(
            self.by, only=dict(self.only), years=self.years,
            without={"municipality": (region.comparison_label,)},
        )


# NOTE: the filters and queries in the cache keys below are hashed by their repr, not by
# Streamlit's generic hasher (dataclasses.asdict: about 1 ms per Filters, three times in a
# run, a tenth of a new session's CPU). A dataclass's repr names every field with its
# value (tests.test_shared_figures checks none is left out): equal reprs, equal values.
BY_VALUE = {Filters: repr, Asked: repr}


def query_for(source: Store, whole: Datasets, key: str, filters: Filters) -> Asked:
    """What detail chart ``key`` asks the store for under ``filters``; for a one-year view
    the year it shows is found first, from the selection's sums per year."""
    query = Asked.of(key, filters)
    if key not in ONE_YEAR_CHARTS:
        return query
    per_year = Asked(("year", *(c for c, _ in query.only)), query.only, query.years)
    years = per_year.read(source)
    if years.empty:
        return query
    year, _ = snapshot_year(whole.narrowed(SUMMARISED, years), SUMMARISED, years)
    return replace(query, years=(year, year))


def asked(source: Store, whole: Datasets, query: Asked) -> Datasets:
    """``whole`` (the summary-level datasets) with its inflow replaced by what ``query``
    reads: complete and partial years stay those of all inflow (``Datasets.narrowed``)."""
    frame = query.read(source)
    periods = None
    summary_periods = [c for c in PERIOD_COLUMNS if c in SUMMARY_KEYS]
    finer = [c for c in PERIOD_COLUMNS if c in query.by or c in summary_periods]
    if finer != summary_periods:  # periods the summary level lacks (months)
        same = not query.only and query.years is None and set(query.by) == set(finer)
        periods = frame if same else Asked(tuple(finer)).read(source)
    return whole.narrowed(SUMMARISED, frame, periods)


def check_matched(source: Store, whole: Datasets, data: Datasets, filters: Filters) -> None:
    """NoData saying why, when ``filters`` leave none of ``whole``'s inflow in ``data``
    (the message ``charts.base.filtered`` gives on the whole frame)."""
    if data.inflow.empty and not whole.inflow.empty:
        raise unmatched(SUMMARISED, filters, lambda c: bool(source.distinct(SUMMARISED, c)))


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


_RUN_VERSION = "_w13_store_version"


def begin_run() -> None:
    """Read the store version once per script run (every cache below is keyed by it)."""
    st.session_state[_RUN_VERSION] = store().version()


def version() -> int:
    """The store version read at the start of this run (or now, outside a run)."""
    return st.session_state.get(_RUN_VERSION) or store().version()


def detail_for(filters: Filters) -> tuple[str, ...]:
    """The inflow columns beyond the summary keys that ``filters`` need in the shared
    frame (organisation, chosen profiles) for charts other than the detail views."""
    columns = set(filters.chosen_profiles)
    if filters.organisations:
        columns.add("organisation")
    return tuple(sorted(columns))


@st.cache_resource(show_spinner="Gegevens laden…", max_entries=8)
def _datasets(url: str | None, version: int, detail: tuple[str, ...]) -> Datasets:
    # NOTE: no default for ``detail``: st.cache_resource keys by the arguments as passed,
    # so ``(url, version)`` and ``(url, version, ())`` would read the store twice.
    # NOTE: keyed by version so a write elsewhere (another session) is seen on the next
    # rerun; the frames are shared read-only between sessions, never mutated.
    source = store_for(url)
    frames = {kind: source.read(kind) for kind in kinds.NAMES if kind != SUMMARISED}
    frames[SUMMARISED] = source.inflow_aggregate(by=(*SUMMARY_KEYS, *detail))
    return Datasets(freshness=_freshness(url, version), region=load_region(), **frames)


@st.cache_resource(show_spinner=False, max_entries=4)
def _freshness(url: str | None, version: int) -> pd.DataFrame:
    return store_for(url).freshness()


def datasets(detail: tuple[str, ...] = ()) -> Datasets:
    """The current data of every kind, shared read-only (inflow summed per key)."""
    url = database_url()
    return _datasets(url, version(), detail)


@dataclass(frozen=True)
class NoChart:
    """Why a chart cannot be drawn, in Dutch (an empty dataset, a filter leaving nothing)."""

    message: str


@dataclass(frozen=True)
class Drawn:
    """A chart ready to send: its spec and figure, or why there is none."""

    spec: ChartSpec | NoChart
    figure: go.Figure | None = None
    table: str = ""  # the numbers behind the chart, as an HTML table
    alternative: str = ""  # the chart in words, for screen readers


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs=BY_VALUE)
def _asked(url: str | None, version: int, query: Asked) -> Datasets:
    # NOTE: keyed by the query, not the chart: every session and chart asking the same
    # sums shares them (read-only, as ``_datasets``).
    return asked(store_for(url), _datasets(url, version, ()), query)


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs=BY_VALUE)
def _query(url: str | None, version: int, key: str, filters: Filters) -> Asked:
    return query_for(store_for(url), _datasets(url, version, ()), key, filters)


def chart_datasets(url: str | None, version: int, key: str, filters: Filters) -> Datasets:
    """The datasets chart ``key`` is built on under ``filters`` (NoData: none match)."""
    if key not in DETAIL_CHARTS:
        return _datasets(url, version, detail_for(filters))
    data = _asked(url, version, _query(url, version, key, filters))
    check_matched(store_for(url), _datasets(url, version, ()), data, filters)
    return data


def _build(url: str | None, version: int, key: str, filters: Filters) -> ChartSpec | NoChart:
    try:
        return catalogue.build(key, chart_datasets(url, version, key, filters), filters)
    except NoData as error:
        return NoChart(str(error))


@st.cache_resource(show_spinner=False, max_entries=2000, hash_funcs=BY_VALUE)
def _drawn(
    url: str | None, version: int, key: str, filters: Filters, presentation: bool, width: int
) -> Drawn:
    # NOTE: cache_resource, not cache_data: the figure is shared without pickling; it is
    # only read (st.plotly_chart writes it to JSON from the dict made once here).
    spec = _build(url, version, key, filters)
    if isinstance(spec, NoChart):
        return Drawn(spec)
    figure = SharedFigure(chart_plotly.figure(spec, presentation=presentation, width=width))
    return Drawn(spec, figure, tables.html(tables.numbers(spec)), text_alternative(spec))


def drawn(
    key: str, filters: Filters, *, presentation: bool = False, width: int | None = None
) -> Drawn:
    """Chart ``key`` for ``filters`` laid out for charts ``width`` pixels wide (a band of
    ``charts.layout.WIDTHS``), built once per store version."""
    url = database_url()
    return _drawn(url, version(), key, filters, presentation, layout.band(width))


def spec(key: str, filters: Filters) -> ChartSpec | NoChart:
    """The chart ``key`` for these filters, or why it cannot be drawn."""
    return drawn(key, filters).spec


@dataclass(frozen=True)
class FilterOptions:
    """What the sidebar offers, taken from the data present."""

    municipalities: tuple[str, ...]
    years: tuple[int, int]
    target_groups: tuple[str, ...]
    organisations: tuple[str, ...]


def _distinct(frames: list[pd.DataFrame], column: str) -> set[str]:
    values: set[str] = set()
    for frame in frames:
        if column in frame:
            values.update(str(v) for v in frame[column].dropna().unique())
    return values


@st.cache_resource(show_spinner=False, max_entries=4)
def _options(url: str | None, version: int) -> FilterOptions:
    data = _datasets(url, version, ())
    frames = [data.frame(kind) for kind in kinds.NAMES]
    years = [int(y) for f in frames if len(f) for y in (f["year"].min(), f["year"].max())]
    others = [data.frame(kind) for kind in kinds.NAMES if kind != SUMMARISED]
    organisations = _distinct(others, "organisation")
    if len(data.frame(SUMMARISED)):  # read on the summary level: ask the store for these
        organisations.update(store_for(url).distinct(SUMMARISED, "organisation"))
    region = load_region()
    return FilterOptions(
        municipalities=(*region.names, region.outside_label),
        years=(min(years), max(years)) if years else (2017, 2023),
        target_groups=tuple(sorted(_distinct(frames, "target_group"), key=str.casefold)),
        organisations=tuple(sorted(organisations, key=str.casefold)),
    )


def filter_options() -> FilterOptions:
    url = database_url()
    return _options(url, version())


@st.cache_resource(show_spinner=False, max_entries=4)
def _only_sample(url: str | None, version: int) -> bool:
    return store_for(url).only_sample_data()


def only_sample_data() -> bool:
    """Whether the store holds nothing but the sample data (cached per version)."""
    url = database_url()
    return _only_sample(url, version())


@st.cache_resource(show_spinner=False, max_entries=500, hash_funcs=BY_VALUE)
def _tiles(url: str | None, version: int, filters: Filters) -> tuple[list, str]:
    from charts.overview import freshness_table, tile_texts
    from indicators.overview import tiles as tile_values

    current = _datasets(url, version, detail_for(filters))
    texts = tile_texts(tile_values(current, filters), mask=filters.mask_small)
    return texts, tables.html(freshness_table(current), index=False)


def tiles(filters: Filters) -> tuple[list, str]:
    """The Overzicht tiles and the freshness table as HTML (cached per version and
    filters, shared by every session)."""
    url = database_url()
    return _tiles(url, version(), filters)
