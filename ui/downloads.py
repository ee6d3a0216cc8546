"""Download buttons: the ROSE pack (PowerPoint, Excel and PDF) of chosen charts.

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
from reports.text import DECK_TITLE, TextPage
from ui import data

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_MIME = "application/pdf"


def specs(keys: Sequence[str], filters: Filters) -> list[ChartSpec]:
    """The drawable charts among ``keys`` for these filters (empty ones are left out)."""
    found = (data.spec(key, filters) for key in keys)
    return [spec for spec in found if isinstance(spec, ChartSpec)]


def _front(filters: Filters, today: dt.date | None) -> dict:
    """What the deck's and the handout's first and last pages say."""
    return {
        "filters": filters,
        "title": f"{DECK_TITLE} {load_region().name}",
        "period": _period(filters),
        "generated": today or dt.date.today(),
        "imports": data.store().import_log(),
        "sample": data.datasets().any_sample(),
    }


def deck_bytes(
    keys: Sequence[str], filters: Filters, today: dt.date | None = None,
    first: Sequence[TextPage] = (),
) -> bytes:
    """The ROSE deck of ``keys`` with the current filters, as ``.pptx`` bytes; ``first``:
    text slides before the charts (the ROSE note)."""
    from reports.pptx import deck  # NOTE: imported on click: python-pptx loads slowly

    return deck(specs(keys, filters), **_front(filters, today), first=first)


def handout_bytes(
    keys: Sequence[str], filters: Filters, today: dt.date | None = None,
    first: Sequence[TextPage] = (),
) -> bytes:
    """The ROSE handout of ``keys`` with the current filters, as ``.pdf`` bytes; ``first``:
    text pages before the charts (the ROSE note)."""
    from reports.pdf import handout  # NOTE: imported on click: matplotlib loads slowly

    return handout(specs(keys, filters), **_front(filters, today), first=first)


def workbook_bytes(
    keys: Sequence[str], filters: Filters, today: dt.date | None = None,
    first: Sequence[TextPage] = (),
) -> bytes:
    """The numbers behind ``keys`` with the current filters, as ``.xlsx`` bytes; ``first``:
    the text (the ROSE note) of its first sheet."""
    from reports.xlsx import workbook

    return workbook(
        specs(keys, filters),
        filters=filters,
        imports=data.store().import_log(),
        generated=today or dt.date.today(),
        sample=data.datasets().any_sample(),
        first=first,
    )


def _period(filters: Filters) -> str:
    if filters.years:
        return period_text(range(filters.years[0], filters.years[1] + 1))
    return period_text(data.filter_options().years)


def rose_buttons(
    name: str, keys: Sequence[str], filters: Filters, first: Sequence[TextPage] = ()
) -> None:
    """Three buttons: the charts ``keys`` as an editable deck, a workbook and a handout;
    ``first``: text pages the deck and the handout open with."""
    if not keys:
        st.caption("Kies minstens één grafiek.")
        return
    files = (
        ("PowerPoint downloaden", deck_bytes, "pptx", PPTX_MIME, ":material/slideshow:"),
        ("Excel downloaden", workbook_bytes, "xlsx", XLSX_MIME, ":material/table:"),
        ("PDF downloaden", handout_bytes, "pdf", PDF_MIME, ":material/picture_as_pdf:"),
    )
    for column, (label, make, suffix, mime, icon) in zip(st.columns(3), files, strict=True):
        column.download_button(
            label,
            lambda make=make: make(keys, filters, first=first),
            file_name=f"rose-{name}.{suffix}",
            mime=mime,
            icon=icon,
            on_click="ignore",
            key=f"{suffix}-{name}",
        )
