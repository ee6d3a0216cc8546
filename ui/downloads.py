"""Download buttons: the ROSE pack (PowerPoint + Excel) of chosen charts, and templates.

Files are generated only when the button is clicked (deferred ``data`` callables), so
a page rerun never pays for building a deck.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import streamlit as st

from charts.base import period_text
from charts.spec import ChartSpec
from indicators.filters import Filters
from reference import load_region
from ui import data

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DECK_TITLE = "Sociale economie in de regio"


def specs(keys: Sequence[str], filters: Filters) -> list[ChartSpec]:
    """The drawable charts among ``keys`` for these filters (empty ones are left out)."""
    found = (data.spec(key, filters) for key in keys)
    return [spec for spec in found if isinstance(spec, ChartSpec)]


def deck_bytes(keys: Sequence[str], filters: Filters, today: dt.date | None = None) -> bytes:
    """The ROSE deck of ``keys`` with the current filters, as ``.pptx`` bytes."""
    from reports.pptx import deck  # NOTE: imported on click: python-pptx loads slowly

    chosen = specs(keys, filters)
    region = load_region()
    return deck(
        chosen,
        filters=filters,
        title=f"{DECK_TITLE} {region.name}",
        period=_period(filters),
        generated=today or dt.date.today(),
        imports=data.store().import_log(),
        sample=data.datasets(detail=False).any_sample(),
    )


def workbook_bytes(keys: Sequence[str], filters: Filters, today: dt.date | None = None) -> bytes:
    """The numbers behind ``keys`` with the current filters, as ``.xlsx`` bytes."""
    from reports.xlsx import workbook

    return workbook(
        specs(keys, filters),
        filters=filters,
        imports=data.store().import_log(),
        generated=today or dt.date.today(),
        sample=data.datasets(detail=False).any_sample(),
    )


def _period(filters: Filters) -> str:
    if filters.years:
        return period_text(range(filters.years[0], filters.years[1] + 1))
    return period_text(data.filter_options().years)


def rose_buttons(name: str, keys: Sequence[str], filters: Filters) -> None:
    """Two buttons: the charts ``keys`` as an editable deck and as a workbook."""
    if not keys:
        st.caption("Kies minstens één grafiek.")
        return
    left, right = st.columns(2)
    left.download_button(
        "PowerPoint downloaden",
        lambda: deck_bytes(keys, filters),
        file_name=f"rose-{name}.pptx",
        mime=PPTX_MIME,
        icon=":material/slideshow:",
        on_click="ignore",
        key=f"pptx-{name}",
    )
    right.download_button(
        "Excel downloaden",
        lambda: workbook_bytes(keys, filters),
        file_name=f"rose-{name}.xlsx",
        mime=XLSX_MIME,
        icon=":material/table:",
        on_click="ignore",
        key=f"xlsx-{name}",
    )
