"""The ROSE note in the app: the meeting dates (bound to the URL) and the composed note,
cached per store version, filters and dates."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from indicators.filters import Filters
from reports.note import Note, compose, months_before
from ui import data

# URL parameters (also the widget keys), shared by the ROSE-nota and ROSE-pakket pages.
MEETING = "vergadering"
PREVIOUS = "vorige"


def dates(where=st) -> tuple[dt.date, dt.date]:
    """The meeting date and the previous meeting's date (default three months earlier)."""
    left, right = where.columns(2)
    meeting = left.date_input(
        "Datum van de ROSE-vergadering",
        value=dt.date.today(),
        key=MEETING,
        bind="query-params",
        format="DD/MM/YYYY",
    )
    previous = right.date_input(
        "Datum van de vorige vergadering",
        value=months_before(meeting, 3),
        max_value=meeting,
        key=PREVIOUS,
        bind="query-params",
        format="DD/MM/YYYY",
    )
    return meeting, min(previous, meeting)


@st.cache_resource(show_spinner="Nota opstellen…", max_entries=32, hash_funcs=data.BY_VALUE)
def _note(
    url: str | None, version: int, filters: Filters, meeting: dt.date, previous: dt.date
) -> Note:
    return compose(
        lambda detail: data._datasets(url, version, detail),
        filters,
        meeting,
        previous,
        imports=data.store_for(url).import_log(),
    )


def note(filters: Filters, meeting: dt.date, previous: dt.date) -> Note:
    """The ROSE note for these filters and dates (composed once per store version)."""
    return _note(data.database_url(), data.version(), filters, meeting, previous)
