"""The ROSE pack in one call: chart keys and filters in, PowerPoint, Excel and PDF bytes out.

Charts come from ``charts.catalogue`` – the same builders the pages use – and are built
once for the three files. A chart with nothing to show for the filters
(``charts.NoData``) is left out of all of them rather than shown empty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import pandas as pd

import kinds
from charts import NoData, catalogue
from charts.base import period_text
from charts.spec import ChartSpec
from indicators.datasets import Datasets
from indicators.filters import Filters
from reports.pdf import handout
from reports.pptx import deck
from reports.table import distinct
from reports.text import DECK_TITLE, TextPage
from reports.xlsx import workbook

# Every chart of every page, in page order: what the ROSE-pakket page offers and selects.
ALL_CHARTS = tuple(key for page in catalogue.PAGES for key in catalogue.for_page(page))


class Pack(NamedTuple):
    """The three files of a ROSE pack, as bytes."""

    pptx: bytes
    xlsx: bytes
    pdf: bytes


def build_specs(datasets: Datasets, filters: Filters, keys: Iterable[str]) -> list[ChartSpec]:
    """The drawable charts among ``keys``, in the given order, each chart once."""
    specs = []
    for key in dict.fromkeys(keys):
        try:
            specs.append(catalogue.build(key, datasets, filters))
        except NoData:
            continue
    return distinct(specs)


def data_years(datasets: Datasets) -> tuple[int, int] | None:
    """The first and last year present in any dataset (None when there are no data)."""
    years: list[int] = []
    for kind in kinds.NAMES:
        column = datasets.frame(kind)["year"].dropna()
        if len(column):
            years += [int(column.min()), int(column.max())]
    return (min(years), max(years)) if years else None


def data_period(datasets: Datasets, filters: Filters) -> str:
    """The years the pack covers: the chosen range, else the years present in the data."""
    years = filters.years or data_years(datasets)
    return period_text(range(years[0], years[1] + 1)) if years else "geen gegevens"


def _freshness_as_imports(datasets: Datasets) -> pd.DataFrame:
    """Without the import log, the freshness (kind, last import, years) stands in for it."""
    frame = datasets.freshness
    if frame.empty:
        return frame
    return frame.rename(columns={"last_import": "imported_at"})


def rose_pack(
    datasets: Datasets,
    filters: Filters,
    keys: Sequence[str] = ALL_CHARTS,
    *,
    imports: pd.DataFrame | None = None,
    generated: dt.date | None = None,
    title: str | None = None,
) -> Pack:
    """The deck, workbook and handout of the charts ``keys`` for ``filters``.

    ``imports`` is the store's import log (``Store.import_log()``); when omitted, the
    datasets' freshness is listed as the source instead.
    """
    specs = build_specs(datasets, filters, keys)
    return pack_files(specs, datasets, filters, imports=imports, generated=generated, title=title)


def pack_files(
    specs: Sequence[ChartSpec],
    datasets: Datasets,
    filters: Filters,
    *,
    imports: pd.DataFrame | None = None,
    generated: dt.date | None = None,
    title: str | None = None,
    first: Sequence[TextPage] = (),
) -> Pack:
    """The three files of charts already built (``build_specs``) from ``datasets``;
    ``first``: text pages (the ROSE note) before the charts of the deck and handout, and
    the workbook's first sheet."""
    generated = generated or dt.date.today()
    imports = imports if imports is not None else _freshness_as_imports(datasets)
    front = {
        "filters": filters,
        "title": title or f"{DECK_TITLE} {datasets.region.name}",
        "period": data_period(datasets, filters),
        "generated": generated,
        "imports": imports,
        "sample": datasets.any_sample(),
    }
    return Pack(
        pptx=deck(specs, **front, first=first),
        xlsx=workbook(
            specs,
            filters=filters,
            imports=imports,
            generated=generated,
            sample=front["sample"],
            first=first,
        ),
        pdf=handout(specs, **front, first=first),
    )
