"""The ROSE pack in one call: chart keys and filters in, PowerPoint and Excel bytes out.

Charts come from ``charts.catalogue`` – the same builders the pages use – and are built
once for both files. A chart with nothing to show for the filters (``charts.NoData``)
is left out of both files rather than shown empty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import pandas as pd

import kinds
from charts import NoData, catalogue
from charts.base import period_text
from charts.spec import ChartSpec
from indicators.datasets import Datasets
from indicators.filters import Filters
from reports.pptx import deck
from reports.table import distinct
from reports.xlsx import workbook

DECK_TITLE = "Sociale economie in de regio"


def build_specs(datasets: Datasets, filters: Filters, keys: Iterable[str]) -> list[ChartSpec]:
    """The drawable charts among ``keys``, in the given order, each chart once."""
    specs = []
    for key in dict.fromkeys(keys):
        try:
            specs.append(catalogue.build(key, datasets, filters))
        except NoData:
            continue
    return distinct(specs)


def data_period(datasets: Datasets, filters: Filters) -> str:
    """The years the pack covers: the chosen range, else the years present in the data."""
    if filters.years:
        return period_text(range(filters.years[0], filters.years[1] + 1))
    years: list[int] = []
    for kind in kinds.NAMES:
        column = datasets.frame(kind)["year"].dropna()
        if len(column):
            years += [int(column.min()), int(column.max())]
    return period_text(years) or "geen gegevens"


def _freshness_as_imports(datasets: Datasets) -> pd.DataFrame:
    """Without the import log, the freshness (kind, last import, years) stands in for it."""
    frame = datasets.freshness
    if frame.empty:
        return frame
    return frame.rename(columns={"last_import": "imported_at"})


def rose_pack(
    datasets: Datasets,
    filters: Filters,
    keys: Sequence[str],
    *,
    imports: pd.DataFrame | None = None,
    generated: dt.date | None = None,
    title: str | None = None,
) -> tuple[bytes, bytes]:
    """``(pptx_bytes, xlsx_bytes)`` of the charts ``keys`` for ``filters``.

    ``imports`` is the store's import log (``Store.import_log()``); when omitted, the
    datasets' freshness is listed as the source instead.
    """
    specs = build_specs(datasets, filters, keys)
    generated = generated or dt.date.today()
    imports = imports if imports is not None else _freshness_as_imports(datasets)
    slides = deck(
        specs,
        filters=filters,
        title=title or f"{DECK_TITLE} {datasets.region.name}",
        period=data_period(datasets, filters),
        generated=generated,
        imports=imports,
        sample=datasets.any_sample(),
    )
    book = workbook(
        specs, filters=filters, imports=imports, generated=generated,
        sample=datasets.any_sample(),
    )
    return slides, book
